/**
 * Gaussian conditional-independence test: partial correlation with Fisher's z transform
 * (Fisher 1924; as in Kalisch & Bühlmann 2007 and causal-learn's `fisherz`).
 *
 * Works on the sufficient statistic only (correlation matrix C, sample size n):
 *   r(i,j|S) from the Schur complement C_{ij,ij} − C_{ij,S} C_SS⁻¹ C_{S,ij},
 *   z = √(n − |S| − 3) · |atanh r|,  p = 2(1 − Φ(z)),  "independent" iff p > α.
 *
 * Deviations from the references, on purpose:
 * - |S| is capped at n − 4 (so the z statistic has ≥ 1 degree of freedom). Beyond the cap the test
 *   cannot be run; we return p = NaN and by default report "dependent" (keep the edge), whereas the
 *   reference silently turns NaN into "independent" (`smallSampleCi`, ci-tester.ts, offers both).
 * - A numerically singular C_SS is regularised (ridge) instead of raising, so small-n single-cell
 *   runs never crash.
 * p-values are memoised by (unordered pair, set S), independent of α, so one tester serves a whole α grid.
 */
import { choleskySolveInPlace, regularisedCholesky } from '../../numeric/cholesky.ts';
import { normalSf } from '../../numeric/distributions.ts';
import { principalSubmatrix } from '../../numeric/matrix.ts';
import { MemoisedCiTester, type CiTester, type SmallSampleCi } from './ci-tester.ts';

export interface CorrelationStatistic {
  /** p×p correlation matrix. */
  readonly correlation: Float64Array;
  readonly p: number;
  /** Number of samples the correlation was computed from. */
  readonly n: number;
}

export class GaussianCiTester extends MemoisedCiTester implements CiTester {
  readonly gaussian = true;
  readonly p: number;
  readonly n: number;
  readonly maxConditioningSize: number;
  private readonly corr: Float64Array;
  testsRun = 0;

  constructor(
    stat: CorrelationStatistic,
    maxConditioningSize = Number.POSITIVE_INFINITY,
    smallSampleCi: SmallSampleCi = 'keep-edge',
  ) {
    super();
    this.smallSampleCi = smallSampleCi;
    this.corr = stat.correlation;
    this.p = stat.p;
    this.n = stat.n;
    this.maxConditioningSize = Math.min(maxConditioningSize, stat.n - 4);
  }

  partialCorrelation(i: number, j: number, cond: readonly number[]): number {
    const p = this.p;
    const c = this.corr;
    const k = cond.length;
    if (k === 0) return c[i * p + j]!;
    if (k === 1) {
      const s = cond[0]!;
      const rij = c[i * p + j]!;
      const ris = c[i * p + s]!;
      const rjs = c[j * p + s]!;
      const den = Math.sqrt(Math.max(0, (1 - ris * ris) * (1 - rjs * rjs)));
      return den > 0 ? (rij - ris * rjs) / den : 0;
    }
    // Schur complement of C_SS in C_{ijS}: needs one Cholesky of the k×k block and two solves.
    const css = principalSubmatrix(c, p, cond, new Float64Array(k * k));
    const { factor } = regularisedCholesky(css, k);
    const vi = new Float64Array(k);
    const vj = new Float64Array(k);
    for (let a = 0; a < k; a++) {
      vi[a] = c[i * p + cond[a]!]!;
      vj[a] = c[j * p + cond[a]!]!;
    }
    const wi = choleskySolveInPlace(factor, k, Float64Array.from(vi));
    let sii = c[i * p + i]!;
    let sij = c[i * p + j]!;
    let sjj = c[j * p + j]!;
    const wj = choleskySolveInPlace(factor, k, Float64Array.from(vj));
    for (let a = 0; a < k; a++) {
      sii -= vi[a]! * wi[a]!;
      sij -= vi[a]! * wj[a]!;
      sjj -= vj[a]! * wj[a]!;
    }
    const den = Math.sqrt(Math.abs(sii * sjj));
    return den > 0 ? sij / den : 0;
  }

  protected computePValue(i: number, j: number, cond: readonly number[]): number {
    if (cond.length > this.maxConditioningSize) return Number.NaN;
    this.testsRun++;
    let r = this.partialCorrelation(i, j, cond);
    const lim = 1 - Number.EPSILON;
    if (r >= lim) r = lim;
    else if (r <= -lim) r = -lim;
    const z = Math.sqrt(this.n - cond.length - 3) * Math.abs(Math.atanh(r));
    return 2 * normalSf(z);
  }
}
