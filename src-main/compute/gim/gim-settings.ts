/**
 * The GIM's training settings and their defaults (docs/methods.md §7.2), apart from the trainer so the
 * objective and the structure phase can read them without importing the trainer.
 */
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

/**
 * The structure phase works on all p(p − 1) arcs and e^{B∘B} every epoch: about 25 s at 50 genes on one
 * core (docs/methods.md §7.6), growing as p³; beyond this, a DAG must be given.
 */
export const MAX_LEARNED_GENES = 100;
