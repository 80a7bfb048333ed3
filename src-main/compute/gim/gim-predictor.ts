/**
 * Predictions of a trained GIM for a perturbation it has not seen (docs/methods.md §7.3). For features φ
 * the network gives target probabilities π(φ) and shifts δ(φ); the predicted population mean is exact for
 * the linear SCM, μ = (I − B)⁻¹(c + π∘δ). `sample` draws from the predictive distribution of a cell,
 * Σ_z p(z | φ) p(x | z), the targets drawn per cell: a measured population shares one draw, but for an unseen
 * φ which one is unknown, and committing to a single guess predicted the held-out distributions worse
 * (docs/methods.md §7.3); `samplePopulation` draws them once for all cells. Intervals come from many draws:
 * the 90% range of the population's mean shift over target draws (what the model is unsure of: which genes
 * get hit) and of single cells (that plus cell noise). Parameter uncertainty of the MAP fit is not included.
 */
import { deriveSeed, SeededRng } from '../numeric/rng.ts';
import { sampleShifted, shiftDag, solveMean, type LinearScm } from '../design/target-shift/linear-scm.ts';
import { encodeFeatures, type FeatureEncoding, type FeatureValue } from './features.ts';
import { netForward, netFromWeights } from './intervention-net.ts';
import { trainGim, type GimModel, type GimTrainOptions } from './train-gim.ts';
import type { FitPredictor, PerturbationPredictor } from './types.ts';

export interface GimPathEdge {
  readonly from: string;
  readonly to: string;
  /** Weight of the arc in standardised units (SDs of `to` per SD of `from`). */
  readonly weight: number;
}

/** How one likely target's shift travels through the network. */
export interface GimPath {
  readonly target: string;
  readonly probability: number;
  /** Shift of the target's mechanism if hit (data units). */
  readonly shift: number;
  /** Arcs downstream of the target, breadth first (at most MAX_PATH_EDGES). */
  readonly edges: readonly GimPathEdge[];
  /** Expected change in mean (π·δ propagated, data units) of the target and every gene downstream of it. */
  readonly effects: readonly { readonly gene: string; readonly shift: number }[];
}

export interface GimPrediction {
  readonly genes: readonly string[];
  /** Predicted population mean (data units). */
  readonly mean: Float64Array;
  /** Mean minus the model's observational mean (data units). */
  readonly shift: Float64Array;
  /** 90% range of the population mean shift over target draws. */
  readonly shiftLow: Float64Array;
  readonly shiftHigh: Float64Array;
  /** 90% range of single cells (data units). */
  readonly cellLow: Float64Array;
  readonly cellHigh: Float64Array;
  /**
   * Covariance of a predicted cell (data units, genes × genes row-major): exact for the predictive
   * distribution of `sample`, M (diag σ² + diag π(1 − π)δ²) Mᵀ with M = (I − B)⁻¹.
   */
  readonly covariance: Float64Array;
  readonly targetProbability: Float64Array;
  /** Shift of each gene's mechanism if it is hit (data units). */
  readonly shiftIfTargeted: Float64Array;
  readonly paths: readonly GimPath[];
}

export interface GimPredictor extends PerturbationPredictor {
  readonly model: GimModel;
  /** One plausible population: the targets drawn once for all n cells (as in training). */
  samplePopulation(features: Float64Array, n: number, rng: SeededRng): Float64Array;
  predict(features: Float64Array): GimPrediction;
}

const MAX_PATH_TARGETS = 5;
const MAX_PATH_EDGES = 60;
const INTERVAL_DRAWS = 2000;

function quantile(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

export function gimPredictor(model: GimModel): GimPredictor {
  const p = model.genes.length;
  const dag = shiftDag(model.parents);
  const weights = new Float64Array(p * p);
  model.parents.forEach((ps, i) => ps.forEach((j, k) => (weights[i * p + j] = model.weights[i]![k]!)));
  const scm: LinearScm = {
    dag,
    weights,
    noiseMean: Float64Array.from(model.intercept),
    noiseVar: Float64Array.from(model.logVar, Math.exp),
  };
  const { theta, layout } = netFromWeights(model.net, p);
  const center = Float64Array.from(model.center);
  const scale = Float64Array.from(model.scale);
  const children: number[][] = Array.from({ length: p }, () => []);
  model.parents.forEach((ps, i) => ps.forEach((j) => children[j]!.push(i)));
  const obsMean = solveMean(dag, weights, scm.noiseMean);

  const intervention = (phi: Float64Array): { pi: Float64Array; delta: Float64Array } => {
    if (phi.length !== layout.inputs)
      throw new RangeError(`the model takes ${layout.inputs} encoded features; got ${phi.length}`);
    const out = netForward(theta, layout, phi).out;
    const pi = new Float64Array(p);
    const delta = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      pi[j] = 1 / (1 + Math.exp(-out[j]!));
      delta[j] = out[p + j]!;
    }
    return { pi, delta };
  };
  const toData = (standardised: Float64Array): Float64Array =>
    standardised.map((v, j) => center[j]! + scale[j]! * v);

  const predictMean = (phi: Float64Array): Float64Array => {
    const { pi, delta } = intervention(phi);
    return toData(
      solveMean(
        dag,
        weights,
        scm.noiseMean.map((c, j) => c + pi[j]! * delta[j]!),
      ),
    );
  };

  /** Cells under targets drawn per cell (`perCell`) or once for all of them. */
  const draw = (phi: Float64Array, n: number, rng: SeededRng, perCell: boolean): Float64Array => {
    const { pi, delta } = intervention(phi);
    const a = new Float64Array(p);
    const cells = new Float64Array(n * p);
    for (let r = 0; r < n; r++) {
      if (perCell || r === 0) for (let j = 0; j < p; j++) a[j] = rng.uniform() < pi[j]! ? delta[j]! : 0;
      cells.set(sampleShifted(scm, a, 1, rng), r * p);
    }
    for (let r = 0; r < n; r++)
      for (let j = 0; j < p; j++) cells[r * p + j] = center[j]! + scale[j]! * cells[r * p + j]!;
    return cells;
  };

  const paths = (pi: Float64Array, delta: Float64Array): GimPath[] => {
    const ranked = Array.from({ length: p }, (_, j) => j)
      .filter((j) => pi[j]! * Math.abs(delta[j]!) > 0)
      .sort((a, b) => pi[b]! - pi[a]! || Math.abs(delta[b]!) - Math.abs(delta[a]!) || a - b);
    const likely = ranked.filter((j) => pi[j]! >= 0.5);
    return (likely.length > 0 ? likely : ranked.slice(0, 3)).slice(0, MAX_PATH_TARGETS).map((t) => {
      const edges: GimPathEdge[] = [];
      const seen = new Uint8Array(p);
      seen[t] = 1;
      const queue = [t];
      for (let q = 0; q < queue.length; q++)
        for (const c of children[queue[q]!]!) {
          if (edges.length < MAX_PATH_EDGES)
            edges.push({
              from: model.genes[queue[q]!]!,
              to: model.genes[c]!,
              weight: weights[c * p + queue[q]!]!,
            });
          if (!seen[c]) {
            seen[c] = 1;
            queue.push(c);
          }
        }
      const unit = new Float64Array(p);
      unit[t] = pi[t]! * delta[t]!;
      const effect = solveMean(dag, weights, unit);
      return {
        target: model.genes[t]!,
        probability: pi[t]!,
        shift: delta[t]! * scale[t]!,
        edges,
        effects: queue.map((g) => ({ gene: model.genes[g]!, shift: effect[g]! * scale[g]! })),
      };
    });
  };

  // Columns of M = (I − B)⁻¹, row-major: mixing[i·p + j] = ∂xᵢ/∂εⱼ.
  const mixing = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    const unit = new Float64Array(p);
    unit[j] = 1;
    solveMean(dag, weights, unit).forEach((v, i) => (mixing[i * p + j] = v));
  }
  const covariance = (pi: Float64Array, delta: Float64Array): Float64Array => {
    // Independent sources per gene: noise plus the Bernoulli-gated shift, variance σ² + π(1 − π)δ².
    const source = Float64Array.from(scm.noiseVar, (v, j) => v + pi[j]! * (1 - pi[j]!) * delta[j]! ** 2);
    const cov = new Float64Array(p * p);
    for (let a = 0; a < p; a++)
      for (let b = 0; b <= a; b++) {
        let sum = 0;
        for (let j = 0; j < p; j++) sum += mixing[a * p + j]! * source[j]! * mixing[b * p + j]!;
        cov[a * p + b] = cov[b * p + a] = sum * scale[a]! * scale[b]!;
      }
    return cov;
  };

  const predict = (phi: Float64Array): GimPrediction => {
    const { pi, delta } = intervention(phi);
    const meanStd = solveMean(
      dag,
      weights,
      scm.noiseMean.map((c, j) => c + pi[j]! * delta[j]!),
    );
    // Intervals: a fixed stream, so a prediction is a pure function of the model and the features.
    const rng = new SeededRng(deriveSeed(model.seed, 0x1e7));
    const shifts = Array.from({ length: p }, () => new Float64Array(INTERVAL_DRAWS));
    const cells = Array.from({ length: p }, () => new Float64Array(INTERVAL_DRAWS));
    const a = new Float64Array(p);
    const noisy = new Float64Array(p);
    for (let d = 0; d < INTERVAL_DRAWS; d++) {
      for (let j = 0; j < p; j++) {
        a[j] = rng.uniform() < pi[j]! ? delta[j]! : 0;
        noisy[j] = scm.noiseMean[j]! + a[j]! + Math.sqrt(scm.noiseVar[j]!) * rng.normal();
      }
      const popShift = solveMean(dag, weights, a);
      const cell = solveMean(dag, weights, noisy);
      for (let j = 0; j < p; j++) {
        shifts[j]![d] = popShift[j]! * scale[j]!;
        cells[j]![d] = center[j]! + cell[j]! * scale[j]!;
      }
    }
    const q = (arrays: Float64Array[], at: number): Float64Array =>
      Float64Array.from(arrays, (v) => quantile(v.sort(), at));
    return {
      genes: model.genes,
      mean: toData(meanStd),
      shift: meanStd.map((v, j) => (v - obsMean[j]!) * scale[j]!),
      shiftLow: q(shifts, 0.05),
      shiftHigh: q(shifts, 0.95),
      cellLow: q(cells, 0.05),
      cellHigh: q(cells, 0.95),
      covariance: covariance(pi, delta),
      targetProbability: pi,
      shiftIfTargeted: delta.map((v, j) => v * scale[j]!),
      paths: paths(pi, delta),
    };
  };

  return {
    method: 'gim',
    model,
    predictMean,
    sample: (phi, n, rng) => draw(phi, n, rng, true),
    samplePopulation: (phi, n, rng) => draw(phi, n, rng, false),
    targetScores: (phi) => intervention(phi).pi,
    predict,
  };
}

/** A FitPredictor for the GIM with extra training options (a given DAG, settings). */
export function gimFitter(extra: Omit<GimTrainOptions, 'seed' | 'signal' | 'onProgress'> = {}): FitPredictor {
  return (data, options) => gimPredictor(trainGim(data, { ...extra, ...options }));
}

/** The GIM as the validation and the benchmark call every method: DAG learned jointly, default settings. */
export const fitGim: FitPredictor = gimFitter();

/** Prediction for a typed feature row (column → value), with the encoding's warnings (e.g. extrapolation). */
export function predictFeatureRow(
  predictor: GimPredictor,
  encoding: FeatureEncoding,
  row: Readonly<Record<string, FeatureValue>>,
): GimPrediction & { readonly warnings: readonly string[] } {
  const { features, warnings } = encodeFeatures(encoding, row);
  return { ...predictor.predict(features), warnings };
}
