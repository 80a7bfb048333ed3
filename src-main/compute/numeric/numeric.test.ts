import { describe, expect, it } from 'vitest';
import {
  choleskyInPlace,
  choleskySolveInPlace,
  invertSpd,
  regularisedCholesky,
  solveSpd,
} from './cholesky.ts';
import { correlationMatrix } from './covariance.ts';
import { fisherFCdf, fisherFSf, normalCdf, normalSf, studentTCdf } from './distributions.ts';
import { matrixFromRows } from './matrix.ts';
import { SeededRng } from './rng.ts';

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
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let t = 0; t < 3; t++) s += a[i * 3 + t]! * inverse[t * 3 + j]!;
        expect(s).toBeCloseTo(i === j ? 1 : 0, 12);
      }
  });
  it('factorises across blocks (n = 150 spans three) and solves several right-hand sides at once', () => {
    const n = 150;
    const r = 3;
    const rng = new SeededRng(3);
    const x = Float64Array.from({ length: n * n }, () => rng.normal());
    const a = new Float64Array(n * n); // X Xᵀ + n I
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = i === j ? n : 0;
        for (let t = 0; t < n; t++) s += x[i * n + t]! * x[j * n + t]!;
        a[i * n + j] = s;
      }
    const l = Float64Array.from(a);
    expect(choleskyInPlace(l, n)).toBe(true);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) expect(l[i * n + j]).toBe(0);
      for (let j = 0; j <= i; j++) {
        let s = 0;
        for (let t = 0; t <= j; t++) s += l[i * n + t]! * l[j * n + t]!;
        expect(Math.abs(s - a[i * n + j]!)).toBeLessThan(1e-9 * n);
      }
    }
    // B row-major n×r; A X = B checked row by row.
    const b = Float64Array.from({ length: n * r }, (_, i) => Math.sin(i));
    const sol = choleskySolveInPlace(l, n, Float64Array.from(b), r);
    for (let i = 0; i < n; i++)
      for (let q = 0; q < r; q++) {
        let s = 0;
        for (let t = 0; t < n; t++) s += a[i * n + t]! * sol[t * r + q]!;
        expect(s).toBeCloseTo(b[i * r + q]!, 9);
      }
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
