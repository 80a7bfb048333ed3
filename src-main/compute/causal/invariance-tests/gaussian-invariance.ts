/**
 * Gaussian invariance test: is the regression of x_i on x_S (with intercept) the same in the
 * observational data and in interventional setting k? As in the Uhler-lab `conditional_independence`
 * package's `gauss_invariance_test` (used by IGSP, Wang et al. 2017, and UT-IGSP, Squires et al. 2020):
 *  (a) residual variances: F = σ̂₀²/σ̂ₖ² ~ F(n₀−q, nₖ−q), two-sided;
 *  (b) coefficients (intercept + slopes, q = |S|+1): Δβᵀ(σ̂₀²G₀⁻¹ + σ̂ₖ²Gₖ⁻¹)⁻¹Δβ / q ~ F(q, n₀+nₖ−q),
 *      G = XᵀX of the design with intercept.
 * Invariance is rejected if either p-value < α/2; we report p = min(1, 2·min(p_a, p_b)) so that
 * "invariant" ⇔ p > α, the same convention as the CI tests. Works on per-setting means and scatter
 * matrices; results memoised by (node, setting, S).
 */
import { choleskySolveInPlace, invertSpd, regularisedCholesky } from '../../numeric/cholesky.ts';
import { columnMeans, scatterMatrix } from '../../numeric/covariance.ts';
import { fisherFCdf, fisherFSf } from '../../numeric/distributions.ts';
import { principalSubmatrix, type DenseMatrix } from '../../numeric/matrix.ts';

export interface SettingStatistic {
  readonly n: number;
  readonly means: Float64Array;
  /** Centred scatter matrix Σ(x−μ)(x−μ)ᵀ, p×p. */
  readonly scatter: Float64Array;
}

export function settingStatistic(x: DenseMatrix): SettingStatistic {
  const means = columnMeans(x);
  return { n: x.rows, means, scatter: scatterMatrix(x, means) };
}

interface Regression {
  /** [intercept, slopes…] */
  beta: Float64Array;
  residualVariance: number;
  /** (XᵀX)⁻¹ with the intercept column first, q×q. */
  gramInverse: Float64Array;
}

export class GaussianInvarianceTester {
  readonly p: number;
  private readonly observational: SettingStatistic;
  private readonly settings: readonly SettingStatistic[];
  private readonly cache = new Map<string, number>();
  /** Observational fits by (i, S): the same regression serves every setting k (Squires et al. 2020 test all k). */
  private readonly observationalFits = new Map<string, Regression>();
  testsRun = 0;

  constructor(p: number, observational: SettingStatistic, interventional: readonly SettingStatistic[]) {
    this.p = p;
    this.observational = observational;
    this.settings = interventional;
  }

  get settingCount(): number {
    return this.settings.length;
  }

  /** p-value of H0: x_i | x_S has the same linear-Gaussian law in the observational data and setting k. */
  pValue(i: number, k: number, cond: readonly number[]): number {
    const s = cond.length <= 1 ? cond : cond.slice().sort((a, b) => a - b);
    const fitKey = `${i}|${s.join(',')}`;
    const key = `${k}:${fitKey}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const pv = this.compute(i, k, s, fitKey);
    this.cache.set(key, pv);
    return pv;
  }

  isInvariant(i: number, k: number, cond: readonly number[], alpha: number): boolean {
    return !(this.pValue(i, k, cond) <= alpha);
  }

  private compute(i: number, k: number, cond: readonly number[], fitKey: string): number {
    const other = this.settings[k];
    if (other === undefined) throw new RangeError(`no interventional setting ${k}`);
    const q = cond.length + 1;
    if (this.observational.n <= q + 1 || other.n <= q + 1) return Number.NaN;
    this.testsRun++;
    let r0 = this.observationalFits.get(fitKey);
    if (!r0) {
      r0 = regress(this.observational, this.p, i, cond);
      this.observationalFits.set(fitKey, r0);
    }
    const r1 = regress(other, this.p, i, cond);
    const d0 = this.observational.n - q;
    const d1 = other.n - q;
    const f = r0.residualVariance / r1.residualVariance;
    const pVar = Number.isFinite(f) ? 2 * Math.min(fisherFCdf(f, d0, d1), fisherFSf(f, d0, d1)) : 0;
    // coefficient test
    const v = new Float64Array(q * q);
    for (let t = 0; t < q * q; t++) {
      v[t] = r0.residualVariance * r0.gramInverse[t]! + r1.residualVariance * r1.gramInverse[t]!;
    }
    const delta = new Float64Array(q);
    for (let t = 0; t < q; t++) delta[t] = r0.beta[t]! - r1.beta[t]!;
    const { factor } = regularisedCholesky(v, q);
    const w = choleskySolveInPlace(factor, q, Float64Array.from(delta));
    let stat = 0;
    for (let t = 0; t < q; t++) stat += delta[t]! * w[t]!;
    stat /= q;
    const pCoef = fisherFSf(stat, q, this.observational.n + other.n - q);
    return Math.min(1, 2 * Math.min(pVar, pCoef));
  }
}

function regress(st: SettingStatistic, p: number, i: number, cond: readonly number[]): Regression {
  const k = cond.length;
  const q = k + 1;
  const { n, means, scatter } = st;
  // Slopes from the centred normal equations, intercept from the means: stabler than raw moments.
  const mss = principalSubmatrix(scatter, p, cond, new Float64Array(k * k));
  const msi = new Float64Array(k);
  for (let b = 0; b < k; b++) msi[b] = scatter[cond[b]! * p + i]!;
  let slopes: Float64Array = new Float64Array(0);
  let rss = scatter[i * p + i]!;
  if (k > 0) {
    const { factor } = regularisedCholesky(mss, k);
    slopes = choleskySolveInPlace(factor, k, Float64Array.from(msi));
    for (let a = 0; a < k; a++) rss -= msi[a]! * slopes[a]!;
  }
  const beta = new Float64Array(q);
  let intercept = means[i]!;
  for (let a = 0; a < k; a++) {
    intercept -= means[cond[a]!]! * slopes[a]!;
    beta[a + 1] = slopes[a]!;
  }
  beta[0] = intercept;
  // Gram matrix with intercept: [[n, n μᵀ], [n μ, M + n μ μᵀ]]
  const g = new Float64Array(q * q);
  g[0] = n;
  for (let a = 0; a < k; a++) {
    const mu = means[cond[a]!]!;
    g[(a + 1) * q] = n * mu;
    g[a + 1] = n * mu;
    for (let b = 0; b < k; b++) g[(b + 1) * q + a + 1] = mss[b * k + a]! + n * mu * means[cond[b]!]!;
  }
  return {
    beta,
    residualVariance: Math.max(rss, 0) / (n - q),
    gramInverse: invertSpd(g, q).inverse,
  };
}
