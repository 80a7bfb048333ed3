/**
 * What PC, GSP, IGSP and UT-IGSP need from a conditional-independence test (docs/methods.md §1): a
 * memoised p-value of H0: x_i ⫫ x_j | x_S, and "independent" iff p > α. Implemented by the Gaussian
 * partial-correlation test and the HSIC kernel test; the algorithms never look past this interface
 * except for `gaussian`, which unlocks the precision-matrix fast paths (minimal I-maps by Schur
 * complement, the thresholded start graph) that are only valid for partial correlations.
 */
export interface CiTester {
  readonly p: number;
  /** Samples the test actually uses. */
  readonly n: number;
  /** Largest |S| that can be tested; larger sets give p = NaN, decided by `smallSampleCi`. */
  readonly maxConditioningSize: number;
  /** What an untestable pair (p = NaN: |S| too large for the sample) is decided as. */
  readonly smallSampleCi: SmallSampleCi;
  /** True for the Fisher-z test on the correlation matrix (enables the precision-matrix fast paths). */
  readonly gaussian: boolean;
  /** Distinct tests computed so far (memo hits excluded). */
  readonly testsRun: number;
  pValue(i: number, j: number, cond: readonly number[]): number;
  isIndependent(i: number, j: number, cond: readonly number[], alpha: number): boolean;
}

/**
 * A test whose conditioning set is too large for the sample (n − |S| − 3 ≤ 0 for Fisher z) has no
 * p-value. 'keep-edge': decide "dependent", so an edge is never removed on no evidence (the testers'
 * own default). 'independent': decide "independent", what the reference GSP helper of Belyaeva et al.
 * 2021 does (its NaN statistic fails the rejection test); at 51-cell subsamples this prunes the densest
 * parent sets. The discovery job's default is 'independent', chosen by SHD on simulations
 * (discover/compat.ts, docs/methods.md §2.9).
 */
export type SmallSampleCi = 'keep-edge' | 'independent';

/**
 * The memo both tests share: p-values by (unordered pair, S), independent of α, so one tester serves a
 * whole α grid. Subclasses compute a p-value that is not memoised yet.
 */
export abstract class MemoisedCiTester {
  private readonly cache = new Map<string, number>();
  smallSampleCi: SmallSampleCi = 'keep-edge';

  pValue(i: number, j: number, cond: readonly number[]): number {
    const key = ciCacheKey(i, j, cond);
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const pv = this.computePValue(i, j, cond);
    this.cache.set(key, pv);
    return pv;
  }

  isIndependent(i: number, j: number, cond: readonly number[], alpha: number): boolean {
    const pv = this.pValue(i, j, cond);
    if (Number.isNaN(pv)) return this.smallSampleCi === 'independent';
    return pv > alpha;
  }

  /** p-value of H0: x_i ⫫ x_j | x_S; NaN when |S| exceeds the tester's cap. */
  protected abstract computePValue(i: number, j: number, cond: readonly number[]): number;
}

export type CiTestKind = 'gaussian' | 'hsic';

/** Memo key of a test: the unordered pair and the set S (order of S irrelevant). */
function ciCacheKey(i: number, j: number, cond: readonly number[]): string {
  const a = i < j ? i : j;
  const b = i < j ? j : i;
  if (cond.length === 0) return `${a},${b}`;
  if (cond.length === 1) return `${a},${b}|${cond[0]}`;
  const s = cond.slice().sort((x, y) => x - y);
  return `${a},${b}|${s.join(',')}`;
}
