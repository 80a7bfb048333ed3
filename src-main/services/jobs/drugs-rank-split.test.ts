import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DrugsRankSpec } from '#shared/contracts/drugs-rank.ts';
import type { Backend } from '../backend.ts';
import type { ChunkExecutor } from './executors/chunk-executor.ts';
import { inMemoryBackend } from './test-backend.ts';
import type { PoolTask } from './worker-pool.ts';

// The split drug ranking without SLURM: an executor that sets permutationsPerChunk and runs the chunks on
// the local pool, so the plan's ranges, the combining worker step and the clean-up run on every machine
// (slurm-executor.test.ts runs the same through a real cluster).
let root: string;
let backend: Backend;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'causeway-rank-split-'));
  backend = inMemoryBackend(root, { poolSize: 2 });
  backend.projects.openDemo();
});
afterAll(() => {
  backend.dispose();
  rmSync(root, { recursive: true, force: true });
});

const spec = DrugsRankSpec.parse({
  kind: 'drugs.rank',
  diseaseDatasetId: 'vorinostat_skb_reversed',
  diseaseColumn: 'negated_z',
  collectionDatasetId: 'lincs_toydb_skb',
  score: 'pearson',
  querySize: 100,
  aggregate: 'mean',
  permutations: 200,
  seed: 9,
});

const seen: PoolTask[] = [];
const inPool: ChunkExecutor = {
  name: 'in-pool',
  permutationsPerChunk: 70,
  map: (tasks, onDone, options) => {
    seen.push(...tasks);
    return backend.pool.map(tasks, onDone, options);
  },
  provenance: () => ({}),
};

async function run(jobId: string, executor?: ChunkExecutor) {
  backend.jobs.start(jobId, spec, executor ? { executor } : {});
  const record = await backend.jobs.wait(jobId);
  expect(record.error).toBeNull();
  const result = backend.projects.summary()!.manifest.runs.find((r) => r.id === record.runId)!;
  const path = backend.projects.resolveFile(result.resultFile!);
  const text = JSON.parse(readFileSync(path, 'utf8'), (k, v: unknown) =>
    /^(elapsedMs|createdAt)$/.test(k) ? undefined : v,
  ) as unknown;
  return { run: result, path, text };
}

it('a ranking split into 3 permutation ranges writes the one-task result', async () => {
  const local = await run('local');
  const split = await run('split', inPool);
  expect(seen.map((t) => (t.params as { split: { first: number; count: number } }).split)).toEqual([
    expect.objectContaining({ first: 0, count: 70 }),
    expect.objectContaining({ first: 70, count: 70 }),
    expect.objectContaining({ first: 140, count: 60 }),
  ]);
  expect(split.run.params['permutationChunks']).toBe(3);
  expect(split.text).toEqual(local.text);
  expect(JSON.stringify(split.text)).toContain('"pValue"');
  expect(existsSync(`${split.path}.parts`)).toBe(false);
}, 120_000);
