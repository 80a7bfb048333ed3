/**
 * The DAG ensemble that target ranking reasons over: one DAG per kept stability-selection run
 * (src-main/compute/causal/stability/subsample-graphs.ts), stored compactly as parent lists (CSR) with a
 * topological order, so that fitting a linear SEM and propagating total effects never touch a p×p matrix
 * (2,000 genes × 100 DAGs would be 3.2 GB dense).
 *
 * A kept run is a CPDAG when the search returned one: an undirected edge is both arcs. Effects need a
 * DAG, so such a run is replaced by one member of its Markov equivalence class, found by the consistent
 * extension of Dor & Tarsi (1992, "A simple algorithm to construct a consistent extension of a partially
 * oriented graph"): it adds no v-structure and no cycle. Which member is drawn is seeded, so that, over
 * many runs, orientation uncertainty inside a class shows as spread of the effects (the IDA idea,
 * Maathuis, Kalisch & Bühlmann 2009, Ann. Stat. 37:3133, which enumerates the parent sets instead).
 */
import { SeededRng, deriveSeed } from '../../numeric/rng.ts';
import { readFileSync } from 'node:fs';
import { CausewayError } from '#shared/lib/result.ts';
import { decodeSubsampleGraphs, type SubsampleGraphs } from '../../causal/stability/subsample-graphs.ts';

export interface CompactDag {
  readonly p: number;
  /** Parents of node v are parents[parentStart[v] … parentStart[v+1]). */
  readonly parentStart: Int32Array;
  readonly parents: Int32Array;
  /** Children of node v are children[childStart[v] … childStart[v+1]). */
  readonly childStart: Int32Array;
  readonly children: Int32Array;
  /** A topological order, and each node's position in it. */
  readonly order: Int32Array;
  readonly position: Int32Array;
}

function csr(p: number, from: Int32Array, to: Int32Array): { start: Int32Array; list: Int32Array } {
  const start = new Int32Array(p + 1);
  for (let i = 0; i < to.length; i++) start[to[i]! + 1]!++;
  for (let v = 0; v < p; v++) start[v + 1]! += start[v]!;
  const fill = start.slice(0, p);
  const list = new Int32Array(to.length);
  for (let i = 0; i < to.length; i++) list[fill[to[i]!]!++] = from[i]!;
  return { start, list };
}

/**
 * A DAG from arc indices source·p + target (each arc once). Throws on a directed cycle, and on a pair
 * given in both directions (an undirected edge: pass the run through extendToDag first).
 */
export function dagFromArcs(p: number, arcs: ArrayLike<number>): CompactDag {
  const src = new Int32Array(arcs.length);
  const dst = new Int32Array(arcs.length);
  const seen = new Set<number>();
  for (let i = 0; i < arcs.length; i++) {
    const a = arcs[i]!;
    const s = Math.floor(a / p);
    const t = a - s * p;
    if (s === t || s >= p) throw new RangeError(`arc index ${a} is not an arc of ${p} genes`);
    if (seen.has(t * p + s)) throw new Error(`genes ${s} and ${t} are joined both ways (undirected)`);
    seen.add(a);
    src[i] = s;
    dst[i] = t;
  }
  const par = csr(p, src, dst);
  const chi = csr(p, dst, src);
  // Kahn's algorithm: a topological order exists iff the graph is acyclic.
  const indeg = new Int32Array(p);
  for (let v = 0; v < p; v++) indeg[v] = par.start[v + 1]! - par.start[v]!;
  const order = new Int32Array(p);
  let head = 0;
  let tail = 0;
  for (let v = 0; v < p; v++) if (indeg[v] === 0) order[tail++] = v;
  while (head < tail) {
    const v = order[head++]!;
    for (let k = chi.start[v]!; k < chi.start[v + 1]!; k++) {
      const c = chi.list[k]!;
      if (--indeg[c]! === 0) order[tail++] = c;
    }
  }
  if (tail !== p) throw new Error('the arcs contain a directed cycle');
  const position = new Int32Array(p);
  for (let i = 0; i < p; i++) position[order[i]!] = i;
  return {
    p,
    parentStart: par.start,
    parents: par.list,
    childStart: chi.start,
    children: chi.list,
    order,
    position,
  };
}

/**
 * Orients every undirected edge of a partially directed graph (arc indices, undirected = both arcs)
 * into a DAG by Dor & Tarsi's consistent extension: repeatedly take a node x that is a sink of the
 * directed part and whose undirected neighbours are each adjacent to all other neighbours of x, orient
 * those edges into x, and remove x. Candidates are visited in a seeded random order so different seeds
 * draw different members of the equivalence class. When the graph has no consistent extension (a
 * stability run need not be a valid CPDAG), the sink with the fewest violations is taken and the result
 * is still a DAG. Returns the DAG's arcs (sorted) and how many edges were oriented.
 */
export function extendToDag(
  p: number,
  arcs: ArrayLike<number>,
  seed: number,
): { arcs: Uint32Array; oriented: number; consistent: boolean } {
  const arcSet = new Set<number>();
  for (let i = 0; i < arcs.length; i++) arcSet.add(arcs[i]!);
  const out: Set<number>[] = Array.from({ length: p }, () => new Set());
  const inn: Set<number>[] = Array.from({ length: p }, () => new Set());
  const und: Set<number>[] = Array.from({ length: p }, () => new Set());
  const result: number[] = [];
  for (const a of arcSet) {
    const s = Math.floor(a / p);
    const t = a - s * p;
    if (arcSet.has(t * p + s)) und[s]!.add(t);
    else {
      out[s]!.add(t);
      inn[t]!.add(s);
      result.push(a);
    }
  }
  const adjacent = (a: number, b: number): boolean => out[a]!.has(b) || inn[a]!.has(b) || und[a]!.has(b);
  const violations = (x: number): number => {
    let bad = 0;
    for (const y of und[x]!) {
      for (const z of und[x]!) if (z !== y && !adjacent(y, z)) bad++;
      for (const z of inn[x]!) if (z !== y && !adjacent(y, z)) bad++;
    }
    return bad;
  };
  const rng = new SeededRng(seed);
  const alive = rng.shuffle(Array.from({ length: p }, (_, v) => v));
  let oriented = 0;
  let consistent = true;
  while (alive.length > 0) {
    let pick = -1;
    let fewest = Infinity;
    for (let i = 0; i < alive.length; i++) {
      const x = alive[i]!;
      if (out[x]!.size > 0) continue;
      const bad = und[x]!.size === 0 ? 0 : violations(x);
      if (bad < fewest) {
        fewest = bad;
        pick = i;
        if (bad === 0) break;
      }
    }
    if (pick < 0) throw new Error('the directed part contains a cycle');
    if (fewest > 0) consistent = false;
    const x = alive[pick]!;
    alive[pick] = alive[alive.length - 1]!;
    alive.pop();
    for (const y of und[x]!) {
      result.push(y * p + x);
      oriented++;
      und[y]!.delete(x);
    }
    und[x]!.clear();
    for (const z of inn[x]!) out[z]!.delete(x);
  }
  return { arcs: Uint32Array.from(result).sort(), oriented, consistent };
}

export interface DagEnsemble {
  readonly genes: readonly string[];
  readonly dags: readonly CompactDag[];
  /** The seed that chose the members of each run's equivalence class. */
  readonly seed: number;
  /** Undirected edges oriented by extension, over all runs; runs that had no consistent extension. */
  readonly orientedEdges: number;
  readonly inconsistentRuns: number;
}

/** One kept run: arc indices source·p + target, an undirected edge as both arcs (StabilityRunResult). */
export interface KeptRun {
  readonly alphaIndex: number;
  readonly subsampleIndex: number;
  readonly marks: ArrayLike<number>;
}

/**
 * Stability runs as DAGs, each run's equivalence-class member drawn with deriveSeed(seed, α index,
 * subsample index), so the ensemble does not depend on the order the runs come in. `alphaIndex` keeps
 * the runs of one α (by default every run is kept: the reference's stability graph is max over α).
 */
export function ensembleFromRuns(
  genes: readonly string[],
  runs: readonly KeptRun[],
  seed: number,
  options: { alphaIndex?: number } = {},
): DagEnsemble {
  const p = genes.length;
  const dags: CompactDag[] = [];
  let orientedEdges = 0;
  let inconsistentRuns = 0;
  for (const run of runs) {
    if (options.alphaIndex !== undefined && run.alphaIndex !== options.alphaIndex) continue;
    const ext = extendToDag(p, run.marks, deriveSeed(seed, run.alphaIndex, run.subsampleIndex));
    orientedEdges += ext.oriented;
    if (!ext.consistent) inconsistentRuns++;
    dags.push(dagFromArcs(p, ext.arcs));
  }
  return { genes, dags, seed, orientedEdges, inconsistentRuns };
}

/** The kept subsample graphs of a stability result (subsample-graphs.ts) as a DAG ensemble. */
export function ensembleFromSubsampleGraphs(
  graphs: SubsampleGraphs,
  seed: number,
  options: { alphaIndex?: number } = {},
): DagEnsemble {
  // Version-2 files keep the DAG each search found: use it as is (its arcs are all directed, so the
  // extension leaves it unchanged). Older files keep only the CPDAG marks: draw a class member.
  const runs = graphs.header.runs.map(([alphaIndex, subsampleIndex], i) => ({
    alphaIndex,
    subsampleIndex,
    marks: graphs.dags?.[i] ?? graphs.arcs[i]!,
  }));
  return ensembleFromRuns(graphs.header.genes, runs, seed, options);
}

/**
 * The DAG ensemble a stability run kept (its subsample-graphs file), for the jobs that reason over it
 * (target ranking, experiment design); the errors name the run and what to do.
 */
export function readRunEnsemble(
  run: { subsampleGraphsPath: string; label: string },
  seed: number,
): DagEnsemble {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(run.subsampleGraphsPath);
  } catch {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${run.label} kept no subsample graphs: rerun it with stability selection.`,
    );
  }
  const ensemble = ensembleFromSubsampleGraphs(decodeSubsampleGraphs(bytes), seed);
  if (ensemble.dags.length === 0)
    throw new CausewayError('E_INVALID_INPUT', `${run.label} has no kept subsample graphs.`);
  return ensemble;
}
