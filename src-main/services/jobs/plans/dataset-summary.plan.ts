import type { TaskParams } from '#shared/contracts/tasks.ts';
import type { Planner } from './plan.ts';

/** The PCA's sample subsample and randomized SVD are seeded; a summary is a view, so one fixed seed. */
const PCA_SEED = 1;

export const planDatasetSummary: Planner<'dataset.summary'> = (spec, projects, runId) => {
  const dataset = projects.dataset(spec.datasetId);
  const result = projects.prepareResultFile(runId, 'json');
  const params: TaskParams<'dataset.summary'> = {
    datasetId: dataset.id,
    matrixPath: projects.resolveFile(dataset.matrixFile),
    ...(dataset.samplesFile ? { samplesPath: projects.resolveFile(dataset.samplesFile) } : {}),
    resultPath: result.absPath,
    pcaSeed: PCA_SEED,
  };
  const label = `Summary of ${dataset.name}`;
  return {
    task: 'dataset.summary',
    params,
    label,
    run: {
      id: runId,
      kind: spec.kind,
      label,
      inputs: { datasetId: dataset.id },
      params: { pcaSeed: PCA_SEED },
      resultFile: result.relPath,
    },
  };
};
