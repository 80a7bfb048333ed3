import { describe, expect, it } from 'vitest';
import { invertSpd, regularisedCholesky, solveSpd } from './cholesky.ts';
import { correlationMatrix } from './covariance.ts';
import { fisherFCdf, fisherFSf, normalCdf, normalSf, studentTCdf } from './distributions.ts';
import { matrixFromRows } from './matrix.ts';

describe('distributions (reference values from SciPy)', () => {
  it('normal', () => {
    expect(normalCdf(1)).toBeCloseTo(0.8413447460685429, 14);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(normalSf(8)).toBeCloseTo(6.220960574271785e-16, 28);
  });
  it('t and F', () => {
    expect(studentTCdf(2.015048373333023, 5)).toBeCloseTo(0.95, 12);
    expect(fisherFCdf(4.102821015130402, 2, 10)).toBeCloseTo(0.95, 12);
    expect(fisherFSf(4.102821015130402, 2, 10)).toBeCloseTo(0.05, 12);
    expect(fisherFCdf(1, 7, 7)).toBeCloseTo(0.5, 12);
  });
});

describe('Cholesky', () => {
  it('solves and inverts SPD systems', () => {
    const a = Float64Array.from([4, 2, 0.6, 2, 2, 0.5, 0.6, 0.5, 3]);
    const x = solveSpd(a, 3, Float64Array.from([1, 2, 3]));
    for (let i = 0; i < 3; i++) {
      let s = 0;
      for (let j = 0; j < 3; j++) s += a[j * 3 + i]! * x[j]!;
      expect(s).toBeCloseTo(i + 1, 12);
    }
    const { inverse, ridge } = invertSpd(a, 3);
    expect(ridge).toBe(0);
    expect(inverse[0]! * a[0]! + inverse[3]! * a[1]! + inverse[6]! * a[2]!).toBeCloseTo(1, 12);
  });
  it('regularises a singular matrix instead of crashing', () => {
    const { rows } = {
      rows: [
        [1, 2, 3],
        [2, 4, 6],
        [1, 0, 1],
        [0, 1, 1],
      ],
    };
    const c = correlationMatrix(matrixFromRows(rows.concat(rows)));
    const singular = Float64Array.from([1, 1, 1, 1]);
    const r = regularisedCholesky(singular, 2);
    expect(r.ridge).toBeGreaterThan(0);
    expect(c.every(Number.isFinite)).toBe(true);
  });
});
