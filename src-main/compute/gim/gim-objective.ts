/**
 * The objective a generative intervention model (GIM; Schneider, Lorch, Kilbertus, Schölkopf & Krause, ICML
 * 2025; docs/methods.md §7.2) is trained on, and the optimiser. A context's cells share one draw of the
 * targets zⱼ ~ Bernoulli(πⱼ(φ)) and are then x = Bx + c + z∘δ(φ) + ε. Every gene is observed, so given z the
 * log-likelihood is a sum over genes of each mechanism's term, and its expectation over the model's own
 * target draws is exact in closed form:
 *   E_z log p(X_k | z) = Σⱼ [ℓⱼ(0) + πⱼ (ℓⱼ(δⱼ) − ℓⱼ(0))]
 * (no sampling or relaxation; our formulation, docs/methods.md §7.2 says why not the marginal). The
 * objective is its negative plus the negative log priors, per cell (MAP), over one flat parameter vector
 * with analytic gradients (checked against central differences in the tests). Sufficient statistics make
 * an epoch's cost independent of the number of cells. The structure phase adds its penalties on top
 * (learn-dag.ts); the trainer is train-gim.ts.
 */
import { netBackward, netForward, netLayout, netWeightPenalty, type NetLayout } from './intervention-net.ts';
import type { GimStats } from './scm-fit.ts';
import type { GimSettings } from './gim-settings.ts';

/** The optimisation problem: data statistics, the arcs being fitted and the parameter layout. */
export interface GimProblem {
  readonly stats: GimStats;
  readonly features: readonly Float64Array[];
  /** Arcs (from → to), aligned with the first edgeFrom.length parameters. */
  readonly edgeFrom: Int32Array;
  readonly edgeTo: Int32Array;
  readonly net: NetLayout;
  readonly settings: GimSettings;
  /** Fraction of the target penalty in force (the warm-up ramps it from 0 to 1). */
  readonly targetScale?: number;
}

const LOG_2PI = Math.log(2 * Math.PI);
const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/** Offsets: edge weights, intercepts c, log-variances τ, then the network. */
export function problemOffsets(prob: Pick<GimProblem, 'edgeFrom' | 'stats'>): {
  c: number;
  tau: number;
  net: number;
} {
  const c = prob.edgeFrom.length;
  return { c, tau: c + prob.stats.p, net: c + 2 * prob.stats.p };
}

/** Objective (negative log posterior per cell) and, when given, its gradient. */
export function gimObjective(theta: Float64Array, prob: GimProblem, grad?: Float64Array): number {
  const { stats, settings: s } = prob;
  const { p, n, means, total, cells: N } = stats;
  const K = n.length;
  const off = problemOffsets(prob);
  const nE = prob.edgeFrom.length;
  const g = grad ?? new Float64Array(theta.length);
  g.fill(0);
  const B = new Float64Array(p * p);
  for (let e = 0; e < nE; e++) B[prob.edgeTo[e]! * p + prob.edgeFrom[e]!] = theta[e]!;
  const parents: number[][] = Array.from({ length: p }, () => []);
  for (let e = 0; e < nE; e++) parents[prob.edgeTo[e]!]!.push(prob.edgeFrom[e]!);
  // u[k·p + i] = m_ki − b_iᵀ m_k: mean residual of gene i's mechanism in context k (before c and shift).
  // With most arcs present (the structure phase) contiguous dense loops beat parent lists several-fold.
  const dense = nE * 4 > p * p;
  const u = new Float64Array(K * p);
  for (let k = 0; k < K; k++)
    for (let i = 0; i < p; i++) {
      let v = means[k * p + i]!;
      if (dense) for (let j = 0; j < p; j++) v -= B[i * p + j]! * means[k * p + j]!;
      else for (const j of parents[i]!) v -= B[i * p + j]! * means[k * p + j]!;
      u[k * p + i] = v;
    }
  const dU = new Float64Array(K * p); // ∂ log p / ∂u
  let logLik = 0;
  const gB = new Float64Array(p * p); // ∂ log p / ∂B on arcs
  for (let i = 0; i < p; i++) {
    const tau = theta[off.tau + i]!;
    const inv = Math.exp(-tau);
    const c = theta[off.c + i]!;
    // Σ_k n_k e_ki with e the mean squared residual x_i − b_iᵀx: quadratic in b_i over the pooled moments.
    let q = total[i * p + i]!;
    for (const j of parents[i]!) {
      let tb = 0;
      if (dense) for (let l = 0; l < p; l++) tb += total[j * p + l]! * B[i * p + l]!;
      else for (const l of parents[i]!) tb += total[j * p + l]! * B[i * p + l]!;
      q += B[i * p + j]! * (tb - 2 * total[j * p + i]!);
      gB[i * p + j] = -inv * (tb - total[j * p + i]!);
    }
    let U = 0;
    for (let k = 0; k < K; k++) {
      U += n[k]! * u[k * p + i]!;
      dU[k * p + i] = n[k]! * c * inv;
    }
    const q0 = q - 2 * c * U + N * c * c;
    logLik += -0.5 * N * (LOG_2PI + tau) - 0.5 * inv * q0;
    g[off.tau + i] = -0.5 * N + 0.5 * inv * q0; // ∂ log p, turned into −∂/N below
    g[off.c + i] = inv * (U - N * c);
  }
  const lambdaPi = s.targetPenalty * (prob.targetScale ?? 1);
  const shiftPrec = 1 / (s.shiftPriorSd * s.shiftPriorSd);
  let logPrior = 0;
  const gOut = new Float64Array(2 * p);
  for (let k = 1; k < K; k++) {
    const phi = prob.features[k - 1]!;
    const pass = netForward(theta, prob.net, phi);
    const nk = n[k]!;
    for (let i = 0; i < p; i++) {
      const ell = pass.out[i]!;
      const delta = pass.out[p + i]!;
      const inv = Math.exp(-theta[off.tau + i]!);
      const r = u[k * p + i]! - theta[off.c + i]!;
      const D = -0.5 * nk * inv * (delta * delta - 2 * delta * r);
      const pi = sigmoid(ell);
      // E_{z~Bern(π)} log p = ℓ₀ + π·D: the target's log-likelihood gain D, taken with probability π.
      logLik += pi * D;
      const dEll = pi * (1 - pi) * (D - lambdaPi);
      logPrior += -lambdaPi * pi - 0.5 * shiftPrec * delta * delta;
      const dDelta = -pi * nk * inv * (delta - r) - shiftPrec * delta;
      dU[k * p + i] = dU[k * p + i]! + pi * nk * inv * delta;
      g[off.c + i] = g[off.c + i]! - pi * nk * inv * delta; // ∂D/∂c = −n δ/σ²
      g[off.tau + i] = g[off.tau + i]! - pi * D; // ∂D/∂τ = −D
      gOut[i] = -dEll / N;
      gOut[p + i] = -dDelta / N;
    }
    netBackward(theta, prob.net, phi, pass, gOut, g);
  }
  // Back through u = m − b·m: ∂/∂b_ij = −Σ_k dU_ki m_kj.
  if (dense)
    for (let k = 0; k < K; k++)
      for (let i = 0; i < p; i++) {
        const d = dU[k * p + i]!;
        for (let j = 0; j < p; j++) gB[i * p + j] = gB[i * p + j]! - d * means[k * p + j]!;
      }
  else
    for (let i = 0; i < p; i++)
      for (const j of parents[i]!) {
        let sum = 0;
        for (let k = 0; k < K; k++) sum += dU[k * p + i]! * means[k * p + j]!;
        gB[i * p + j] = gB[i * p + j]! - sum;
      }
  for (let k = off.c; k < off.net; k++) g[k] = -g[k]! / N;
  let loss = -(logLik + logPrior) / N;
  // The Gaussian prior on B, per cell.
  for (let e = 0; e < nE; e++) {
    const i = prob.edgeTo[e]!;
    const j = prob.edgeFrom[e]!;
    const b = theta[e]!;
    loss += 0.5 * s.weightPrecision * b * b;
    g[e] = -gB[i * p + j]! / N + s.weightPrecision * b;
  }
  return loss + netWeightPenalty(theta, prob.net, s.netDecay, g);
}

/**
 * Adam (Kingma & Ba 2015) over a flat vector, full batch: `objective` fills the gradient at theta and returns
 * the loss, once per epoch.
 */
export function adam(
  theta: Float64Array,
  epochs: number,
  lr: number,
  objective: (grad: Float64Array) => number,
  onEpoch: (loss: number) => void,
): void {
  const m = new Float64Array(theta.length);
  const v = new Float64Array(theta.length);
  const grad = new Float64Array(theta.length);
  const b1 = 0.9;
  const b2 = 0.999;
  for (let t = 1; t <= epochs; t++) {
    const loss = objective(grad);
    const c1 = 1 - b1 ** t;
    const c2 = 1 - b2 ** t;
    for (let k = 0; k < theta.length; k++) {
      const gk = grad[k]!;
      m[k] = b1 * m[k]! + (1 - b1) * gk;
      v[k] = b2 * v[k]! + (1 - b2) * gk * gk;
      theta[k] = theta[k]! - (lr * (m[k]! / c1)) / (Math.sqrt(v[k]! / c2) + 1e-8);
    }
    onEpoch(loss);
  }
}

/**
 * The problem on a DAG (or, for the structure phase, on all arcs): the arcs in parent-list order are the
 * first parameters, then intercepts, log-variances and the network (`hidden` units over the features).
 */
export function gimProblem(
  stats: GimStats,
  features: readonly Float64Array[],
  parents: readonly (readonly number[])[],
  settings: GimSettings,
): GimProblem {
  const from: number[] = [];
  const to: number[] = [];
  parents.forEach((ps, i) => ps.forEach((j) => (from.push(j), to.push(i))));
  const net = netLayout(features[0]!.length, settings.hidden, stats.p, from.length + 2 * stats.p);
  return { stats, features, edgeFrom: Int32Array.from(from), edgeTo: Int32Array.from(to), net, settings };
}
