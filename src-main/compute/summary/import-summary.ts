// What the wizard shows once a matrix is imported: dimensions, missingness, library sizes (per-sample
// sums), the value distribution and a PCA of the samples with the sample columns to colour it by.
import type { ImportSummary } from '#shared/contracts/data-import.ts';
import { SeededRng } from '../numeric/rng.ts';
import type { MetaTable, SampleMajorMatrix } from '../io/types.ts';
import { pcaSamples } from './pca.ts';
import { valueScale } from '../signatures/value-scale.ts';

/** Beyond these, a seeded subsample keeps the result file small and the plot readable. */
export const MAX_PCA_SAMPLES = 5_000;
const MAX_DISTRIBUTION_VALUES = 50_000;
const MAX_COLOUR_COLUMNS = 12;
const MAX_CATEGORIES = 50;

type Context = Pick<
  ImportSummary,
  'datasetId' | 'name' | 'format' | 'orientation' | 'genes' | 'roles' | 'warnings'
>;

/** Sorted k of n indices (all when k ≥ n), seeded. */
function subsample(n: number, k: number, seed: number): number[] {
  if (k >= n) return Array.from({ length: n }, (_, i) => i);
  return Array.from(new SeededRng(seed).subsample(n, k)).sort((a, b) => a - b);
}

const round = (v: number): number => Number(v.toPrecision(5));

export function summariseImport(
  m: SampleMajorMatrix,
  sampleMeta: MetaTable,
  ctx: Context,
  options: { seed: number; onProgress?: (fraction: number) => void },
): ImportSummary {
  const nG = m.genes.length;
  const nS = m.samples.length;
  let cells = 0;
  const geneMissing = new Uint8Array(nG);
  const librarySizes: (number | null)[] = [];
  let finite = 0;
  for (let j = 0; j < nS; j++) {
    let sum = 0;
    let any = false;
    for (let i = 0; i < nG; i++) {
      const v = m.data[j * nG + i]!;
      if (Number.isNaN(v)) {
        cells++;
        geneMissing[i] = 1;
      } else {
        sum += v;
        any = true;
        finite++;
      }
    }
    librarySizes.push(any ? round(sum) : null);
  }
  options.onProgress?.(0.1);
  // Beyond the cap, values at seeded random positions (with replacement: cheap on any size).
  const values: number[] = [];
  const valuesSubsampled = finite > MAX_DISTRIBUTION_VALUES;
  if (!valuesSubsampled) {
    for (let k = 0; k < m.data.length; k++) if (!Number.isNaN(m.data[k]!)) values.push(round(m.data[k]!));
  } else {
    const rng = new SeededRng(options.seed);
    for (let t = 0; t < MAX_DISTRIBUTION_VALUES; t++) {
      const v = m.data[rng.integer(m.data.length)]!;
      if (!Number.isNaN(v)) values.push(round(v));
    }
  }
  const sampleIndex = subsample(nS, MAX_PCA_SAMPLES, options.seed + 1);
  const sub = new Float32Array(sampleIndex.length * nG);
  sampleIndex.forEach((j, r) => sub.set(m.data.subarray(j * nG, (j + 1) * nG), r * nG));
  const log2 = valueScale(m.data).raw;
  options.onProgress?.(0.2);
  const pca = pcaSamples(sub, nG, sampleIndex.length, { k: 2, seed: options.seed, log2 });
  options.onProgress?.(0.9);
  const colourBy = Object.entries(sampleMeta)
    .filter(([, col]) => {
      const numeric = col.every((v) => v === null || typeof v === 'number');
      return numeric || new Set(col).size <= MAX_CATEGORIES;
    })
    .slice(0, MAX_COLOUR_COLUMNS)
    .map(([name, col]) => ({ name, values: sampleIndex.map((j) => col[j] ?? null) }));
  const genesWithMissing = geneMissing.reduce((a, b) => a + b, 0);
  return {
    ...ctx,
    nGenes: nG,
    nSamples: nS,
    missing: { cells, fraction: nG * nS > 0 ? cells / (nG * nS) : 0, genesWithMissing },
    samples: m.samples,
    librarySizes,
    values,
    valuesSubsampled,
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
