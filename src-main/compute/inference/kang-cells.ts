/**
 * Kang et al. 2018 PBMC ± IFN-β single cells (scGen validation split; SOURCE.md in
 * ../shared/data/kang2018_pbmc_ifnb_scgen_valid): the full h5ad for the training recipe and the bench, and a
 * compact test fixture (every cell, the most variable genes, values to 3 decimals) written by
 * `scripts/train-autoencoder.ts --write-fixture` so tests run without the shared data folder.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { readH5ad } from '../io/h5ad.ts';
import { selectColumns, topVariableGenes } from './gene-subset.ts';

export const KANG_H5AD = '/work/shared/data/kang2018_pbmc_ifnb_scgen_valid/valid.h5ad';
const KANG_CELLS_FIXTURE = new URL('./fixtures/kang2018_cells_top500.json.gz', import.meta.url).pathname;

export interface KangCells {
  genes: string[];
  /** cells × genes, row-major. */
  values: Float32Array;
  cellTypes: string[];
  conditions: string[];
}

export async function readKangH5ad(path = KANG_H5AD): Promise<KangCells> {
  const r = await readH5ad(path);
  return {
    genes: r.matrix.genes,
    values: r.matrix.data,
    cellTypes: (r.sampleMeta['cell_type'] ?? []).map(String),
    conditions: (r.sampleMeta['condition'] ?? []).map(String),
  };
}

export function writeKangFixture(cells: KangCells, nGenes: number, path = KANG_CELLS_FIXTURE): void {
  const cols = topVariableGenes(cells.values, cells.genes.length, nGenes);
  const values = selectColumns(cells.values, cells.genes.length, cols);
  const json = {
    source:
      'Kang et al. 2018 (GEO GSE96583), scGen valid.h5ad (theislab/scgen d79e1f0, GPL-3.0 repo, public GEO data)',
    genes: cols.map((c) => cells.genes[c]),
    cellTypes: cells.cellTypes,
    conditions: cells.conditions,
    values: Array.from(values, (v) => Math.round(v * 1000) / 1000),
  };
  writeFileSync(path, gzipSync(JSON.stringify(json), { level: 9 }));
}

export function readKangFixture(path = KANG_CELLS_FIXTURE): KangCells {
  const j = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as {
    genes: string[];
    cellTypes: string[];
    conditions: string[];
    values: number[];
  };
  return {
    genes: j.genes,
    cellTypes: j.cellTypes,
    conditions: j.conditions,
    values: Float32Array.from(j.values),
  };
}
