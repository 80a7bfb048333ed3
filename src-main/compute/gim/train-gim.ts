/**
 * Training a generative intervention model (GIM; Schneider, Lorch, Kilbertus, Schölkopf & Krause, ICML
 * 2025; docs/methods.md §7). A context's cells share one draw of the targets zⱼ ~ Bernoulli(πⱼ(φ)) and are
 * then x = Bx + c + z∘δ(φ) + ε. Every gene is observed, so given z the log-likelihood is a sum over genes
 * of each mechanism's term, and its expectation over the model's own target draws is exact in closed form:
 *   E_z log p(X_k | z) = Σⱼ [ℓⱼ(0) + πⱼ (ℓⱼ(δⱼ) − ℓⱼ(0))]
 * (no sampling or relaxation; our formulation, docs/methods.md §7.2 says why not the marginal). The
 * objective is its negative plus the negative log priors, per cell (MAP), minimised by Adam over one flat
 * parameter vector with analytic gradients (checked against central differences in the tests). Sufficient
 * statistics make an epoch's cost independent of the number of cells. With no DAG given, the graph is
 * learned jointly: a first phase over all arcs adds the NOTEARS augmented Lagrangian αh + ρh²/2 and an L1
 * penalty, then thresholds to a DAG, and the second phase trains on that DAG alone.
 */
import { CausewayError } from '#shared/lib/result.ts';
import { shiftDag } from '../design/target-shift/linear-scm.ts';
import { deriveSeed, SeededRng } from '../numeric/rng.ts';
import {
  initNet,
  netBackward,
  netForward,
  netLayout,
  netToWeights,
  netWeightPenalty,
} from './intervention-net.ts';
import type { NetLayout, NetWeights } from './intervention-net.ts';
import { acyclicity, dagFromWeights, gimStats, leastSquaresStart, type GimStats } from './scm-fit.ts';
import type { FitOptions, GimData } from './types.ts';

/** Training settings, all recorded in the model (defaults in DEFAULT_SETTINGS). */
export interface GimSettings {
  readonly hidden: number;
  readonly epochs: number;
  readonly learningRate: number;
  /**
   * Sparsity of targets: λ·Σⱼ πⱼ per context (nats), the expected number of targets priced at λ each: a
   * gene is worth targeting in a context when hitting it raises that context's log-likelihood by more
   * than λ.
   */
  readonly targetPenalty: number;
  /** SD of the Gaussian prior on shifts δ (in observational SDs). */
  readonly shiftPriorSd: number;
  /** Gaussian prior precision on the SCM weights, per cell. */
  readonly weightPrecision: number;
  /** Weight decay of the network (½λ‖W‖², per cell). */
  readonly netDecay: number;
  /** Joint structure learning when no DAG is given. */
  readonly structureRounds: number;
  readonly structureEpochs: number;
  readonly structureL1: number;
  readonly structureThreshold: number;
  /**
   * Fraction of all epochs over which the target penalty ramps up from 0: with it in force from the start,
   * π falls before δ has learned what a hit looks like, and since δ learns only through π, it never does.
   */
  readonly warmup: number;
}

export const DEFAULT_SETTINGS: GimSettings = {
  hidden: 32,
  epochs: 1500,
  learningRate: 0.03,
  targetPenalty: 3,
  shiftPriorSd: 5,
  weightPrecision: 0.01,
  netDecay: 1e-3,
  structureRounds: 8,
  structureEpochs: 300,
  structureL1: 0.05,
  structureThreshold: 0.2,
  warmup: 0.1,
};

export interface GimTrainOptions extends FitOptions, Partial<GimSettings> {
  /** Parent lists by gene index (a DAG, e.g. from a discovery run); omitted → learned jointly. */
  readonly parents?: readonly (readonly number[])[];
}

export interface GimModel {
  readonly genes: readonly string[];
  readonly featureNames: readonly string[];
  /** Observational mean and SD per gene: the model works on (x − center)/scale. */
  readonly center: readonly number[];
  readonly scale: readonly number[];
  readonly dagSource: 'given' | 'learned';
  readonly parents: readonly (readonly number[])[];
  /** weights[i][k]: weight of parents[i][k] in gene i's mechanism (standardised units). */
  readonly weights: readonly (readonly number[])[];
  readonly intercept: readonly number[];
  readonly logVar: readonly number[];
  readonly net: NetWeights;
  readonly seed: number;
  readonly settings: GimSettings;
  readonly trainingContexts: readonly string[];
  /** Objective per epoch (negative log posterior per cell). */
  readonly lossCurve: readonly number[];
  readonly finalLoss: number;
}

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
  /** NOTEARS augmented Lagrangian terms (joint structure phase only). */
  readonly lagrangian?: { readonly alpha: number; readonly rho: number; readonly l1: number };
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

/** Objective (negative log posterior per cell, plus the Lagrangian terms) and, when given, its gradient. */
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
  const edgeIndex: number[][] = Array.from({ length: p }, () => []);
  for (let e = 0; e < nE; e++) {
    parents[prob.edgeTo[e]!]!.push(prob.edgeFrom[e]!);
    edgeIndex[prob.edgeTo[e]!]!.push(e);
  }
  // u[k·p + i] = m_ki − b_iᵀ m_k: mean residual of gene i's mechanism in context k (before c and shift).
  const u = new Float64Array(K * p);
  for (let k = 0; k < K; k++)
    for (let i = 0; i < p; i++) {
      let v = means[k * p + i]!;
      for (const j of parents[i]!) v -= B[i * p + j]! * means[k * p + j]!;
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
      for (const l of parents[i]!) tb += total[j * p + l]! * B[i * p + l]!;
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
      const w = pi;
      const dEll = pi * (1 - pi) * (D - lambdaPi);
      logPrior += -lambdaPi * pi - 0.5 * shiftPrec * delta * delta;
      const dDelta = -w * nk * inv * (delta - r) - shiftPrec * delta;
      dU[k * p + i] = dU[k * p + i]! + w * nk * inv * delta;
      g[off.c + i] = g[off.c + i]! - w * nk * inv * delta; // ∂D/∂c = −n δ/σ²
      g[off.tau + i] = g[off.tau + i]! - w * D; // ∂D/∂τ = −D
      gOut[i] = -dEll / N;
      gOut[p + i] = -dDelta / N;
    }
    netBackward(theta, prob.net, phi, pass, gOut, g);
  }
  // Back through u = m − b·m: ∂/∂b_ij = −Σ_k dU_ki m_kj.
  for (let i = 0; i < p; i++)
    for (const j of parents[i]!) {
      let sum = 0;
      for (let k = 0; k < K; k++) sum += dU[k * p + i]! * means[k * p + j]!;
      gB[i * p + j] = gB[i * p + j]! - sum;
    }
  for (let k = off.c; k < off.net; k++) g[k] = -g[k]! / N;
  let loss = -(logLik + logPrior) / N;
  // Per-cell penalties on B: Gaussian prior, and in the structure phase L1 and the Lagrangian.
  const l1 = prob.lagrangian?.l1 ?? 0;
  for (let e = 0; e < nE; e++) {
    const i = prob.edgeTo[e]!;
    const j = prob.edgeFrom[e]!;
    const b = theta[e]!;
    loss += 0.5 * s.weightPrecision * b * b + l1 * Math.abs(b);
    g[e] = -gB[i * p + j]! / N + s.weightPrecision * b + l1 * Math.sign(b);
  }
  loss += netWeightPenalty(theta, prob.net, s.netDecay, g);
  if (prob.lagrangian) {
    const { h, grad: gh } = acyclicity(B, p);
    const { alpha, rho } = prob.lagrangian;
    loss += alpha * h + 0.5 * rho * h * h;
    const scale = alpha + rho * h;
    for (let e = 0; e < nE; e++) g[e] = g[e]! + scale * gh[prob.edgeTo[e]! * p + prob.edgeFrom[e]!]!;
  }
  return loss;
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

function checkParents(parents: readonly (readonly number[])[], p: number): void {
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

/** Settings from the options (defaults for what is not given), each checked against its range. */
export function resolveSettings(options: Partial<GimSettings>): GimSettings {
  const out: Record<string, number> = {};
  for (const [key, fallback] of Object.entries(DEFAULT_SETTINGS)) {
    const v = (options as Record<string, unknown>)[key] ?? fallback;
    const integer = ['hidden', 'epochs', 'structureRounds', 'structureEpochs'].includes(key);
    const ok =
      typeof v === 'number' && Number.isFinite(v) && (integer ? Number.isInteger(v) && v >= 1 : v >= 0);
    if (
      !ok ||
      (key === 'learningRate' && v === 0) ||
      (key === 'shiftPriorSd' && v === 0) ||
      (key === 'warmup' && v > 1)
    )
      throw new CausewayError(
        'E_INVALID_INPUT',
        `GIM setting ${key} must be ${integer ? 'a whole number ≥ 1' : 'a positive number'}; got ${String(v)}.`,
      );
    out[key] = v;
  }
  return out as unknown as GimSettings;
}

/** Adam (Kingma & Ba 2015) over a flat vector; `step` runs one epoch and returns the loss. */
function adam(
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

function arcsOf(parents: readonly (readonly number[])[]): { from: Int32Array; to: Int32Array } {
  const from: number[] = [];
  const to: number[] = [];
  parents.forEach((ps, i) => ps.forEach((j) => (from.push(j), to.push(i))));
  return { from: Int32Array.from(from), to: Int32Array.from(to) };
}

/** Trains a GIM; deterministic given the data and options (the seed drives the network's initialisation). */
export function trainGim(data: GimData, options: GimTrainOptions): GimModel {
  checkGimData(data);
  const settings = resolveSettings(options);
  const p = data.genes.length;
  const stats = gimStats(data);
  const features = data.contexts.map((c) => c.features);
  const learn = options.parents === undefined;
  if (!learn) checkParents(options.parents!, p);
  const structureEpochs = learn ? settings.structureRounds * settings.structureEpochs : 0;
  const totalEpochs = structureEpochs + settings.epochs;
  const lossCurve: number[] = [];
  const tick = (loss: number): void => {
    lossCurve.push(loss);
    options.onProgress?.({ epoch: lossCurve.length, epochs: totalEpochs, loss });
  };
  const rampEpochs = settings.warmup * totalEpochs;
  /** One epoch's objective: cancellation checked, the target penalty ramped by the epoch about to run. */
  const epoch = (theta: Float64Array, prob: GimProblem) => (grad: Float64Array) => {
    if (options.signal?.aborted) throw new CausewayError('E_CANCELLED', 'GIM training was cancelled.');
    const targetScale = rampEpochs > 0 ? Math.min(1, (lossCurve.length + 1) / rampEpochs) : 1;
    return gimObjective(theta, { ...prob, targetScale }, grad);
  };
  const rng = new SeededRng(deriveSeed(options.seed, 0x61d));
  const netInit = new Float64Array(netLayout(data.featureNames.length, settings.hidden, p).size);
  initNet(netInit, netLayout(data.featureNames.length, settings.hidden, p), rng, 0);

  const build = (
    parents: readonly (readonly number[])[],
    lagrangian?: GimProblem['lagrangian'],
  ): GimProblem => {
    const arcs = arcsOf(parents);
    const net = netLayout(data.featureNames.length, settings.hidden, p, arcs.from.length + 2 * p);
    return { stats, features, edgeFrom: arcs.from, edgeTo: arcs.to, net, settings, lagrangian };
  };

  let parents: readonly (readonly number[])[];
  let start: { weights: Float64Array; intercept: Float64Array; logVar: Float64Array };
  if (learn) {
    const all = Array.from({ length: p }, (_, i) =>
      Array.from({ length: p }, (_, j) => j).filter((j) => j !== i),
    );
    let prob = build(all, { alpha: 0, rho: 1, l1: settings.structureL1 });
    const theta = new Float64Array(problemOffsets(prob).net + prob.net.size);
    theta.set(netInit, problemOffsets(prob).net);
    let hPrev = Infinity;
    const B = new Float64Array(p * p);
    const denseB = (): Float64Array => {
      prob.edgeFrom.forEach((j, e) => (B[prob.edgeTo[e]! * p + j] = theta[e]!));
      return B;
    };
    for (let round = 0; round < settings.structureRounds; round++) {
      adam(theta, settings.structureEpochs, settings.learningRate, epoch(theta, prob), tick);
      const h = acyclicity(denseB(), p).h;
      const { alpha, rho, l1 } = prob.lagrangian!;
      prob = { ...prob, lagrangian: { alpha: alpha + rho * h, rho: h > 0.25 * hPrev ? rho * 10 : rho, l1 } };
      hPrev = h;
    }
    parents = dagFromWeights(denseB(), p, settings.structureThreshold);
    const off = problemOffsets(prob);
    start = {
      weights: Float64Array.from(denseB()),
      intercept: theta.slice(off.c, off.c + p),
      logVar: theta.slice(off.tau, off.tau + p),
    };
    netInit.set(theta.subarray(off.net, off.net + prob.net.size));
  } else {
    parents = options.parents!.map((ps) => [...ps].sort((a, b) => a - b));
    start = leastSquaresStart(stats, parents);
  }

  const prob = build(parents);
  const off = problemOffsets(prob);
  const theta = new Float64Array(off.net + prob.net.size);
  prob.edgeFrom.forEach((j, e) => (theta[e] = start.weights[prob.edgeTo[e]! * p + j]!));
  theta.set(start.intercept, off.c);
  theta.set(start.logVar, off.tau);
  theta.set(netInit, off.net);
  adam(theta, settings.epochs, settings.learningRate, epoch(theta, prob), tick);
  let e = 0;
  const weights = parents.map((ps) => ps.map(() => theta[e++]!));
  return {
    genes: [...data.genes],
    featureNames: [...data.featureNames],
    center: Array.from(stats.center),
    scale: Array.from(stats.scale),
    dagSource: learn ? 'learned' : 'given',
    parents: parents.map((ps) => [...ps]),
    weights,
    intercept: Array.from(theta.subarray(off.c, off.c + p)),
    logVar: Array.from(theta.subarray(off.tau, off.tau + p)),
    net: netToWeights(theta, { ...prob.net }),
    seed: options.seed,
    settings,
    trainingContexts: data.contexts.map((c) => c.name),
    lossCurve,
    finalLoss: gimObjective(theta, prob),
  };
}
