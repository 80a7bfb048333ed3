import type { TaskName } from '#shared/contracts/tasks.ts';
import { runArrayTask } from '../../services/jobs/executors/array-spec.ts';
import { forkLauncher } from '../../services/jobs/worker-handle.ts';
import { WorkerPool } from '../../services/jobs/worker-pool.ts';
import { computeWorkerSource } from '../../services/paths.ts';
import { usage, type Io } from '../cli-error.ts';

export const runTaskHelp = `causeway run-task <array-spec.json> [<index>]
  Runs one task of a job array that Causeway submitted to SLURM (--executor slurm): the chunks at
  <index> (default: $SLURM_ARRAY_TASK_ID) of the spec, in a compute worker exactly as the local pool
  runs them; each output is written atomically beside the spec's other chunks. Not for direct use.`;

export async function runTaskCommand(argv: string[], io: Io): Promise<number> {
  const [specPath, indexArg = process.env['SLURM_ARRAY_TASK_ID']] = argv;
  if (!specPath) throw usage('run-task needs <array-spec.json> [<index>].');
  const index = /^\d+$/.test(indexArg ?? '') ? Number(indexArg) : -1;
  if (!Number.isSafeInteger(index) || index < 0) {
    throw usage(`run-task needs an array index (got "${indexArg ?? ''}"; is SLURM_ARRAY_TASK_ID set?).`);
  }
  const pool = new WorkerPool(forkLauncher(computeWorkerSource()), 1);
  try {
    const ran = await runArrayTask(specPath, index, (task, params, jobId) =>
      pool.run(task as TaskName, params as never, { jobId }),
    );
    io.out(`array task ${index}: ${ran} chunk(s) run\n`);
    return 0;
  } finally {
    pool.dispose();
  }
}
