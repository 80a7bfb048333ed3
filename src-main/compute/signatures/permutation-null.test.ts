import { describe, expect, it } from 'vitest';
import { permutationPValue, pValuesFromNulls, permutedQueries, randomQuerySets } from './permutation-null.ts';
import { type RankOptions, matrixBatches, rankSignatures } from './rank-signatures.ts';
import { SeededRng } from '../numeric/rng.ts';
import { DrugScoreKind } from '#shared/contracts/drugs-rank.ts';
import type { SignatureInfo } from './scoring-types.ts';

const nGenes = 200;
const nSignatures = 240;
const genes = Array.from({ length: nGenes }, (_, i) => `ENTREZ${i}`);
const data = new SeededRng(77);
const disease = Float64Array.from({ length: nGenes }, () => data.uniform() - 0.5);
// Signatures independent of the disease: every null hypothesis is true.
const matrix = Float32Array.from({ length: nSignatures * nGenes }, () => data.uniform() - 0.5);
// 60 drugs × 4 signatures (doses/times).
const signatures: SignatureInfo[] = Array.from({ length: nSignatures }, (_, i) => ({
  id: `sig${i}`,
  drug: `drug${i % 60}`,
  cellType: i % 2 ? 'A549' : 'MCF7',
  dose: `${i % 3}`,
  time: '24 h',
  perturbationType: 'trt_cp',
}));

const rank = (options: Partial<RankOptions> & Pick<RankOptions, 'score'>, batchRows = 50) =>
  rankSignatures(
    { genes, values: disease },
    { genes, signatures, batches: matrixBatches(matrix, nGenes, batchRows) },
    { querySize: 20, permutations: 200, seed: 12345, ...options },
  );

describe('permutation nulls', () => {
  it('draws label permutations and disjoint random query sets of the requested sizes', () => {
    const query = Float64Array.from({ length: 30 }, (_, i) => i);
    const permuted = permutedQueries(query, 5, new SeededRng(1));
    for (let k = 0; k < 5; k++) {
      expect([...permuted.subarray(k * 30, (k + 1) * 30)].sort((a, b) => a - b)).toEqual([...query]);
    }
    const sets = randomQuerySets(100, 10, 15, 40, new SeededRng(1));
    expect(sets).toHaveLength(40 * 25);
    for (let k = 0; k < 40; k++) {
      const row = sets.subarray(k * 25, (k + 1) * 25);
      expect(new Set(row).size).toBe(25);
      expect(Math.max(...row)).toBeLessThan(100);
    }
  });

  it('never gives p = 0 and counts ties with the observed score as exceedances', () => {
    expect(permutationPValue(0, 999)).toBe(1 / 1000);
    const p = new Float64Array(2);
    pValuesFromNulls(
      Float64Array.from([0.3, Number.NaN]),
      Float32Array.from([0.3, 0.1, 0.5, 0.2, 0, 0]),
      2,
      3,
      p,
      0,
    );
    expect(p[0]).toBeCloseTo(3 / 4, 15);
    expect(p[1]).toBeNaN();
  });

  for (const score of DrugScoreKind.options) {
    it(`${score}: the same seed gives identical p-values, whatever the batch and chunk sizes`, async () => {
      const a = await rank({ score });
      const b = await rank({ score, chunkRows: 7 }, 33);
      const c = await rank({ score, seed: 54321 });
      expect(Array.from(b.signatures.pValues!)).toEqual(Array.from(a.signatures.pValues!));
      expect(b.drugs.map((d) => d.pValue)).toEqual(a.drugs.map((d) => d.pValue));
      expect(Array.from(c.signatures.pValues!)).not.toEqual(Array.from(a.signatures.pValues!));
      expect(a.parameters.seed).toBe(12345);
    });

    it(`${score}: p-values are roughly uniform when no signature is related to the disease`, async () => {
      const result = await rank({ score });
      const p = Array.from(result.signatures.pValues!);
      const mean = p.reduce((s, v) => s + v, 0) / p.length;
      expect(mean).toBeGreaterThan(0.4);
      // WTCS has a point mass at 0 (up and down enrichment of the same sign), which makes its permutation
      // p-values conservative (mean above ½); the continuous scores are close to uniform.
      expect(mean).toBeLessThan(score === 'wtcs' ? 0.7 : 0.6);
      const small = p.filter((v) => v <= 0.1).length / p.length;
      expect(small).toBeGreaterThan(0.03);
      expect(small).toBeLessThan(0.2);
      // Best-of-4 drug scores get a best-of-4 null: their p-values are not pushed towards 0.
      const drugP = result.drugs.map((d) => d.pValue);
      expect(drugP.filter((v) => v <= 0.1).length / drugP.length).toBeLessThan(0.25);
      expect(drugP.reduce((s, v) => s + v, 0) / drugP.length).toBeGreaterThan(0.35);
      // With every null true, BH keeps (almost) nothing below 0.1.
      expect(result.drugs.filter((d) => d.fdr < 0.1).length).toBeLessThanOrEqual(3);
    });
  }

  it('gives a planted reverser a small p-value and FDR', async () => {
    const planted = matrix.slice();
    disease.forEach((v, g) => (planted[5 * nGenes + g] = -v + (data.uniform() - 0.5) * 0.3));
    for (const score of DrugScoreKind.options) {
      const result = await rankSignatures(
        { genes, values: disease },
        { genes, signatures, batches: matrixBatches(planted, nGenes, 64) },
        // 60 drugs: the smallest possible FDR is 60 / (K + 1), so K must be large enough for it to be < 0.05.
        { score, querySize: 20, permutations: 2000, seed: 1, aggregate: 'best' },
      );
      expect(result.signatures.pValues![5]).toBeCloseTo(1 / 2001, 12);
      const drug5 = result.drugs[0]!;
      expect(drug5.drug).toBe('drug5');
      expect(drug5.pValue).toBeCloseTo(1 / 2001, 12);
      expect(drug5.fdr).toBeLessThan(0.05);
    }
  });
});
