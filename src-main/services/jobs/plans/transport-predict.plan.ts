import { CausewayError } from '#shared/lib/result.ts';
import type { TaskParams } from '#shared/contracts/tasks.ts';
import { appVersion } from '../../paths.ts';
import type { Planner } from './plan.ts';
import { transportInputs } from './transport-validate.plan.ts';

/** transport.predict: one worker task transports one perturbation to one cell type. */
export const planTransportPredict: Planner<'transport.predict'> = (spec, projects, runId, env) => {
  const inputs = transportInputs(projects, spec, [spec.perturbed], [spec.method]);
  if (spec.precision && spec.method !== 'latent-shift')
    throw new CausewayError('E_INVALID_INPUT', 'The precision applies to the latent-shift method only.');
  const provider = spec.provider ?? env.provider;
  const result = projects.prepareResultFile(runId, 'json');
  const params: TaskParams<'transport.predict'> = {
    ...inputs,
    perturbed: spec.perturbed,
    targetCellType: spec.targetCellType,
    method: spec.method,
    provider,
    precision: spec.method === 'latent-shift' ? (spec.precision ?? 'float32') : null,
    seed: spec.seed,
    appVersion: appVersion(),
    resultPath: result.absPath,
  };
  const label = `Transport ${spec.perturbed} to ${spec.targetCellType} (${spec.method})`.slice(0, 300);
  return {
    task: 'transport.predict',
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
        perturbed: spec.perturbed,
        targetCellType: spec.targetCellType,
        method: spec.method,
        modelId: spec.modelId ?? null,
        provider,
      },
      seed: spec.seed,
      resultFile: result.relPath,
    },
  };
};
