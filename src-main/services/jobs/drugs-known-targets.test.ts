// Known targets in a drug ranking come from the project's drug–target table, matched by name and through
// DrugCentral's LINCS mapping (compute/targets/ranking/drug-names.ts), as the target ranking does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DrugsRankSpec } from '#shared/contracts/drugs-rank.ts';
import { DrugRankingResult } from '#shared/domain/drug-ranking.ts';
import { Backend } from '../backend.ts';
import { writeMetaArrow } from '../../compute/io/meta-table.ts';
import { readTargetsTable } from '../../compute/drugs/ranking-result.ts';
import { lincsMappingPath } from '../paths.ts';
import { inMemoryBackend } from './test-backend.ts';

let root: string;
let backend: Backend;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'causeway-known-targets-'));
  backend = inMemoryBackend(root);
  backend.projects.openDemo();
});
afterAll(() => {
  backend.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('known targets of a drug ranking', () => {
  it('the demo: every top drug that DrugCentral 2016 lists has its targets', async () => {
    backend.jobs.start(
      'kt1',
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
      }),
    );
    const rec = await backend.jobs.wait('kt1');
    expect(rec.error).toBeNull();
    const r = DrugRankingResult.parse(backend.projects.runResult(rec.runId!));
    // 23 of the 99 drugs of the demo collection are in the demo's DrugCentral 2016 table; the other 76
    // are research compounds DrugCentral does not list (trichostatin A, HC-toxin, pyroxamide: tool HDAC
    // inhibitors, not approved drugs), so they rightly show none (an independent count: Python, by name).
    const withTargets = r.drugs.filter((d) => d.targets.length > 0).map((d) => d.drug);
    expect(withTargets).toHaveLength(23);
    expect(r.drugs.find((d) => d.drug === 'vorinostat')?.targets).toEqual(
      expect.arrayContaining(['HDAC1', 'HDAC2', 'HDAC3', 'HDAC6']),
    );
    expect(r.drugs.find((d) => d.drug === 'trichostatin-a')?.targets).toEqual([]);
  }, 60_000);

  it('an L1000 name that DrugCentral spells differently is found through the LINCS mapping', () => {
    // DrugCentral calls LINCS "acetaminophen" paracetamol (DRUG_ID 52 in resources/drugs/LINCS_mapping.tsv).
    const table = join(root, 'targets.arrow');
    writeMetaArrow(table, 'drug', ['paracetamol', 'vorinostat'], {
      drug_id: ['52', '4124'],
      gene: ['PTGS2', 'HDAC1'],
    });
    const byName = readTargetsTable(table);
    const mapped = readTargetsTable(table, lincsMappingPath());
    expect(byName('acetaminophen')).toEqual([]);
    expect(mapped('acetaminophen')).toEqual(['PTGS2']);
    expect(mapped('Vorinostat')).toEqual(['HDAC1']);
    expect(mapped('no-such-drug')).toEqual([]);
  });
});
