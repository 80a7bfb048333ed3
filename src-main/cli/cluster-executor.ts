import { join, resolve } from 'node:path';
import type { JobProgress, JobSpec } from '#shared/contracts/jobs.ts';
import { newId } from '#shared/lib/ids.ts';
import type { Backend } from '../services/backend.ts';
import {
  clusterProfilesPath,
  loadClusterProfile,
  type ClusterProfile,
} from '../services/jobs/executors/cluster-profile.ts';
import { SlurmExecutor } from '../services/jobs/executors/slurm-executor.ts';
import { idleCpus } from '../services/jobs/executors/cluster-estimate.ts';
import { isFanOut, planJob } from '../services/jobs/plans/index.ts';
import { usage, type Io } from './cli-error.ts';
import { runJob } from './backend.ts';

/** The flags of every command whose job can run on a cluster. */
export const EXECUTOR_OPTIONS = {
  executor: { type: 'string' },
  profile: { type: 'string' },
  'print-sbatch': { type: 'boolean' },
} as const;

export const executorHelp = (): string =>
  `  --executor slurm runs the job's parts as one SLURM job array (from a login node; same results as
  the local workers): every array task runs \`causeway run-task\` on its chunks, reading the inputs from
  and writing its outputs to the work folder (profile workDir, default ./causeway-cluster; it must be on
  a file system the compute nodes share), and the results are combined here. --profile NAME picks a
  profile of ${clusterProfilesPath()} (partition, account, time, memory, cpusPerTask, sbatchOptions,
  prefix, command, runsPerChunk, chunksPerTask, attempts; without the file "default" uses SLURM's
  defaults).
  --print-sbatch prints the array's batch script and submits nothing.`;

export interface ClusterChoice {
  profile: ClusterProfile;
  workDir: string;
  printOnly: boolean;
}

/** `--executor slurm [--profile P] [--print-sbatch]` → where the job runs; null: the local worker pool. */
export function clusterFromFlags(values: {
  executor?: string;
  profile?: string;
  'print-sbatch'?: boolean;
}): ClusterChoice | null {
  const executor = values.executor ?? 'local';
  if (executor !== 'local' && executor !== 'slurm') throw usage('--executor must be local or slurm.');
  if (executor === 'local') {
    if (values.profile !== undefined || values['print-sbatch']) {
      throw usage('--profile and --print-sbatch need --executor slurm.');
    }
    return null;
  }
  const profile = loadClusterProfile(values.profile ?? 'default');
  return {
    profile,
    workDir: resolve(profile.workDir ?? join(process.cwd(), 'causeway-cluster')),
    printOnly: values['print-sbatch'] ?? false,
  };
}

/**
 * Runs the job locally or as a SLURM array; with --print-sbatch it only plans the job and prints the
 * batch script (null: nothing ran).
 */
export async function runJobOn(
  cluster: ClusterChoice | null,
  backend: Backend,
  spec: JobSpec,
  io: Io,
  onProgress?: (progress: JobProgress) => void,
): Promise<{ runId: string } | null> {
  if (!cluster) return runJob(backend, spec, onProgress);
  const executor = new SlurmExecutor(cluster.profile, cluster.workDir, `causeway-${spec.kind}`);
  if (!cluster.printOnly) {
    // Ctrl-C (or the batch system's SIGTERM) cancels the job, which scancels its array: nothing keeps
    // running on the cluster after the command has gone.
    const controller = new AbortController();
    const stop = (): void => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      return await runJob(backend, spec, onProgress, controller.signal, executor);
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  }
  const plan = planJob(spec, backend.projects, newId('run'), {
    provider: 'auto',
    ...(executor.runsPerChunk !== undefined ? { runsPerChunk: executor.runsPerChunk } : {}),
  });
  const chunks = isFanOut(plan) ? plan.chunks : [{ task: plan.task, params: plan.params }];
  const jobId = newId('job');
  io.out(
    executor.printScript(chunks.map((c, i) => ({ task: c.task, params: c.params, jobId: `${jobId}~${i}` }))),
  );
  // The size of the submission, to stderr so that stdout stays the script alone.
  const tasks = Math.ceil(chunks.length / cluster.profile.chunksPerTask);
  const idle = await idleCpus(cluster.profile.partition);
  io.err(
    `${chunks.length} chunk(s) in ${tasks} array task(s)` +
      (idle === null ? '' : `; ${idle} CPU(s) idle on the cluster now (sinfo)`) +
      ` — bench:cluster in the README gives the cost per chunk\n`,
  );
  plan.discard?.();
  return null;
}
