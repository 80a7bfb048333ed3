import { CausewayError } from '#shared/lib/result.ts';
import { saveModel } from '../../compute/inference/project-models.ts';
import { epochLine, trainModel } from '../../compute/inference/train-model.ts';
import { readMatrixArrow } from '../../compute/io/arrow-matrix.ts';
import { writeFileAtomic } from '../../compute/io/atomic-write.ts';
import { readMetaArrow } from '../../compute/io/meta-table.ts';
import type { Task } from '../runtime.ts';

/** Trains an autoencoder on a project dataset in a worker; the card records exactly which samples trained it. */
export const modelTrainTask: Task<'model.train'> = async (p, ctx) => {
  await ctx.progress('Reading the dataset', 0.02);
  const m = readMatrixArrow(p.matrixPath);
  const meta = readMetaArrow(p.samplesPath);
  const ids = (meta['sample'] ?? []).map(String);
  const cellCol = meta[p.cellTypeColumn];
  const condCol = meta[p.conditionColumn];
  if (!cellCol || !condCol) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${p.datasetName} has no sample column "${cellCol ? p.conditionColumn : p.cellTypeColumn}".`,
    );
  }
  const label = new Map(
    ids.map((s, r) => [s, { cellType: String(cellCol[r]), condition: String(condCol[r]) }]),
  );
  await ctx.progress('Training', 0.05);
  const trained = await trainModel(
    {
      ...m,
      layout: 'genes-x-samples',
      labels: m.samples.map((s) => label.get(s) ?? null),
      datasetName: p.datasetName,
    },
    {
      modelId: p.modelId,
      name: p.name,
      exclude: p.exclude,
      maxGenes: p.maxGenes,
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
