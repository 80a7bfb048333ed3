/**
 * The causal half of a GIM (docs/methods.md §7.1): a linear-Gaussian SCM x = Bx + c + s + ε,
 * ε ~ N(0, diag σ²), on genes standardised by the observational cells. This module holds what the trainer
 * needs of the data and of the graph:
 * - per-context sufficient statistics (cell count and mean per context, one pooled second-moment matrix),
 *   so that an epoch costs O(contexts · edges + genes · edges), independent of the number of cells;
 * - a closed-form start on a given DAG (per-gene least squares on the observational cells);
 * - the checks of the data and of a given DAG, with messages naming what is wrong.
 */
import { CausewayError } from '#shared/lib/result.ts';
import { shiftDag } from '../design/target-shift/linear-scm.ts';
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

/** Checks a GimData for what training needs; every message names what is wrong. */
export function checkGimData(data: GimData): void {
  const bad = (m: string): never => {
    throw new CausewayError('E_INVALID_INPUT', m);
  };
  const p = data.genes.length;
  if (p < 2) bad(`GIM needs at least two genes; got ${p}.`);
  if (data.contexts.length < 2)
    bad(`GIM needs at least two perturbation contexts to learn from features; got ${data.contexts.length}.`);
  if (data.observational.n < 2)
    bad('GIM needs at least two observational cells ("obs" or an empty context).');
  const d = data.featureNames.length;
  if (d < 1) bad('GIM needs at least one perturbation feature (a column of the feature table).');
  const finite = (a: Float64Array, what: string): void => {
    for (let i = 0; i < a.length; i++)
      if (!Number.isFinite(a[i]!)) bad(`${what} has a missing or non-finite value.`);
  };
  if (data.observational.samples.length !== data.observational.n * p)
    bad('The observational samples do not match the genes.');
  finite(data.observational.samples, 'The observational data');
  for (const c of data.contexts) {
    if (c.n < 1) bad(`Context "${c.name}" has no cells.`);
    if (c.samples.length !== c.n * p)
      bad(`Context "${c.name}": samples do not match ${c.n} cells × ${p} genes.`);
    if (c.features.length !== d) bad(`Context "${c.name}" has ${c.features.length} features, expected ${d}.`);
    finite(c.samples, `Context "${c.name}"`);
    finite(c.features, `The features of context "${c.name}"`);
  }
}

export function checkParents(parents: readonly (readonly number[])[], p: number): void {
  if (parents.length !== p)
    throw new CausewayError('E_INVALID_INPUT', `The DAG has ${parents.length} parent lists for ${p} genes.`);
  for (const ps of parents)
    for (const j of ps)
      if (!Number.isInteger(j) || j < 0 || j >= p)
        throw new CausewayError('E_INVALID_INPUT', `The DAG names gene index ${j}, outside 0…${p - 1}.`);
  try {
    shiftDag(parents);
  } catch {
    throw new CausewayError(
      'E_INVALID_INPUT',
      'The network given to GIM has a directed cycle; a DAG is needed.',
    );
  }
}
