import { describe, expect, it } from 'vitest';
import { correlationMatrix } from '../../numeric/covariance.ts';
import { createMatrix } from '../../numeric/matrix.ts';
import { SeededRng } from '../../numeric/rng.ts';
import { gsp } from '../gsp/gsp.ts';
import { GaussianCiTester } from './gaussian-ci.ts';

// 8 samples of 7 independent normals: a test given 5 others has n − |S| − 3 = 0 degrees of freedom.
const rng = new SeededRng(3);
const x = createMatrix(8, 7);
for (let t = 0; t < x.data.length; t++) x.data[t] = rng.normal();
const stat = { correlation: correlationMatrix(x), p: 7, n: 8 };

describe('a CI test the sample is too small for (n − |S| − 3 ≤ 0)', () => {
  it('has no p-value; keep-edge decides dependent, independent decides independent', () => {
    const keep = new GaussianCiTester(stat);
    const indep = new GaussianCiTester(stat, Number.POSITIVE_INFINITY, 'independent');
    const big = [2, 3, 4, 5, 6];
    expect(keep.pValue(0, 1, big)).toBeNaN();
    expect(keep.isIndependent(0, 1, big, 0.05)).toBe(false);
    expect(indep.isIndependent(0, 1, big, 0.05)).toBe(true);
    // a testable set is decided by its p-value, the same way in both modes
    for (const cond of [[], [2], [2, 3, 4, 5]]) {
      const p = keep.pValue(0, 1, cond);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(indep.isIndependent(0, 1, cond, 0.05)).toBe(keep.isIndependent(0, 1, cond, 0.05));
    }
  });

  it('changes what GSP learns when parent sets outgrow the sample', () => {
    // 30 genes, 10 samples, α = 0.9: nearly everything tests dependent, so Markov blankets outgrow n.
    const r = new SeededRng(5);
    const y = createMatrix(10, 30);
    for (let t = 0; t < y.data.length; t++) y.data[t] = r.normal();
    const s = { correlation: correlationMatrix(y), p: 30, n: 10 };
    const run = (mode: 'keep-edge' | 'independent'): number =>
      gsp(s, { alpha: 0.9, seed: 1, nruns: 1, depth: 1, smallSampleCi: mode }).arcCount;
    const keep = run('keep-edge');
    const indep = run('independent');
    expect(indep).toBeLessThan(keep);
  });
});
