import { describe, expect, it } from 'vitest';
import { DescendingRanker, centredMidRanks } from './rank-order.ts';
import { SeededRng } from '../numeric/rng.ts';

describe('radix ranking of signatures', () => {
  it('orders descending like a stable comparison sort, across signs, zeros and ties', () => {
    const rng = new SeededRng(11);
    for (let trial = 0; trial < 20; trial++) {
      const n = 1 + rng.integer(400);
      // Coarse values force ties; a spread of magnitudes exercises every radix digit.
      const values = Float32Array.from(
        { length: n },
        () => (Math.round((rng.uniform() - 0.5) * 40) / 4) * 10 ** rng.integer(4),
      );
      values[0] = -0;
      const ranker = new DescendingRanker(n);
      expect(ranker.sort(values, 0)).toBe(true);
      const reference = Array.from({ length: n }, (_, i) => i).sort(
        (a, b) => values[b]! - values[a]! || a - b,
      );
      expect(Array.from(ranker.order)).toEqual(reference);
      const position = ranker.positions();
      reference.forEach((gene, p) => expect(position[gene]).toBe(p));
    }
  });

  it('orders values that differ only in their last mantissa bits', () => {
    const rng = new SeededRng(12);
    const n = 500;
    // 1 + k·2⁻²³ for small k: identical upper 24 bits of the key, order decided by the lowest byte only.
    const values = Float32Array.from(
      { length: n },
      () => (rng.integer(2) ? 1 : -1) * (1 + rng.integer(600) * 2 ** -23),
    );
    const ranker = new DescendingRanker(n);
    ranker.sort(values, 0);
    const reference = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[b]! - values[a]! || a - b);
    expect(Array.from(ranker.order)).toEqual(reference);
  });

  it('refuses signatures with NaN or infinite values', () => {
    const ranker = new DescendingRanker(3);
    expect(ranker.sort(Float32Array.from([1, Number.NaN, 2]), 0)).toBe(false);
    expect(ranker.sort(Float32Array.from([1, Number.POSITIVE_INFINITY, 2]), 0)).toBe(false);
  });

  it('gives tied values the mean of their ranks', () => {
    // Descending ranks of [3, 1, 3, 2, 1]: 3s share ranks 1–2 (1.5), 2 is rank 3, 1s share 4–5 (4.5); centre = 3.
    const expected = [-1.5, 1.5, -1.5, 0, 1.5];
    expect(Array.from(centredMidRanks(Float64Array.from([3, 1, 3, 2, 1])))).toEqual(expected);
    const ranker = new DescendingRanker(5);
    const values = Float32Array.from([9, 3, 1, 3, 2, 1]);
    ranker.sort(values, 1);
    const out = new Float32Array(5);
    ranker.centredMidRanks(values, 1, out, 0);
    expect(Array.from(out)).toEqual(expected);
  });
});
