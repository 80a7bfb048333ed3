import { basename } from 'node:path';
import { CausewayError } from '#shared/lib/result.ts';
import type { TaskParams } from '#shared/contracts/tasks.ts';
import { listModels, projectModelsDir } from '../../models/model-list.ts';
import { resolveModelInputs } from '../../models/model-import.ts';
import { modelIdFor } from './model-train.plan.ts';
import type { Planner } from './plan.ts';

/** model.import: the worker validates the user's `.onnx` and copies it with its card into models/. */
export const planModelImport: Planner<'model.import'> = (spec, projects, runId, env) => {
  const summary = projects.summary();
  if (summary?.readOnly)
    throw new CausewayError('E_IO', `${summary.dir} is read-only; save a copy elsewhere.`);
  const outDir = projectModelsDir(projects);
  if (!outDir) throw new CausewayError('E_NOT_FOUND', 'Open a project first.');
  // Hosts turn an upload into its temp path first (startModelImport), so the run records a real file.
  if (spec.path === undefined)
    throw new CausewayError('E_INVALID_INPUT', 'The uploaded model is not finished or has expired.');
  if (!spec.path.toLowerCase().endsWith('.onnx'))
    throw new CausewayError('E_INVALID_INPUT', `${basename(spec.path)} is not an .onnx file.`);
  const modelId = modelIdFor(spec.card.name, runId);
  if (listModels(projects).some((m) => m.id === modelId))
    throw new CausewayError('E_INVALID_INPUT', `A model "${modelId}" already exists.`);
  const resolved = resolveModelInputs(projects, {
    path: spec.path,
    genes: spec.card.genes,
    overlapDatasetId: spec.overlapDatasetId,
  });
  const provider = spec.provider ?? env.provider;
  const result = projects.prepareResultFile(runId, 'json');
  const card = resolved.genes ? { ...spec.card, genes: resolved.genes } : spec.card;
  const params: TaskParams<'model.import'> = {
    path: resolved.path,
    datasets: resolved.datasets,
    ...(spec.overlapDatasetId ? { overlapDatasetId: spec.overlapDatasetId } : {}),
    ...(spec.card.inputName ? { inputName: spec.card.inputName } : {}),
    provider,
    card,
    modelId,
    outDir,
    resultPath: result.absPath,
  };
  const inputs: Record<string, string> = spec.overlapDatasetId ? { datasetId: spec.overlapDatasetId } : {};
  const label = `Import model "${spec.card.name}"`.slice(0, 300);
  return {
    task: 'model.import',
    params,
    label,
    run: {
      id: runId,
      kind: spec.kind,
      label,
      inputs,
      params: {
        modelId,
        name: spec.card.name,
        file: basename(resolved.path),
        normalisation: spec.card.normalisation,
        genes: spec.card.genes.source,
        declaredKind: spec.card.kind ?? null,
        provider,
      },
      resultFile: result.relPath,
    },
  };
};
