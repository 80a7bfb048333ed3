import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadToyDatabase } from './fixtures/toy-db.ts';
import { mergePermutationParts, writePermutationPart } from './permutation-parts.ts';
import { type RankOptions, matrixBatches, rankSignatures } from './rank-signatures.ts';

const toy = loadToyDatabase();
const disease = { genes: toy.genes, values: toy.vorinostat.map((v) => -v) };
const collection = () => ({
  genes: toy.genes,
  signatures: toy.signatures,
  batches: matrixBatches(toy.values, toy.genes.length, 24),
});
const dir = mkdtempSync(join(tmpdir(), 'perm-parts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Ranks in ranges of the given sizes, writes each part, combines them; returns the combined result. */
async function split(options: RankOptions, sizes: number[]) {
  const paths: string[] = [];
  let first = 0;
  for (const count of sizes) {
    const r = await rankSignatures(disease, collection(), { ...options, permutationRange: { first, count } });
    const path = join(dir, `part-${paths.length}-${Math.random()}.bin`);
    writePermutationPart(path, r.part!);
    paths.push(path);
    first += count;
  }
  const merged = mergePermutationParts(paths.reverse(), options.permutations!);
  return rankSignatures(disease, collection(), { ...options, permutations: 0, merged });
}

const cases: RankOptions[] = [
  { score: 'wtcs', querySize: 50, permutations: 60, seed: 7, aggregate: 'best', keepDrugNulls: 12 },
  { score: 'pearson', permutations: 61, seed: 3, aggregate: 'mean', keepDrugNulls: 200 },
  { score: 'spearman', permutations: 40, seed: 11, aggregate: 'best', keepDrugNulls: 5 },
];

describe('a ranking split by permutation ranges', () => {
  for (const options of cases) {
    it(`combines to the one-run result bit for bit (${options.score}, ${options.aggregate})`, async () => {
      const whole = await rankSignatures(disease, collection(), options);
      const k = options.permutations!;
      const parts = await split(options, [Math.floor(k / 3), Math.floor(k / 3), k - 2 * Math.floor(k / 3)]);
      expect({ ...parts, part: null }).toEqual({ ...whole, part: null });
      // toEqual treats NaN = NaN and compares typed arrays element by element; check the bits too.
      expect(
        Buffer.from(parts.signatures.pValues!.buffer).equals(Buffer.from(whole.signatures.pValues!.buffer)),
      ).toBe(true);
      expect(parts.drugNulls.length).toBeGreaterThan(0);
      expect(parts.drugs.some((d) => d.pValue < 1)).toBe(true);
    });
  }

  it('draws the ranges a one-run draws: a range alone matches that slice of the whole null', async () => {
    const options: RankOptions = { score: 'cosine', permutations: 30, seed: 5, keepDrugNulls: 3 };
    const whole = await rankSignatures(disease, collection(), options);
    const middle = await rankSignatures(disease, collection(), {
      ...options,
      permutationRange: { first: 10, count: 12 },
    });
    // Drug indices are in first-appearance order of the signature table.
    const drugIndex = [...new Set(toy.signatures.map((x) => x.drug))].indexOf(whole.drugs[0]!.drug);
    const kept = middle.part!.nulls.find((n) => n.drug === drugIndex)!;
    expect(Array.from(kept.draws)).toEqual(Array.from(whole.drugNulls[0]!.subarray(10, 22)));
  });

  it('refuses parts that do not tile the permutations', async () => {
    const options: RankOptions = { score: 'cosine', permutations: 20, seed: 5 };
    const r = await rankSignatures(disease, collection(), {
      ...options,
      permutationRange: { first: 0, count: 10 },
    });
    const path = join(dir, 'only.bin');
    writePermutationPart(path, r.part!);
    expect(() => mergePermutationParts([path], 20)).toThrow(/cover 10 of 20/);
    expect(() => mergePermutationParts([path, path], 20)).toThrow(/tile/);
  });
});
