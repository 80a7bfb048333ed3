// Ensembl ids come only from a dataset's own gene table (the shipped map has none), so that path is
// tested end to end on a synthetic 10x folder (fixtures/synthetic-10x, see its PROVENANCE.md): detection,
// the chosen gene column as names, and the learned symbol ↔ Ensembl pairs matching a network later.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildInspectReport } from '../import/inspect-report.ts';
import { prepareImport } from '../import/prepare.ts';
import { readMetaArrow, writeMetaArrow } from '../io/meta-table.ts';
import { readMatrixFile } from '../io/read-matrix.ts';
import { classifyColumn, GeneMap, summariseIds } from './gene-map.ts';
import { datasetGeneMap, matchGenes } from './match.ts';

const TENX = join(import.meta.dirname, '../io/fixtures/synthetic-10x/matrix.mtx');
const SYMBOLS = ['TP53', 'MYC', 'KRAS', 'EGFR', 'GAPDH', 'ACTB', 'CD3E', 'MS4A1'];
const dir = mkdtempSync(join(tmpdir(), 'causeway-ensembl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a 10x folder with Ensembl ids', () => {
  it('is read with Ensembl ids as names and the features columns named as 10x/scanpy name them', async () => {
    const r = await readMatrixFile(TENX);
    expect(r.format).toBe('mtx');
    expect(r.orientation).toBe('genes-x-samples');
    expect(r.matrix.genes[4]).toBe('ENSG00000111640.15');
    expect(Object.keys(r.geneMeta)).toEqual(['gene_symbols', 'feature_types']);
    expect(r.geneMeta.gene_symbols).toEqual(SYMBOLS);
    expect(classifyColumn(r.matrix.genes)).toBe('ensembl');
    expect(summariseIds(r.matrix.genes, new GeneMap()).kind).toBe('ensembl');
    // Counts (g·5 + c·3) mod 7: gene MYC (1), cell 2 → 11 mod 7.
    expect(r.matrix.data[2 * 8 + 1]).toBe(4);
  });

  it('the wizard report calls the names Ensembl and maps every one through the learned pairs', async () => {
    const r = await readMatrixFile(TENX);
    const report = buildInspectReport(r, { fileName: 'matrix.mtx', bytes: 1, layers: [] }, new GeneMap());
    expect(report.geneIds[0]).toMatchObject({ column: '', kind: 'ensembl', mapped: 8, unmapped: 0 });
    expect(report.geneIds.find((g) => g.column === 'gene_symbols')).toMatchObject({
      kind: 'symbol',
      mapped: 8,
    });
  });

  it('choosing gene_symbols makes symbols the gene names; Ensembl ids stay as source_id', async () => {
    const map = new GeneMap();
    const p = prepareImport(await readMatrixFile(TENX), { geneColumn: 'gene_symbols', roles: {} }, map);
    expect(p.read.matrix.genes).toEqual(SYMBOLS);
    expect(p.read.geneMeta.source_id?.[0]).toBe('ENSG00000141510');
    expect(map.convert('TP53', 'ensembl')).toBe('ENSG00000141510');
    // The version suffix is dropped both ways.
    expect(map.convert('GAPDH', 'ensembl')).toBe('ENSG00000111640');
    expect(map.convert('ENSG00000111640', 'symbol')).toBe('GAPDH');
    expect(map.convert('ENSG00000111640.3', 'symbol')).toBe('GAPDH');
  });

  it('a network in symbols matches the dataset in Ensembl ids', async () => {
    const map = new GeneMap();
    const p = prepareImport(await readMatrixFile(TENX), { roles: {} }, map);
    expect(p.read.matrix.genes[0]).toBe('ENSG00000141510');
    expect(Array.from(matchGenes(['MYC', 'gapdh', 'NOPE', 'TP53'], p.read.matrix.genes, map))).toEqual([
      1, 4, -1, 0,
    ]);
    // Without the learned pairs nothing in symbols can match.
    expect(Array.from(matchGenes(['MYC'], p.read.matrix.genes, new GeneMap()))).toEqual([-1]);
  });

  it('the pairs survive in the stored genes table: rebuilt later, they match a network in Ensembl ids', async () => {
    const p = prepareImport(
      await readMatrixFile(TENX),
      { geneColumn: 'gene_symbols', roles: {} },
      new GeneMap(),
    );
    const stored = join(dir, 'genes.arrow');
    writeMetaArrow(stored, 'gene', p.read.matrix.genes, p.read.geneMeta);
    const { gene, ...meta } = readMetaArrow(stored);
    const names = (gene ?? []).map(String);
    const { map, learned } = datasetGeneMap(names, meta);
    expect(learned).toBe(8); // source_id pairs; feature_types teaches nothing
    const net = ['ENSG00000136997', 'ENSG00000111640.15', 'ENSG00000999999'];
    expect(Array.from(matchGenes(net, names, map))).toEqual([1, 4, -1]);
  });
});

describe('any gene table with an Ensembl column', () => {
  it('a CSV with versioned human ids next to the symbols is detected and learned', async () => {
    const file = join(dir, 'expr.csv');
    writeFileSync(
      file,
      'symbol,ensembl_id,s1,s2\nTP53,ENSG00000141510.18,1,2\nMYC,ENSG00000136997.21,3,4\nKRAS,ENSG00000133703.14,5,6\n',
    );
    const r = await readMatrixFile(file);
    expect(classifyColumn(r.geneMeta.ensembl_id ?? [])).toBe('ensembl');
    const { map, kind } = datasetGeneMap(r.matrix.genes, r.geneMeta);
    expect(kind).toBe('symbol');
    expect(Array.from(matchGenes(['ENSG00000133703', 'ENSG00000141510.7'], r.matrix.genes, map))).toEqual([
      2, 0,
    ]);
  });

  it('mouse ids (ENSMUSG) count as Ensembl', () => {
    expect(classifyColumn(['ENSMUSG00000059552', 'ENSMUSG00000022346.16', ''])).toBe('ensembl');
  });

  it('a repeated or free-text column teaches no pairs, whatever its position', () => {
    const ids = ['ENSG00000141510', 'ENSG00000136997', 'ENSG00000133703'];
    const { map, learned } = datasetGeneMap(ids, {
      feature_types: ['Gene Expression', 'Gene Expression', 'Gene Expression'],
      note: ['a b', 'c d', 'e f'],
      gene_symbols: ['TP53', 'MYC', 'KRAS'],
    });
    expect(learned).toBe(3);
    expect(map.convert('ENSG00000136997', 'symbol')).toBe('MYC');
    expect(map.lookup('Gene Expression')).toBeUndefined();
  });
});
