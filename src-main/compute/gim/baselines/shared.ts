/**
 * Pieces every baseline of the GIM benchmark needs (issue 15): checking the training data, standardising
 * features over the training contexts, per-context means, resampling cells, and inverse-distance weights
 * over the nearest training contexts. One copy here so that the baselines differ only in their method.
 */
import type { SeededRng } from '../../numeric/rng.ts';
import { sampleMean } from '../metrics.ts';
import type { GimData } from '../types.ts';

/** Throws a clear error for data no predictor can be fitted on. */
export function checkGimData(data: GimData, method: string): void {
  const p = data.genes.length;
  const f = data.featureNames.length;
  if (p === 0) throw new RangeError(`${method}: the data have no genes`);
  if (data.observational.n === 0 || data.observational.samples.length !== data.observational.n * p)
    throw new RangeError(`${method}: needs observational cells (n × ${p} values)`);
  if (data.contexts.length === 0) throw new RangeError(`${method}: needs at least one perturbation context`);
  for (const c of data.contexts) {
    if (c.features.length !== f)
      throw new RangeError(`${method}: context "${c.name}" has ${c.features.length} features, expected ${f}`);
    if (c.n === 0 || c.samples.length !== c.n * p)
      throw new RangeError(`${method}: context "${c.name}" needs cells (n × ${p} values)`);
    for (const v of c.features)
      if (!Number.isFinite(v))
        throw new RangeError(`${method}: context "${c.name}" has a non-finite feature`);
  }
}

/** Per-feature centring and scaling by the training contexts' mean and sd (sd 0 → 1: a constant feature). */
export interface FeatureScaler {
  readonly mean: Float64Array;
  readonly sd: Float64Array;
  apply(features: Float64Array): Float64Array;
}

export function featureScaler(data: GimData): FeatureScaler {
  const f = data.featureNames.length;
  const k = data.contexts.length;
  const mean = new Float64Array(f);
  const sd = new Float64Array(f);
  for (const c of data.contexts) for (let i = 0; i < f; i++) mean[i] = mean[i]! + c.features[i]! / k;
  for (const c of data.contexts)
    for (let i = 0; i < f; i++) sd[i] = sd[i]! + (c.features[i]! - mean[i]!) ** 2 / k;
  for (let i = 0; i < f; i++) sd[i] = sd[i]! > 1e-12 ? Math.sqrt(sd[i]!) : 1;
  const apply = (x: Float64Array): Float64Array => {
    if (x.length !== f) throw new RangeError(`expected ${f} features, got ${x.length}`);
    return Float64Array.from(x, (v, i) => (v - mean[i]!) / sd[i]!);
  };
  return { mean, sd, apply };
}

export function contextMeans(data: GimData): Float64Array[] {
  const p = data.genes.length;
  return data.contexts.map((c) => sampleMean(c.samples, c.n, p));
}

export function observationalMean(data: GimData): Float64Array {
  return sampleMean(data.observational.samples, data.observational.n, data.genes.length);
}

/** n cells drawn with replacement from the rows of `pool` (m × p), each plus `offset` when given. */
export function resampleRows(
  pool: Float64Array,
  m: number,
  p: number,
  n: number,
  rng: SeededRng,
  offset?: Float64Array,
): Float64Array {
  const out = new Float64Array(n * p);
  for (let r = 0; r < n; r++) {
    const src = rng.integer(m) * p;
    for (let j = 0; j < p; j++) out[r * p + j] = pool[src + j]! + (offset ? offset[j]! : 0);
  }
  return out;
}

/** The observational cells minus their mean: the residuals that unstructured predictors add to a mean. */
export function observationalResiduals(data: GimData): Float64Array {
  const p = data.genes.length;
  const mu = observationalMean(data);
  return Float64Array.from(data.observational.samples, (v, i) => v - mu[i % p]!);
}

export function squaredDistance(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return s;
}

/**
 * Inverse-distance weights (Shepard 1968, power 2) over the `k` nearest of `points` to `x`: an exact
 * match takes all the weight. Returns indices and weights summing to 1.
 */
export function idwNeighbours(
  points: readonly Float64Array[],
  x: Float64Array,
  k: number,
): { index: number; weight: number }[] {
  const d = points.map((pt, index) => ({ index, d2: squaredDistance(pt, x) }));
  d.sort((a, b) => a.d2 - b.d2 || a.index - b.index);
  const near = d.slice(0, Math.max(1, Math.min(k, d.length)));
  if (near[0]!.d2 < 1e-18) return [{ index: near[0]!.index, weight: 1 }];
  const w = near.map((e) => 1 / e.d2);
  const total = w.reduce((s, v) => s + v, 0);
  return near.map((e, i) => ({ index: e.index, weight: w[i]! / total }));
}
