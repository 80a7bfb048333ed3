import { beforeAll, describe, expect, it } from 'vitest';
import { type ToyDatabase, loadToyDatabase } from './fixtures/toy-db.ts';
import { type RankOptions, type SignatureBatch, matrixBatches, rankSignatures } from './rank-signatures.ts';
import { SeededRng } from '../numeric/rng.ts';
import { DrugScoreKind } from '#shared/contracts/drugs-rank.ts';
import type { SignatureInfo } from './scoring-types.ts';

let db: ToyDatabase;
beforeAll(() => {
  db = loadToyDatabase();
});

const infos = (count: number, drugOf: (i: number) => string = (i) => `drug${i}`): SignatureInfo[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `sig${i}`,
    drug: drugOf(i),
    cellType: 'A549',
    dose: '10 uM',
    time: '24 h',
    perturbationType: 'trt_cp',
  }));

/** Reorder the columns (genes) of a row-major matrix. */
function permuteColumns(values: Float32Array, width: number, order: number[]): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < values.length / width; r++) {
    order.forEach((from, to) => (out[r * width + to] = values[r * width + from]!));
  }
  return out;
}

describe('signatureSearch toy DB: the vorinostat query (disease = reversed vorinostat signature)', () => {
  for (const score of DrugScoreKind.options) {
    it(`ranks trichostatin A, HC-toxin and pyroxamide top 3 under ${score}`, async () => {
      const result = await rankSignatures(
        { genes: db.genes, values: db.vorinostat.map((v) => -v) },
        {
          genes: db.genes,
          signatures: db.signatures,
          batches: matrixBatches(db.values, db.genes.length, 32),
        },
        { score, querySize: 150 },
      );
      expect(
        result.drugs
          .slice(0, 3)
          .map((d) => d.drug)
          .sort(),
      ).toEqual(['HC-toxin', 'pyroxamide', 'trichostatin-a']);
      expect(result.genes.shared).toBe(5000);
      expect(result.drugs).toHaveLength(99);
      // Rhamnetin, the fifth "HDAC inhibitor" of the vignette, does not look like one in SKB cells.
      expect(result.drugs.find((d) => d.drug === 'rhamnetin')!.rank).toBeGreaterThan(10);
    });
  }

  it('gives Pearson and Spearman values of the independent derivation in SOURCE.md', async () => {
    const run = (score: 'pearson' | 'spearman') =>
      rankSignatures(
        { genes: db.genes, values: db.vorinostat.map((v) => -v) },
        {
          genes: db.genes,
          signatures: db.signatures,
          batches: matrixBatches(db.values, db.genes.length, 99),
        },
        { score },
      );
    const byDrug = async (score: 'pearson' | 'spearman') =>
      new Map((await run(score)).drugs.map((d) => [d.drug, d.score]));
    const pearson = await byDrug('pearson');
    const spearman = await byDrug('spearman');
    expect(pearson.get('trichostatin-a')).toBeCloseTo(0.757203, 5);
    expect(pearson.get('HC-toxin')).toBeCloseTo(0.710185, 5);
    expect(spearman.get('trichostatin-a')).toBeCloseTo(0.701502, 5);
    expect(spearman.get('pyroxamide')).toBeCloseTo(0.325148, 5);
  });
});

describe('properties', () => {
  const rng = new SeededRng(2024);
  const nGenes = 300;
  const genes = Array.from({ length: nGenes }, (_, i) => `G${(i * 7919) % 100000}`);
  const disease = Float64Array.from({ length: nGenes }, () => (rng.uniform() - 0.5) * 6);
  const nSignatures = 40;
  const matrix = Float32Array.from({ length: nSignatures * nGenes }, () => (rng.uniform() - 0.5) * 4);
  // Signature 17 is exactly the reversed disease signature.
  disease.forEach((v, g) => (matrix[17 * nGenes + g] = -v));

  const run = (
    values: Float32Array,
    collectionGenes: string[],
    options: Partial<RankOptions> & Pick<RankOptions, 'score'>,
    diseaseGenes = genes,
    diseaseValues: ArrayLike<number> = disease,
  ) =>
    rankSignatures(
      { genes: diseaseGenes, values: diseaseValues },
      {
        genes: collectionGenes,
        signatures: infos(nSignatures),
        batches: matrixBatches(values, collectionGenes.length, 7),
      },
      { querySize: 25, ...options },
    );

  for (const score of DrugScoreKind.options) {
    it(`${score}: the reversed disease signature scores the best possible value (1) and ranks first`, async () => {
      const result = await run(matrix, genes, { score });
      expect(result.signatures.scores[17]).toBeCloseTo(1, 6);
      expect(result.drugs[0]!.drug).toBe('drug17');
      expect(Math.max(...result.signatures.scores)).toBe(result.signatures.scores[17]);
    });

    it(`${score}: scores and p-values do not depend on gene order`, async () => {
      const order = new SeededRng(9).shuffle(Array.from({ length: nGenes }, (_, i) => i));
      const shuffledGenes = order.map((g) => genes[g]!);
      const diseaseOrder = new SeededRng(10).shuffle(Array.from({ length: nGenes }, (_, i) => i));
      const options = { score, permutations: 50, seed: 1 } as const;
      const reference = await run(matrix, genes, options);
      const shuffled = await run(
        permuteColumns(matrix, nGenes, order),
        shuffledGenes,
        options,
        diseaseOrder.map((g) => genes[g]!),
        diseaseOrder.map((g) => disease[g]!),
      );
      for (let s = 0; s < nSignatures; s++) {
        expect(shuffled.signatures.scores[s]).toBeCloseTo(reference.signatures.scores[s]!, 10);
      }
      expect(shuffled.signatures.pValues).toEqual(reference.signatures.pValues);
      expect(shuffled.query).toEqual(reference.query);
    });
  }

  it('breaks ties by gene, not by file order (WTCS on two-decimal values)', async () => {
    const coarse = matrix.map((v) => Math.round(v * 2) / 2);
    const order = new SeededRng(4).shuffle(Array.from({ length: nGenes }, (_, i) => i));
    const a = await run(coarse, genes, { score: 'wtcs' });
    const b = await run(
      permuteColumns(coarse, nGenes, order),
      order.map((g) => genes[g]!),
      { score: 'wtcs' },
    );
    expect(Array.from(b.signatures.scores)).toEqual(Array.from(a.signatures.scores));
  });

  it('reports missing genes and scores on the shared genes only, never treating missing as zero', async () => {
    // The collection lacks the first 60 disease genes and has 5 genes the disease lacks.
    const kept = Array.from({ length: nGenes - 60 }, (_, i) => i + 60);
    const extra = ['EXTRA1', 'EXTRA2', 'EXTRA3', 'EXTRA4', 'EXTRA5'];
    const width = kept.length + extra.length;
    const partial = new Float32Array(nSignatures * width);
    for (let s = 0; s < nSignatures; s++) {
      kept.forEach((g, j) => (partial[s * width + j] = matrix[s * nGenes + g]!));
      extra.forEach((_, e) => (partial[s * width + kept.length + e] = 5 + e));
    }
    const partialGenes = [...kept.map((g) => genes[g]!), ...extra];
    for (const score of DrugScoreKind.options) {
      const result = await run(partial, partialGenes, { score });
      expect(result.genes.shared).toBe(nGenes - 60);
      expect(result.genes.missing.notInCollection).toEqual(genes.slice(0, 60).sort());
      expect(result.genes.missing.notInDisease).toEqual(extra);
      // Same as scoring the shared genes alone …
      const restricted = await run(
        Float32Array.from(
          { length: nSignatures * kept.length },
          (_, i) => partial[Math.floor(i / kept.length) * width + (i % kept.length)]!,
        ),
        kept.map((g) => genes[g]!),
        { score },
        kept.map((g) => genes[g]!),
        kept.map((g) => disease[g]!),
      );
      for (let s = 0; s < nSignatures; s++)
        expect(result.signatures.scores[s]).toBeCloseTo(restricted.signatures.scores[s]!, 10);
      // … and not the same as filling the missing genes with zeros.
      const zeroFilled = await run(
        Float32Array.from({ length: nSignatures * nGenes }, (_, i) => (i % nGenes < 60 ? 0 : matrix[i]!)),
        genes,
        { score },
      );
      const differs = Array.from(result.signatures.scores).some(
        (v, s) => Math.abs(v - zeroFilled.signatures.scores[s]!) > 1e-6,
      );
      expect(differs).toBe(true);
    }
  });

  it('restricts to a gene universe', async () => {
    const universe = genes.slice(0, 100);
    const result = await run(matrix, genes, { score: 'pearson', universe });
    expect(result.genes.shared).toBe(100);
    expect(result.genes.missing.excludedByUniverse).toHaveLength(200);
  });

  it('marks unscorable signatures and keeps them out of drug ranks', async () => {
    const broken = matrix.slice();
    broken[3 * nGenes + 5] = Number.NaN;
    const result = await run(broken, genes, { score: 'wtcs', permutations: 20, seed: 3 });
    expect(result.signatures.unscorable).toEqual([3]);
    expect(result.signatures.pValues![3]).toBeNaN();
    expect(result.drugs.at(-1)).toMatchObject({ drug: 'drug3', nSignatures: 0 });
  });

  it('reports progress, honours cancellation, and validates its inputs', async () => {
    const fractions: number[] = [];
    await run(matrix, genes, { score: 'cosine', chunkRows: 4, onProgress: (f) => void fractions.push(f) });
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]!)).toBe(true);
    expect(fractions.length).toBeGreaterThan(5);

    const controller = new AbortController();
    const cancelled = run(matrix, genes, {
      score: 'pearson',
      chunkRows: 4,
      signal: controller.signal,
      onProgress: (f) => {
        if (f > 0.2) controller.abort();
      },
    });
    await expect(cancelled).rejects.toMatchObject({ code: 'E_CANCELLED' });

    await expect(run(matrix, genes, { score: 'pearson', permutations: 10 })).rejects.toMatchObject({
      code: 'E_INVALID_INPUT',
    });
    await expect(run(matrix, genes, { score: 'pearson', permutations: 10, seed: 0.5 })).rejects.toMatchObject(
      {
        code: 'E_INVALID_INPUT',
      },
    );
    const short = rankSignatures(
      { genes, values: disease },
      { genes, signatures: infos(nSignatures + 1), batches: matrixBatches(matrix, nGenes, 7) },
      { score: 'cosine' },
    );
    await expect(short).rejects.toThrow(/41 signatures but 40 rows/);
    await expect(run(matrix, genes, { score: 'wtcs', querySize: 150 })).rejects.toThrow(/shared genes/);
  });

  it('accepts asynchronous batch sources', async () => {
    async function* slowly(): AsyncGenerator<SignatureBatch> {
      for (const batch of matrixBatches(matrix, nGenes, 13)) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        yield batch;
      }
    }
    const result = await rankSignatures(
      { genes, values: disease },
      { genes, signatures: infos(nSignatures), batches: slowly() },
      { score: 'spearman' },
    );
    expect(result.drugs[0]!.drug).toBe('drug17');
  });
});
