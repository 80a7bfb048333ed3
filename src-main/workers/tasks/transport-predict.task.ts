import type { TransportPrediction } from '#shared/contracts/transport.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { writeFileAtomic } from '../../compute/io/atomic-write.ts';
import { GroupMeans, runTransport } from '../../compute/signatures/transport/groups.ts';
import { latentShiftMethod } from '../../compute/signatures/transport/latent-shift.ts';
import { createTransportMethod } from '../../compute/signatures/transport/registry.ts';
import type { Task } from '../runtime.ts';
import { loadLatentShiftModel, readProfiles } from './transport-inputs.ts';

/**
 * The effect of one perturbation, measured in other cell types, carried to the target cell type
 * (runTransport removes the target's own perturbed profiles, training included, before the method runs).
 */
export const transportPredictTask: Task<'transport.predict'> = async (p, ctx) => {
  await ctx.progress('Reading the dataset', 0);
  const input = readProfiles({
    name: p.dataset.name,
    matrixPath: p.matrixPath,
    samplesPath: p.samplesPath,
    cellTypeColumn: p.cellTypeColumn,
    conditionColumn: p.conditionColumn,
    control: p.control,
    conditions: [p.perturbed],
  });
  if (!new GroupMeans(input).cellTypes.includes(p.targetCellType)) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `No sample has ${p.cellTypeColumn} = "${p.targetCellType}" (the target).`,
    );
  }
  const method =
    p.method === 'latent-shift'
      ? latentShiftMethod(
          { provider: p.provider, precision: p.precision ?? 'float32', seed: p.seed },
          p.model ? loadLatentShiftModel(p.model) : undefined,
        )
      : createTransportMethod(p.method);
  await ctx.progress(`Transporting with ${method.label}`, 0.1);
  const started = performance.now();
  const out = await runTransport(method, input, [{ cellType: p.targetCellType, perturbation: p.perturbed }], {
    seed: p.seed,
    signal: ctx.signal,
  });
  const result: TransportPrediction = {
    kind: 'transport.predict',
    dataset: p.dataset,
    method: method.id,
    provider: out.provider,
    precision: p.precision,
    profile: `${p.targetCellType}|${p.perturbed}`,
    genes: [...out.genes],
    values: Array.from(out.profiles[0]!.values, (x) => (Number.isFinite(x) ? x : null)),
    seed: p.seed,
    elapsedMs: performance.now() - started,
    appVersion: p.appVersion,
    createdAt: new Date().toISOString(),
  };
  writeFileAtomic(p.resultPath, JSON.stringify(result));
  return { provider: out.provider };
};
