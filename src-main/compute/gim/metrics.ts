/**
 * Scores of a predicted interventional distribution against the observed one (issue 15; Schneider et al.,
 * ICML 2025, §6 report energy distance, mean error and target-recovery AUROC):
 * - energy distance (Székely & Rizzo 2013): 2E‖X−Y‖ − E‖X−X'‖ − E‖Y−Y'‖, Euclidean over genes, as the
 *   V-statistic (all pairs, i = j included) — non-negative and 0 only for identical samples; with small
 *   samples it carries a positive bias of order 1/n, equal for every method scored on the same cells;
 * - mean error: RMS over genes of (predicted mean − observed mean);
 * - AUROC of per-gene target scores against the true targets (Mann–Whitney, ties counted ½).
 * Samples are row-major cells × genes, as in GimData.
 */

/** Per-gene mean of n cells × p genes. */
export function sampleMean(samples: Float64Array, n: number, p: number): Float64Array {
  if (samples.length !== n * p) throw new RangeError(`expected ${n}×${p} values, got ${samples.length}`);
  if (n === 0) throw new RangeError('the mean of zero cells is undefined');
  const mean = new Float64Array(p);
  for (let r = 0; r < n; r++) for (let j = 0; j < p; j++) mean[j] = mean[j]! + samples[r * p + j]!;
  for (let j = 0; j < p; j++) mean[j] = mean[j]! / n;
  return mean;
}

/** Mean Euclidean distance over all pairs (row i of a, row k of b). */
function meanPairDistance(a: Float64Array, na: number, b: Float64Array, nb: number, p: number): number {
  let total = 0;
  for (let i = 0; i < na; i++) {
    const ai = i * p;
    for (let k = 0; k < nb; k++) {
      const bk = k * p;
      let d2 = 0;
      for (let j = 0; j < p; j++) {
        const d = a[ai + j]! - b[bk + j]!;
        d2 += d * d;
      }
      total += Math.sqrt(d2);
    }
  }
  return total / (na * nb);
}

/** Energy distance between samples x (n × p) and y (m × p). */
export function energyDistance(x: Float64Array, n: number, y: Float64Array, m: number, p: number): number {
  if (x.length !== n * p || y.length !== m * p) throw new RangeError('sample sizes do not match n·p and m·p');
  if (n === 0 || m === 0) throw new RangeError('energy distance needs at least one cell in each sample');
  const xy = meanPairDistance(x, n, y, m, p);
  const xx = meanPairDistance(x, n, x, n, p);
  const yy = meanPairDistance(y, m, y, m, p);
  return Math.max(0, 2 * xy - xx - yy);
}

/** RMS over genes of predicted minus observed mean, the observed mean taken over the m × p cells. */
export function meanError(predictedMean: Float64Array, observed: Float64Array, m: number): number {
  const p = predictedMean.length;
  const mu = sampleMean(observed, m, p);
  let s = 0;
  for (let j = 0; j < p; j++) s += (predictedMean[j]! - mu[j]!) ** 2;
  return Math.sqrt(s / p);
}

/**
 * Area under the ROC curve of `scores` for the positives `isTarget`: the probability that a random
 * target scores above a random non-target, ties counting ½ (midranks). NaN when either class is empty.
 */
export function auroc(scores: ArrayLike<number>, isTarget: ArrayLike<boolean>): number {
  const n = scores.length;
  if (isTarget.length !== n) throw new RangeError('scores and labels differ in length');
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n;) {
    let k = i;
    while (k + 1 < n && scores[idx[k + 1]!] === scores[idx[i]!]) k++;
    const mid = (i + k) / 2 + 1; // ranks are 1-based
    for (let t = i; t <= k; t++) ranks[idx[t]!] = mid;
    i = k + 1;
  }
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < n; i++)
    if (isTarget[i]) {
      pos++;
      rankSum += ranks[i]!;
    }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Mean and sample standard deviation, ignoring NaN entries (NaN when none is left). */
export function meanSd(values: readonly number[]): { mean: number; sd: number; n: number } {
  const v = values.filter((x) => !Number.isNaN(x));
  if (v.length === 0) return { mean: Number.NaN, sd: Number.NaN, n: 0 };
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const sd = v.length > 1 ? Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (v.length - 1)) : 0;
  return { mean, sd, n: v.length };
}
