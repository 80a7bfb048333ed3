// The samples' PCA that the import summary and "Summarise" both show: the top-variance genes of a
// seeded subsample of samples (log2(x + 1) first when the values are counts or intensities), with the
// sample columns it can be coloured by.
import type { ColourBy, SamplePca } from '#shared/domain/summary.ts';
import { SeededRng } from '../numeric/rng.ts';
import type { MetaTable } from '../io/types.ts';
import { valueScale } from '../signatures/value-scale.ts';
import { pcaSamples } from './pca.ts';

/** Beyond these, a seeded subsample keeps the result file small and the plot readable. */
export const MAX_PCA_SAMPLES = 5_000;
const MAX_COLOUR_COLUMNS = 12;
const MAX_CATEGORIES = 50;

/** Sorted k of n indices (all when k ≥ n), seeded. */
function subsample(n: number, k: number, seed: number): number[] {
  if (k >= n) return Array.from({ length: n }, (_, i) => i);
  return Array.from(new SeededRng(seed).subsample(n, k)).sort((a, b) => a - b);
}

const round = (v: number): number => Number(v.toPrecision(5));

/**
 * `copySample(j, out)` writes sample j's values for the nG genes into `out` (the caller's layout:
 * sample-major after an import, gene-major in the dataset store).
 */
export function samplePca(
  nG: number,
  nS: number,
  copySample: (j: number, out: Float32Array) => void,
  sampleMeta: MetaTable,
  seed: number,
): { pca: SamplePca; colourBy: ColourBy } {
  const sampleIndex = subsample(nS, MAX_PCA_SAMPLES, seed + 1);
  const sub = new Float32Array(sampleIndex.length * nG);
  sampleIndex.forEach((j, r) => copySample(j, sub.subarray(r * nG, (r + 1) * nG)));
  const log2 = valueScale(sub).raw;
  const pca = pcaSamples(sub, nG, sampleIndex.length, { k: 2, seed, log2 });
  const colourBy = Object.entries(sampleMeta)
    .filter(([, col]) => {
      const numeric = col.every((v) => v === null || typeof v === 'number');
      return numeric || new Set(col).size <= MAX_CATEGORIES;
    })
    .slice(0, MAX_COLOUR_COLUMNS)
    .map(([name, col]) => ({ name, values: sampleIndex.map((j) => col[j] ?? null) }));
  return {
    pca: {
      sampleIndex,
      pc1: Array.from(pca.scores[0] ?? [], round),
      pc2: Array.from(pca.scores[1] ?? new Float64Array(sampleIndex.length), round),
      explained: [pca.explained[0] ?? 0, pca.explained[1] ?? 0],
      nGenesUsed: pca.nGenesUsed,
      transform: log2 ? 'log2(x + 1)' : 'none',
    },
    colourBy,
  };
}
