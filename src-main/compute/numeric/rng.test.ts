import { describe, expect, it } from 'vitest';
import { deriveSeed, SeededRng } from './rng.ts';

describe('SeededRng (xoshiro128**)', () => {
  it('matches the reference xoshiro128** output for state {1, 2, 3, 4}', () => {
    // First outputs of Blackman & Vigna's reference C implementation (xoshiro128starstar.c) from s = {1,2,3,4}.
    const rng = SeededRng.fromState(1, 2, 3, 4);
    const first = Array.from({ length: 8 }, () => rng.nextUint32());
    expect(first).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849]);
  });

  it('reproduces a sequence from the same seed and differs across seeds and derived streams', () => {
    const draw = (rng: SeededRng): number[] => Array.from({ length: 16 }, () => rng.nextUint32());
    expect(draw(new SeededRng(42))).toEqual(draw(new SeededRng(42)));
    expect(draw(new SeededRng(42))).not.toEqual(draw(new SeededRng(43)));
    expect(draw(new SeededRng(42))).not.toEqual(draw(new SeededRng(deriveSeed(42, 1))));
    expect(deriveSeed(5, 1, 2)).not.toBe(deriveSeed(5, 2, 1));
    // Seeds outside the contracts' 32-bit range are refused rather than wrapped onto another seed.
    expect(() => new SeededRng(1.5)).toThrow(RangeError);
    expect(() => new SeededRng(-1)).toThrow(RangeError);
    expect(() => new SeededRng(2 ** 32)).toThrow(RangeError);
    expect(draw(new SeededRng(2 ** 32 - 1))).not.toEqual(draw(new SeededRng(0)));
  });

  it('draws uniform floats and bounded integers without visible bias (chi-square over 10 bins)', () => {
    const rng = new SeededRng(7);
    const counts = new Array<number>(10).fill(0);
    const draws = 100_000;
    for (let i = 0; i < draws; i++) counts[rng.integer(10)]!++;
    const expected = draws / 10;
    const chiSquare = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(27.9); // 99.9% quantile of χ²(9)
    const floats = Array.from({ length: 10_000 }, () => rng.uniform());
    expect(Math.min(...floats)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...floats)).toBeLessThan(1);
    expect(floats.reduce((s, v) => s + v, 0) / floats.length).toBeCloseTo(0.5, 1);
  });

  it('draws standard normals', () => {
    const n = new SeededRng(2);
    const zs = Array.from({ length: 4000 }, () => n.normal());
    expect(Math.abs(zs.reduce((s, v) => s + v, 0) / zs.length)).toBeLessThan(0.05);
    expect(Math.abs(zs.reduce((s, v) => s + v * v, 0) / zs.length - 1)).toBeLessThan(0.1);
  });

  it('shuffles into a permutation and samples distinct items uniformly', () => {
    const rng = new SeededRng(3);
    const values = Int32Array.from({ length: 50 }, (_, i) => i);
    rng.shuffle(values);
    expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...values]).not.toEqual(Array.from({ length: 50 }, (_, i) => i));

    const hits = new Array<number>(20).fill(0);
    const out = new Int32Array(5);
    for (let trial = 0; trial < 20_000; trial++) {
      rng.sampleDistinct(5, 20, out);
      expect(new Set(out).size).toBe(5);
      for (const item of out) hits[item]!++;
    }
    // Each item is drawn with probability 5/20: 5,000 expected per item, sd ≈ 61.
    for (const count of hits) expect(Math.abs(count - 5000)).toBeLessThan(350);
    expect(() => rng.sampleDistinct(21, 20, new Int32Array(21))).toThrow(RangeError);
  });

  it('subsamples distinct indices in ascending order', () => {
    const sub = new SeededRng(3).subsample(100, 70);
    expect(new Set(sub).size).toBe(70);
    expect([...sub]).toEqual([...sub].sort((a, b) => a - b));
    expect(sub.every((i) => i >= 0 && i < 100)).toBe(true);
  });
});
