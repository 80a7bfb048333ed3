// Metrics of issue 15 against hand-computed cases: a wrong energy distance (missing factor 2, a U- instead
// of V-statistic, wrong norm), a mean error that is not an RMS, or an AUROC that mishandles ties fails.
import { describe, expect, it } from 'vitest';
import { SeededRng } from '../numeric/rng.ts';
import { auroc, energyDistance, meanError, meanSd, sampleMean } from './metrics.ts';

describe('energy distance', () => {
  it('matches a hand computation in one and two dimensions', () => {
    // x = {0, 1}, y = {3}: E|X−Y| = (3 + 2)/2 = 2.5, E|X−X'| = (0 + 1 + 1 + 0)/4 = 0.5, E|Y−Y'| = 0 → 4.5.
    expect(energyDistance(Float64Array.of(0, 1), 2, Float64Array.of(3), 1, 1)).toBeCloseTo(4.5, 12);
    // 2-d, Euclidean: x = {(0,0)}, y = {(3,4), (0,0)}: E|X−Y| = 2.5, E|X−X'| = 0, E|Y−Y'| = (5+5)/4 = 2.5 → 2.5.
    expect(energyDistance(Float64Array.of(0, 0), 1, Float64Array.of(3, 4, 0, 0), 2, 2)).toBeCloseTo(2.5, 12);
  });

  it('is symmetric, zero for identical samples, and grows with a mean shift', () => {
    const rng = new SeededRng(4);
    const p = 3;
    const draw = (n: number, shift: number): Float64Array =>
      Float64Array.from({ length: n * p }, () => rng.normal() + shift);
    const a = draw(60, 0);
    const b = draw(60, 0);
    const c = draw(60, 1);
    expect(energyDistance(a, 60, a, 60, p)).toBe(0);
    expect(energyDistance(a, 60, c, 60, p)).toBeCloseTo(energyDistance(c, 60, a, 60, p), 12);
    expect(energyDistance(a, 60, c, 60, p)).toBeGreaterThan(5 * energyDistance(a, 60, b, 60, p));
  });

  it('rejects mismatched shapes', () => {
    expect(() => energyDistance(Float64Array.of(1, 2, 3), 2, Float64Array.of(1, 2), 1, 2)).toThrow(
      RangeError,
    );
  });
});

describe('mean error', () => {
  it('is the RMS over genes of predicted minus observed mean', () => {
    // observed cells (2 × 2): means (1, 3); predicted (2, 1): errors (1, −2) → √((1 + 4)/2).
    expect(meanError(Float64Array.of(2, 1), Float64Array.of(0, 2, 2, 4), 2)).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(sampleMean(Float64Array.of(0, 2, 2, 4), 2, 2)).toEqual(Float64Array.of(1, 3));
  });
});

describe('AUROC', () => {
  it('counts ties as one half (hand-computed)', () => {
    // targets scored 0.9 and 0.5; non-targets 0.5, 0.1, 0.7. Pairs (t, n): 0.9 beats all 3; 0.5 ties 0.5
    // (½), beats 0.1, loses to 0.7 → (3 + 1.5)/6 = 0.75.
    expect(auroc([0.9, 0.5, 0.5, 0.1, 0.7], [true, true, false, false, false])).toBeCloseTo(0.75, 12);
    expect(auroc([1, 1, 1], [true, false, false])).toBe(0.5);
    expect(auroc([3, 2, 1], [true, false, false])).toBe(1);
    expect(auroc([1, 2, 3], [true, false, false])).toBe(0);
    expect(auroc([1, 2], [false, false])).toBeNaN();
  });
});

describe('meanSd', () => {
  it('skips NaN and uses the sample standard deviation', () => {
    expect(meanSd([1, 3, Number.NaN])).toEqual({ mean: 2, sd: Math.SQRT2, n: 2 });
  });
});
