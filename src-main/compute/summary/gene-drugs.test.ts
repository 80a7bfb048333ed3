import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { geneDrugs } from './gene-drugs.ts';

const dir = mkdtempSync(join(tmpdir(), 'causeway-gene-drugs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A DrugCentral-like table as an import stores it (text columns), multi-gene targets joined by "|". */
function table(columns: Record<string, string[]>): string {
  const path = join(dir, `${Object.keys(columns).join('_')}.arrow`);
  writeFileSync(path, tableToIPC(tableFromArrays(columns), 'file'));
  return path;
}

describe('tables.geneDrugs: the drugs on each gene of a drug–target table', () => {
  const withActivity = table({
    DRUG_NAME: ['imatinib', 'imatinib', 'dasatinib', 'aspirin', 'nilotinib'],
    GENE: ['ABL1|KIT', 'ABL1', 'ABL1', 'PTGS1', 'ABL1'],
    ACTION_TYPE: ['INHIBITOR', 'INHIBITOR', 'INHIBITOR', 'INHIBITOR', 'INHIBITOR'],
    ACT_VALUE: ['7.2', '8.1', '9.0', '', 'n/a'],
    ACT_TYPE: ['IC50', 'Ki', 'Kd', '', 'IC50'],
  });

  it('lists each requested gene’s drugs, strongest first, one entry per drug with its best activity', () => {
    const r = geneDrugs({ name: 'dc', tablePath: withActivity, genes: ['ABL1', 'KIT', 'PTGS1', 'TP53'] });
    expect(r.hasActivity).toBe(true);
    expect(r.drugs[0]).toEqual([
      { drug: 'dasatinib', action: 'INHIBITOR', actValue: 9, actType: 'Kd' },
      { drug: 'imatinib', action: 'INHIBITOR', actValue: 8.1, actType: 'Ki' },
      // A value that is not a number is no value: unmeasured rows come last, still listed.
      { drug: 'nilotinib', action: 'INHIBITOR', actValue: null, actType: 'IC50' },
    ]);
    expect(r.drugs[1]).toEqual([{ drug: 'imatinib', action: 'INHIBITOR', actValue: 7.2, actType: 'IC50' }]);
    // ACT_VALUE missing: the drug is listed without an activity.
    expect(r.drugs[2]).toEqual([{ drug: 'aspirin', action: 'INHIBITOR', actValue: null, actType: null }]);
    expect(r.drugs[3]).toEqual([]); // a gene no drug targets
  });

  it('reads the 2016 layout without activity columns', () => {
    const path = table({
      drug: ['cediranib', 'eltrombopag'],
      gene: ['KDR|KIT', 'MPL'],
      action: ['INHIBITOR', 'AGONIST'],
    });
    const r = geneDrugs({ name: 'dc2016', tablePath: path, genes: ['KIT', 'MPL'] });
    expect(r.hasActivity).toBe(false);
    expect(r.drugs.map((d) => d.map((x) => x.drug))).toEqual([['cediranib'], ['eltrombopag']]);
    expect(r.drugs[1]![0]!.actValue).toBeNull();
  });

  it('says which table is wrong when it is unreadable or has no gene column', () => {
    const bad = join(dir, 'bad.arrow');
    writeFileSync(bad, 'not arrow');
    expect(() => geneDrugs({ name: 'broken', tablePath: bad, genes: ['A'] })).toThrow(
      /broken is not readable/,
    );
    const noGene = table({ DRUG_NAME: ['x'], TARGET: ['y'] });
    expect(() => geneDrugs({ name: 'odd', tablePath: noGene, genes: ['A'] })).toThrow(/odd.*GENE column/);
  });
});
