import { join } from 'node:path';
import { GIM_MODEL_FILES, type GimPrediction } from '#shared/contracts/gim.ts';
import { encodeFeatures } from '../../compute/gim/features.ts';
import { gimPredictor } from '../../compute/gim/gim-predictor.ts';
import { loadGimModelFile } from '../../compute/gim/model-file.ts';
import { writeFileAtomic } from '../../compute/io/atomic-write.ts';
import type { Task } from '../runtime.ts';

/** Genes listed as top targets: the most likely, at most this many. */
const TOP_TARGETS = 5;
/** The predictor's intervals (compute/gim/gim-predictor.ts): the central 90% over target draws. */
const INTERVAL_LEVEL = 0.9;

const round = (x: number): number => Number(x.toPrecision(7));

/**
 * gim.predict: loads the saved model (checked as hostile input by model-file.ts), encodes the typed
 * feature values with the model's own encoding and writes the prediction document: per gene the mean,
 * the shift vs the observational mean with its interval and the target probability; the top targets; the
 * path of the effect (arcs downstream of the likely targets); warnings for values outside the training
 * range and for feature names the model does not use.
 */
export const gimPredictTask: Task<'gim.predict'> = async (p, ctx) => {
  await ctx.progress('Reading the model', 0.1);
  const file = loadGimModelFile(join(p.modelDir, GIM_MODEL_FILES.model));
  const { features, warnings } = encodeFeatures(file.encoding, p.features);
  const known = new Set(file.encoding.columns.map((c) => c.name));
  const unused = Object.keys(p.features).filter((k) => !known.has(k));
  if (unused.length > 0)
    warnings.push(`The model does not use ${unused.map((k) => `"${k}"`).join(', ')}; ignored.`);
  await ctx.progress('Predicting', 0.4);
  const prediction = gimPredictor(file.model).predict(features);
  const genes = [...prediction.genes];
  const order = genes
    .map((_, j) => j)
    .sort((a, b) => prediction.targetProbability[b]! - prediction.targetProbability[a]! || a - b);
  const seen = new Set<string>();
  const paths = prediction.paths.flatMap((path) =>
    path.edges.flatMap((e) => {
      const key = `${e.from}\u0000${e.to}`;
      if (seen.has(key)) return [];
      seen.add(key);
      return [{ source: e.from, target: e.to, weight: round(e.weight) }];
    }),
  );
  const result: GimPrediction = {
    kind: 'gim.predict',
    modelId: p.modelId,
    name: p.name,
    features: p.features,
    genes,
    mean: Array.from(prediction.mean, round),
    observationalMean: genes.map((_, j) => round(prediction.mean[j]! - prediction.shift[j]!)),
    shift: Array.from(prediction.shift, round),
    shiftLow: Array.from(prediction.shiftLow, round),
    shiftHigh: Array.from(prediction.shiftHigh, round),
    intervalLevel: INTERVAL_LEVEL,
    targetProbability: Array.from(prediction.targetProbability, round),
    topTargets: order.slice(0, TOP_TARGETS).map((j) => ({
      gene: genes[j]!,
      probability: round(prediction.targetProbability[j]!),
      shift: round(prediction.shiftIfTargeted[j]!),
    })),
    paths,
    warnings,
    seed: p.seed,
    appVersion: p.appVersion,
    createdAt: new Date().toISOString(),
  };
  writeFileAtomic(p.resultPath, JSON.stringify(result));
  return { top: result.topTargets[0]?.gene ?? null, warnings: warnings.length };
};
