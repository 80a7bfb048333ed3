// Drug–target tables with activities (DrugCentral's drug.target.interaction.tsv layout) keep their pAct
// through the reference import, so the target ranking's affinity filter applies to imported tables.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readMetaArrow } from '../io/meta-table.ts';
import { drugTargetTable, filterByAffinity } from '../targets/ranking/druggable-genes.ts';
import { readReference, writeReference } from './reference.ts';

const dir = mkdtempSync(join(tmpdir(), 'causeway-reference-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TABLE = [
  'DRUG_NAME\tGENE\tACTION_TYPE\tTARGET_NAME\tACT_VALUE\tACT_TYPE',
  'vorinostat\tHDAC1|HDAC3\tINHIBITOR\tHistone deacetylase\t7.6\tIC50',
  'vorinostat\tCA2\t\tCarbonic anhydrase 2\t4.2\tKi',
  'imatinib\tABL1\tINHIBITOR\tTyrosine-protein kinase ABL1\t\t',
].join('\n');

describe('drug–target tables with activities', () => {
  it('keep ACT_VALUE / ACT_TYPE as pAct through import, and pAct ≥ 5 drops the weak pair', async () => {
    const file = join(dir, 'drug.target.interaction.tsv');
    writeFileSync(file, `${TABLE}\n`);
    const read = await readReference(file, 'drug-targets');
    if (read.kind !== 'drug-targets') throw new Error('read as a network');
    expect(read.pairs.map((p) => [p.gene, p.affinity, p.affinityType])).toEqual([
      ['HDAC1', 7.6, 'IC50'],
      ['HDAC3', 7.6, 'IC50'],
      ['CA2', 4.2, 'Ki'],
      ['ABL1', null, null],
    ]);
    const stored = join(dir, 'table.arrow');
    writeReference(read, stored);
    const meta = readMetaArrow(stored);
    const header = Object.keys(meta);
    const rows = meta['drug']!.map((_, i) => header.map((h) => String(meta[h]![i] ?? '')));
    const table = drugTargetTable({ header, rows });
    expect(table.hasAffinity).toBe(true);
    const kept = filterByAffinity(table, { minAffinity: 5 }).map((r) => `${r.drug}:${r.gene}`);
    // CA2 (pAct 4.2) is dropped; ABL1 has no activity and is kept as a curated target by default.
    expect(kept).toEqual(['vorinostat:HDAC1', 'vorinostat:HDAC3', 'imatinib:ABL1']);
  });
});
