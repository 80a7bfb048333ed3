import { describe, expect, it } from 'vitest';
import { cosine } from './correlation.ts';
import { matrixBatches, rankSignatures } from './rank-signatures.ts';
import { SeededRng } from '../numeric/rng.ts';
import { type SignatureSpaceMap, mapDiseaseSignature, mapSignatureCollection } from './signature-space.ts';

const rng = new SeededRng(31);
const genes = Array.from({ length: 20 }, (_, i) => `g${i}`);
const disease = Float64Array.from(genes, () => rng.uniform() - 0.5);
const matrix = Float32Array.from({ length: 6 * 20 }, () => rng.uniform() - 0.5);
const signatures = Array.from({ length: 6 }, (_, i) => ({
  id: `s${i}`,
  drug: `d${i}`,
  cellType: 'A549',
  dose: '',
  time: '',
  perturbationType: 'trt_cp',
}));

/** A fixed 4 × 12 linear embedding of 12 of the 20 genes (input order deliberately not the data's). */
const inputGenes = genes.slice(4, 16).reverse();
const weights = Float32Array.from({ length: 4 * 12 }, () => rng.uniform() - 0.5);
const embedding: SignatureSpaceMap = {
  name: 'test-embedding',
  inputGenes,
  outputFeatures: ['z1', 'z2', 'z3', 'z4'],
  async mapRows(values, rows) {
    const out = new Float32Array(rows * 4);
    for (let r = 0; r < rows; r++) {
      for (let d = 0; d < 4; d++) {
        let s = 0;
        for (let k = 0; k < 12; k++) s += weights[d * 12 + k]! * values[r * 12 + k]!;
        out[r * 4 + d] = s;
      }
    }
    return out;
  },
};
const embed = (values: ArrayLike<number>): number[] =>
  [0, 1, 2, 3].map((d) =>
    inputGenes.reduce((s, gene, k) => s + weights[d * 12 + k]! * values[genes.indexOf(gene)]!, 0),
  );

describe('latent-space scoring hook', () => {
  it('scores embedded signatures against the embedded disease signature', async () => {
    const result = await rankSignatures(
      await mapDiseaseSignature({ genes, values: disease }, embedding),
      mapSignatureCollection({ genes, signatures, batches: matrixBatches(matrix, 20, 4) }, embedding),
      { score: 'cosine' },
    );
    expect(result.genes.shared).toBe(4);
    const reversedEmbedding = embed(disease).map((v) => -v);
    for (let s = 0; s < 6; s++) {
      const reference = cosine(embed(matrix.subarray(s * 20, (s + 1) * 20)), reversedEmbedding);
      expect(result.signatures.scores[s]).toBeCloseTo(reference, 5);
    }
  });

  it('refuses data lacking model input genes instead of zero-filling them', async () => {
    const partial = { genes: genes.slice(0, 10), values: disease.slice(0, 10) };
    await expect(mapDiseaseSignature(partial, embedding)).rejects.toMatchObject({
      code: 'E_INVALID_INPUT',
      details: { missing: ['g15', 'g14', 'g13', 'g12', 'g11', 'g10'] },
    });
    const withNaN = { genes, values: disease.map((v, i) => (i === 7 ? Number.NaN : v)) };
    await expect(mapDiseaseSignature(withNaN, embedding)).rejects.toMatchObject({
      details: { missing: ['g7'] },
    });
    expect(() =>
      mapSignatureCollection({ genes: genes.slice(5), signatures, batches: [] }, embedding),
    ).toThrow(/lacks 1 of the 12 input genes/);
  });
});
