import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DrugsRankSpec } from '#shared/contracts/drugs-rank.ts';
import { DrugRankingResult } from '#shared/domain/drug-ranking.ts';
import { parameterRows } from '../../compute/drugs/export/table-rows.ts';
import { Backend } from '../backend.ts';
import { inMemoryBackend } from './test-backend.ts';

let root: string;
let backend: Backend;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'causeway-drugs-transport-'));
  backend = inMemoryBackend(root);
  backend.projects.openDemo();
});
afterAll(() => {
  backend.dispose();
  rmSync(root, { recursive: true, force: true });
});

const spec = (over: Partial<DrugsRankSpec> = {}): DrugsRankSpec =>
  DrugsRankSpec.parse({
    kind: 'drugs.rank',
    diseaseDatasetId: 'vorinostat_skb_reversed',
    diseaseColumn: 'negated_z',
    collectionDatasetId: 'lincs_toydb_skb',
    score: 'cosine',
    querySize: 100,
    aggregate: 'best',
    permutations: 0,
    seed: 1,
    ...over,
  });

async function rank(jobId: string, s: DrugsRankSpec) {
  backend.jobs.start(jobId, s);
  const rec = await backend.jobs.wait(jobId);
  return { rec, result: rec.runId ? DrugRankingResult.parse(backend.projects.runResult(rec.runId)) : null };
}

describe('drugs.rank with a transport step', () => {
  it('transports every signature to the target, records it in the run and the export; with one source cell type additive keeps the effects', async () => {
    const plain = await rank('d1', spec());
    expect(plain.rec.error).toBeNull();
    const moved = await rank('d2', spec({ transport: { targetCellType: 'A549', method: 'additive' } }));
    expect(moved.rec.error).toBeNull();
    const r = moved.result!;
    expect(r.parameters.transport).toMatchObject({
      targetCellType: 'A549',
      method: 'additive',
      transported: 100,
      measured: 0,
    });
    expect(plain.result!.parameters.transport).toBeNull();
    // Zero controls and a single source cell type: the additive prediction is the measured effect itself.
    const score = (res: DrugRankingResult) => new Map(res.drugs.map((d) => [d.drug, d.score]));
    const a = score(plain.result!);
    for (const [drug, s] of score(r)) expect(s).toBeCloseTo(a.get(drug)!, 5);
    expect(r.drugs.every((d) => d.best?.cellType === 'A549')).toBe(true);
    const run = backend.projects.summary()!.manifest.runs.find((x) => x.id === moved.rec.runId)!;
    expect(run.params).toMatchObject({ transportTo: 'A549', transportMethod: 'additive' });
    const rows = new Map(parameterRows(r, run.id));
    expect(String(rows.get('transport'))).toMatch(/100 signatures transported to A549 by Additive/i);
  }, 60_000);

  it('refuses a transport the data cannot support, with a clear reason', async () => {
    const same = await rank('d3', spec({ transport: { targetCellType: 'SKB', method: 'additive' } }));
    expect(same.rec.state).toBe('failed');
    expect(same.rec.error?.message).toMatch(/No drug was measured in a cell type other than "SKB"/);
  }, 60_000);
});
