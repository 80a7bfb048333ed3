import { CausewayError } from '#shared/lib/result.ts';
import type { TaskParams } from '#shared/contracts/tasks.ts';
import { listModels, projectModelsDir } from '../../models/model-list.ts';
import type { Planner } from './plan.ts';

/** A model id from its name and the run id: unique, and a valid card id. */
export function modelIdFor(name: string, runId: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  const suffix = runId
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(-12);
  return `${slug || 'model'}-${suffix}`;
}

/** model.train: the worker trains the autoencoder and saves it with its card in the project's models/. */
export const planModelTrain: Planner<'model.train'> = (spec, projects, runId, env) => {
  const dataset = projects.dataset(spec.datasetId);
  const labelled = spec.cellTypeColumn !== undefined && spec.conditionColumn !== undefined;
  if (labelled && !dataset.samplesFile) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${dataset.name} has no sample table: training records which cell types and conditions trained the model.`,
    );
  }
  const summary = projects.summary();
  if (summary?.readOnly)
    throw new CausewayError('E_IO', `${summary.dir} is read-only; save a copy elsewhere.`);
  const outDir = projectModelsDir(projects);
  if (!outDir) throw new CausewayError('E_NOT_FOUND', 'Open a project first.');
  const modelId = spec.modelId ?? modelIdFor(spec.name, runId);
  if (listModels(projects).some((m) => m.id === modelId))
    throw new CausewayError('E_INVALID_INPUT', `A model "${modelId}" already exists.`);
  const provider = spec.provider ?? env.provider;
  const result = projects.prepareResultFile(runId, 'json');
  const params: TaskParams<'model.train'> = {
    matrixPath: projects.resolveFile(dataset.matrixFile),
    datasetName: dataset.name,
    ...(labelled && dataset.samplesFile
      ? {
          labels: {
            samplesPath: projects.resolveFile(dataset.samplesFile),
            cellTypeColumn: spec.cellTypeColumn!,
            conditionColumn: spec.conditionColumn!,
          },
        }
      : {}),
    exclude: spec.exclude,
    ...(spec.geneList ? { geneList: spec.geneList } : { maxGenes: spec.genes ?? 2000 }),
    ...(spec.batchSize ? { batchSize: spec.batchSize } : {}),
    epochs: spec.epochs,
    patience: spec.patience,
    seed: spec.seed,
    provider,
    modelId,
    name: spec.name,
    outDir,
    resultPath: result.absPath,
    ...(spec.hidden ? { hidden: spec.hidden } : {}),
    ...(spec.learningRate ? { learningRate: spec.learningRate } : {}),
  };
  const label = `Train autoencoder "${spec.name}" on ${dataset.name}`.slice(0, 300);
  return {
    task: 'model.train',
    params,
    label,
    run: {
      id: runId,
      kind: spec.kind,
      label,
      inputs: { datasetId: dataset.id },
      params: {
        modelId,
        name: spec.name,
        cellTypeColumn: spec.cellTypeColumn ?? null,
        conditionColumn: spec.conditionColumn ?? null,
        genes: spec.geneList ? spec.geneList.join(',').slice(0, 10_000) : (spec.genes ?? 2000),
        epochs: spec.epochs,
        patience: spec.patience,
        excluded:
          spec.exclude
            .map((e) => `${e.cellType}|${e.condition}`)
            .join(',')
            .slice(0, 10_000) || null,
        provider,
      },
      seed: spec.seed,
      resultFile: result.relPath,
    },
  };
};
