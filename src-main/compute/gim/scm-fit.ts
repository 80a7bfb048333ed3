/**
 * The causal half of a GIM (docs/methods.md §7.1): a linear-Gaussian SCM x = Bx + c + s + ε,
 * ε ~ N(0, diag σ²), on genes standardised by the observational cells. This module holds what the trainer
 * needs of the data and of the graph:
 * - per-context sufficient statistics (cell count and mean per context, one pooled second-moment matrix),
 *   so that an epoch costs O(contexts · edges + genes · edges), independent of the number of cells;
 * - a closed-form start on a given DAG (per-gene least squares on the observational cells);
 * - the NOTEARS acyclicity function h(B) = tr(exp(B∘B)) − p and its gradient (Zheng, Aragam, Ravikumar &
 *   Xing, NeurIPS 2018), for learning the DAG jointly;
 * - turning learned weights into a DAG (threshold, then strongest first, skipping arcs that close a cycle).
 */
import { solveSpd } from '../numeric/cholesky.ts';
import type { GimData } from './types.ts';

export interface GimStats {
  readonly p: number;
  /** Observational mean and SD per gene: the standardisation (x − center) / scale. */
  readonly center: Float64Array;
  readonly scale: Float64Array;
  /** Cells per context; index 0 is the observational sample, k ≥ 1 is data.contexts[k − 1]. */
  readonly n: Float64Array;
  /** Mean per context (row k, p genes), standardised. */
  readonly means: Float64Array;
  /** Σ over every cell of x xᵀ (standardised, p × p). */
  readonly total: Float64Array;
  /** Second moments of the observational cells alone, (1/n₀) Σ x xᵀ (for the closed-form start). */
  readonly obsSecond: Float64Array;
  readonly cells: number;
}

function accumulate(
  samples: Float64Array,
  n: number,
  stats: GimStats,
  k: number,
  second: Float64Array,
): void {
  const { p, center, scale, means } = stats;
  const x = new Float64Array(p);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < p; j++) x[j] = (samples[r * p + j]! - center[j]!) / scale[j]!;
    for (let j = 0; j < p; j++) {
      means[k * p + j] = means[k * p + j]! + x[j]! / n;
      const xj = x[j]!;
      if (xj === 0) continue;
      for (let i = 0; i <= j; i++) second[j * p + i] = second[j * p + i]! + xj * x[i]!;
    }
  }
}

function symmetrise(m: Float64Array, p: number): void {
  for (let j = 0; j < p; j++) for (let i = 0; i < j; i++) m[i * p + j] = m[j * p + i]!;
}

/** Standardises by the observational cells (a gene constant there falls back to the SD over all cells, then 1). */
export function gimStats(data: GimData): GimStats {
  const p = data.genes.length;
  const obs = data.observational;
  const center = new Float64Array(p);
  const scale = new Float64Array(p);
  for (let r = 0; r < obs.n; r++)
    for (let j = 0; j < p; j++) center[j] = center[j]! + obs.samples[r * p + j]! / obs.n;
  const sq = new Float64Array(p);
  for (let r = 0; r < obs.n; r++)
    for (let j = 0; j < p; j++) sq[j] = sq[j]! + (obs.samples[r * p + j]! - center[j]!) ** 2;
  let allCells = obs.n;
  const sqAll = Float64Array.from(sq);
  for (const c of data.contexts) {
    allCells += c.n;
    for (let r = 0; r < c.n; r++)
      for (let j = 0; j < p; j++) sqAll[j] = sqAll[j]! + (c.samples[r * p + j]! - center[j]!) ** 2;
  }
  for (let j = 0; j < p; j++) {
    const sd = Math.sqrt(sq[j]! / Math.max(1, obs.n - 1));
    const sdAll = Math.sqrt(sqAll[j]! / Math.max(1, allCells - 1));
    scale[j] = sd > 1e-12 ? sd : sdAll > 1e-12 ? sdAll : 1;
  }
  const K = data.contexts.length + 1;
  const stats: GimStats = {
    p,
    center,
    scale,
    n: new Float64Array(K),
    means: new Float64Array(K * p),
    total: new Float64Array(p * p),
    obsSecond: new Float64Array(p * p),
    cells: allCells,
  };
  stats.n[0] = obs.n;
  accumulate(obs.samples, obs.n, stats, 0, stats.obsSecond);
  stats.total.set(stats.obsSecond);
  for (let i = 0; i < p * p; i++) stats.obsSecond[i] = stats.obsSecond[i]! / obs.n;
  data.contexts.forEach((c, k) => {
    stats.n[k + 1] = c.n;
    accumulate(c.samples, c.n, stats, k + 1, stats.total);
  });
  symmetrise(stats.obsSecond, stats.p);
  symmetrise(stats.total, stats.p);
  return stats;
}

/** Start values on a given DAG: per gene, least squares on its parents over the observational cells. */
export function leastSquaresStart(
  stats: GimStats,
  parents: readonly (readonly number[])[],
): { weights: Float64Array; intercept: Float64Array; logVar: Float64Array } {
  const { p, means, obsSecond } = stats;
  const cov = (a: number, b: number): number => obsSecond[a * p + b]! - means[a]! * means[b]!;
  const weights = new Float64Array(p * p);
  const intercept = new Float64Array(p);
  const logVar = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    const pa = parents[i]!;
    const k = pa.length;
    let b: Float64Array = new Float64Array(0);
    if (k > 0) {
      const a = new Float64Array(k * k);
      const rhs = new Float64Array(k);
      for (let u = 0; u < k; u++) {
        rhs[u] = cov(pa[u]!, i);
        for (let v = 0; v < k; v++) a[u * k + v] = cov(pa[u]!, pa[v]!);
      }
      b = solveSpd(a, k, rhs);
    }
    let c = means[i]!;
    let explained = 0;
    for (let u = 0; u < k; u++) {
      weights[i * p + pa[u]!] = b[u]!;
      c -= b[u]! * means[pa[u]!]!;
      explained += b[u]! * cov(pa[u]!, i);
    }
    intercept[i] = c;
    logVar[i] = Math.log(Math.max(1e-3, cov(i, i) - explained));
  }
  return { weights, intercept, logVar };
}

/** exp(A) for a p × p matrix by scaling and squaring with a degree-12 Taylor polynomial (ample for ‖A‖ ≤ ½). */
export function expm(a: Float64Array, p: number): Float64Array {
  let norm = 0;
  for (let i = 0; i < p; i++) {
    let row = 0;
    for (let j = 0; j < p; j++) row += Math.abs(a[i * p + j]!);
    norm = Math.max(norm, row);
  }
  const squarings = norm > 0.5 ? Math.ceil(Math.log2(norm / 0.5)) : 0;
  const scaled = a.map((v) => v / 2 ** squarings);
  let result: Float64Array = new Float64Array(p * p);
  let term: Float64Array = new Float64Array(p * p);
  for (let i = 0; i < p; i++) result[i * p + i] = term[i * p + i] = 1;
  for (let t = 1; t <= 12; t++) {
    term = matmul(term, scaled, p);
    for (let i = 0; i < p * p; i++) term[i] = term[i]! / t;
    for (let i = 0; i < p * p; i++) result[i] = result[i]! + term[i]!;
  }
  for (let s = 0; s < squarings; s++) result = matmul(result, result, p);
  return result;
}

function matmul(x: Float64Array, y: Float64Array, p: number): Float64Array {
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++)
    for (let k = 0; k < p; k++) {
      const v = x[i * p + k]!;
      if (v === 0) continue;
      for (let j = 0; j < p; j++) out[i * p + j] = out[i * p + j]! + v * y[k * p + j]!;
    }
  return out;
}

/**
 * NOTEARS acyclicity h(W) = tr(exp(W∘W)) − p for W[i·p + j] = weight of arc j → i (zero iff W is a DAG),
 * and its gradient ∇h = exp(W∘W)ᵀ ∘ 2W.
 */
export function acyclicity(w: Float64Array, p: number): { h: number; grad: Float64Array } {
  const sq = w.map((v) => v * v);
  const e = expm(sq, p);
  let h = -p;
  for (let i = 0; i < p; i++) h += e[i * p + i]!;
  const grad = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) grad[i * p + j] = e[j * p + i]! * 2 * w[i * p + j]!;
  return { h, grad };
}

/**
 * Parent lists from learned weights: arcs with |w| ≥ threshold, strongest first, each skipped when it would
 * close a directed cycle with the arcs already kept (so the result is a DAG even if h(W) > 0 is not yet
 * exactly zero).
 */
export function dagFromWeights(w: Float64Array, p: number, threshold: number): number[][] {
  const arcs: { from: number; to: number; size: number }[] = [];
  for (let i = 0; i < p; i++)
    for (let j = 0; j < p; j++)
      if (i !== j && Math.abs(w[i * p + j]!) >= threshold)
        arcs.push({ from: j, to: i, size: Math.abs(w[i * p + j]!) });
  arcs.sort((a, b) => b.size - a.size || a.from - b.from || a.to - b.to);
  const parents: number[][] = Array.from({ length: p }, () => []);
  const children: number[][] = Array.from({ length: p }, () => []);
  const reaches = (from: number, to: number): boolean => {
    const seen = new Uint8Array(p);
    const stack = [from];
    while (stack.length) {
      const v = stack.pop()!;
      if (v === to) return true;
      for (const c of children[v]!)
        if (!seen[c]) {
          seen[c] = 1;
          stack.push(c);
        }
    }
    return false;
  };
  for (const a of arcs) {
    if (reaches(a.to, a.from)) continue;
    parents[a.to]!.push(a.from);
    children[a.from]!.push(a.to);
  }
  for (const ps of parents) ps.sort((a, b) => a - b);
  return parents;
}
