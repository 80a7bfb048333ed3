import { z } from 'zod';
import type { MethodValidationResult, TransportValidationResult } from '#shared/contracts/transport.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { writeFileAtomic } from '../../compute/io/atomic-write.ts';
import { GroupMeans } from '../../compute/signatures/transport/groups.ts';
import { latentShiftMethod } from '../../compute/signatures/transport/latent-shift.ts';
import type { MetricSet } from '../../compute/signatures/transport/metrics.ts';
import { createTransportMethod } from '../../compute/signatures/transport/registry.ts';
import type { TransportMethod, TransportQuery } from '../../compute/signatures/transport/types.ts';
import {
  leaveOneOut,
  recommend,
  validationPairs,
  type MethodValidation,
} from '../../compute/signatures/transport/validate.ts';
import type { Task } from '../runtime.ts';
import { fallbackReason, loadLatentShiftModel, readProfiles } from './transport-inputs.ts';

/** Main resolves and checks every path; the worker only reads and writes them. */
const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
const metricSet = (m: MetricSet) => ({
  pearson: finite(m.pearson),
  r2: finite(m.r2),
  cosine: finite(m.cosine),
});

/** Records the fallback chain of model-backed methods (leaveOneOut keeps only the provider that ran). */
function watched(method: TransportMethod): { method: TransportMethod; fallbacks: () => unknown } {
  let last: unknown = [];
  return {
    fallbacks: () => last,
    method: {
      ...method,
      async transport(input, queries, ctx) {
        const out = await method.transport(input, queries, ctx);
        last = out.profiles[0]?.provenance['fallbacks'] ?? [];
        return out;
      },
    },
  };
}

/**
 * Leave-one-out validation of transport methods on a project dataset (issue 6): every held-out
 * (cell type, perturbation) pair is removed from what each method sees, training included, predicted and
 * scored; the methods are compared and one is recommended by the rule of `validate.ts`.
 */
export const transportValidateTask: Task<'transport.validate'> = async (p, ctx) => {
  await ctx.progress('Reading the dataset', 0);
  const input = readProfiles({
    name: p.dataset.name,
    matrixPath: p.matrixPath,
    samplesPath: p.samplesPath,
    cellTypeColumn: p.cellTypeColumn,
    conditionColumn: p.conditionColumn,
    control: p.control,
    conditions: p.perturbed,
  });
  if (p.targetCellType !== null && !new GroupMeans(input).cellTypes.includes(p.targetCellType)) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `No sample has ${p.cellTypeColumn} = "${p.targetCellType}" (the target).`,
    );
  }
  const pairs = validationPairs(input).filter(
    (q) =>
      p.perturbed.includes(q.perturbation) && (p.targetCellType === null || q.cellType === p.targetCellType),
  );
  if (pairs.length === 0) {
    const where = p.targetCellType ? ` in "${p.targetCellType}"` : '';
    throw new CausewayError(
      'E_INVALID_INPUT',
      `Nothing to validate${where}: a held-out pair needs "${p.control}" profiles of its cell type and the same perturbation measured, with a control, in another cell type.`,
    );
  }
  const model = p.model ? loadLatentShiftModel(p.model) : undefined;
  const results: MethodValidation[] = [];
  const rows: MethodValidationResult[] = [];
  const n = p.methods.length;
  for (const [i, id] of p.methods.entries()) {
    const base =
      id === 'latent-shift'
        ? latentShiftMethod(
            {
              provider: p.provider,
              precision: p.precision,
              seed: p.seed,
              ...(p.epochs ? { epochs: p.epochs } : {}),
            },
            model,
          )
        : createTransportMethod(id);
    await ctx.progress(`Validating ${base.label}`, i / n);
    const { method, fallbacks } = watched(base);
    const started = performance.now();
    // A registered model is never scored on the profiles it was trained on: those pairs are left out for
    // latent shift alone (and said so), not the whole method.
    const trainedOn = (q: TransportQuery): boolean =>
      id === 'latent-shift' &&
      model !== undefined &&
      model.card.training.groups.some((g) => g.cellType === q.cellType && g.condition === q.perturbation);
    const skipped = pairs.filter(trainedOn).map((q) => ({
      ...q,
      reason: `model "${model?.card.id}" was trained on its profiles`,
    }));
    const usable = pairs.filter((q) => !trainedOn(q));
    try {
      if (usable.length === 0)
        throw new CausewayError(
          'E_INVALID_INPUT',
          `model "${model?.card.id}" was trained on the profiles of every held-out pair, so it cannot be scored on them`,
        );
      const v = await leaveOneOut(
        method,
        input,
        {
          signal: ctx.signal,
          seed: p.seed,
          // Reported, not awaited: leaveOneOut checks the signal between folds itself.
          progress: (f, msg) => void ctx.progress(msg, (i + f) / n).catch(() => undefined),
        },
        usable,
      );
      results.push(v);
      const chain = z
        .array(z.object({ provider: z.string(), reason: z.string() }))
        .catch([])
        .parse(fallbacks());
      rows.push({
        method: v.method,
        label: v.label,
        provider: v.provider,
        precision: id === 'latent-shift' ? p.precision : null,
        fallback: id === 'latent-shift' ? fallbackReason(p.provider, v.provider, chain) : null,
        metrics: {
          ...metricSet(v.metrics),
          top100: metricSet(v.metrics.top100),
          nProfiles: v.metrics.nProfiles,
          nGenes: v.metrics.nGenes,
        },
        folds: v.folds.map((f) => ({ ...f, r2: finite(f.r2), r2Top100: finite(f.r2Top100) })),
        elapsedMs: v.elapsedMs,
        error: null,
        ...(skipped.length > 0 ? { skipped } : {}),
      });
    } catch (e) {
      if (ctx.signal.aborted || (e instanceof CausewayError && e.code === 'E_CANCELLED')) throw e;
      // One method that cannot run on these data (a model trained on a held-out pair) must not sink the rest.
      rows.push({
        method: base.id,
        label: base.label,
        provider: 'cpu',
        fallback: null,
        metrics: null,
        folds: [],
        elapsedMs: performance.now() - started,
        error: e instanceof Error ? e.message : String(e),
      });
    }
  }
  if (results.length === 0) {
    throw new CausewayError('E_INVALID_INPUT', `No method could be validated: ${rows[0]?.error ?? ''}`);
  }
  await ctx.progress('Writing the result', 0.99);
  const result: TransportValidationResult = {
    kind: 'transport.validate',
    dataset: p.dataset,
    params: {
      cellTypeColumn: p.cellTypeColumn,
      conditionColumn: p.conditionColumn,
      control: p.control,
      perturbed: p.perturbed,
      targetCellType: p.targetCellType,
      modelId: p.model?.id ?? null,
      providerSetting: p.provider,
      seed: p.seed,
    },
    pairs,
    methods: rows,
    recommendation: recommend(results),
    appVersion: p.appVersion,
    createdAt: new Date().toISOString(),
  };
  writeFileAtomic(p.resultPath, JSON.stringify(result));
  return { recommended: result.recommendation.method, pairs: pairs.length };
};
