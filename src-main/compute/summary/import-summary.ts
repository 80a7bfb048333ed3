// What the wizard shows once a matrix is imported: dimensions, missingness, library sizes (per-sample
// sums), the value distribution and a PCA of the samples with the sample columns to colour it by.
import type { ImportSummary } from '#shared/contracts/data-import.ts';
import { SeededRng } from '../numeric/rng.ts';
import type { MetaTable, SampleMajorMatrix } from '../io/types.ts';
import { samplePca } from './sample-pca.ts';

const MAX_DISTRIBUTION_VALUES = 50_000;

type Context = Pick<
  ImportSummary,
  'datasetId' | 'name' | 'format' | 'orientation' | 'genes' | 'roles' | 'warnings'
>;

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
  options.onProgress?.(0.2);
  const { pca, colourBy } = samplePca(
    nG,
    nS,
    (j, out) => out.set(m.data.subarray(j * nG, (j + 1) * nG)),
    sampleMeta,
    options.seed,
  );
  options.onProgress?.(0.9);
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
    pca,
    colourBy,
  };
}
