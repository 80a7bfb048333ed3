import { describe, expect, it } from 'vitest';
import { computeHistogram, freedmanDiaconisBinCount, niceTicks, quantileSorted } from './histogram.ts';

/** Deterministic pseudo-normal values (sum of uniforms from a fixed LCG). */
function normals(n: number, seed = 1): number[] {
  let s = seed;
  const u = () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
  return Array.from({ length: n }, () => u() + u() + u() + u() + u() + u() - 3);
}

describe('quantileSorted', () => {
  it('interpolates like R type 7', () => {
    const x = [1, 2, 3, 4];
    expect(quantileSorted(x, 0)).toBe(1);
    expect(quantileSorted(x, 1)).toBe(4);
    expect(quantileSorted(x, 0.5)).toBe(2.5);
    expect(quantileSorted(x, 0.25)).toBeCloseTo(1.75);
  });
});

describe('freedmanDiaconisBinCount', () => {
  it('follows h = 2·IQR·n^(-1/3)', () => {
    // 0..99: IQR = 49.5, n = 100, h = 99 / 4.6416 ≈ 21.33, range 99 → 5 bins.
    const x = Array.from({ length: 100 }, (_, i) => i);
    expect(freedmanDiaconisBinCount(x)).toBe(5);
  });

  it('falls back to Sturges when the IQR is zero', () => {
    const x = [...new Array<number>(97).fill(0), 0.2, 0.5, 1];
    // ceil(log2(100) + 1) = 8
    expect(freedmanDiaconisBinCount(x)).toBe(8);
  });

  it('is capped, and never below one bin', () => {
    const x = [...normals(1000), 1e6].sort((a, b) => a - b);
    expect(freedmanDiaconisBinCount(x, 60)).toBe(60);
    expect(freedmanDiaconisBinCount([5])).toBe(1);
    expect(freedmanDiaconisBinCount([2, 2, 2])).toBe(1);
  });
});

describe('computeHistogram', () => {
  it('counts every finite value once, including the maximum', () => {
    const values = normals(17_785);
    const h = computeHistogram(values);
    expect(h.n).toBe(17_785);
    expect(h.bins.reduce((s, b) => s + b.count, 0)).toBe(17_785);
    expect(h.bins[0]?.x0).toBe(h.min);
    expect(h.bins.at(-1)?.x1).toBe(h.max);
    expect(h.bins.length).toBeGreaterThan(10);
    expect(h.bins.length).toBeLessThanOrEqual(60);
    expect(h.maxCount).toBe(Math.max(...h.bins.map((b) => b.count)));
  });

  it('leaves out nulls, NaN and infinities and says how many', () => {
    const h = computeHistogram([1, null, 2, Number.NaN, 3, Number.POSITIVE_INFINITY]);
    expect(h.n).toBe(3);
    expect(h.excluded).toBe(3);
  });

  it('bins log10 of positive values only', () => {
    const h = computeHistogram([0, -1, 1, 10, 100, 1000], { log10: true });
    expect(h.n).toBe(4);
    expect(h.excluded).toBe(2);
    expect(h.min).toBe(0);
    expect(h.max).toBe(3);
  });

  it('draws a constant column as one bin', () => {
    const h = computeHistogram([0, 0, 0]);
    expect(h.bins).toHaveLength(1);
    expect(h.bins[0]?.count).toBe(3);
  });

  it('returns no bins for no values', () => {
    expect(computeHistogram([null, null]).bins).toEqual([]);
  });
});

describe('niceTicks', () => {
  it('uses 1-2-5 steps inside the range', () => {
    expect(niceTicks(0, 10, 5)).toEqual({ ticks: [0, 2, 4, 6, 8, 10], step: 2 });
    expect(niceTicks(0.03, 0.97, 5).ticks).toEqual([0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(-3, 3, 6).ticks).toEqual([-3, -2, -1, 0, 1, 2, 3]);
  });

  it('avoids floating-point dust', () => {
    expect(niceTicks(0, 0.3, 3).ticks).toEqual([0, 0.1, 0.2, 0.3]);
  });

  it('gives an exact 0 tick, never dust such as -2.8e-17, on ranges that cross zero', () => {
    for (const [lo, hi] of [
      [-0.31, 0.29],
      [-0.73, 0.41],
      [-1.7e-3, 2.2e-3],
      [-57.3, 12.9],
      [-0.062, 0.05],
    ] as const) {
      const { ticks } = niceTicks(lo, hi, 6);
      expect(ticks).toContain(0);
      expect(ticks.every((t) => t === 0 || Math.abs(t) >= 1e-4)).toBe(true);
      expect(Object.is(ticks[ticks.indexOf(0)], -0)).toBe(false);
    }
    expect(niceTicks(-0.3, 0.3, 6).ticks).toEqual([-0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3]);
  });
});
