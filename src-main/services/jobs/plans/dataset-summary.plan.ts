import type { TaskParams } from '#shared/contracts/tasks.ts';
import type { Planner } from './plan.ts';

export const planDatasetSummary: Planner<'dataset.summary'> = (spec, projects, runId) => {
  const dataset = projects.dataset(spec.datasetId);
  const result = projects.prepareResultFile(runId, 'json');
  const params: TaskParams<'dataset.summary'> = {
    datasetId: dataset.id,
    matrixPath: projects.resolveFile(dataset.matrixFile),
    resultPath: result.absPath,
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
      params: {},
      resultFile: result.relPath,
    },
  };
};
