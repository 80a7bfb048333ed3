/**
 * The nearest-context baseline of the GIM benchmark (issue 15): a new perturbation behaves like the
 * training context closest to it in standardised feature space (each feature centred and scaled by the
 * training contexts' sd, so dose and descriptors weigh alike); its cells are the prediction. Ties go to the
 * earlier context. Has no notion of targets.
 */
import type { FitPredictor, PerturbationPredictor } from '../types.ts';
import { checkGimData, contextMeans, featureScaler, idwNeighbours, resampleRows } from './shared.ts';

export const fitNearest: FitPredictor = (data) => {
  checkGimData(data, 'nearest');
  const p = data.genes.length;
  const scaler = featureScaler(data);
  const points = data.contexts.map((c) => scaler.apply(c.features));
  const means = contextMeans(data);
  const nearest = (features: Float64Array): number =>
    idwNeighbours(points, scaler.apply(features), 1)[0]!.index;
  const predictor: PerturbationPredictor = {
    method: 'nearest',
    predictMean: (features) => means[nearest(features)]!.slice(),
    sample: (features, n, rng) => {
      const c = data.contexts[nearest(features)]!;
      return resampleRows(c.samples, c.n, p, n, rng);
    },
    targetScores: () => null,
  };
  return predictor;
};
