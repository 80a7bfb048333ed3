import { readMatrixArrow } from '../../compute/io/arrow-matrix.ts';
import { writeFileAtomic } from '../../compute/io/atomic-write.ts';
import { readMetaArrow } from '../../compute/io/meta-table.ts';
import type { MetaTable } from '../../compute/io/types.ts';
import { summariseDataset } from '../../compute/summary/dataset-summary.ts';
import { samplePca } from '../../compute/summary/sample-pca.ts';
import type { Task } from '../runtime.ts';

/** The sample table's columns in the matrix's sample order (the `sample` column joins them). */
function sampleColumns(path: string | undefined, samples: readonly string[]): MetaTable {
  if (!path) return {};
  const meta = readMetaArrow(path);
  const ids = meta['sample'] ?? [];
  const row = new Map(ids.map((id, r) => [String(id), r]));
  const out: MetaTable = {};
  for (const [name, col] of Object.entries(meta)) {
    if (name === 'sample') continue;
    out[name] = samples.map((s) => {
      const r = row.get(s);
      return r === undefined ? null : (col[r] ?? null);
    });
  }
  return out;
}

export const datasetSummaryTask: Task<'dataset.summary'> = async (params, ctx) => {
  await ctx.progress('Reading matrix', 0);
  const matrix = readMatrixArrow(params.matrixPath);
  // Chunks small enough that progress (and cancel) reach the user several times a second on big data.
  const chunkSize = Math.max(64, Math.ceil(matrix.genes.length / 50));
  const summary = await summariseDataset(params.datasetId, matrix, {
    chunkSize,
    progress: (f) => ctx.progress('Summarising genes', 0.05 + 0.75 * f),
  });
  await ctx.progress('PCA of the samples', 0.8);
  const nG = matrix.genes.length;
  const nS = matrix.samples.length;
  const { pca, colourBy } = samplePca(
    nG,
    nS,
    (j, out) => {
      for (let g = 0; g < nG; g++) out[g] = matrix.values[g * nS + j]!;
    },
    sampleColumns(params.samplesPath, matrix.samples),
    params.pcaSeed,
  );
  await ctx.progress('Writing result', 0.97);
  writeFileAtomic(params.resultPath, JSON.stringify({ ...summary, pca, colourBy }));
  return { resultPath: params.resultPath, nGenes: summary.nGenes, nSamples: summary.nSamples };
};
