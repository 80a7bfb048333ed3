/**
 * Shared engine of GSP / IGSP / UT-IGSP: depth-first search over covered-arc reversals
 * (Solus, Wang & Uhler 2021, Algorithm 2 "GSP"; Wang et al. 2017 for the I-covered variant;
 * Squires, Wang & Uhler 2020 for the (arcs, variants) score).
 *
 * A DAG is scored lexicographically by (#arcs, secondary), secondary = 0 for GSP. From the current DAG
 * we try every reversible covered arc i → j: after reversal pa'(i) = pa(i) ∪ {j}, pa'(j) = pa(i), and
 * p → i is dropped if x_i ⫫ x_p | pa'(i)\{p}, p → j if x_j ⫫ x_p | pa'(j)\{p} (the theory's conditioning
 * sets; the reference GSP helper swaps them, `coveredArcUpdate: 'reference'`: covered-arc.ts). A
 * strictly better neighbour is taken at once and the search restarts there; otherwise neighbours that
 * are no worse are explored up to `depth` moves deep, backtracking. Visited DAGs (by hash) are never
 * re-expanded. Moves are applied in place and undone, so no DAG is copied in the hot loop.
 */
import { invertSpd } from '../../numeric/cholesky.ts';
import { deriveSeed, SeededRng } from '../../numeric/rng.ts';
import type { CiTester } from '../ci-tests/ci-tester.ts';
import type { Dag } from '../graph/dag.ts';
import type { Pdag } from '../graph/pdag.ts';
import type { CompiledKnowledge } from '../knowledge/background-knowledge.ts';
import { assertKnowledge, orientByKnowledge } from '../knowledge/enforce.ts';
import {
  reverseCoveredArc,
  undoCoveredArcReversal,
  type CoveredArcReversal,
  type CoveredArcUpdate,
} from './covered-arc.ts';
import { minimalIMap, resolveIMapMode, type IMapContext, type IMapMode } from './minimal-imap.ts';
import { minDegreeOrder, thresholdUndirectedGraph } from './start-orders.ts';

export interface SearchHooks {
  /** Extra condition for reversing i → j (e.g. I-covered); knowledge is checked separately. */
  canReverse?(dag: Dag, i: number, j: number): boolean;
  /** Secondary score (lower is better) of the DAG in its current state. */
  secondary?(dag: Dag): number;
}

export interface PermutationSearchOptions {
  readonly alpha: number;
  readonly depth?: number;
  readonly nruns?: number;
  /** Starts drawn = factor · nruns; the nruns sparsest minimal I-maps are searched from. */
  readonly factor?: number;
  readonly seed?: number;
  /** Undirected prior graph (p×p 0/1) for start orders, e.g. a PPI subnetwork; default: CI threshold. */
  readonly startGraph?: Uint8Array;
  /** Threshold the start graph with the reference's one-sided p-value (see start-orders.ts). */
  readonly oneSidedStartThreshold?: boolean;
  readonly imapMode?: IMapMode;
  /** Conditioning sets of the covered-arc update: the theory's (default) or the reference's swapped ones. */
  readonly coveredArcUpdate?: CoveredArcUpdate;
  /** Safety cap on improving moves per run. */
  readonly maxIterations?: number;
  readonly signal?: AbortSignal;
}

export interface SearchOutcome {
  readonly dag: Dag;
  readonly score: readonly [number, number];
  readonly runScores: (readonly [number, number])[];
}

type Undo = CoveredArcReversal;

/**
 * The search's DAG and its equivalence-class graph (`essential`: CPDAG, or I-essential graph for the
 * interventional variants) oriented by the knowledge; both are checked against it.
 */
export function searchResult(
  dag: Dag,
  knowledge: CompiledKnowledge,
  algorithm: string,
  essential: (dag: Pdag) => Pdag,
): { dag: Pdag; graph: Pdag } {
  const dagPdag = dag.toPdag();
  assertKnowledge(dagPdag, knowledge, algorithm);
  const graph = orientByKnowledge(essential(dagPdag), knowledge);
  assertKnowledge(graph, knowledge, algorithm);
  return { dag: dagPdag, graph };
}

export function permutationSearch(
  ci: CiTester,
  correlation: Float64Array,
  knowledge: CompiledKnowledge,
  opts: PermutationSearchOptions,
  hooks: SearchHooks = {},
): SearchOutcome {
  const p = ci.p;
  const { alpha } = opts;
  const depth = opts.depth ?? 4;
  const nruns = opts.nruns ?? 5;
  const factor = opts.factor ?? 2;
  const rng = new SeededRng(deriveSeed(opts.seed ?? 0, 0x6a5));
  const ictx: IMapContext = { ci, alpha, knowledge, mode: opts.imapMode ?? 'auto', correlation };
  if (resolveIMapMode(ictx) === 'predecessors') ictx.precision = invertSpd(correlation, p).inverse;
  const ug =
    opts.startGraph ??
    thresholdUndirectedGraph(
      correlation,
      ci,
      alpha,
      knowledge,
      ictx.precision,
      opts.oneSidedStartThreshold ?? false,
    );

  const starts: { dag: Dag; order: number[] }[] = [];
  for (let s = 0; s < Math.max(1, factor * nruns); s++) {
    const preferred = minDegreeOrder(ug, p, rng);
    const order = knowledge.isEmpty ? preferred : knowledge.precedenceOrder(preferred)!;
    starts.push({ dag: minimalIMap(order, ictx), order });
  }
  starts.sort((a, b) => a.dag.arcCount - b.dag.arcCount); // stable: ties keep draw order

  const secondary = hooks.secondary ?? ((): number => 0);
  const canReverse = (dag: Dag, i: number, j: number): boolean =>
    knowledge.canOrient(j, i) && (hooks.canReverse ? hooks.canReverse(dag, i, j) : true);
  const isCi = (a: number, b: number, s: number[]): boolean => ci.isIndependent(a, b, s, alpha);

  const update = opts.coveredArcUpdate ?? 'theory';
  const apply = (dag: Dag, i: number, j: number): Undo =>
    reverseCoveredArc(dag, i, j, isCi, knowledge, update);
  const undo = undoCoveredArcReversal;
  const less = (a0: number, a1: number, b0: number, b1: number): boolean => a0 < b0 || (a0 === b0 && a1 < b1);

  // One level of the depth-first search. As in UT-IGSP's Algorithm 1 (Squires et al. 2020) and the
  // reference search: all reversals are scored, a strictly better neighbour is taken (the lowest one,
  // ties in seeded-shuffled order) and the search restarts there; otherwise equal-score neighbours are
  // explored in seeded-shuffled order. Taking the first improving move in a fixed order instead made every
  // seed follow the same path and left the (arcs, variants) score little room to steer.
  const improve = (
    dag: Dag,
    visited: Set<number>,
    s0: number,
    s1: number,
    left: number,
    rng: SeededRng,
  ): boolean => {
    const moves = rng.shuffle(dag.coveredArcs().filter(([i, j]) => canReverse(dag, i, j)));
    const level: [number, number][] = [];
    let bestMove: [number, number] | undefined;
    let b0 = s0;
    let b1 = s1;
    for (const [i, j] of moves) {
      const u = apply(dag, i, j);
      const key = dag.hashKey();
      if (visited.has(key)) {
        undo(dag, u);
        continue;
      }
      visited.add(key);
      const a = dag.arcCount;
      const sec = secondary(dag);
      if (less(a, sec, b0, b1)) {
        bestMove = [i, j];
        b0 = a;
        b1 = sec;
      } else if (a === s0 && sec <= s1) level.push([i, j]);
      undo(dag, u);
    }
    if (bestMove) {
      apply(dag, bestMove[0], bestMove[1]);
      return true;
    }
    if (left > 1) {
      for (const [i, j] of level) {
        const u = apply(dag, i, j);
        if (improve(dag, visited, s0, s1, left - 1, rng)) return true;
        undo(dag, u);
      }
    }
    return false;
  };

  let best: Dag | undefined;
  let bestScore: [number, number] = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
  const runScores: [number, number][] = [];
  const maxIter = opts.maxIterations ?? 100 * p * p + 1000;
  for (let r = 0; r < Math.min(nruns, starts.length); r++) {
    opts.signal?.throwIfAborted();
    const dag = starts[r]!.dag;
    const moveRng = new SeededRng(deriveSeed(opts.seed ?? 0, 0x5eac, r));
    let iter = 0;
    // A strictly better DAG restarts the search with a fresh visited set (the reference does the same).
    while (
      iter++ < maxIter &&
      improve(dag, new Set<number>([dag.hashKey()]), dag.arcCount, secondary(dag), depth, moveRng)
    ) {
      if ((iter & 63) === 0) opts.signal?.throwIfAborted();
    }
    const score: [number, number] = [dag.arcCount, secondary(dag)];
    runScores.push(score);
    if (less(score[0], score[1], bestScore[0], bestScore[1])) {
      best = dag;
      bestScore = score;
    }
  }
  return { dag: best!, score: bestScore, runScores };
}
