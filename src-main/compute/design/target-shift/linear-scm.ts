/**
 * The linear-Gaussian structural causal model of the target-shift design (docs/methods.md §6; Zhang,
 * Cammarata, Squires, Sapsis & Uhler, Nature Machine Intelligence 2023): on a known DAG,
 * x = B x + c + a + ε with ε ~ N(0, diag σ²), where B[i·p + j] is the weight of parent j in node i's
 * mechanism, c the mean of the noise (the genes' baseline levels) and a a shift intervention. Its mean is
 * μ(a) = (I − B)⁻¹ (a + c), so the shift that reaches a target mean μ* is a* = (I − B) μ* − c.
 * Solves with I − B run along a topological order (B is strictly lower triangular in that order): O(edges).
 */
import { SeededRng } from '../../numeric/rng.ts';

/** A DAG as parent lists and a topological order (parents before children). */
export interface ShiftDag {
  readonly p: number;
  readonly parents: readonly (readonly number[])[];
  readonly order: readonly number[];
}

export interface LinearScm {
  readonly dag: ShiftDag;
  /** weights[i·p + j]: coefficient of parent j in node i. */
  readonly weights: Float64Array;
  /** Mean of each node's noise (its level with no parents and no shift). */
  readonly noiseMean: Float64Array;
  /** Variance of each node's noise. */
  readonly noiseVar: Float64Array;
}

/** A topological order of parent lists (Kahn); throws on a cycle. */
export function shiftDag(parents: readonly (readonly number[])[]): ShiftDag {
  const p = parents.length;
  const children: number[][] = Array.from({ length: p }, () => []);
  const indegree = new Int32Array(p);
  parents.forEach((ps, i) => {
    indegree[i] = ps.length;
    for (const j of ps) children[j]!.push(i);
  });
  const order: number[] = [];
  for (let v = 0; v < p; v++) if (indegree[v] === 0) order.push(v);
  for (let k = 0; k < order.length; k++)
    for (const c of children[order[k]!]!) if (--indegree[c]! === 0) order.push(c);
  if (order.length !== p) throw new RangeError('the network has a directed cycle; a DAG is needed');
  return { p, parents: parents.map((ps) => [...ps].sort((a, b) => a - b)), order };
}

/** μ = (I − B)⁻¹ v: forward substitution along the topological order. */
export function solveMean(dag: ShiftDag, weights: Float64Array, v: Float64Array): Float64Array {
  const p = dag.p;
  const mu = new Float64Array(p);
  for (const i of dag.order) {
    let s = v[i]!;
    for (const j of dag.parents[i]!) s += weights[i * p + j]! * mu[j]!;
    mu[i] = s;
  }
  return mu;
}

/** y = (I − B)⁻ᵀ v: back substitution along the reversed order (the adjoint, for gradients). */
export function solveMeanTransposed(dag: ShiftDag, weights: Float64Array, v: Float64Array): Float64Array {
  const p = dag.p;
  const y = Float64Array.from(v);
  for (let k = p - 1; k >= 0; k--) {
    const i = dag.order[k]!;
    for (const j of dag.parents[i]!) y[j] = y[j]! + weights[i * p + j]! * y[i]!;
  }
  return y;
}

/** The interventional mean μ(a) = (I − B)⁻¹ (a + c). */
export function interventionalMean(scm: LinearScm, a: Float64Array): Float64Array {
  const v = new Float64Array(scm.dag.p);
  for (let i = 0; i < v.length; i++) v[i] = a[i]! + scm.noiseMean[i]!;
  return solveMean(scm.dag, scm.weights, v);
}

/** The shift whose interventional mean is μ*: a* = (I − B) μ* − c. */
export function optimalShift(scm: LinearScm, target: Float64Array): Float64Array {
  const p = scm.dag.p;
  const a = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = target[i]! - scm.noiseMean[i]!;
    for (const j of scm.dag.parents[i]!) s -= scm.weights[i * p + j]! * target[j]!;
    a[i] = s;
  }
  return a;
}

/** n samples under the shift a, row-major n × p (row r is one cell). */
export function sampleShifted(scm: LinearScm, a: Float64Array, n: number, rng: SeededRng): Float64Array {
  const p = scm.dag.p;
  const out = new Float64Array(n * p);
  for (let r = 0; r < n; r++) {
    const row = r * p;
    for (const i of scm.dag.order) {
      let s = a[i]! + scm.noiseMean[i]! + Math.sqrt(scm.noiseVar[i]!) * rng.normal();
      for (const j of scm.dag.parents[i]!) s += scm.weights[i * p + j]! * out[row + j]!;
      out[row + i] = s;
    }
  }
  return out;
}

export type RandomDagKind = 'er' | 'ba';

/**
 * A random DAG as the paper's synthetic comparison draws them: Erdős–Rényi (each pair of a random order
 * joined with probability degree/(p − 1)) or Barabási–Albert (each new node attaches to `m` = degree/2
 * earlier nodes chosen with probability proportional to their degree, arcs from old to new).
 */
export function randomShiftDag(kind: RandomDagKind, p: number, degree: number, rng: SeededRng): ShiftDag {
  const parents: number[][] = Array.from({ length: p }, () => []);
  const order = rng.shuffle(Array.from({ length: p }, (_, v) => v));
  if (kind === 'er') {
    const prob = Math.min(1, degree / Math.max(1, p - 1));
    for (let j = 1; j < p; j++)
      for (let i = 0; i < j; i++) if (rng.uniform() < prob) parents[order[j]!]!.push(order[i]!);
  } else {
    const m = Math.max(1, Math.round(degree / 2));
    const ends: number[] = []; // each node once per incident edge (+1 so that isolated nodes can be hit)
    for (let k = 0; k < p; k++) {
      const v = order[k]!;
      const chosen = new Set<number>();
      while (chosen.size < Math.min(m, k)) {
        const pick =
          ends.length > 0 && rng.uniform() < 0.9 ? ends[rng.integer(ends.length)]! : order[rng.integer(k)]!;
        chosen.add(pick);
      }
      for (const u of chosen) {
        parents[v]!.push(u);
        ends.push(u, v);
      }
      ends.push(v);
    }
  }
  return shiftDag(parents);
}

/** Weights ±U[0.25, 1] (the paper's and simulate.ts's range), zero noise mean, noise variance σ². */
export function randomScm(dag: ShiftDag, noiseVar: number, rng: SeededRng): LinearScm {
  const p = dag.p;
  const weights = new Float64Array(p * p);
  for (let i = 0; i < p; i++)
    for (const j of dag.parents[i]!)
      weights[i * p + j] = rng.uniformIn(0.25, 1) * (rng.uniform() < 0.5 ? -1 : 1);
  return { dag, weights, noiseMean: new Float64Array(p), noiseVar: new Float64Array(p).fill(noiseVar) };
}

/** The paper's target: a shift of unit norm on `size` random nodes (magnitudes U[0.25, 1]), and its mean. */
export function randomTarget(
  scm: LinearScm,
  size: number,
  rng: SeededRng,
): { shift: Float64Array; mean: Float64Array } {
  const p = scm.dag.p;
  const shift = new Float64Array(p);
  const nodes = rng.shuffle(Array.from({ length: p }, (_, v) => v)).slice(0, size);
  for (const v of nodes) shift[v] = rng.uniformIn(0.25, 1) * (rng.uniform() < 0.5 ? -1 : 1);
  const norm = Math.hypot(...shift);
  for (const v of nodes) shift[v] = shift[v]! / norm;
  return { shift, mean: interventionalMean(scm, shift) };
}
