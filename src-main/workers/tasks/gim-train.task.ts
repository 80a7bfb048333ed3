import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { CausewayError } from '#shared/lib/result.ts';
import { join } from 'node:path';
import { GIM_MODEL_FILES, type GimModelDetail, type GimTrainResult } from '#shared/contracts/gim.ts';
import { gimModelFile, saveGimModelFile } from '../../compute/gim/model-file.ts';
import { trainGim } from '../../compute/gim/train-gim.ts';
import { writeFileAtomic } from '../../compute/io/atomic-write.ts';
import type { Task } from '../runtime.ts';
import { featureInfo, featureRows, readGimInputs } from './gim-inputs.ts';

/** Progress reports per training, at most: a loss curve's worth of points without flooding the port. */
const MAX_REPORTS = 200;

/**
 * gim.train: reads the cells and the feature table, trains the GIM (compute/gim/train-gim.ts) and writes
 * the model folder — model file, card (with the loss curve and the training feature rows) and the feature
 * table as given — into the staging folder, renamed into place once complete. Each reported epoch carries its loss
 * (progress metrics `epoch`, `epochs`, `loss`), so the page draws the loss curve while it trains, and the
 * fraction is epochs done / epochs, so the ETA is the trainer's own pace.
 */
export const gimTrainTask: Task<'gim.train'> = async (p, ctx) => {
  const started = performance.now();
  await ctx.progress('Reading the data', 0.02);
  const inputs = readGimInputs(p);
  await ctx.progress('Training', 0.05);
  let lastReported = 0;
  const model = trainGim(inputs.data, {
    seed: p.seed,
    epochs: p.epochs,
    hidden: p.hiddenUnits,
    ...(inputs.parents ? { parents: inputs.parents } : {}),
    signal: ctx.signal,
    onProgress: ({ epoch, epochs, loss }) => {
      // The trainer is synchronous: a report is sent at once (the promise only yields afterwards).
      if (epoch < epochs && epoch - lastReported < Math.max(1, Math.floor(epochs / MAX_REPORTS))) return;
      lastReported = epoch;
      ctx.progress('Training', 0.05 + 0.9 * (epoch / epochs), { epoch, epochs, loss }).catch(() => {});
    },
  });
  await ctx.progress('Saving the model', 0.96);
  const lossCurve = model.lossCurve.map((loss, i) => ({ epoch: i + 1, loss }));
  const createdAt = new Date();
  const edges = model.parents.reduce((a, ps) => a + ps.length, 0);
  const detail: GimModelDetail = {
    card: {
      id: p.modelId,
      name: p.name,
      dataset: p.dataset,
      contextColumn: p.contextColumn,
      observationalLabel: p.observationalLabel,
      featureTable: p.featuresName,
      features: featureInfo(inputs.encoding),
      genes: [...model.genes],
      contexts: inputs.data.contexts.map((c) => ({ name: c.name, cells: c.n })),
      observationalCells: inputs.data.observational.n,
      network: p.network ? { source: 'run', runId: p.network.runId, edges } : { source: 'learned', edges },
      seed: p.seed,
      epochs: p.epochs,
      hiddenUnits: p.hiddenUnits,
      finalLoss: Number.isFinite(model.finalLoss) ? model.finalLoss : null,
      runId: p.runId,
      appVersion: p.appVersion,
      createdAt: createdAt.toISOString(),
    },
    lossCurve,
    featureRows: featureRows(inputs),
  };
  mkdirSync(p.stagingDir, { recursive: true });
  try {
    const file = gimModelFile(
      model,
      inputs.encoding,
      {
        name: p.name,
        dataset: { name: p.dataset.name, id: p.dataset.id },
        contextColumn: p.contextColumn,
        observationalCells: inputs.data.observational.n,
      },
      createdAt,
    );
    saveGimModelFile(join(p.stagingDir, GIM_MODEL_FILES.model), file);
    writeFileAtomic(join(p.stagingDir, GIM_MODEL_FILES.card), JSON.stringify(detail));
    copyFileSync(p.featuresPath, join(p.stagingDir, GIM_MODEL_FILES.features));
    const result: GimTrainResult = {
      kind: 'gim.train',
      modelId: p.modelId,
      genes: detail.card.genes,
      contexts: detail.card.contexts.map((c) => c.name),
      finalLoss: detail.card.finalLoss,
      lossCurve,
      elapsedMs: performance.now() - started,
      appVersion: p.appVersion,
      createdAt: detail.card.createdAt,
    };
    if (existsSync(p.modelDir)) throw new CausewayError('E_IO', `${p.modelDir} already exists.`);
    renameSync(p.stagingDir, p.modelDir);
    writeFileAtomic(p.resultPath, JSON.stringify(result));
  } catch (e) {
    rmSync(p.stagingDir, { recursive: true, force: true });
    throw e;
  }
  return {
    modelId: p.modelId,
    genes: detail.card.genes,
    contexts: detail.card.contexts.map((c) => c.name),
    finalLoss: detail.card.finalLoss,
  };
};
