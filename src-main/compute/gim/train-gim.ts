/**
 * Training a generative intervention model (GIM; Schneider, Lorch, Kilbertus, Schölkopf & Krause, ICML
 * 2025; docs/methods.md §7.2): MAP by full-batch Adam on the objective of gim-objective.ts, with the target
 * penalty ramped in over a warm-up. With no DAG given, a first phase learns the graph jointly
 * (learn-dag.ts) and the second trains on that DAG alone. The seed initialises the network and nothing
 * else, so a model is a pure function of the data, the settings and the seed.
 */
import { CausewayError } from '#shared/lib/result.ts';
import { deriveSeed, SeededRng } from '../numeric/rng.ts';
import { adam, gimObjective, gimProblem, problemOffsets, type GimProblem } from './gim-objective.ts';
import { initNet, netLayout, netToWeights, type NetWeights } from './intervention-net.ts';
import { learnDag } from './learn-dag.ts';
import { DEFAULT_SETTINGS, MAX_LEARNED_GENES, type GimSettings } from './gim-settings.ts';
import { checkGimData, checkParents, gimStats, leastSquaresStart } from './scm-fit.ts';
import type { FitOptions, GimData } from './types.ts';

export { DEFAULT_SETTINGS, MAX_LEARNED_GENES, type GimSettings } from './gim-settings.ts';

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

/** Trains a GIM; deterministic given the data and options (the seed drives the network's initialisation). */
export function trainGim(data: GimData, options: GimTrainOptions): GimModel {
  checkGimData(data);
  const settings = resolveSettings(options);
  const p = data.genes.length;
  const stats = gimStats(data);
  const features = data.contexts.map((c) => c.features);
  const learn = options.parents === undefined;
  if (!learn) checkParents(options.parents!, p);
  else if (p > MAX_LEARNED_GENES)
    throw new CausewayError(
      'E_INVALID_INPUT',
      `Learning the network jointly is limited to ${MAX_LEARNED_GENES} genes (its cost grows with the cube of the gene count); got ${p}. Choose fewer genes or give a discovery run's network.`,
    );
  const structureEpochs = learn ? settings.structureRounds * settings.structureEpochs : 0;
  const totalEpochs = structureEpochs + settings.epochs;
  const lossCurve: number[] = [];
  const tick = (loss: number): void => {
    lossCurve.push(loss);
    options.onProgress?.({ epoch: lossCurve.length, epochs: totalEpochs, loss });
  };
  const rampEpochs = settings.warmup * totalEpochs;
  /** Runs Adam for some epochs: cancellation checked, the target penalty ramped by the epoch about to run. */
  const optimise = (
    theta: Float64Array,
    prob: GimProblem,
    epochs: number,
    objective: (prob: GimProblem, grad: Float64Array) => number,
  ): void =>
    adam(
      theta,
      epochs,
      settings.learningRate,
      (grad) => {
        if (options.signal?.aborted) throw new CausewayError('E_CANCELLED', 'GIM training was cancelled.');
        const targetScale = rampEpochs > 0 ? Math.min(1, (lossCurve.length + 1) / rampEpochs) : 1;
        return objective({ ...prob, targetScale }, grad);
      },
      tick,
    );
  const rng = new SeededRng(deriveSeed(options.seed, 0x61d));
  const netInit = new Float64Array(netLayout(data.featureNames.length, settings.hidden, p).size);
  initNet(netInit, netLayout(data.featureNames.length, settings.hidden, p), rng, 0);

  let parents: readonly (readonly number[])[];
  let start: { weights: Float64Array; intercept: Float64Array; logVar: Float64Array };
  if (learn) {
    const all = Array.from({ length: p }, (_, i) =>
      Array.from({ length: p }, (_, j) => j).filter((j) => j !== i),
    );
    const prob = gimProblem(stats, features, all, settings);
    const off = problemOffsets(prob);
    const theta = new Float64Array(off.net + prob.net.size);
    theta.set(netInit, off.net);
    const learned = learnDag(theta, prob, settings, (objective) =>
      optimise(theta, prob, settings.structureEpochs, objective),
    );
    parents = learned.parents;
    start = learned;
    netInit.set(theta.subarray(off.net, off.net + prob.net.size));
  } else {
    parents = options.parents!.map((ps) => [...ps].sort((a, b) => a - b));
    start = leastSquaresStart(stats, parents);
  }

  const prob = gimProblem(stats, features, parents, settings);
  const off = problemOffsets(prob);
  const theta = new Float64Array(off.net + prob.net.size);
  prob.edgeFrom.forEach((j, e) => (theta[e] = start.weights[prob.edgeTo[e]! * p + j]!));
  theta.set(start.intercept, off.c);
  theta.set(start.logVar, off.tau);
  theta.set(netInit, off.net);
  optimise(theta, prob, settings.epochs, (pr, grad) => gimObjective(theta, pr, grad));
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
