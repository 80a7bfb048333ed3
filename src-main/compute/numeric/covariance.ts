/**
 * Sufficient statistics of Gaussian data: means, scatter, covariance and correlation matrices.
 * All outputs are p×p Float64Array (symmetric, so row/column-major coincide).
 */
import type { DenseMatrix } from './matrix.ts';

export function columnMeans(x: DenseMatrix): Float64Array {
  const { rows: n, cols: p, data } = x;
  const means = new Float64Array(p);
  for (let c = 0; c < p; c++) {
    let s = 0;
    const off = c * n;
    for (let r = 0; r < n; r++) s += data[off + r]!;
    means[c] = n > 0 ? s / n : 0;
  }
  return means;
}

/**
 * Centred scatter matrix Σ (x − μ)(x − μ)ᵀ. Two-pass (centre first) for accuracy: flow-cytometry
 * values are log-scale around 2–6, and one-pass sums of squares lose digits needlessly.
 */
export function scatterMatrix(x: DenseMatrix, means: Float64Array = columnMeans(x)): Float64Array {
  const { rows: n, cols: p, data } = x;
  const centred = new Float64Array(n * p);
  for (let c = 0; c < p; c++) {
    const off = c * n;
    const mu = means[c]!;
    for (let r = 0; r < n; r++) centred[off + r] = data[off + r]! - mu;
  }
  const s = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    const oa = a * n;
    for (let b = a; b < p; b++) {
      const ob = b * n;
      let acc = 0;
      for (let r = 0; r < n; r++) acc += centred[oa + r]! * centred[ob + r]!;
      s[a * p + b] = acc;
      s[b * p + a] = acc;
    }
  }
  return s;
}

/**
 * Pearson correlation matrix. A constant column (zero variance) gets correlation 0 with everything
 * and 1 on the diagonal instead of NaN, so downstream CI tests see "no evidence of dependence".
 */
export function correlationFromScatter(scatter: Float64Array, p: number): Float64Array {
  const corr = new Float64Array(p * p);
  const sd = new Float64Array(p);
  for (let i = 0; i < p; i++) sd[i] = Math.sqrt(scatter[i * p + i]!);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      if (a === b) corr[a * p + b] = 1;
      else {
        const den = sd[a]! * sd[b]!;
        corr[a * p + b] = den > 0 ? scatter[a * p + b]! / den : 0;
      }
    }
  }
  return corr;
}

export function correlationMatrix(x: DenseMatrix): Float64Array {
  return correlationFromScatter(scatterMatrix(x), x.cols);
}
