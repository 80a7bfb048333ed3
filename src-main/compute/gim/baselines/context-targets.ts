/**
 * Per-context intervention estimation interpolated in φ (the "causal inference" baseline of Schneider et
 * al., ICML 2025, §6): learn each training context's targets on its own, then predict a new φ from the
 * nearest training contexts.
 * 1. UT-IGSP (Squires, Wang & Uhler, UAI 2020; compute/causal/gsp/utigsp.ts) on the observational cells
 *    plus every context as an interventional setting with unknown targets → a DAG and learned targets T_k.
 * 2. A linear-Gaussian SCM on that DAG, fitted by least squares on the observational cells (weights B,
 *    intercepts c, residual variances).
 * 3. Per context the shift that explains its mean, a_k = (I − B) μ_k − c, kept on T_k only (zero off it).
 * 4. For a new φ: inverse-distance weighting (power 2) of the `neighbours` nearest contexts in standardised
 *    feature space: a(φ) = Σ w_k a_k; mean (I − B)⁻¹(a + c); cells sampled from the SCM under a; the
 *    target score of gene j is Σ w_k [j ∈ T_k].
 * Our choices (the paper does not fix them): the interpolation (IDW over 3 neighbours), α = 1e-3 for the
 * CI and invariance tests, and the shift estimated from the means rather than per-setting refits.
 */
import type { CorrelationStatistic } from '../../causal/ci-tests/gaussian-ci.ts';
import { isDirected } from '../../causal/graph/pdag.ts';
import {
  GaussianInvarianceTester,
  settingStatistic,
} from '../../causal/invariance-tests/gaussian-invariance.ts';
import { utigsp } from '../../causal/gsp/utigsp.ts';
import { correlationFromScatter } from '../../numeric/covariance.ts';
import { solveSpd } from '../../numeric/cholesky.ts';
import type { DenseMatrix } from '../../numeric/matrix.ts';
import {
  interventionalMean,
  optimalShift,
  sampleShifted,
  shiftDag,
  type LinearScm,
} from '../../design/target-shift/linear-scm.ts';
import type { FitOptions, FitPredictor, GimData, PerturbationPredictor } from '../types.ts';
import { checkGimData, contextMeans, featureScaler, idwNeighbours } from './shared.ts';

export interface ContextTargetsOptions {
  readonly alpha?: number;
  readonly alphaInvariance?: number;
  readonly neighbours?: number;
  /** UT-IGSP restarts (start orders searched). */
  readonly nruns?: number;
}

/** Row-major cells × genes → the column-major DenseMatrix of the causal module. */
function toDense(samples: Float64Array, n: number, p: number): DenseMatrix {
  const data = new Float64Array(n * p);
  for (let r = 0; r < n; r++) for (let j = 0; j < p; j++) data[j * n + r] = samples[r * p + j]!;
  return { rows: n, cols: p, data };
}

/** Least-squares linear SCM on a DAG from observational cells (row-major n × p). */
export function fitLinearScm(parents: number[][], samples: Float64Array, n: number, p: number): LinearScm {
  const dag = shiftDag(parents);
  const weights = new Float64Array(p * p);
  const noiseMean = new Float64Array(p);
  const noiseVar = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    const pa = dag.parents[i]!;
    const q = pa.length + 1; // intercept first
    const gram = new Float64Array(q * q);
    const rhs = new Float64Array(q);
    const row = new Float64Array(q);
    for (let r = 0; r < n; r++) {
      row[0] = 1;
      pa.forEach((j, t) => (row[t + 1] = samples[r * p + j]!));
      const y = samples[r * p + i]!;
      for (let a = 0; a < q; a++) {
        rhs[a] = rhs[a]! + row[a]! * y;
        for (let b = 0; b < q; b++) gram[a * q + b] = gram[a * q + b]! + row[a]! * row[b]!;
      }
    }
    const beta = solveSpd(gram, q, rhs);
    noiseMean[i] = beta[0]!;
    pa.forEach((j, t) => (weights[i * p + j] = beta[t + 1]!));
    let rss = 0;
    for (let r = 0; r < n; r++) {
      let e = samples[r * p + i]! - beta[0]!;
      pa.forEach((j, t) => (e -= beta[t + 1]! * samples[r * p + j]!));
      rss += e * e;
    }
    noiseVar[i] = Math.max(1e-8, rss / Math.max(1, n - q));
  }
  return { dag, weights, noiseMean, noiseVar };
}

export function fitContextTargetsWith(opts: ContextTargetsOptions = {}): FitPredictor {
  return (data: GimData, options: FitOptions): PerturbationPredictor => {
    checkGimData(data, 'context-targets');
    const p = data.genes.length;
    const obs = settingStatistic(toDense(data.observational.samples, data.observational.n, p));
    const stat: CorrelationStatistic = {
      correlation: correlationFromScatter(obs.scatter, p),
      p,
      n: data.observational.n,
    };
    const inv = new GaussianInvarianceTester(
      p,
      obs,
      data.contexts.map((c) => settingStatistic(toDense(c.samples, c.n, p))),
    );
    const alpha = opts.alpha ?? 1e-3;
    const result = utigsp(stat, inv, {
      alpha,
      alphaInvariance: opts.alphaInvariance ?? 1e-3,
      seed: options.seed,
      nruns: opts.nruns ?? 3,
      depth: 4,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const parents = Array.from({ length: p }, (_, i) => {
      const pa: number[] = [];
      for (let j = 0; j < p; j++) if (isDirected(result.dag, j, i)) pa.push(j);
      return pa;
    });
    const scm = fitLinearScm(parents, data.observational.samples, data.observational.n, p);
    const means = contextMeans(data);
    const shifts = means.map((mu, k) => {
      const full = optimalShift(scm, mu);
      const keep = new Set(result.learnedTargets[k]);
      return Float64Array.from(full, (a, j) => (keep.has(j) ? a : 0));
    });
    const scaler = featureScaler(data);
    const points = data.contexts.map((c) => scaler.apply(c.features));
    const k = opts.neighbours ?? 3;
    options.onProgress?.({ epoch: 1, epochs: 1, loss: result.arcCount + result.variants });

    const interpolate = (features: Float64Array): { shift: Float64Array; scores: Float64Array } => {
      const shift = new Float64Array(p);
      const scores = new Float64Array(p);
      for (const { index, weight } of idwNeighbours(points, scaler.apply(features), k)) {
        for (let j = 0; j < p; j++) shift[j] = shift[j]! + weight * shifts[index]![j]!;
        for (const j of result.learnedTargets[index]!) scores[j] = scores[j]! + weight;
      }
      return { shift, scores };
    };
    return {
      method: 'context-targets',
      predictMean: (features) => interventionalMean(scm, interpolate(features).shift),
      sample: (features, n, rng) => sampleShifted(scm, interpolate(features).shift, n, rng),
      targetScores: (features) => interpolate(features).scores,
    };
  };
}

export const fitContextTargets: FitPredictor = fitContextTargetsWith();
