/**
 * Shared shapes of the perturbation-prediction module (generative intervention models, GIM; Schneider,
 * Lorch, Kilbertus, Schölkopf & Krause, ICML 2025; docs/methods.md §7). A perturbation context is one
 * drug at one dose (or one guide…): its features φ and the cells measured under it. Every predictor — the
 * GIM itself and the baselines it is compared with — answers the same three questions for a feature
 * vector it has not seen: the mean expression, samples from the predicted distribution, and (where the
 * method has the notion) how likely each gene is to be hit directly.
 */
import type { SeededRng } from '../numeric/rng.ts';

/** One perturbation context with its encoded features and its cells. */
export interface GimContext {
  readonly name: string;
  /** Encoded feature vector φ (features.ts), length = featureNames.length. */
  readonly features: Float64Array;
  /** Cells × genes, row-major (n × genes.length). */
  readonly samples: Float64Array;
  readonly n: number;
}

/** Observational cells plus perturbation contexts over one gene list. */
export interface GimData {
  readonly genes: readonly string[];
  /** Names of the encoded features (numeric columns, one-hot levels of categorical ones). */
  readonly featureNames: readonly string[];
  readonly observational: { readonly samples: Float64Array; readonly n: number };
  readonly contexts: readonly GimContext[];
}

/** A method that predicts a perturbation's interventional distribution from its features. */
export interface PerturbationPredictor {
  /** 'gim' | 'no-change' | 'mlp' | 'nearest' | 'context-targets' … */
  readonly method: string;
  /** Predicted mean expression per gene. */
  predictMean(features: Float64Array): Float64Array;
  /** n cells from the predicted distribution, row-major n × genes. */
  sample(features: Float64Array, n: number, rng: SeededRng): Float64Array;
  /** Per-gene score that the gene is targeted directly (higher = more likely); null when the method has none. */
  targetScores(features: Float64Array): Float64Array | null;
}

/** Progress of an iterative fit: one call per epoch (or per reported step). */
export interface FitProgress {
  readonly epoch: number;
  readonly epochs: number;
  /** Training objective (negative log posterior per cell, or the method's loss). */
  readonly loss: number;
}

export interface FitOptions {
  /** Every stochastic step draws from SeededRng streams derived from this seed. */
  readonly seed: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: FitProgress) => void;
}

/** Fits one method on training data; the validation and the benchmark call every method through this. */
export type FitPredictor = (data: GimData, options: FitOptions) => PerturbationPredictor;
