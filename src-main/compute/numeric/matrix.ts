/**
 * Dense column-major Float64Array matrices.
 *
 * Column-major because statistical data are naturally "one column per variable": a gene's samples are
 * contiguous, so per-variable passes (means, scaling, subsetting columns) stream through memory.
 */

export interface DenseMatrix {
  readonly rows: number;
  readonly cols: number;
  /** Element (r, c) lives at data[c * rows + r]. */
  readonly data: Float64Array;
}

export function createMatrix(rows: number, cols: number): DenseMatrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new RangeError(`matrix shape must be non-negative integers, got ${rows}×${cols}`);
  }
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** Builds a column-major matrix from row arrays (e.g. parsed text rows). */
export function matrixFromRows(rowArrays: readonly (readonly number[])[]): DenseMatrix {
  const rows = rowArrays.length;
  const cols = rows === 0 ? 0 : (rowArrays[0]?.length ?? 0);
  const m = createMatrix(rows, cols);
  for (let r = 0; r < rows; r++) {
    const row = rowArrays[r]!;
    if (row.length !== cols) throw new RangeError(`row ${r} has ${row.length} values, expected ${cols}`);
    for (let c = 0; c < cols; c++) m.data[c * rows + r] = row[c]!;
  }
  return m;
}

/** A zero-copy view of column c. */
function columnView(m: DenseMatrix, c: number): Float64Array {
  return m.data.subarray(c * m.rows, (c + 1) * m.rows);
}

/** Copies the given rows (in the given order) into a new matrix: used for subsampling cells. */
export function selectRows(m: DenseMatrix, rowIndices: ArrayLike<number>): DenseMatrix {
  const out = createMatrix(rowIndices.length, m.cols);
  const k = rowIndices.length;
  for (let c = 0; c < m.cols; c++) {
    const src = c * m.rows;
    const dst = c * k;
    for (let t = 0; t < k; t++) out.data[dst + t] = m.data[src + rowIndices[t]!]!;
  }
  return out;
}

/** Copies the given columns (variables) into a new matrix. */
export function selectColumns(m: DenseMatrix, colIndices: ArrayLike<number>): DenseMatrix {
  const out = createMatrix(m.rows, colIndices.length);
  for (let t = 0; t < colIndices.length; t++) {
    out.data.set(columnView(m, colIndices[t]!), t * m.rows);
  }
  return out;
}

/** Square symmetric submatrix S[idx, idx] of a p×p matrix, written into `out` (length k*k). */
export function principalSubmatrix(
  full: Float64Array,
  p: number,
  idx: ArrayLike<number>,
  out: Float64Array,
): Float64Array {
  const k = idx.length;
  for (let b = 0; b < k; b++) {
    const cb = idx[b]! * p;
    for (let a = 0; a < k; a++) out[b * k + a] = full[cb + idx[a]!]!;
  }
  return out;
}
