/**
 * Input normalisation of the autoencoder (Belyaeva et al. 2021; docs/methods.md §4.5): log2(x + 1), then
 * per-sample min-max to [0, 1]. A model card may declare `minmax` alone, for data that arrive already
 * log-transformed (the Kang 2018 scGen files are log-normalised: applying log2(x+1) again would squash
 * them twice), or `none`.
 */
import { z } from 'zod';

export const Normalisation = z.enum(['log2p1-minmax', 'minmax', 'none']);
export type Normalisation = z.infer<typeof Normalisation>;

/** Per-row scale used, so a prediction in normalised units can be mapped back to expression units. */
export interface RowScale {
  min: Float32Array;
  range: Float32Array;
}

/**
 * Normalises each row (sample) of a row-major [rows, genes] matrix into a new array. The method is
 * branched on once per row, not per value: latent shift normalises every profile it encodes (700 M values
 * for 100,000 profiles × 7,000 genes), where a per-value branch cost more than int8 encoding.
 */
export function normaliseRows(
  data: Float32Array,
  genes: number,
  method: Normalisation,
  out?: Float32Array,
): { values: Float32Array; scale: RowScale } {
  const rows = genes > 0 ? data.length / genes : 0;
  if (out && out.length !== data.length)
    throw new RangeError(`out has ${out.length} values, not ${data.length}`);
  const values = out ?? new Float32Array(data.length);
  const scale: RowScale = { min: new Float32Array(rows), range: new Float32Array(rows) };
  const log = method === 'log2p1-minmax';
  for (let r = 0; r < rows; r++) {
    const base = r * genes;
    const end = base + genes;
    let lo = Infinity;
    let hi = -Infinity;
    // NaN (missing) reads as 0: an unmeasured gene is treated as not expressed, as in count data.
    if (log) {
      for (let i = base; i < end; i++) {
        const raw = data[i] as number;
        const x = raw !== raw ? 0 : Math.log2((raw > 0 ? raw : 0) + 1);
        values[i] = x;
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
    } else {
      for (let i = base; i < end; i++) {
        const raw = data[i] as number;
        const x = raw !== raw ? 0 : raw;
        values[i] = x;
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
    }
    scaleRow(values, base, end, lo, hi, method, scale, r);
  }
  return { values, scale };
}

/**
 * normaliseRows of a selection, read straight from the source: rows `rows` and columns `columns` (−1: a
 * gene the data lack, read as NaN, hence 0) of a row-major [*, width] matrix, into `out`
 * [rows.length, columns.length]. Exactly normaliseRows(gathered selection as float32), without the
 * gathered copy: latent shift normalises every profile it encodes this way. Columns 0, 1, … (a model
 * whose genes are the data's, in order) are read sequentially, skipping the index lookups.
 */
export function normaliseSelection(
  source: Float32Array | Float64Array,
  width: number,
  rows: readonly number[],
  columns: readonly number[],
  method: Normalisation,
  out: Float32Array,
): { values: Float32Array; scale: RowScale } {
  const nC = columns.length;
  const values = out.subarray(0, rows.length * nC);
  const scale: RowScale = { min: new Float32Array(rows.length), range: new Float32Array(rows.length) };
  const log = method === 'log2p1-minmax';
  const identity = nC <= width && columns.every((c, k) => c === k);
  for (let r = 0; r < rows.length; r++) {
    const base = (rows[r] as number) * width;
    const at = r * nC;
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = 0; k < nC; k++) {
      const c = identity ? k : (columns[k] as number);
      // Rounded to float32 first, as the gathered copy normaliseRows would read.
      const raw = c < 0 ? 0 : Math.fround(source[base + c] as number);
      const x = raw !== raw ? 0 : log ? Math.log2((raw > 0 ? raw : 0) + 1) : raw;
      values[at + k] = x;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    scaleRow(values, at, at + nC, lo, hi, method, scale, r);
  }
  return { values, scale };
}

/** Maps one normalised profile back to the input's units (inverse of min-max; log2 undone when used). */
export function denormalise(
  profile: Float32Array,
  min: number,
  range: number,
  method: Normalisation,
): Float32Array {
  const out = new Float32Array(profile.length);
  for (let k = 0; k < profile.length; k++) {
    const v = method === 'none' ? (profile[k] as number) : (profile[k] as number) * range + min;
    out[k] = method === 'log2p1-minmax' ? 2 ** v - 1 : v;
  }
  return out;
}

/** Min-max scale values[from, to) in place, given the row's extremes, and record its scale. */
function scaleRow(
  values: Float32Array,
  from: number,
  to: number,
  lo: number,
  hi: number,
  method: Normalisation,
  scale: RowScale,
  r: number,
): void {
  if (method === 'none') {
    scale.min[r] = 0;
    scale.range[r] = 1;
    return;
  }
  const range = hi - lo;
  scale.min[r] = lo;
  scale.range[r] = range;
  // A constant row has no spread to scale: it maps to all zeros rather than dividing by zero.
  const inv = range > 0 ? 1 / range : 0;
  for (let i = from; i < to; i++) values[i] = ((values[i] as number) - lo) * inv;
}
