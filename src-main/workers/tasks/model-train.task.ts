import { CausewayError } from '#shared/lib/result.ts';
import { saveModel } from '../../compute/inference/project-models.ts';
import { epochLine, trainModel } from '../../compute/inference/train-model.ts';
import { readMatrixArrow } from '../../compute/io/arrow-matrix.ts';
import { writeFileAtomic } from '../../compute/io/atomic-write.ts';
import { readMetaArrow } from '../../compute/io/meta-table.ts';
import type { Task } from '../runtime.ts';

/** Each matrix sample's (cell type, condition) from the sample table; null for a sample it lacks. */
function sampleLabels(
  src: { samplesPath: string; cellTypeColumn: string; conditionColumn: string },
  samples: readonly string[],
  datasetName: string,
): ({ cellType: string; condition: string } | null)[] {
  const meta = readMetaArrow(src.samplesPath);
  const ids = (meta['sample'] ?? []).map(String);
  const cellCol = meta[src.cellTypeColumn];
  const condCol = meta[src.conditionColumn];
  if (!cellCol || !condCol) {
    const missing = cellCol ? src.conditionColumn : src.cellTypeColumn;
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${datasetName} has no sample column "${missing}" (columns: ${Object.keys(meta).join(', ')}).`,
    );
  }
  const label = new Map(
    ids.map((s, r) => [s, { cellType: String(cellCol[r]), condition: String(condCol[r]) }]),
  );
  return samples.map((s) => label.get(s) ?? null);
}

/** Trains an autoencoder on a project dataset in a worker; the card records exactly which samples trained it. */
export const modelTrainTask: Task<'model.train'> = async (p, ctx) => {
  await ctx.progress('Reading the dataset', 0.02);
  const m = readMatrixArrow(p.matrixPath);
  const labels = p.labels ? sampleLabels(p.labels, m.samples, p.datasetName) : null;
  await ctx.progress('Training', 0.05);
  const trained = await trainModel(
    {
      ...m,
      layout: 'genes-x-samples',
      labels,
      datasetName: p.datasetName,
    },
    {
      modelId: p.modelId,
      name: p.name,
      exclude: p.exclude,
      maxGenes: p.maxGenes,
      ...(p.geneList ? { geneList: p.geneList } : {}),
      normalisation: p.normalisation,
      hidden: p.hidden,
      epochs: p.epochs,
      batchSize: p.batchSize,
      learningRate: p.learningRate,
      patience: p.patience,
      seed: p.seed,
      provider: p.provider,
      signal: ctx.signal,
      onBatch: (f) => ctx.progress('Training', 0.05 + 0.9 * f),
      onEpoch: (r) =>
        ctx.progress(
          epochLine(r),
          0.05 + (0.9 * r.epoch) / r.epochs,
          // Structured too, so the app can plot the loss curve live.
          {
            epoch: r.epoch,
            epochs: r.epochs,
            trainLoss: r.trainLoss,
            ...(r.validationLoss === null ? {} : { validationLoss: r.validationLoss }),
          },
        ),
    },
  );
  await ctx.progress('Saving the model', 0.96);
  const { card, bytes, result } = trained;
  saveModel(p.outDir, card, bytes);
  const summary = {
    modelId: p.modelId,
    provider: result.provider,
    fallbacks: result.fallbacks,
    history: result.history,
    bestEpoch: result.bestEpoch,
    bestLoss: Number.isFinite(trained.bestLoss) ? trained.bestLoss : null,
    stoppedEarly: result.stoppedEarly,
    sha256: card.sha256,
    samples: trained.samples,
    genes: card.genes.length,
  };
  if (p.resultPath) {
    const history = result.history.map((h) => ({
      epoch: h.epoch,
      trainLoss: h.trainLoss,
      validationLoss: h.validationLoss,
    }));
    writeFileAtomic(p.resultPath, JSON.stringify({ ...summary, history, name: p.name, card: card.training }));
  }
  return summary;
};
