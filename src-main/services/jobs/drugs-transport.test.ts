import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DrugsRankSpec } from '#shared/contracts/drugs-rank.ts';
import { DrugRankingResult } from '#shared/domain/drug-ranking.ts';
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
  it('refuses a target cell type the collection never measured instead of relabelling its signatures', async () => {
    // The SKB-only collection "transported" to A549 once gave the SKB scores relabelled A549, and an export
    // that claimed 100 transported signatures.
    const moved = await rank('d2', spec({ transport: { targetCellType: 'A549', method: 'additive' } }));
    expect(moved.rec.state).toBe('failed');
    expect(moved.rec.error?.code).toBe('E_INVALID_INPUT');
    expect(moved.rec.error?.message).toMatch(
      /No chosen signature was measured in "A549".*only relabel the signatures.*one of: SKB/,
    );
    expect(moved.result).toBeNull();
  }, 60_000);

  it('refuses a transport the data cannot support, with a clear reason', async () => {
    const same = await rank('d3', spec({ transport: { targetCellType: 'SKB', method: 'additive' } }));
    expect(same.rec.state).toBe('failed');
    expect(same.rec.error?.message).toMatch(/No drug was measured in a cell type other than "SKB"/);
  }, 60_000);
});
