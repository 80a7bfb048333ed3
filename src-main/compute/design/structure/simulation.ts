/**
 * Checking an experiment plan against a known network: ensembles drawn from a true DAG's Markov
 * equivalence class, the baseline strategies a plan must beat (random genes, highest-degree genes), and
 * the true edges a sequence of single-gene interventions orients (the I-essential graph of the true DAG,
 * Hauser & Bühlmann 2012). Used by bench/design-structure.ts and the design tests.
 */
import { SeededRng, deriveSeed } from '../../numeric/rng.ts';
import { dagFromArcs, extendToDag, type CompactDag } from '../../targets/ranking/dag-ensemble.ts';
import { EssentialOrientation } from './essential-orientation.ts';

/** The CPDAG of a DAG as arc indices source·p + target, an undirected edge as both arcs. */
export function cpdagArcs(dag: CompactDag): number[] {
  const s = new EssentialOrientation(dag);
  const out: number[] = [];
  for (let k = 0; k < s.arcCount; k++) {
    out.push(s.tail[k]! * dag.p + s.head[k]!);
    if (!s.oriented[k]) out.push(s.head[k]! * dag.p + s.tail[k]!);
  }
  return out;
}

/**
 * `count` members of the DAG's Markov equivalence class, each the seeded consistent extension (Dor &
 * Tarsi 1992) of its CPDAG. Not uniform over the class (the extension's random sink order favours some
 * members), and members may repeat: an ensemble as a finite sample, like subsample DAGs.
 */
export function equivalenceClassSample(dag: CompactDag, count: number, seed: number): CompactDag[] {
  const cpdag = cpdagArcs(dag);
  return Array.from({ length: count }, (_, i) =>
    dagFromArcs(dag.p, extendToDag(dag.p, cpdag, deriveSeed(seed, i)).arcs),
  );
}

/** `count` distinct genes of the pool, uniformly at random. */
export function randomPicks(pool: readonly number[], count: number, seed: number): number[] {
  return new SeededRng(seed).shuffle([...pool]).slice(0, count);
}

/** The pool's genes by mean degree over the ensemble, highest first (ties: lower index first). */
export function highestDegreePicks(
  dags: readonly CompactDag[],
  pool: readonly number[],
  count: number,
): number[] {
  const degree = (v: number): number =>
    dags.reduce(
      (s, d) => s + d.parentStart[v + 1]! - d.parentStart[v]! + d.childStart[v + 1]! - d.childStart[v]!,
      0,
    );
  return [...pool]
    .map((v) => ({ v, d: degree(v) }))
    .sort((a, b) => b.d - a.d || a.v - b.v)
    .slice(0, count)
    .map((x) => x.v);
}

/** Edges of the true DAG oriented after 0, 1, …, picks.length interventions done in order. */
export function trueOrientedCurve(truth: CompactDag, picks: readonly number[]): number[] {
  const s = new EssentialOrientation(truth);
  const curve = [s.orientedCount];
  for (const v of picks) {
    s.intervene(v);
    curve.push(s.orientedCount);
  }
  return curve;
}

/**
 * What random picks buy on the same ensemble, for the simulation view beside a plan: the expected
 * oriented edges (mean over the DAGs and over `draws` seeded random orders of the pool) after 0, 1, …,
 * count single-gene interventions. `onDraw` runs between draws (progress, and a cancel can arrive).
 */
export async function randomOrientedCurve(
  dags: readonly CompactDag[],
  pool: readonly number[],
  count: number,
  seed: number,
  draws: number,
  onDraw?: (done: number) => Promise<void> | void,
): Promise<number[]> {
  const n = Math.min(count, pool.length);
  const sum = new Float64Array(n + 1);
  for (let d = 0; d < draws; d++) {
    const picks = randomPicks(pool, n, deriveSeed(seed, RANDOM_STREAM, d));
    for (const dag of dags) trueOrientedCurve(dag, picks).forEach((v, i) => (sum[i]! += v));
    await onDraw?.(d + 1);
  }
  const runs = Math.max(1, draws * dags.length);
  return Array.from(sum, (v) => v / runs);
}

/** Seed stream of the random baseline (apart from the greedy design's tie-breaking order). */
const RANDOM_STREAM = 0x7a4d;
