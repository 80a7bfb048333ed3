// Duplicate gene names (probe sets of one gene, symbols after mapping): report them, and merge each
// group into one row by the user's choice — the mean, the row with the largest variance across samples
// (the usual choice for microarray probes), or the first row.
import type { DuplicateMerge } from '#shared/contracts/data-import.ts';
import type { MetaTable, SampleMajorMatrix } from '../io/types.ts';

// Re-exported for the importers that still name this module (compute/import, services/datasets, cli).
export type { DuplicateMerge };

export interface DuplicateReport {
  /** Names that occur more than once. */
  names: string[];
  /** Rows taken by those names. */
  rows: number;
}

export function findDuplicates(genes: readonly string[]): DuplicateReport {
  const counts = new Map<string, number>();
  for (const g of genes) counts.set(g, (counts.get(g) ?? 0) + 1);
  const names: string[] = [];
  let rows = 0;
  for (const [g, c] of counts) {
    if (c > 1) {
      names.push(g);
      rows += c;
    }
  }
  return { names, rows };
}

function rowVariance(m: SampleMajorMatrix, gene: number): number {
  const nG = m.genes.length;
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (let j = 0; j < m.samples.length; j++) {
    const v = m.data[j * nG + gene] as number;
    if (Number.isNaN(v)) continue;
    n++;
    const d = v - mean;
    mean += d / n;
    m2 += d * (v - mean);
  }
  return n > 1 ? m2 / (n - 1) : n === 1 ? 0 : -1;
}

/**
 * One row per distinct gene name, in order of first appearance. Gene annotations keep the first row's
 * values. `mean` ignores missing values (all missing stays missing).
 */
export function mergeDuplicateGenes(
  m: SampleMajorMatrix,
  geneMeta: MetaTable,
  method: DuplicateMerge,
): { matrix: SampleMajorMatrix; geneMeta: MetaTable; merged: number } {
  const groups = new Map<string, number[]>();
  m.genes.forEach((g, i) => {
    const list = groups.get(g);
    if (list) list.push(i);
    else groups.set(g, [i]);
  });
  if (groups.size === m.genes.length) return { matrix: m, geneMeta, merged: 0 };
  const genes = [...groups.keys()];
  const members = [...groups.values()];
  const nG = m.genes.length;
  const nOut = genes.length;
  const nS = m.samples.length;
  const data = new Float32Array(nOut * nS);
  const pick = members.map((rows) => {
    if (method !== 'max-variance' || rows.length === 1) return rows[0] as number;
    let best = rows[0] as number;
    let bestVar = -Infinity;
    for (const r of rows) {
      const v = rowVariance(m, r);
      if (v > bestVar) {
        bestVar = v;
        best = r;
      }
    }
    return best;
  });
  for (let j = 0; j < nS; j++) {
    const src = j * nG;
    const dst = j * nOut;
    for (let k = 0; k < nOut; k++) {
      const rows = members[k] as number[];
      if (method !== 'mean' || rows.length === 1) {
        data[dst + k] = m.data[src + (pick[k] as number)] as number;
        continue;
      }
      let sum = 0;
      let n = 0;
      for (const r of rows) {
        const v = m.data[src + r] as number;
        if (!Number.isNaN(v)) {
          sum += v;
          n++;
        }
      }
      data[dst + k] = n > 0 ? sum / n : Number.NaN;
    }
  }
  const first = members.map((rows) => rows[0] as number);
  const meta: MetaTable = {};
  for (const [name, col] of Object.entries(geneMeta)) meta[name] = first.map((i) => col[i] ?? null);
  return { matrix: { genes, samples: m.samples, data }, geneMeta: meta, merged: nG - nOut };
}
