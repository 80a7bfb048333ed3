/**
 * Stability selection for structure learning (Meinshausen & Bühlmann, JRSS-B 2010; as used in the
 * Uhler-lab COVID-19 drug-repurposing analysis, Belyaeva et al., Nat. Commun. 2021): for each α in a
 * grid and each of B subsamples (without replacement), learn a graph; an edge's score is the maximum
 * over α of its selection frequency.
 *
 * Reproducibility: run (a, b) draws its subsample and any algorithm randomness from
 * deriveSeed(seed, a, b) only, and results are aggregated as integer counts, so the scores are
 * bit-identical however the runs are split across workers or ordered.
 */
import { correlationMatrix } from '../../numeric/covariance.ts';
import { selectRows, type DenseMatrix } from '../../numeric/matrix.ts';
import { deriveSeed, SeededRng } from '../../numeric/rng.ts';
import type { CorrelationStatistic } from '../ci-tests/gaussian-ci.ts';
import { edgeLists, type Pdag } from '../graph/pdag.ts';

export const DEFAULT_STABILITY_ALPHAS = [1e-4, 1e-3, 1e-2, 0.1, 0.2, 0.3] as const;

export interface StabilityPlan {
  readonly alphas: readonly number[];
  /** Subsamples per α (reference: 100). */
  readonly subsamples: number;
  /** Fraction of rows per subsample (reference: 0.7). */
  readonly fraction: number;
  readonly seed: number;
  /**
   * Rows per subsample: round(fraction·n) (default; 52 of 74 cells) or floor(fraction·n), as the
   * reference's bootstrap_generator (51 of 74).
   */
  readonly subsampleSize?: SubsampleSize;
}

export type SubsampleSize = 'round' | 'floor';

/** Rows drawn per subsample (at least 5, at most n). */
export function subsampleRows(plan: Pick<StabilityPlan, 'fraction' | 'subsampleSize'>, n: number): number {
  const x = plan.fraction * n;
  const k = plan.subsampleSize === 'floor' ? Math.floor(x) : Math.round(x);
  return Math.min(n, Math.max(5, k));
}

/**
 * A structure learner on a correlation statistic; must be deterministic given its seed. `rows` is the
 * subsample itself, for learners that need more than the correlation (the invariance tests of IGSP/UT-IGSP).
 * It returns the reported graph (a CPDAG or essential graph), or that graph with the DAG the search
 * found (GSP family), which the run then keeps: effects of interventions need DAGs, not CPDAG marks.
 */
export type GraphLearner = (
  stat: CorrelationStatistic,
  alpha: number,
  seed: number,
  rows: DenseMatrix,
) => Pdag | { graph: Pdag; dag?: Pdag };

export interface StabilityRunResult {
  readonly alphaIndex: number;
  readonly subsampleIndex: number;
  /** Arcs a → b as a·p+b; undirected edges appear as both directions. */
  readonly marks: Int32Array;
  /** The DAG the run's search found (a member of the class `marks` describes), arcs a·p+b sorted. */
  readonly dag?: Int32Array;
}

/** One run: pure function of (data, plan, indices). */
export function stabilityRun(
  data: DenseMatrix,
  plan: StabilityPlan,
  learner: GraphLearner,
  alphaIndex: number,
  subsampleIndex: number,
): StabilityRunResult {
  const alpha = plan.alphas[alphaIndex];
  if (alpha === undefined) throw new RangeError(`no α at index ${alphaIndex}`);
  const runSeed = deriveSeed(plan.seed, alphaIndex, subsampleIndex);
  const rng = new SeededRng(runSeed);
  const k = subsampleRows(plan, data.rows);
  const sub = selectRows(data, rng.subsample(data.rows, k));
  const stat = { correlation: correlationMatrix(sub), p: sub.cols, n: sub.rows };
  const learned = learner(stat, alpha, deriveSeed(runSeed, 1), sub);
  const g = 'graph' in learned ? learned.graph : learned;
  const dag = 'graph' in learned ? learned.dag : undefined;
  const p = g.p;
  const { arcs, undirected } = edgeLists(g);
  const marks: number[] = [];
  for (const [a, b] of arcs) marks.push(a * p + b);
  for (const [a, b] of undirected) marks.push(a * p + b, b * p + a);
  return {
    alphaIndex,
    subsampleIndex,
    marks: Int32Array.from(marks.sort((x, y) => x - y)),
    ...(dag ? { dag: dagArcs(dag) } : {}),
  };
}

/** A DAG's arcs as sorted indices a·p+b. */
function dagArcs(dag: Pdag): Int32Array {
  const { arcs, undirected } = edgeLists(dag);
  if (undirected.length > 0) throw new Error('a kept DAG has an undirected edge');
  return Int32Array.from(arcs.map(([a, b]) => a * dag.p + b).sort((x, y) => x - y));
}

export interface StabilityScores {
  readonly p: number;
  /** Per unordered pair a<b (index a·p+b): max over α of the adjacency frequency. */
  readonly adjacency: Float64Array;
  /** Per ordered pair a→b: max over α of the frequency of a → b directed or undirected. */
  readonly arc: Float64Array;
  readonly runs: number;
}

/** Order-independent aggregation of any collection of runs (integer counts, then max over α). */
export function aggregateStability(
  p: number,
  plan: StabilityPlan,
  runs: Iterable<StabilityRunResult>,
): StabilityScores {
  const A = plan.alphas.length;
  const adjCount = new Int32Array(A * p * p);
  const arcCount = new Int32Array(A * p * p);
  const perAlpha = new Int32Array(A);
  let total = 0;
  for (const r of runs) {
    total++;
    perAlpha[r.alphaIndex]!++;
    const base = r.alphaIndex * p * p;
    const set = new Set(r.marks);
    for (const m of r.marks) {
      arcCount[base + m]!++;
      const a = Math.floor(m / p);
      const b = m % p;
      const lo = Math.min(a, b) * p + Math.max(a, b);
      // count each adjacency once even when both directions are marked
      if (a < b || !set.has(b * p + a)) adjCount[base + lo]!++;
    }
  }
  const adjacency = new Float64Array(p * p);
  const arc = new Float64Array(p * p);
  for (let a = 0; a < A; a++) {
    const denom = perAlpha[a]!;
    if (denom === 0) continue;
    for (let t = 0; t < p * p; t++) {
      const fa = adjCount[a * p * p + t]! / denom;
      const fr = arcCount[a * p * p + t]! / denom;
      if (fa > adjacency[t]!) adjacency[t] = fa;
      if (fr > arc[t]!) arc[t] = fr;
    }
  }
  return { p, adjacency, arc, runs: total };
}

export interface StabilityProgress {
  readonly done: number;
  readonly total: number;
}

/** All runs in this process (a worker runs a slice of `stabilityTasks` with `stabilityRun`). */
export async function runStabilitySelection(
  data: DenseMatrix,
  plan: StabilityPlan,
  learner: GraphLearner,
  opts: { signal?: AbortSignal; onProgress?: (p: StabilityProgress) => void } = {},
): Promise<StabilityScores> {
  const tasks = stabilityTasks(plan);
  const results: StabilityRunResult[] = [];
  for (const [a, b] of tasks) {
    opts.signal?.throwIfAborted();
    results.push(stabilityRun(data, plan, learner, a, b));
    opts.onProgress?.({ done: results.length, total: tasks.length });
    // Yield to the event loop so an abort message can arrive between runs.
    if (results.length % 4 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return aggregateStability(data.cols, plan, results);
}

export function stabilityTasks(plan: StabilityPlan): [alphaIndex: number, subsampleIndex: number][] {
  const out: [number, number][] = [];
  for (let a = 0; a < plan.alphas.length; a++) for (let b = 0; b < plan.subsamples; b++) out.push([a, b]);
  return out;
}

/** Edges with adjacency score ≥ threshold (reference: 0.3), a < b. */
export function stableEdges(
  scores: StabilityScores,
  threshold: number,
): { a: number; b: number; score: number }[] {
  const out: { a: number; b: number; score: number }[] = [];
  const { p } = scores;
  for (let a = 0; a < p; a++) {
    for (let b = a + 1; b < p; b++) {
      const s = scores.adjacency[a * p + b]!;
      if (s >= threshold) out.push({ a, b, score: s });
    }
  }
  return out;
}
