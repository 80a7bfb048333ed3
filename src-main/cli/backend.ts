import { rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { JobProgress, JobRecord, JobSpec } from '#shared/contracts/jobs.ts';
import { newId } from '#shared/lib/ids.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { Backend } from '../services/backend.ts';
import type { ChunkExecutor } from '../services/jobs/executors/chunk-executor.ts';
import { forkLauncher } from '../services/jobs/worker-handle.ts';
import { appVersion, computeWorkerSource, demoDir } from '../services/paths.ts';
import { processIo } from './cli-error.ts';
import { makeScratchDir } from './scratch-dirs.ts';

export interface CliBackendOptions {
  /** Worker processes for fan-out jobs (`--workers`); default one per core. */
  poolSize?: number;
  /** Start a worker process while the command sets up its job (commands that run one). */
  prewarm?: boolean;
}

/**
 * More worker processes than cores only adds memory and start-up time (12 on 2 cores ran out of
 * both): `--workers` is capped to the machine, saying so.
 */
export function capWorkers(requested: number, cores = availableParallelism(), note = processIo.err): number {
  if (requested <= cores) return requested;
  note(`--workers ${requested}: this machine has ${cores} cores; using ${cores} workers.\n`);
  return cores;
}

/**
 * The CLI runs the same services as the app, with its own throw-away data folder so batch runs
 * never touch the desktop app's recent-projects list.
 */
export async function withBackend<T>(
  fn: (backend: Backend) => Promise<T>,
  options: CliBackendOptions = {},
): Promise<T> {
  const dataDir = makeScratchDir('data');
  const backend = new Backend({
    version: appVersion(),
    dataDir,
    demoDir: demoDir(),
    launchComputeWorker: forkLauncher(computeWorkerSource()),
    ...(options.poolSize !== undefined ? { poolSize: capWorkers(options.poolSize) } : {}),
    ...(options.prewarm ? { prewarmWorkers: 1 } : {}),
  });
  try {
    return await fn(backend);
  } finally {
    backend.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Starts a job through JobService (the app's planners and workers) and waits for it; `onProgress` sees
 * the job's progress reports as the app's job panel does, and aborting `signal` cancels the job. A
 * failed job throws its error as the worker raised it (code, message and details). `executor` runs its
 * chunks elsewhere (SLURM) instead of the local worker pool.
 */
export async function runJob(
  backend: Backend,
  spec: JobSpec,
  onProgress?: (progress: JobProgress) => void,
  signal?: AbortSignal,
  executor?: ChunkExecutor,
): Promise<JobRecord & { runId: string }> {
  signal?.throwIfAborted();
  const jobId = newId('job');
  const unsubscribe = onProgress
    ? backend.subscribe((event, payload) => {
        const p = payload as { jobId?: string; progress?: JobProgress };
        if (event === 'job.progressed' && p.jobId === jobId && p.progress) onProgress(p.progress);
      })
    : undefined;
  const cancel = (): void => void backend.jobs.cancel(jobId);
  try {
    backend.jobs.start(jobId, spec, executor ? { executor } : {});
    signal?.addEventListener('abort', cancel, { once: true });
    const record = await backend.jobs.wait(jobId);
    if (record.error) throw new CausewayError(record.error.code, record.error.message, record.error.details);
    if (record.runId === null) throw new CausewayError('E_INTERNAL', `The ${spec.kind} job recorded no run.`);
    return { ...record, runId: record.runId };
  } finally {
    signal?.removeEventListener('abort', cancel);
    unsubscribe?.();
  }
}
