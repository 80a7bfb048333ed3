/**
 * Accuracy of transported profiles against held-out truth (docs/methods.md §4.1; Radhakrishnan et al., PNAS
 * 2022): global Pearson r over all predicted entries, mean per-profile R², mean per-profile cosine, and the
 * same restricted to the top-100 changed genes of each held-out profile (largest |perturbed − control| in
 * the truth, the genes a perturbation moves and drug ranking depends on).
 *
 * R² is the squared Pearson correlation between predicted and observed profile, the convention of scGen
 * (Lotfollahi et al. 2019) and of SOURCE.md's Kang numbers (0.899 / 0.871), so those are reproducible here.
 * Entries where either value is not finite are skipped.
 */

export interface HeldOutProfile {
  readonly predicted: ArrayLike<number>;
  readonly truth: ArrayLike<number>;
  /** The target's control profile, to find the changed genes. */
  readonly control: ArrayLike<number>;
}

export interface MetricSet {
  readonly pearson: number;
  readonly r2: number;
  readonly cosine: number;
}

export interface TransportMetrics extends MetricSet {
  readonly top100: MetricSet;
  readonly nProfiles: number;
  readonly nGenes: number;
}

const TOP_CHANGED = 100;

/** Pearson correlation over indices where both are finite; NaN when undefined (constant input). */
export function pearsonFinite(a: ArrayLike<number>, b: ArrayLike<number>, idx?: ArrayLike<number>): number {
  const m = new Moments();
  const n = idx ? idx.length : a.length;
  for (let t = 0; t < n; t++) {
    const g = idx ? idx[t]! : t;
    m.add(a[g]!, b[g]!);
  }
  return m.pearson();
}

export function cosineFinite(a: ArrayLike<number>, b: ArrayLike<number>, idx?: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  const n = idx ? idx.length : a.length;
  for (let t = 0; t < n; t++) {
    const g = idx ? idx[t]! : t;
    const x = a[g]!;
    const y = b[g]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : Number.NaN;
}

/** Indices of the k genes with the largest |truth − control| (finite only), ties by gene index. */
export function topChangedGenes(
  truth: ArrayLike<number>,
  control: ArrayLike<number>,
  k = TOP_CHANGED,
): number[] {
  const idx: number[] = [];
  for (let g = 0; g < truth.length; g++) {
    if (Number.isFinite(truth[g]!) && Number.isFinite(control[g]!)) idx.push(g);
  }
  const change = (g: number): number => Math.abs(truth[g]! - control[g]!);
  idx.sort((x, y) => change(y) - change(x) || x - y);
  return idx.slice(0, k);
}

/** Streaming sums for a Pearson correlation (pairs with a non-finite member are skipped). */
class Moments {
  n = 0;
  sx = 0;
  sy = 0;
  sxx = 0;
  syy = 0;
  sxy = 0;
  add(x: number, y: number): void {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    this.n++;
    this.sx += x;
    this.sy += y;
    this.sxx += x * x;
    this.syy += y * y;
    this.sxy += x * y;
  }
  pearson(): number {
    if (this.n < 2) return Number.NaN;
    const cov = this.sxy - (this.sx * this.sy) / this.n;
    const vx = this.sxx - (this.sx * this.sx) / this.n;
    const vy = this.syy - (this.sy * this.sy) / this.n;
    return vx > 0 && vy > 0 ? cov / Math.sqrt(vx * vy) : Number.NaN;
  }
}

function metricSet(
  profiles: readonly HeldOutProfile[],
  genesOf: (p: HeldOutProfile) => ArrayLike<number> | undefined,
): MetricSet {
  const global = new Moments();
  let r2 = 0;
  let cos = 0;
  let nR2 = 0;
  let nCos = 0;
  for (const p of profiles) {
    const idx = genesOf(p);
    const n = idx ? idx.length : p.truth.length;
    for (let t = 0; t < n; t++) {
      const g = idx ? idx[t]! : t;
      global.add(p.predicted[g]!, p.truth[g]!);
    }
    const r = pearsonFinite(p.predicted, p.truth, idx);
    if (Number.isFinite(r)) {
      r2 += r * r;
      nR2++;
    }
    const c = cosineFinite(p.predicted, p.truth, idx);
    if (Number.isFinite(c)) {
      cos += c;
      nCos++;
    }
  }
  return {
    pearson: global.pearson(),
    r2: nR2 > 0 ? r2 / nR2 : Number.NaN,
    cosine: nCos > 0 ? cos / nCos : Number.NaN,
  };
}

export function transportMetrics(profiles: readonly HeldOutProfile[], top = TOP_CHANGED): TransportMetrics {
  const tops = new Map(profiles.map((p) => [p, topChangedGenes(p.truth, p.control, top)]));
  return {
    ...metricSet(profiles, () => undefined),
    top100: metricSet(profiles, (p) => tops.get(p)),
    nProfiles: profiles.length,
    nGenes: profiles[0]?.truth.length ?? 0,
  };
}
