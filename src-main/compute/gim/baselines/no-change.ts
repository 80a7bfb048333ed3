/**
 * The "no change" baseline of the GIM benchmark (Schneider et al., ICML 2025, §6): every perturbation is
 * predicted to leave the cells as they are — the observational distribution, whatever φ. The floor any
 * method that uses the features must beat.
 */
import type { FitPredictor, PerturbationPredictor } from '../types.ts';
import { checkGimData, observationalMean, resampleRows } from './shared.ts';

export const fitNoChange: FitPredictor = (data) => {
  checkGimData(data, 'no-change');
  const p = data.genes.length;
  const mean = observationalMean(data);
  const { samples, n: m } = data.observational;
  const predictor: PerturbationPredictor = {
    method: 'no-change',
    predictMean: () => mean.slice(),
    sample: (_features, n, rng) => resampleRows(samples, m, p, n, rng),
    targetScores: () => null,
  };
  return predictor;
};
