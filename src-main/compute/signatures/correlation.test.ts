import { describe, expect, it } from 'vitest';
import { CorrelationBatchScorer, cosine, pearson } from './correlation.ts';
import { alignGenes } from './gene-alignment.ts';
import { rowMoments, rowsTimesQueries } from './matrix-product.ts';
import { SeededRng } from '../numeric/rng.ts';
import { SpearmanBatchScorer, spearman } from './spearman.ts';

const rng = new SeededRng(5);
const gaussian = (): number =>
  Math.sqrt(-2 * Math.log(1 - rng.uniform())) * Math.cos(2 * Math.PI * rng.uniform());

describe('correlation scores', () => {
  it('cosine and Pearson follow their definitions', () => {
    expect(cosine([1, 0], [0, 1])).toBe(0);
    expect(cosine([1, 2], [2, 4])).toBeCloseTo(1, 15);
    expect(pearson([1, 2, 3], [10, 20, 30])).toBeCloseTo(1, 15);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 15);
    // Pearson ignores an offset, cosine does not.
    expect(pearson([1, 2, 3], [11, 12, 13])).toBeCloseTo(1, 15);
    expect(cosine([1, 2, 3], [11, 12, 13])).toBeLessThan(0.97);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
  });

  it('Spearman equals 1 − 6Σd²/(n(n²−1)) without ties and handles ties by mid-ranks', () => {
    const a = [3.1, -2, 0.5, 7, 1.2, -4];
    const b = [2, 1, -1, 9, 0, 3];
    const rank = (v: number[]): number[] => v.map((x) => v.filter((y) => y > x).length + 1);
    const ra = rank(a);
    const rb = rank(b);
    const d2 = ra.reduce((s, r, i) => s + (r - rb[i]!) ** 2, 0);
    expect(spearman(a, b)).toBeCloseTo(1 - (6 * d2) / (6 * 35), 12);
    // Monotone with ties on both sides: still exactly 1.
    expect(spearman([1, 2, 2, 3], [10, 20, 20, 50])).toBeCloseTo(1, 12);
  });

  it('batch kernels agree with the definitions on gathered and direct layouts', () => {
    const genes = Array.from({ length: 37 }, (_, i) => `g${i}`);
    const disease = { genes: [...genes].reverse(), values: Float64Array.from(genes, gaussian) };
    const rows = 9;
    for (const collectionGenes of [genes, [...genes, 'extra1', 'extra2']]) {
      const width = collectionGenes.length;
      const batch = Float32Array.from({ length: rows * width }, () => gaussian() + 0.3);
      const alignment = alignGenes(disease, collectionGenes);
      const reversed = Float64Array.from(alignment.genes, (g) => -disease.values[disease.genes.indexOf(g)]!);
      const rowOnShared = (r: number): number[] =>
        alignment.genes.map((g) => batch[r * width + collectionGenes.indexOf(g)]!);
      const scores = new Float64Array(rows);
      for (const kind of ['cosine', 'pearson'] as const) {
        new CorrelationBatchScorer(kind, alignment, reversed, rows, 0, null).scoreRows(
          batch,
          0,
          rows,
          scores,
          null,
        );
        const reference = kind === 'cosine' ? cosine : pearson;
        for (let r = 0; r < rows; r++) expect(scores[r]).toBeCloseTo(reference(rowOnShared(r), reversed), 10);
      }
      new SpearmanBatchScorer(alignment, reversed, rows, 0, null).scoreRows(batch, 0, rows, scores, null);
      for (let r = 0; r < rows; r++) expect(scores[r]).toBeCloseTo(spearman(rowOnShared(r), reversed), 6);
    }
  });

  it('matrix products match naive loops, including ragged edges', () => {
    const n = 13;
    const rows = 11;
    const k = 7;
    const batch = Float32Array.from({ length: (rows + 1) * n }, gaussian);
    const queries = Float64Array.from({ length: k * n }, gaussian);
    const out = new Float32Array(rows * k);
    rowsTimesQueries(batch, n, rows, n, queries, k, out);
    const dots = new Float64Array(rows);
    const sums = new Float64Array(rows);
    const squares = new Float64Array(rows);
    rowMoments(batch, n, rows, n, queries, dots, sums, squares, 0);
    for (let r = 0; r < rows; r++) {
      const x = batch.subarray((r + 1) * n, (r + 2) * n);
      for (let q = 0; q < k; q++) {
        const naive = x.reduce((s, v, j) => s + v * queries[q * n + j]!, 0);
        expect(out[r * k + q]).toBeCloseTo(naive, 4);
        if (q === 0) expect(dots[r]).toBeCloseTo(naive, 10);
      }
      expect(sums[r]).toBeCloseTo(
        x.reduce((s, v) => s + v, 0),
        10,
      );
      expect(squares[r]).toBeCloseTo(
        x.reduce((s, v) => s + v * v, 0),
        10,
      );
    }
  });

  it('reports constant or non-finite signatures as unscorable (NaN), not as 0', () => {
    const genes = ['a', 'b', 'c', 'd'];
    const alignment = alignGenes({ genes, values: [1, -1, 2, 0] }, genes);
    const batch = Float32Array.from([5, 5, 5, 5, 1, Number.NaN, 2, 3, 0, 0, 0, 0]);
    const scores = new Float64Array(3);
    new CorrelationBatchScorer('pearson', alignment, Float64Array.from([-1, 1, -2, 0]), 3, 0, null).scoreRows(
      batch,
      0,
      3,
      scores,
      null,
    );
    expect(Array.from(scores).every(Number.isNaN)).toBe(true);
  });
});
