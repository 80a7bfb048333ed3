import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
import type { ParsedTaskParams, SampleColumn } from '#shared/contracts/tasks.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { readMatrixArrow } from '../io/arrow-matrix.ts';

/**
 * Small reads the UI needs without a job (the wizard's sample columns, a signature's values to colour a
 * network), run by the interactive worker so main never parses a project file. Main resolved the paths.
 */

const MAX_LISTED_VALUES = 50;

/** The metadata columns of a dataset's sample table. */
export function sampleColumns(p: ParsedTaskParams<'dataset.sampleColumns'>): SampleColumn[] {
  let table;
  try {
    table = tableFromIPC(readFileSync(p.samplesPath));
  } catch {
    throw new CausewayError('E_CORRUPT_PROJECT', `The sample table of ${p.name} is not readable.`);
  }
  return table.schema.fields
    .filter((f) => f.name !== 'sample')
    .map((f) => {
      const col = table.getChild(f.name);
      const distinct = new Set<string>();
      for (let i = 0; col && i < table.numRows; i++) {
        const v: unknown = col.get(i);
        distinct.add(v === null || v === undefined ? '' : String(v));
      }
      const values = [...distinct].sort().slice(0, MAX_LISTED_VALUES);
      return { name: f.name, nDistinct: distinct.size, values };
    });
}

/** Values of a per-gene table (a signature: one column per contrast) for the given genes; null where absent. */
export function geneValues(p: ParsedTaskParams<'dataset.geneValues'>): {
  columns: string[];
  values: (number | null)[][];
} {
  const m = readMatrixArrow(p.matrixPath);
  const row = new Map(m.genes.map((g, i) => [g, i]));
  const n = m.samples.length;
  return {
    columns: m.samples,
    values: m.samples.map((_, j) =>
      p.genes.map((g) => {
        const i = row.get(g);
        const v = i === undefined ? Number.NaN : m.values[i * n + j]!;
        return Number.isFinite(v) ? v : null;
      }),
    ),
  };
}
