import { availableParallelism } from 'node:os';
import type { JobProgress } from '#shared/contracts/jobs.ts';
import { CausewayError } from '#shared/lib/result.ts';
import type { WorkerLauncher } from './worker-handle.ts';
import {
  WorkerSupervisor,
  type ComputeTasks,
  type RunOptions,
  type SupervisorOptions,
  type TaskTypes,
} from './worker-supervisor.ts';

export interface PoolTask<T extends TaskTypes = ComputeTasks, K extends keyof T & string = keyof T & string> {
  task: K;
  params: T[K]['params'];
  jobId: string;
}

/**
 * Worker processes for jobs, one job per process: a job that ignores cancel is killed with its process
 * and takes no other job down. `size` processes are kept warm between jobs (one per core by default);
 * a job that arrives while all are busy gets a process of its own, which ends once it is idle again.
 * `map` fans a job's chunks (stability subsamples, batches) out over at most `size` processes; results
 * arrive in any order but are returned in input order, so callers get the same answer with 1 or N workers.
 */
export class WorkerPool<T extends TaskTypes = ComputeTasks> {
  readonly size: number;
  private readonly idle: WorkerSupervisor<T>[] = [];
  private readonly owner = new Map<string, WorkerSupervisor<T>>();
  private disposed = false;

  constructor(
    private readonly launch: WorkerLauncher,
    size = defaultPoolSize(),
    private readonly options: SupervisorOptions = {},
  ) {
    this.size = Math.max(1, Math.floor(size));
  }

  /** Run one task in a process no other task shares while it runs. */
  async run<K extends keyof T & string>(
    task: K,
    params: T[K]['params'],
    options: RunOptions,
  ): Promise<T[K]['result']> {
    if (this.disposed) throw new CausewayError('E_INTERNAL', 'The worker pool was shut down.');
    if (this.owner.has(options.jobId)) {
      throw new CausewayError('E_INVALID_INPUT', `A job with id ${options.jobId} is already running.`);
    }
    const supervisor = this.idle.pop() ?? new WorkerSupervisor<T>(this.launch, this.options);
    this.owner.set(options.jobId, supervisor);
    try {
      return await supervisor.run(task, params, options);
    } finally {
      this.owner.delete(options.jobId);
      // A killed process respawns on its next run; beyond `size` warm ones, let the process go.
      if (this.disposed || this.idle.length >= this.size) supervisor.dispose();
      else this.idle.push(supervisor);
    }
  }

  /**
   * Run every task; at most `size` at once; results in input order. Stops early on the first failure.
   * Aborting `signal` starts nothing more and cancels every task of this call that is running.
   */
  async map<K extends keyof T & string>(
    tasks: PoolTask<T, K>[],
    onDone?: (index: number, done: number) => void,
    options: { signal?: AbortSignal; onProgress?: (index: number, progress: JobProgress) => void } = {},
  ): Promise<T[K]['result'][]> {
    const results: T[K]['result'][] = new Array(tasks.length);
    const running = new Set<string>();
    const { signal, onProgress } = options;
    let next = 0;
    let done = 0;
    let failed: unknown = null;
    const onAbort = (): void => {
      failed ??= new CausewayError('E_CANCELLED', 'The job was cancelled.');
      for (const jobId of running) this.cancel(jobId);
    };
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const lane = async (): Promise<void> => {
      while (failed === null && next < tasks.length) {
        const index = next++;
        const t = tasks[index];
        if (!t) break;
        running.add(t.jobId);
        try {
          results[index] = await this.run(t.task, t.params, {
            jobId: t.jobId,
            ...(onProgress ? { onProgress: (p: JobProgress) => onProgress(index, p) } : {}),
          });
          onDone?.(index, ++done);
        } catch (e) {
          failed ??= e;
          // One failure ends the call: the other running tasks are not needed any more.
          for (const jobId of running) if (jobId !== t.jobId) this.cancel(jobId);
        } finally {
          running.delete(t.jobId);
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(this.size, tasks.length) }, lane));
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    if (failed !== null) throw failed;
    return results;
  }

  /**
   * Start `n` processes ahead of the first job, so it does not wait for a process to launch and load
   * its code (about 0.5 s on 2 cores, a third of a CMap-sized ranking). The hosts call it once; each
   * job still gets a process of its own, and later jobs reuse the warm ones as before.
   */
  prewarm(n = 1): Promise<void> {
    const starting: Promise<void>[] = [];
    while (!this.disposed && this.idle.length < Math.min(n, this.size)) {
      const supervisor = new WorkerSupervisor<T>(this.launch, this.options);
      starting.push(supervisor.start());
      this.idle.push(supervisor);
    }
    // A process that fails to start is replaced on the first job, which then reports any error.
    return Promise.all(starting).then(
      () => undefined,
      () => undefined,
    );
  }

  /** Tasks running in the pool's processes. */
  get inFlight(): number {
    return this.owner.size;
  }

  cancel(jobId: string): boolean {
    return this.owner.get(jobId)?.cancel(jobId) ?? false;
  }

  cancelAll(): void {
    for (const jobId of [...this.owner.keys()]) this.cancel(jobId);
  }

  dispose(): void {
    this.disposed = true;
    for (const s of this.idle.splice(0)) s.dispose();
    for (const s of new Set(this.owner.values())) s.dispose();
  }
}

/** One worker per core, leaving one for the UI/main process when there are several. */
export function defaultPoolSize(): number {
  const cores = availableParallelism();
  return Math.max(1, cores > 2 ? cores - 1 : cores);
}
