/**
 * Joint structure learning for a GIM when no DAG is given (docs/methods.md §7.1): the first phase of
 * training fits B over all p(p − 1) arcs together with the intervention model, adding to the GIM objective
 * (gim-objective.ts) an L1 penalty and the NOTEARS acyclicity h(B) = tr(exp(B∘B)) − p (Zheng, Aragam,
 * Ravikumar & Xing, NeurIPS 2018) through an augmented Lagrangian αh + ρh²/2, with α += ρh after each
 * round and ρ ×10 when h fell by less than ¾. The learned weights are then thresholded to a DAG, strongest
 * arcs first, skipping any that would close a cycle; the trainer (train-gim.ts) goes on on that DAG alone.
 */
import { greedyDag } from '../design/target-shift/consensus-dag.ts';
import { gimObjective, problemOffsets, type GimProblem } from './gim-objective.ts';
import type { GimSettings } from './gim-settings.ts';

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
  const arcs: { source: number; target: number; size: number }[] = [];
  for (let i = 0; i < p; i++)
    for (let j = 0; j < p; j++)
      if (i !== j && Math.abs(w[i * p + j]!) >= threshold)
        arcs.push({ source: j, target: i, size: Math.abs(w[i * p + j]!) });
  arcs.sort((a, b) => b.size - a.size || a.source - b.source || a.target - b.target);
  const parents = greedyDag(arcs, p);
  for (const ps of parents) ps.sort((a, b) => a - b);
  return parents;
}

/** The structure phase's penalties: Lagrange multiplier α, quadratic weight ρ and L1 weight, per cell. */
export interface StructurePenalty {
  readonly alpha: number;
  readonly rho: number;
  readonly l1: number;
}

/** Dense B (B[i·p + j] = weight of arc j → i) from the edge weights at the front of theta. */
function denseWeights(theta: Float64Array, prob: GimProblem): Float64Array {
  const p = prob.stats.p;
  const b = new Float64Array(p * p);
  prob.edgeFrom.forEach((j, e) => (b[prob.edgeTo[e]! * p + j] = theta[e]!));
  return b;
}

/** The GIM objective plus L1 and the augmented Lagrangian αh + ρh²/2 on the arcs; gradient when given. */
export function structureObjective(
  theta: Float64Array,
  prob: GimProblem,
  penalty: StructurePenalty,
  grad?: Float64Array,
): number {
  let loss = gimObjective(theta, prob, grad);
  const nE = prob.edgeFrom.length;
  for (let e = 0; e < nE; e++) loss += penalty.l1 * Math.abs(theta[e]!);
  const p = prob.stats.p;
  const { h, grad: gh } = acyclicity(denseWeights(theta, prob), p);
  loss += penalty.alpha * h + 0.5 * penalty.rho * h * h;
  if (grad) {
    const scale = penalty.alpha + penalty.rho * h;
    for (let e = 0; e < nE; e++)
      grad[e] =
        grad[e]! + penalty.l1 * Math.sign(theta[e]!) + scale * gh[prob.edgeTo[e]! * p + prob.edgeFrom[e]!]!;
  }
  return loss;
}

/** What the structure phase hands to the second phase: the DAG and start values on it. */
export interface LearnedDag {
  readonly parents: number[][];
  /** Dense B of the structure phase (B[i·p + j] = weight of arc j → i), to start the kept arcs from. */
  readonly weights: Float64Array;
  readonly intercept: Float64Array;
  readonly logVar: Float64Array;
}

/**
 * Runs the structure phase on `theta` (laid out for `prob`, whose arcs are all p(p − 1) pairs) and
 * thresholds the result to a DAG. `optimise` runs one round of epochs of the trainer's optimiser on theta
 * for the objective it is given (so warm-up, progress and cancellation stay the trainer's).
 */
export function learnDag(
  theta: Float64Array,
  prob: GimProblem,
  settings: Pick<GimSettings, 'structureRounds' | 'structureL1' | 'structureThreshold'>,
  optimise: (objective: (prob: GimProblem, grad: Float64Array) => number) => void,
): LearnedDag {
  const p = prob.stats.p;
  let penalty: StructurePenalty = { alpha: 0, rho: 1, l1: settings.structureL1 };
  let hPrev = Infinity;
  for (let round = 0; round < settings.structureRounds; round++) {
    const current = penalty;
    optimise((pr, grad) => structureObjective(theta, pr, current, grad));
    const h = acyclicity(denseWeights(theta, prob), p).h;
    const { alpha, rho, l1 } = penalty;
    penalty = { alpha: alpha + rho * h, rho: h > 0.25 * hPrev ? rho * 10 : rho, l1 };
    hPrev = h;
  }
  const weights = denseWeights(theta, prob);
  const off = problemOffsets(prob);
  return {
    parents: dagFromWeights(weights, p, settings.structureThreshold),
    weights,
    intercept: theta.slice(off.c, off.c + p),
    logVar: theta.slice(off.tau, off.tau + p),
  };
}
