// Shared by the Arrow and Parquet readers: a table of named columns becomes a matrix. A text column
// gives the row names; other text columns and numeric columns named like annotations (condition,
// dose …) are metadata; the remaining numeric columns are the values.
import { META_NAME } from './delimited.ts';
import { guessOrientation } from './orientation.ts';
import { nonFiniteOf } from './non-finite.ts';
import {
  invalid,
  type MatrixFormat,
  type MatrixRead,
  type MetaTable,
  type Orientation,
  type ReadOptions,
} from './types.ts';

const ROLE_NAME = /condition|group|cell_?type|perturb|treatment|dose|time|replicate|target|batch|donor/i;

export interface ColumnPlan {
  label: string | null;
  meta: string[];
  data: string[];
  orientation: Orientation;
  source: MatrixRead['orientationSource'];
  warnings: string[];
}

export function planColumns(
  file: string,
  columns: { name: string; numeric: boolean }[],
  labelValues: (name: string) => string[],
  options: ReadOptions,
): ColumnPlan {
  const text = columns.filter((c) => !c.numeric).map((c) => c.name);
  const label = text[0] ?? null;
  const meta = columns
    .filter((c) => c.name !== label && (!c.numeric || META_NAME.test(c.name)))
    .map((c) => c.name);
  const data = columns.filter((c) => c.numeric && !META_NAME.test(c.name)).map((c) => c.name);
  if (data.length === 0) throw invalid(file, 'has no numeric columns to import as expression values.');
  const guess = guessOrientation({
    rowLabels: label === null ? null : labelValues(label),
    columnLabels: data,
    hasSampleRoleColumns: meta.some((m) => ROLE_NAME.test(m)),
  });
  const warnings = !options.orientation && !guess.confident ? [`Orientation: ${guess.reason}.`] : [];
  return {
    label,
    meta,
    data,
    orientation: options.orientation ?? guess.orientation,
    source: options.orientation ? 'user' : 'guess',
    warnings,
  };
}

/** Place column k (nRows values) of the data columns into the sample-major result. */
export function placeColumn(
  out: Float32Array,
  plan: ColumnPlan,
  nRows: number,
  k: number,
  values: ArrayLike<unknown>,
  rowStart = 0,
): void {
  const nCols = plan.data.length;
  const n = values.length;
  if (plan.orientation === 'genes-x-samples') {
    // Rows are genes: column k is sample k, contiguous.
    const base = k * nRows + rowStart;
    for (let i = 0; i < n; i++) out[base + i] = toNumber(values[i]);
  } else {
    for (let i = 0; i < n; i++) out[(rowStart + i) * nCols + k] = toNumber(values[i]);
  }
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v === null || v === undefined) return Number.NaN;
  return Number(v);
}

export function finishColumnar(
  format: MatrixFormat,
  file: string,
  plan: ColumnPlan,
  rowNames: string[],
  data: Float32Array,
  meta: MetaTable,
): MatrixRead {
  const { missing, infinite } = nonFiniteOf(data);
  if (infinite >= 0)
    throw invalid(
      file,
      `holds an infinite value (${plan.orientation === 'genes-x-samples' ? `sample "${plan.data[Math.floor(infinite / rowNames.length)]}"` : `column "${plan.data[infinite % plan.data.length]}"`}).`,
    );
  const byRow = plan.orientation === 'genes-x-samples';
  return {
    format,
    file,
    matrix: { genes: byRow ? rowNames : plan.data, samples: byRow ? plan.data : rowNames, data },
    sampleMeta: byRow ? {} : meta,
    geneMeta: byRow ? meta : {},
    orientation: plan.orientation,
    orientationSource: plan.source,
    warnings:
      missing > 0
        ? [...plan.warnings, `${missing} values are null or NaN and are stored as missing values.`]
        : plan.warnings,
  };
}
