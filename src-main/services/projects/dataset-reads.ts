import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
import { CausewayError } from '#shared/lib/result.ts';
import { readMatrixArrow } from '../../compute/io/arrow-matrix.ts';
import type { ProjectService } from './project-service.ts';

/** Small reads the UI needs without a job: they stay far below a frame's worth of work. */

/** A per-gene table wider than this is an expression matrix, not a gene table: it needs a job. */
const MAX_GENE_VALUE_SAMPLES = 64;
const MAX_LISTED_VALUES = 50;

export interface SampleColumn {
  name: string;
  nDistinct: number;
  /** Up to 50 distinct values, sorted. */
  values: string[];
}

/** The metadata columns of a dataset's sample table (none when it has no table). */
export function sampleColumns(projects: ProjectService, datasetId: string): SampleColumn[] {
  const dataset = projects.dataset(datasetId);
  if (!dataset.samplesFile) return [];
  const file = projects.resolveFile(dataset.samplesFile);
  let table;
  try {
    table = tableFromIPC(readFileSync(file));
  } catch {
    throw new CausewayError('E_CORRUPT_PROJECT', `The sample table ${dataset.samplesFile} is not readable.`);
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
export function geneValues(
  projects: ProjectService,
  datasetId: string,
  genes: readonly string[],
): { columns: string[]; values: (number | null)[][] } {
  const dataset = projects.dataset(datasetId);
  if (dataset.nSamples > MAX_GENE_VALUE_SAMPLES) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${dataset.name} has ${dataset.nSamples} samples; colour by a signature or gene table (≤ ${MAX_GENE_VALUE_SAMPLES} columns).`,
    );
  }
  const m = readMatrixArrow(projects.resolveFile(dataset.matrixFile));
  const row = new Map(m.genes.map((g, i) => [g, i]));
  const n = m.samples.length;
  return {
    columns: m.samples,
    values: m.samples.map((_, j) =>
      genes.map((g) => {
        const i = row.get(g);
        const v = i === undefined ? Number.NaN : m.values[i * n + j]!;
        return Number.isFinite(v) ? v : null;
      }),
    ),
  };
}
