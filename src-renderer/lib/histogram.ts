// Histograms for per-gene statistics. Bin width by the Freedman–Diaconis rule
// (Freedman & Diaconis 1981, "On the histogram as a density estimator: L2 theory"):
//   h = 2 · IQR · n^(-1/3)
// which is robust to the heavy tails expression statistics have. Deviations: when the IQR is zero
// (e.g. most genes have no missing values) we fall back to Sturges' rule, and the bin count is capped
// so a few outliers cannot produce thousands of one-gene bins.

export interface Bin {
  x0: number;
  x1: number;
  count: number;
}

export interface Histogram {
  bins: Bin[];
  /** Values that were binned. */
  n: number;
  /** Values left out: null, NaN, infinite, or not representable on the chosen scale. */
  excluded: number;
  min: number;
  max: number;
  maxCount: number;
}

const DEFAULT_MAX_BINS = 60;

/** Quantile of sorted data by linear interpolation (type 7, R's default). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (h - lo) * (b - a);
}

/** Number of bins for sorted data: Freedman–Diaconis, Sturges when IQR is 0, within [1, maxBins]. */
export function freedmanDiaconisBinCount(sorted: ArrayLike<number>, maxBins = DEFAULT_MAX_BINS): number {
  const n = sorted.length;
  if (n < 2) return 1;
  const min = sorted[0] as number;
  const max = sorted[n - 1] as number;
  const range = max - min;
  if (!(range > 0)) return 1;
  const iqr = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
  let k: number;
  if (iqr > 0) {
    const h = (2 * iqr) / Math.cbrt(n);
    k = Math.ceil(range / h);
  } else {
    k = Math.ceil(Math.log2(n) + 1);
  }
  return Math.max(1, Math.min(maxBins, k));
}

export interface HistogramOptions {
  maxBins?: number;
  /** Bin log10 of the values (positive values only; others count as excluded). */
  log10?: boolean;
}

export function computeHistogram(
  values: ArrayLike<number | null>,
  { maxBins = DEFAULT_MAX_BINS, log10 = false }: HistogramOptions = {},
): Histogram {
  const kept = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const raw = values[i];
    if (raw === null || raw === undefined || !Number.isFinite(raw)) continue;
    if (log10) {
      if (raw <= 0) continue;
      kept[n++] = Math.log10(raw);
    } else {
      kept[n++] = raw;
    }
  }
  const excluded = values.length - n;
  if (n === 0) return { bins: [], n: 0, excluded, min: NaN, max: NaN, maxCount: 0 };

  const sorted = kept.subarray(0, n).sort();
  const min = sorted[0] as number;
  const max = sorted[n - 1] as number;
  const k = freedmanDiaconisBinCount(sorted, maxBins);

  // A degenerate range still gets one visible bin of unit width around the value.
  const lo = max > min ? min : min - 0.5;
  const hi = max > min ? max : max + 0.5;
  const width = (hi - lo) / k;
  const counts = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    const v = sorted[i] as number;
    // The top edge belongs to the last bin.
    const b = Math.min(k - 1, Math.floor((v - lo) / width));
    counts[b] = (counts[b] ?? 0) + 1;
  }
  const bins: Bin[] = counts.map((count, i) => ({
    x0: lo + i * width,
    x1: i === k - 1 ? hi : lo + (i + 1) * width,
    count,
  }));
  return { bins, n, excluded, min, max, maxCount: Math.max(...counts) };
}

/**
 * "Nice" axis ticks (1, 2, 5 × 10^k steps) covering [min, max] with about `target` ticks,
 * as in Heckbert, "Nice numbers for graph labels", Graphics Gems (1990).
 */
export function niceTicks(min: number, max: number, target = 5): { ticks: number[]; step: number } {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { ticks: [], step: 1 };
  if (max < min) [min, max] = [max, min];
  if (max === min) return { ticks: [min], step: 1 };
  const rough = (max - min) / Math.max(1, target);
  const mag = 10 ** Math.floor(Math.log10(rough));
  const norm = rough / mag;
  const step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
  // Each tick is an integer multiple of the step, rounded to the step's decimals: summing steps leaves
  // floating-point dust (-0.3 + 3 × 0.1 = 5.6e-17, drawn as a "-2.8e-17" tick instead of 0).
  const decimals = Math.max(0, Math.min(20, -Math.floor(Math.log10(step) + 1e-9)));
  const first = Math.ceil(min / step - 1e-9);
  const ticks: number[] = [];
  for (let k = first; k * step <= max + step * 1e-9 && ticks.length <= 50; k++)
    ticks.push(Number((k * step).toFixed(decimals)) + 0); // + 0 turns -0 into 0
  return { ticks, step };
}
