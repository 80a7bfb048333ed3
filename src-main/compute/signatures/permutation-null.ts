/**
 * Permutation nulls and their p-values.
 *
 * Two null models, as in CMap practice (docs/methods.md §3.4):
 *  - correlations (cosine, Pearson, Spearman): the disease signature's gene labels are permuted — K random
 *    permutations of the (reversed) query vector, each scored against every drug signature;
 *  - WTCS: random up/down gene sets of the same sizes as the real query, drawn without replacement from the
 *    shared genes (disjoint, as a real top-N / bottom-N query is).
 * The same K draws are applied to every signature. The null therefore depends only on the seed and the
 * aligned genes — not on batch sizes or signature order — and drug-level nulls can be formed by
 * aggregating the signatures' nulls draw by draw (aggregate.ts).
 */
import { SeededRng } from '../numeric/rng.ts';

/** K shuffled copies of `query`, row-major K × n. */
export function permutedQueries(query: Float64Array, k: number, rng: SeededRng): Float64Array {
  const n = query.length;
  const out = new Float64Array(k * n);
  for (let draw = 0; draw < k; draw++) {
    const row = out.subarray(draw * n, (draw + 1) * n);
    row.set(query);
    rng.shuffle(row);
  }
  return out;
}

/**
 * K random query pairs over genes [0, n): row-major K × (upSize + downSize); in each row the first `upSize`
 * entries are the up set and the rest the down set, all distinct.
 */
export function randomQuerySets(
  n: number,
  upSize: number,
  downSize: number,
  k: number,
  rng: SeededRng,
): Int32Array {
  const width = upSize + downSize;
  const out = new Int32Array(k * width);
  const scratch = new Int32Array(n);
  for (let draw = 0; draw < k; draw++)
    rng.sampleDistinct(width, n, out.subarray(draw * width, (draw + 1) * width), scratch);
  return out;
}

/**
 * One-sided permutation p-value for "at least as extreme as observed, in the reversal direction",
 * (1 + #{null ≥ observed}) / (K + 1): the observed labelling counts as one of the permutations, so the
 * p-value is never 0 (Phipson & Smyth, Stat Appl Genet Mol Biol 9:39, 2010).
 */
export function permutationPValue(exceedances: number, permutations: number): number {
  return (1 + exceedances) / (permutations + 1);
}

/**
 * Advance `rng` past the first `count` null draws of a ranking over n shared genes, consuming exactly what
 * permutedQueries (setWidth = null) or randomQuerySets (setWidth = up + down) would: each draw's RNG use
 * depends only on the lengths, not the values. A job split by permutation range (SLURM array tasks) then
 * draws permutations first … first+k−1 exactly as one run drawing all K would.
 */
export function skipDraws(rng: SeededRng, n: number, setWidth: number | null, count: number): void {
  const scratch = new Int32Array(n);
  const out = new Int32Array(setWidth ?? 0);
  for (let draw = 0; draw < count; draw++) {
    if (setWidth === null) rng.shuffle(scratch);
    else rng.sampleDistinct(setWidth, n, out, scratch);
  }
}

/** Count null draws ≥ observed for each row of a rows × K block into `out` (−1 for a NaN observation). */
export function exceedancesFromNulls(
  scores: Float64Array,
  nulls: Float32Array,
  rows: number,
  permutations: number,
  out: Int32Array,
  outOffset: number,
): void {
  for (let r = 0; r < rows; r++) {
    const observed = scores[r]!;
    if (Number.isNaN(observed)) {
      out[outOffset + r] = -1;
      continue;
    }
    // As in pValuesFromNulls: compare in float32, the nulls' precision.
    const threshold = Math.fround(observed);
    let count = 0;
    const base = r * permutations;
    for (let k = 0; k < permutations; k++) if (nulls[base + k]! >= threshold) count++;
    out[outOffset + r] = count;
  }
}

/** p-values from exceedance counts over K draws; −1 (a NaN observation) gives NaN. */
export function pValuesFromExceedances(counts: Int32Array, permutations: number): Float64Array {
  return Float64Array.from(counts, (c) => (c < 0 ? Number.NaN : permutationPValue(c, permutations)));
}

/** Count null draws ≥ observed for each row of a rows × K block; NaN observations give NaN p-values. */
export function pValuesFromNulls(
  scores: Float64Array,
  nulls: Float32Array,
  rows: number,
  permutations: number,
  out: Float64Array,
  outOffset: number,
): void {
  for (let r = 0; r < rows; r++) {
    const observed = scores[r]!;
    if (Number.isNaN(observed)) {
      out[outOffset + r] = Number.NaN;
      continue;
    }
    // Nulls are float32: compare against the observed score rounded the same way, so that a null draw
    // that reproduces the observed labelling counts as "≥" instead of falling a rounding error short.
    const threshold = Math.fround(observed);
    let count = 0;
    const base = r * permutations;
    for (let k = 0; k < permutations; k++) if (nulls[base + k]! >= threshold) count++;
    out[outOffset + r] = permutationPValue(count, permutations);
  }
}
