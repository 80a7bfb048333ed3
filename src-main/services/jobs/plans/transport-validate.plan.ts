import { CausewayError } from '#shared/lib/result.ts';
import type { TaskParams } from '#shared/contracts/tasks.ts';
import { bundledModelsDir, listModels, projectModelsDir } from '../../models/model-list.ts';
import { appVersion } from '../../paths.ts';
import type { ProjectService } from '../../projects/project-service.ts';
import type { Planner } from './plan.ts';

/** A model named for latent shift exists (project or shipped) and can run it; checked before any worker starts. */
export function checkLatentShiftModel(
  projects: ProjectService,
  modelId: string,
  methods: readonly string[],
): void {
  if (!methods.includes('latent-shift'))
    throw new CausewayError('E_INVALID_INPUT', 'A model applies to the latent-shift method only.');
  const model = listModels(projects).find((m) => m.id === modelId);
  if (!model)
    throw new CausewayError(
      'E_NOT_FOUND',
      `No model "${modelId}" in this project or among the shipped models.`,
    );
  if (model.latentShiftUnusable)
    throw new CausewayError(
      'E_INVALID_INPUT',
      `Model "${model.id}" cannot run latent shift: ${model.latentShiftUnusable}.`,
    );
}

/**
 * What both transport jobs read, checked before any worker starts: the dataset with its sample table,
 * the label columns, the control (never also a perturbation) and the optional latent-shift model.
 */
export function transportInputs(
  projects: ProjectService,
  spec: {
    datasetId: string;
    cellTypeColumn: string;
    conditionColumn: string;
    control: string;
    modelId?: string | undefined;
  },
  perturbed: readonly string[],
  methods: readonly string[],
) {
  const dataset = projects.dataset(spec.datasetId);
  if (!dataset.samplesFile) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${dataset.name} has no sample table: transport needs cell-type and condition columns.`,
    );
  }
  if (perturbed.includes(spec.control)) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `"${spec.control}" is the control; it cannot also be perturbed.`,
    );
  }
  if (spec.modelId) checkLatentShiftModel(projects, spec.modelId, methods);
  return {
    dataset: { id: dataset.id, name: dataset.name },
    matrixPath: projects.resolveFile(dataset.matrixFile),
    samplesPath: projects.resolveFile(dataset.samplesFile),
    cellTypeColumn: spec.cellTypeColumn,
    conditionColumn: spec.conditionColumn,
    control: spec.control,
    model: spec.modelId
      ? { id: spec.modelId, bundledDir: bundledModelsDir(), projectDir: projectModelsDir(projects) }
      : null,
  };
}

/** transport.validate: one worker task runs leave-one-out validation of every chosen method. */
export const planTransportValidate: Planner<'transport.validate'> = (spec, projects, runId, env) => {
  const methods = [...new Set(spec.methods)];
  const inputs = transportInputs(projects, spec, spec.perturbed, methods);
  const provider = spec.provider ?? env.provider;
  const result = projects.prepareResultFile(runId, 'json');
  const params: TaskParams<'transport.validate'> = {
    ...inputs,
    perturbed: spec.perturbed,
    targetCellType: spec.targetCellType ?? null,
    methods,
    epochs: spec.epochs ?? null,
    provider,
    precision: spec.precision ?? 'float32',
    seed: spec.seed,
    appVersion: appVersion(),
    resultPath: result.absPath,
  };
  const label = `Transport validation: ${spec.perturbed.join(', ')} in ${inputs.dataset.name}`.slice(0, 300);
  return {
    task: 'transport.validate',
    params,
    label,
    run: {
      id: runId,
      kind: spec.kind,
      label,
      inputs: { datasetId: inputs.dataset.id },
      params: {
        cellTypeColumn: spec.cellTypeColumn,
        conditionColumn: spec.conditionColumn,
        control: spec.control,
        perturbed: spec.perturbed.join(',').slice(0, 10_000),
        targetCellType: spec.targetCellType ?? null,
        methods: methods.join(','),
        modelId: spec.modelId ?? null,
        provider,
      },
      seed: spec.seed,
      resultFile: result.relPath,
    },
  };
};
