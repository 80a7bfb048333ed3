import { describe, expect, it } from 'vitest';
import { ImportSummary } from '#shared/contracts/data-import.ts';
import { summariseImport } from './import-summary.ts';
import { MAX_PCA_SAMPLES } from './sample-pca.ts';

const ctx = {
  datasetId: 'd',
  name: 'd',
  format: 'csv',
  orientation: 'genes-x-samples' as const,
  genes: { merged: 0, renamed: 0, unmapped: 0 },
  roles: {},
  warnings: [],
};

describe('summariseImport', () => {
  it('reports dimensions, missingness, library sizes, values and a PCA that separates two groups', () => {
    const genes = ['a', 'b', 'c'];
    const samples = ['s1', 's2', 's3', 's4'];
    // Sample-major: s1, s2 high in gene a; s3, s4 high in gene b; one missing value.
    const data = Float32Array.from([10, 1, 2, 11, 0, 2, 1, 10, Number.NaN, 0, 12, 3]);
    const s = summariseImport(
      { genes, samples, data },
      { group: ['x', 'x', 'y', 'y'], score: [1, 2, 3, null] },
      ctx,
      {
        seed: 1,
      },
    );
    expect(ImportSummary.parse(s)).toBeTruthy();
    expect([s.nGenes, s.nSamples]).toEqual([3, 4]);
    expect(s.missing).toEqual({ cells: 1, fraction: 1 / 12, genesWithMissing: 1 });
    expect(s.librarySizes).toEqual([13, 13, 11, 15]);
    expect(s.values).toHaveLength(11);
    expect(s.valuesSubsampled).toBe(false);
    expect(s.pca.sampleIndex).toEqual([0, 1, 2, 3]);
    // PC1 puts the two groups on opposite sides.
    const [p1, p2, p3, p4] = s.pca.pc1 as [number, number, number, number];
    expect(Math.sign(p1)).toBe(Math.sign(p2));
    expect(Math.sign(p3)).toBe(Math.sign(p4));
    expect(Math.sign(p1)).not.toBe(Math.sign(p3));
    expect(s.pca.explained[0]).toBeGreaterThan(0.8);
    // Small whole numbers are counts (compute/signatures/value-scale.ts): logged before the PCA.
    expect(s.pca.transform).toBe('log2(x + 1)');
    expect(s.colourBy.map((c) => c.name)).toEqual(['group', 'score']);
    expect(s.colourBy[0]!.values).toEqual(['x', 'x', 'y', 'y']);
  });

  it('subsamples many samples for the PCA, seeded, and log-transforms count-like data', () => {
    const nG = 3;
    const nS = MAX_PCA_SAMPLES + 100;
    const data = new Float32Array(nG * nS);
    for (let j = 0; j < nS; j++) for (let i = 0; i < nG; i++) data[j * nG + i] = ((j * 7 + i * 13) % 97) * 3;
    const samples = Array.from({ length: nS }, (_, j) => `s${j}`);
    const a = summariseImport({ genes: ['a', 'b', 'c'], samples, data }, {}, ctx, { seed: 4 });
    const b = summariseImport({ genes: ['a', 'b', 'c'], samples, data }, {}, ctx, { seed: 4 });
    expect(a.pca.sampleIndex).toHaveLength(MAX_PCA_SAMPLES);
    expect(a.pca.sampleIndex).toEqual(b.pca.sampleIndex);
    expect(a.pca.pc1).toEqual(b.pca.pc1);
    expect(a.pca.transform).toBe('log2(x + 1)');
    expect(a.librarySizes).toHaveLength(nS);
  });
});
