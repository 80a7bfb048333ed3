import { writeFileAtomic } from '../../compute/io/atomic-write.ts';
import { runTargetRanking } from '../../compute/targets/jobs/rank-job.ts';
import type { Task } from '../runtime.ts';

/** targets.rank: the ranked target table, written to the run's result file. */
export const targetsRankTask: Task<'targets.rank'> = async (p, ctx) => {
  const result = await runTargetRanking(p, (phase, fraction) => ctx.progress(phase, fraction));
  writeFileAtomic(p.resultPath, JSON.stringify(result));
  return { rows: result.rows.length, dags: result.dags, top: result.rows[0]?.gene ?? null };
};
