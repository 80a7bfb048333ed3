import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DrugsRankSpec } from '#shared/contracts/drugs-rank.ts';
import type { DatasetDescriptor } from '#shared/domain/project.ts';
import { writeDatasetStoreSync } from '../../compute/io/dataset-store/dataset-writer.ts';
import { writeMetaArrow } from '../../compute/io/meta-table.ts';
import { createHandlers } from '../../ipc/handlers.ts';
import { Backend } from '../backend.ts';
import { forkLauncher } from '../jobs/worker-handle.ts';
import { computeWorkerSource, demoDir } from '../paths.ts';

// The Rank-drugs wizard's reads on a large collection go through the real Backend and worker processes:
// main routes them and never parses the collection, so its event loop never stalls. The check is
// 100,000 signatures; with the one-column-per-signature store, opening that many columns takes minutes,
// so this runs 20,000 until the new store lands (main's timer does not depend on the size either way).

const N_GENES = 40;
const N_SIGNATURES = 100_000;
const SHA = 'a'.repeat(64);

let root: string;
let backend: Backend;
let runId: string;

/** A deterministic pseudo-random value in [-1, 1) (no RNG state to seed). */
const noise = (i: number): number => (((i * 2654435761) >>> 0) / 2 ** 31 - 1) * 1;

function addDataset(id: string, samples: string[], meta: Record<string, string[]> | null): void {
  const genes = Array.from({ length: N_GENES }, (_, g) => `G${g}`);
  // Sample-major, as the dataset store keeps it; value k is gene k % N_GENES of sample k / N_GENES.
  const data = new Float32Array(N_GENES * samples.length);
  for (let g = 0; g < N_GENES; g++)
    for (let j = 0; j < samples.length; j++)
      data[j * N_GENES + g] = noise(g * samples.length + j + id.length);
  const dir = join(backend.projects.summary()!.dir, 'datasets', id);
  mkdirSync(dir, { recursive: true });
  writeDatasetStoreSync(join(dir, 'matrix.arrow'), { genes, samples, data });
  if (meta) writeMetaArrow(join(dir, 'samples.arrow'), 'sample', samples, meta);
  const descriptor: DatasetDescriptor = {
    id,
    name: id,
    kind: meta ? 'drug-signatures' : 'signature',
    description: '',
    matrixFile: `datasets/${id}/matrix.arrow`,
    ...(meta ? { samplesFile: `datasets/${id}/samples.arrow` } : {}),
    nGenes: N_GENES,
    nSamples: samples.length,
    source: { fileName: `${id}.arrow`, sha256: SHA },
    createdAt: new Date().toISOString(),
  };
  backend.projects.addDataset(descriptor);
}

/** Runs `work` while a 10 ms timer ticks in this (main) process; returns the longest gap between ticks. */
async function maxTimerGap<T>(work: () => Promise<T>): Promise<{ value: T; gapMs: number }> {
  let last = performance.now();
  let gapMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    gapMs = Math.max(gapMs, now - last);
    last = now;
  }, 10);
  try {
    const value = await work();
    gapMs = Math.max(gapMs, performance.now() - last);
    return { value, gapMs };
  } finally {
    clearInterval(timer);
  }
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'causeway-drug-requests-'));
  backend = new Backend({
    version: '0.0.0-test',
    dataDir: join(root, 'data'),
    demoDir: demoDir(),
    launchComputeWorker: forkLauncher(computeWorkerSource()),
    poolSize: 1,
  });
  backend.projects.create(join(root, 'project'), 'stall test');
  addDataset('disease', ['z'], null);
  const ids = Array.from({ length: N_SIGNATURES }, (_, j) => `sig${j}`);
  addDataset('collection', ids, { drug: ids.map((_, j) => `drug${j % 5_000}`) });
  const spec = DrugsRankSpec.parse({
    kind: 'drugs.rank',
    diseaseDatasetId: 'disease',
    diseaseColumn: 'z',
    collectionDatasetId: 'collection',
    score: 'cosine',
    querySize: 5,
    aggregate: 'best',
    permutations: 0,
    seed: 1,
  });
  backend.jobs.start('rank', spec);
  const record = await backend.jobs.wait('rank');
  expect(record.error).toBeNull();
  runId = record.runId!;
}, 240_000);

afterAll(() => {
  backend.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('drug-ranking reads on a large collection', () => {
  it('serves the preview and a drug detail from a worker; a timer in main never stalls > 100 ms', async () => {
    const handlers = createHandlers(backend, { host: 'server' });
    // Start the interactive worker first: forking a process is a one-off cost, not a read.
    await handlers['drugs.preview']({
      diseaseDatasetId: 'disease',
      column: 'z',
      collectionDatasetId: 'disease',
      querySize: 5,
    });
    const { value, gapMs } = await maxTimerGap(async () => {
      const preview = await handlers['drugs.preview']({
        diseaseDatasetId: 'disease',
        column: 'z',
        collectionDatasetId: 'collection',
        querySize: 5,
      });
      const detail = await handlers['drugs.detail']({ runId, drug: 'drug1234' });
      return { preview, detail };
    });
    expect(value.preview.shared).toBe(N_GENES);
    expect(value.preview.upInDisease).toHaveLength(5);
    expect(value.detail.genes).toHaveLength(N_GENES);
    expect(value.detail.signatureId).toMatch(/^sig\d+$/);
    // The detail's signature is the stored column of the drug's best signature.
    const j = Number(value.detail.signatureId.slice(3));
    expect(j % 5_000).toBe(1234);
    const g = Number(value.detail.genes[0]!.slice(1));
    expect(value.detail.signature[0]).toBeCloseTo(noise(g * N_SIGNATURES + j + 'collection'.length), 5);
    expect(gapMs).toBeLessThan(100);
  }, 120_000);

  it('answers a preview while a long job runs: the interactive lane never queues behind jobs', async () => {
    const spec = DrugsRankSpec.parse({
      kind: 'drugs.rank',
      diseaseDatasetId: 'disease',
      diseaseColumn: 'z',
      collectionDatasetId: 'collection',
      score: 'cosine',
      querySize: 5,
      aggregate: 'best',
      permutations: 1_000,
      seed: 2,
    });
    backend.jobs.start('long', spec);
    const preview = await createHandlers(backend, { host: 'server' })['drugs.preview']({
      diseaseDatasetId: 'disease',
      column: 'z',
      collectionDatasetId: 'collection',
      querySize: 5,
    });
    expect(preview.shared).toBe(N_GENES);
    expect(backend.jobs.list().find((j) => j.jobId === 'long')?.state).toBe('running');
    backend.jobs.cancel('long');
    expect((await backend.jobs.wait('long')).state).toBe('cancelled');
  }, 120_000);
});
