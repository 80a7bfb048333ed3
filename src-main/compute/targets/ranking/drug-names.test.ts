import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTextTable } from '../../io/text-table.ts';
import { DrugNameIndex, lincsMapping, saltFreeKey } from './drug-names.ts';
import {
  type DrugTargetRow,
  type DrugTargetTable,
  druggableGenes,
  drugTargetTable,
  filterByAffinity,
} from './druggable-genes.ts';

const here = import.meta.dirname;
const DRUGCENTRAL = resolve(here, '../../io/fixtures/real/drug_target.tsv.gz');
const LINCS = resolve(here, '../../../../resources/drugs/LINCS_mapping.tsv');

let table: DrugTargetTable;
let index: DrugNameIndex;
beforeAll(() => {
  table = drugTargetTable(readTextTable(DRUGCENTRAL));
  index = new DrugNameIndex(filterByAffinity(table), lincsMapping(readTextTable(LINCS)));
});

const genesOf = (name: string): string[] => {
  const m = index.match(name);
  return m ? [...new Set(index.rowsOf(m).map((r) => r.gene))].sort() : [];
};

describe('DrugCentral 2016 drug–target table (real rows)', () => {
  it('splits multi-gene targets and keeps the action type', () => {
    // 2,373 rows; romidepsin's 11 HDACs (one row) become 11 pairs.
    const romidepsin = table.rows.filter((r) => r.drug === 'romidepsin');
    expect(romidepsin.map((r) => r.gene)).toHaveLength(11);
    expect(new Set(romidepsin.map((r) => r.action))).toEqual(new Set(['INHIBITOR']));
    expect(table.hasAffinity).toBe(false);
    expect(table.rows.length).toBeGreaterThan(2373);
  });

  it('keeps unmeasured mechanism targets by default and drops them on request', () => {
    expect(filterByAffinity(table)).toHaveLength(table.rows.length);
    expect(filterByAffinity(table, { keepUnmeasured: false })).toHaveLength(0);
  });

  it('gives each gene its drugs, one entry per drug', () => {
    const byGene = druggableGenes(filterByAffinity(table), ['HDAC1', 'ROCK1', 'NOT_A_GENE']);
    expect([...byGene.keys()].sort()).toEqual(['HDAC1', 'ROCK1']);
    expect(byGene.get('ROCK1')!.map((d) => d.drug)).toContain('fasudil');
    const hdac1 = byGene.get('HDAC1')!.map((d) => d.drug);
    expect(hdac1).toEqual(expect.arrayContaining(['vorinostat', 'panobinostat', 'belinostat', 'romidepsin']));
    expect(new Set(hdac1).size).toBe(hdac1.length);
  });
});

describe('druggable nodes of the SARS-CoV-2 Steiner subnetwork (Belyaeva et al. 2021)', () => {
  it('finds the 8 genes of the 252 nodes that DrugCentral 2016 targets (independent count: Python csv)', () => {
    const nodes = readTextTable(resolve(here, 'fixtures/ppi_network_252nodes.nodes.tsv'));
    expect(nodes.rows).toHaveLength(252);
    const byGene = druggableGenes(
      filterByAffinity(table),
      nodes.rows.map((r) => r[0]!),
    );
    expect([...byGene.keys()].sort()).toEqual([
      'EGFR',
      'FGFR1',
      'FGFR3',
      'GSR',
      'HDAC1',
      'PARP1',
      'PDE4B',
      'VKORC1',
    ]);
    expect(byGene.get('PARP1')!.map((d) => [d.drug, d.action])).toEqual([['olaparib', 'INHIBITOR']]);
  });
});

describe('affinity filter (pAct, the paper: ≥ 5)', () => {
  const t = drugTargetTable({
    header: ['DRUG_ID', 'DRUG_NAME', 'GENE', 'ACTION_TYPE', 'ACT_VALUE', 'ACT_TYPE'],
    rows: [
      ['1', 'drugA', 'G1', 'INHIBITOR', '7.2', 'Ki'],
      ['1', 'drugA', 'G2', 'INHIBITOR', '4.9', 'IC50'],
      ['2', 'drugB', 'G1|G3', 'BLOCKER', '', ''],
      ['3', 'drugC', 'G1', 'INHIBITOR', '5', 'Kd'],
      ['3', 'drugC', 'G1', 'INHIBITOR', '6.5', 'Ki'],
    ],
  });
  it('keeps pAct ≥ 5, and the unmeasured only when asked', () => {
    expect(t.hasAffinity).toBe(true);
    const kept = (rows: readonly DrugTargetRow[]): string[] => rows.map((r) => `${r.drug}:${r.gene}`);
    expect(kept(filterByAffinity(t))).toEqual(['drugA:G1', 'drugB:G1', 'drugB:G3', 'drugC:G1', 'drugC:G1']);
    expect(kept(filterByAffinity(t, { keepUnmeasured: false }))).toEqual([
      'drugA:G1',
      'drugC:G1',
      'drugC:G1',
    ]);
    expect(kept(filterByAffinity(t, { minAffinity: 7 }))).toEqual(['drugA:G1', 'drugB:G1', 'drugB:G3']);
  });
  it('reports each drug once per gene with its best affinity, strongest first', () => {
    const g1 = druggableGenes(filterByAffinity(t)).get('G1')!;
    expect(g1.map((d) => [d.drug, d.affinity, d.affinityType])).toEqual([
      ['drugA', 7.2, 'Ki'],
      ['drugC', 6.5, 'Ki'],
      ['drugB', null, null],
    ]);
  });
});

describe('drug names of the ranking collection meet the table', () => {
  it('matches LINCS spellings by normalised name', () => {
    expect(index.match('vorinostat')).toMatchObject({ drug: 'vorinostat', matchedBy: 'name' });
    expect(genesOf('vorinostat')).toEqual(['HDAC1', 'HDAC2', 'HDAC3', 'HDAC6']);
    expect(index.match('acetylsalicylic-acid')).toMatchObject({
      drug: 'acetylsalicylic acid',
      matchedBy: 'name',
    });
    expect(index.match('Sorafenib')).toMatchObject({ drug: 'sorafenib', matchedBy: 'name' });
  });

  it('joins synonyms, HMS LINCS ids and SMILES through LINCS_mapping.tsv', () => {
    // LINCS "acetaminophen" is DrugCentral's "paracetamol" (DRUG_ID 52).
    expect(index.match('acetaminophen')).toMatchObject({
      drug: 'paracetamol',
      drugId: '52',
      matchedBy: 'lincs',
    });
    expect(genesOf('acetaminophen')).toEqual(['CNR1', 'PTGS2', 'TRPV1']);
    expect(index.match('LSM-3828')).toMatchObject({ drug: 'vorinostat', matchedBy: 'lincs' });
    expect(index.match('ONC(=O)CCCCCCC(=O)NC1C=CC=CC=1')).toMatchObject({ drug: 'vorinostat' });
  });

  it('drops salt and hydrate words', () => {
    expect(saltFreeKey('Imatinib Mesylate')).toBe('imatinib');
    expect(saltFreeKey('sodium chloride')).toBe('sodium');
    expect(index.match('imatinib mesylate')).toMatchObject({ drug: 'imatinib', matchedBy: 'salt' });
  });

  it('finds every LINCS compound of LINCS_mapping.tsv that has targets, spelled as L1000 does', () => {
    const mapping = lincsMapping(readTextTable(LINCS));
    const withTargets = new Set(table.rows.map((r) => r.drugId));
    const rows = mapping.filter((m) => withTargets.has(m.drugId));
    // 341 LINCS rows name a DrugCentral drug; 12 of those have no gene symbol (non-protein targets).
    expect(rows).toHaveLength(329);
    for (const m of rows) {
      // L1000 pert_iname joins words with hyphens ("clofibric-acid").
      expect(index.match(m.name.replace(/ /g, '-'))?.drugId, m.name).toBe(m.drugId);
      expect(index.match(m.lincsId)?.drugId, m.lincsId).toBe(m.drugId);
    }
  });

  it('matches the 23 drugs of the signatureSearch toy collection that DrugCentral 2016 has', () => {
    const names = readFileSync(resolve(here, '../../signatures/fixtures/sample_db_signatures.tsv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t')[1]!);
    const hits = names.filter((n) => index.match(n) !== null);
    expect(hits).toHaveLength(23);
    expect(hits).toEqual(
      expect.arrayContaining(['vorinostat', 'sorafenib', 'fasudil', 'afatinib', 'warfarin']),
    );
  });

  it('trichostatin A: absent from DrugCentral 2016, found when a table has it under any spelling', () => {
    // Trichostatin A is a research compound, in none of DrugCentral 2016's tables (drug_target,
    // LINCS_mapping, pharm_class, drug_indication): the honest answer there is "no targets known".
    expect(index.match('trichostatin-a')).toBeNull();
    // A supplementary table (e.g. the newer drug.target.interaction.tsv, or a user's own rows) that spells
    // it "Trichostatin A" is found by the collection's "trichostatin-a", and an alias via synonyms.
    const extra: DrugTargetRow[] = ['HDAC1', 'HDAC3', 'HDAC6'].map((gene) => ({
      drugId: 'user-1',
      drug: 'Trichostatin A',
      gene,
      action: 'INHIBITOR',
      affinity: null,
      affinityType: null,
    }));
    const merged = new DrugNameIndex(
      [...filterByAffinity(table), ...extra],
      lincsMapping(readTextTable(LINCS)),
      new Map([['TSA', 'Trichostatin A']]),
    );
    const tsa = merged.match('trichostatin-a')!;
    expect(tsa).toMatchObject({ drug: 'Trichostatin A', matchedBy: 'name' });
    expect(merged.rowsOf(tsa).map((r) => r.gene)).toEqual(['HDAC1', 'HDAC3', 'HDAC6']);
    expect(merged.match('tsa')).toMatchObject({ drug: 'Trichostatin A', matchedBy: 'synonym' });
  });
});
