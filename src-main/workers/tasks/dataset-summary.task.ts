import { readMatrixArrow } from '../../compute/io/arrow-matrix.ts';
import { writeFileAtomic } from '../../compute/io/atomic-write.ts';
import { summariseDataset } from '../../compute/summary/dataset-summary.ts';
import type { Task } from '../runtime.ts';

export const datasetSummaryTask: Task<'dataset.summary'> = async (params, ctx) => {
  await ctx.progress('Reading matrix', 0);
  const matrix = readMatrixArrow(params.matrixPath);
  // Chunks small enough that progress (and cancel) reach the user several times a second on big data.
  const chunkSize = Math.max(64, Math.ceil(matrix.genes.length / 50));
  const summary = await summariseDataset(params.datasetId, matrix, {
    chunkSize,
    progress: (f) => ctx.progress('Summarising genes', 0.05 + 0.9 * f),
  });
  await ctx.progress('Writing result', 0.97);
  writeFileAtomic(params.resultPath, JSON.stringify(summary));
  return { resultPath: params.resultPath, nGenes: summary.nGenes, nSamples: summary.nSamples };
};
