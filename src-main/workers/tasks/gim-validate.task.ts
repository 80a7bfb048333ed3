import type { GimMethodId, GimValidationResult } from '#shared/contracts/gim.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { fitContextTargets } from '../../compute/gim/baselines/context-targets.ts';
import { fitMlp } from '../../compute/gim/baselines/mlp.ts';
import { fitNearest } from '../../compute/gim/baselines/nearest.ts';
import { fitNoChange } from '../../compute/gim/baselines/no-change.ts';
import { gimFitter } from '../../compute/gim/gim-predictor.ts';
import type { FitPredictor } from '../../compute/gim/types.ts';
import { leaveOneContextOut, type MethodSpec } from '../../compute/gim/validate.ts';
import { writeFileAtomic } from '../../compute/io/atomic-write.ts';
import type { Task } from '../runtime.ts';
import { readGimInputs } from './gim-inputs.ts';

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? Number(x.toPrecision(7)) : null);

/**
 * gim.validate: leave-one-context-out on the user's data (compute/gim/validate.ts) — each perturbation
 * context in turn is held out, every method refitted on the others (its cells never seen) and scored on
 * it — for the GIM with the job's settings and DAG, and the baselines. Progress: one step per (context,
 * method) fit.
 */
export const gimValidateTask: Task<'gim.validate'> = async (p, ctx) => {
  await ctx.progress('Reading the data', 0.02);
  const inputs = readGimInputs(p);
  const fitters: Record<GimMethodId, FitPredictor> = {
    gim: gimFitter({
      epochs: p.epochs,
      hidden: p.hiddenUnits,
      ...(inputs.parents ? { parents: inputs.parents } : {}),
    }),
    'no-change': fitNoChange,
    mlp: fitMlp,
    nearest: fitNearest,
    'context-targets': fitContextTargets,
  };
  const methods: MethodSpec[] = p.methods.map((m) => {
    const fit = fitters[m as GimMethodId];
    if (!fit) throw new CausewayError('E_INVALID_INPUT', `Unknown method "${m}".`);
    return { method: m, fit };
  });
  const folds = inputs.data.contexts.length;
  await ctx.progress(`Holding out ${folds} contexts in turn`, 0.05);
  const started = performance.now();
  const report = leaveOneContextOut(inputs.data, methods, {
    seed: p.seed,
    signal: ctx.signal,
    onProgress: ({ done, total, method, context }) => {
      // Synchronous fits: the report goes out at once; the promise only yields afterwards.
      ctx.progress(`Held out ${context} (${method})`, 0.05 + 0.9 * (done / total)).catch(() => {});
    },
  });
  const elapsedMs = performance.now() - started;
  const result: GimValidationResult = {
    kind: 'gim.validate',
    dataset: p.dataset,
    params: {
      contextColumn: p.contextColumn,
      observationalLabel: p.observationalLabel,
      featureTable: p.featuresName,
      network: p.network ? `run ${p.network.runId}` : 'learned jointly',
      epochs: p.epochs,
      hiddenUnits: p.hiddenUnits,
      seed: p.seed,
    },
    genes: [...inputs.data.genes],
    methods: report.methods.map((m) => ({
      method: m.method,
      meanError: finiteOrNull(m.meanError),
      energyDistance: finiteOrNull(m.energyDistance),
      // One loop fits every method; the time is the whole validation's, shared.
      elapsedMs: elapsedMs / report.methods.length,
      error: null,
    })),
    targets: report.targets,
    contexts: report.contexts.map((c) => ({
      context: c.context,
      method: c.method,
      meanError: finiteOrNull(c.meanError),
      energyDistance: finiteOrNull(c.energyDistance),
    })),
    appVersion: p.appVersion,
    createdAt: new Date().toISOString(),
  };
  writeFileAtomic(p.resultPath, JSON.stringify(result));
  return { contexts: folds, methods: methods.length };
};
