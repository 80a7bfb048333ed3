import { FromWorker, WORKER_PROTOCOL_VERSION } from '#shared/contracts/worker-protocol.ts';
import type { JobProgress } from '#shared/contracts/jobs.ts';
import type { InteractiveTaskName, TaskName, TaskParams, TaskResult } from '#shared/contracts/tasks.ts';
import { CausewayError } from '#shared/lib/result.ts';
import type { WorkerHandle, WorkerLauncher } from './worker-handle.ts';
import { callerSignal } from './worker-caller.ts';

/** Params and result of each task a worker serves, by name. */
export type TaskTypes = Record<string, { params: unknown; result: unknown }>;
/** The compute worker's tasks (src-shared/contracts/tasks.ts). */
export type ComputeTasks = { [K in TaskName]: { params: TaskParams<K>; result: TaskResult<K> } };
/** The interactive lane runs only the UI's reads: sending it a job is a compile error. */
export type InteractiveLane = WorkerSupervisor<Pick<ComputeTasks, InteractiveTaskName>>;

export interface RunOptions {
  jobId: string;
  onProgress?: (progress: JobProgress) => void;
  /** Aborting cancels the task (and kills its worker if the cancel is ignored). */
  signal?: AbortSignal;
}

export interface SupervisorOptions {
  /** Cancel a task when the client whose request started it goes away (worker-caller.ts). */
  cancelWithCaller?: boolean;
  /** How long a worker may take to stop after a cancel before it is killed and respawned. */
  cancelGraceMs?: number;
  handshakeTimeoutMs?: number;
  name?: string;
}

interface PendingJob {
  resolve: (value: unknown) => void;
  reject: (error: CausewayError) => void;
  onProgress: ((p: JobProgress) => void) | undefined;
  cancelRequested: boolean;
  graceTimer: ReturnType<typeof setTimeout> | null;
}

interface LiveWorker {
  handle: WorkerHandle;
  ready: Promise<void>;
  /** The handshake is done: jobs have been sent to the process. */
  started: boolean;
  jobs: Map<string, PendingJob>;
}

/**
 * Owns one worker process: starts it on demand, checks the protocol, routes job messages, fails
 * in-flight jobs with E_WORKER_CRASHED when it dies, and kills it when a cancel is ignored.
 */
export class WorkerSupervisor<T extends TaskTypes = ComputeTasks> {
  private worker: LiveWorker | null = null;
  private readonly cancelGraceMs: number;
  private readonly cancelWithCaller: boolean;
  private readonly handshakeTimeoutMs: number;
  private readonly name: string;
  private disposed = false;
  /** How many processes this supervisor has started: respawns are visible to tests and the UI. */
  spawnCount = 0;

  constructor(
    private readonly launch: WorkerLauncher,
    options: SupervisorOptions = {},
  ) {
    this.cancelGraceMs = options.cancelGraceMs ?? 2_000;
    this.cancelWithCaller = options.cancelWithCaller ?? false;
    this.handshakeTimeoutMs = options.handshakeTimeoutMs ?? 20_000;
    this.name = options.name ?? 'compute';
  }

  get inFlight(): number {
    return this.worker?.jobs.size ?? 0;
  }

  async run<K extends keyof T & string>(
    task: K,
    params: T[K]['params'],
    options: RunOptions,
  ): Promise<T[K]['result']> {
    if (this.disposed) throw new CausewayError('E_INTERNAL', 'The worker supervisor was shut down.');
    const signal = options.signal ?? (this.cancelWithCaller ? callerSignal() : undefined);
    if (signal?.aborted) throw new CausewayError('E_CANCELLED', 'The job was cancelled.');
    const worker = this.ensureWorker();
    if (worker.jobs.has(options.jobId)) {
      throw new CausewayError('E_INVALID_INPUT', `A job with id ${options.jobId} is already running.`);
    }
    let job: PendingJob | undefined;
    const result = new Promise<unknown>((resolve, reject) => {
      job = { resolve, reject, onProgress: options.onProgress, cancelRequested: false, graceTimer: null };
      worker.jobs.set(options.jobId, job);
    });
    // If the handshake fails, the job is failed twice (ready and failAll); the caller sees the
    // handshake's more specific error, so the duplicate must not surface as an unhandled rejection.
    result.catch(() => undefined);
    const onAbort = (): void => void this.cancel(options.jobId);
    signal?.addEventListener('abort', onAbort, { once: true });
    void result.finally(() => signal?.removeEventListener('abort', onAbort)).catch(() => undefined);
    try {
      await worker.ready;
    } catch (e) {
      if (job?.cancelRequested) return (await result) as T[K]['result'];
      worker.jobs.delete(options.jobId);
      throw e;
    }
    // A cancel may have arrived during the handshake; then the job never starts.
    if (worker.jobs.has(options.jobId)) {
      worker.handle.port.post({ type: 'start', jobId: options.jobId, task, params });
    }
    // The worker's task table is typed by the same table (TaskTable), so its value is this task's result.
    return (await result) as T[K]['result'];
  }

  /** Ask the worker to stop a job; if it has not stopped after the grace period, kill the worker. */
  cancel(jobId: string): boolean {
    const worker = this.worker;
    const job = worker?.jobs.get(jobId);
    if (!worker || !job) return false;
    if (job.cancelRequested) return true;
    job.cancelRequested = true;
    if (!worker.started) {
      // Not sent to the process yet: it never starts.
      worker.jobs.delete(jobId);
      job.reject(new CausewayError('E_CANCELLED', 'The job was cancelled.'));
      return true;
    }
    worker.handle.port.post({ type: 'cancel', jobId });
    job.graceTimer = setTimeout(() => {
      if (this.worker === worker && worker.jobs.has(jobId)) {
        this.terminate(worker, `job ${jobId} ignored cancel for ${this.cancelGraceMs} ms`);
      }
    }, this.cancelGraceMs);
    return true;
  }

  /** Start the process now (and let it load its code) rather than on the first task; resolves when ready. */
  start(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    const { ready } = this.ensureWorker();
    return ready;
  }

  dispose(): void {
    this.disposed = true;
    if (this.worker) this.terminate(this.worker, 'shut down');
  }

  private ensureWorker(): LiveWorker {
    if (this.worker) return this.worker;
    const handle = this.launch();
    this.spawnCount++;
    let onReady: () => void = () => undefined;
    let onReadyFail: (e: CausewayError) => void = () => undefined;
    const ready = new Promise<void>((resolve, reject) => {
      onReady = resolve;
      onReadyFail = reject;
    });
    ready.catch(() => undefined); // Jobs awaiting it receive the error; no unhandled rejection.
    const worker: LiveWorker = { handle, ready, started: false, jobs: new Map() };
    this.worker = worker;

    const timer = setTimeout(() => {
      const error = new CausewayError('E_WORKER_CRASHED', `The ${this.name} worker did not start in time.`);
      onReadyFail(error);
      this.terminate(worker, 'handshake timed out');
    }, this.handshakeTimeoutMs);

    handle.port.onMessage((raw) => {
      const parsed = FromWorker.safeParse(raw);
      if (!parsed.success) {
        this.terminate(worker, 'sent a malformed message', 'E_PROTOCOL');
        return;
      }
      const msg = parsed.data;
      if (msg.type === 'ready') {
        clearTimeout(timer);
        if (msg.protocol !== WORKER_PROTOCOL_VERSION) {
          const error = new CausewayError(
            'E_PROTOCOL',
            `The ${this.name} worker speaks protocol ${msg.protocol}, the app expects ${WORKER_PROTOCOL_VERSION}. Reinstall Causeway.`,
          );
          onReadyFail(error);
          this.terminate(worker, 'protocol mismatch', 'E_PROTOCOL');
        } else {
          worker.started = true;
          onReady();
        }
        return;
      }
      const job = worker.jobs.get(msg.jobId);
      if (!job) return;
      if (msg.type === 'progress') {
        const { phase, fraction, etaMs, metrics } = msg;
        job.onProgress?.({ phase, fraction, etaMs, ...(metrics ? { metrics } : {}) });
        return;
      }
      worker.jobs.delete(msg.jobId);
      if (job.graceTimer) clearTimeout(job.graceTimer);
      if (msg.type === 'finished') job.resolve(msg.value);
      else job.reject(new CausewayError(msg.error.code, msg.error.message, msg.error.details));
    });

    handle.onExit((reason) => {
      clearTimeout(timer);
      onReadyFail(new CausewayError('E_WORKER_CRASHED', `The ${this.name} worker stopped (${reason}).`));
      this.failAll(worker, reason, 'E_WORKER_CRASHED');
      if (this.worker === worker) this.worker = null;
    });

    handle.port.post({ type: 'hello', protocol: WORKER_PROTOCOL_VERSION });
    return worker;
  }

  private terminate(
    worker: LiveWorker,
    reason: string,
    code: 'E_WORKER_CRASHED' | 'E_PROTOCOL' = 'E_WORKER_CRASHED',
  ): void {
    this.failAll(worker, reason, code);
    if (this.worker === worker) this.worker = null;
    worker.handle.kill();
  }

  private failAll(worker: LiveWorker, reason: string, code: 'E_WORKER_CRASHED' | 'E_PROTOCOL'): void {
    for (const [jobId, job] of worker.jobs) {
      if (job.graceTimer) clearTimeout(job.graceTimer);
      job.reject(
        job.cancelRequested
          ? new CausewayError('E_CANCELLED', 'The job was cancelled.')
          : new CausewayError(code, `The ${this.name} worker stopped while running this job (${reason}).`, {
              jobId,
            }),
      );
    }
    worker.jobs.clear();
  }
}
