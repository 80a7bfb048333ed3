import { writeFileAtomic } from '../../compute/io/atomic-write.ts';
import { exportDesignRun } from '../../compute/design/export-plan.ts';
import { runOrientPlan } from '../../compute/design/orient-plan-job.ts';
import { runTargetPlan } from '../../compute/design/target-shift/target-plan-job.ts';
import type { Task } from '../runtime.ts';

/** design.plan: the ranked perturbations (orient) or shifts (target) per round, to the run's result file. */
export const designPlanTask: Task<'design.plan'> = async (p, ctx) => {
  if (p.goal === 'target') {
    const result = await runTargetPlan(p, (phase, fraction) => ctx.progress(phase, fraction));
    writeFileAtomic(p.resultPath, JSON.stringify(result));
    const first = result.plan[0]?.shift[0];
    return { perturbations: result.plan.length, dags: result.dags, top: first?.gene ?? null };
  }
  const result = await runOrientPlan(p, (phase, fraction) => ctx.progress(phase, fraction));
  writeFileAtomic(p.resultPath, JSON.stringify(result));
  return {
    perturbations: result.perturbations.length,
    dags: result.dags,
    top: result.perturbations[0]?.gene ?? null,
  };
};

/** design.export: the plate plan (CSV) or result document (JSON), on the interactive worker. */
export const designExportTask: Task<'design.export'> = (p) => Promise.resolve(exportDesignRun(p));
