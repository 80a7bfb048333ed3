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
  // Each method runs on its own: its folds draw from the same seeds whichever others were asked for, and
  // a method that cannot run on these data reports its error without taking the others down.
  const runs = methods.map((spec, m) => {
    const started = performance.now();
    try {
      const report = leaveOneContextOut(inputs.data, [spec], {
        seed: p.seed,
        signal: ctx.signal,
        onProgress: ({ done, context }) => {
          // Synchronous fits: the report goes out at once; the promise only yields afterwards.
          const fraction = (m * folds + done) / (methods.length * folds);
          ctx.progress(`Held out ${context} (${spec.method})`, 0.05 + 0.9 * fraction).catch(() => {});
        },
      });
      return { method: spec.method, report, error: null, elapsedMs: performance.now() - started };
    } catch (e) {
      if (ctx.signal.aborted) throw new CausewayError('E_CANCELLED', 'The job was cancelled.');
      const error = e instanceof Error ? e.message : String(e);
      return { method: spec.method, report: null, error, elapsedMs: performance.now() - started };
    }
  });
  if (runs.every((r) => r.report === null))
    throw new CausewayError('E_INVALID_INPUT', `No method could run: ${runs[0]!.method}: ${runs[0]!.error}`);
  // The top predicted targets: the GIM's, else the first method that scores targets.
  const withTargets = runs.filter((r) => r.report && Object.keys(r.report.targets).length > 0);
  const targets = (withTargets.find((r) => r.method === 'gim') ?? withTargets[0])?.report?.targets ?? {};
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
    methods: runs.map((r) => ({
      method: r.method,
      meanError: r.report ? finiteOrNull(r.report.methods[0]!.meanError) : null,
      energyDistance: r.report ? finiteOrNull(r.report.methods[0]!.energyDistance) : null,
      elapsedMs: r.elapsedMs,
      error: r.error,
    })),
    targets,
    contexts: runs.flatMap((r) =>
      (r.report?.contexts ?? []).map((c) => ({
        context: c.context,
        method: c.method,
        meanError: finiteOrNull(c.meanError),
        energyDistance: finiteOrNull(c.energyDistance),
      })),
    ),
    appVersion: p.appVersion,
    createdAt: new Date().toISOString(),
  };
  writeFileAtomic(p.resultPath, JSON.stringify(result));
  return { contexts: folds, methods: methods.length };
};
