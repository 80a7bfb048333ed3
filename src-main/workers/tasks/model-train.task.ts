import { z } from 'zod';
import { CausewayError } from '#shared/lib/result.ts';
import { DEFAULT_HIDDEN } from '../../compute/inference/autoencoder-graph.ts';
import { Normalisation } from '../../compute/inference/normalise.ts';
import { saveModel } from '../../compute/inference/project-models.ts';
import { ProviderSetting } from '../../compute/inference/providers.ts';
import { epochLine, trainModel } from '../../compute/inference/train-model.ts';
import { readMatrixArrow } from '../../compute/io/arrow-matrix.ts';
import { writeFileAtomic } from '../../compute/io/atomic-write.ts';
import { readMetaArrow } from '../../compute/io/meta-table.ts';
import type { Task } from '../runtime.ts';

export const ModelTrainParams = z.object({
  matrixPath: z.string(),
  samplesPath: z.string(),
  datasetName: z.string().max(500),
  cellTypeColumn: z.string(),
  conditionColumn: z.string(),
  /** (cell type, condition) groups kept out of training, so the model can be scored on them later. */
  exclude: z.array(z.object({ cellType: z.string(), condition: z.string() })).default([]),
  maxGenes: z.number().int().min(2).max(50_000).default(2000),
  normalisation: Normalisation.default('log2p1-minmax'),
  hidden: z.number().int().min(2).max(8192).default(DEFAULT_HIDDEN),
  epochs: z.number().int().min(1).max(10_000).default(50),
  batchSize: z.number().int().min(1).max(65_536).default(256),
  learningRate: z.number().positive().max(1).default(1e-4),
  patience: z.number().int().min(1).max(1000).default(5),
  seed: z.number().int().default(1),
  provider: ProviderSetting.default('auto'),
  modelId: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,99}$/),
  name: z.string().min(1).max(200),
  /** Folder (inside the project, resolved by main) that receives `<modelId>.onnx` and `<modelId>.card.json`. */
  outDir: z.string(),
  /** Where the job's result (loss history, provider) is written, when run as a project job. */
  resultPath: z.string().optional(),
});

/** Trains an autoencoder on a project dataset in a worker; the card records exactly which samples trained it. */
export const modelTrainTask: Task = async (raw, ctx) => {
  const p = ModelTrainParams.parse(raw);
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
