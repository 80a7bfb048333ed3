import {
  TASK_PARAMS,
  type ParsedTaskParams,
  type TaskName,
  type TaskResult,
} from '#shared/contracts/tasks.ts';
import {
  FromWorker,
  ToWorker,
  WORKER_PROTOCOL_VERSION,
  type MessagePortLike,
} from '#shared/contracts/worker-protocol.ts';
import { CausewayError, toAppError } from '#shared/lib/result.ts';

export interface TaskContext {
  jobId: string;
  signal: AbortSignal;
  /**
   * Report progress and yield to the event loop, so a cancel message can arrive between chunks.
   * Throws E_CANCELLED once the job is cancelled: compute loops call this between chunks.
   */
  progress(phase: string, fraction: number, metrics?: Record<string, number>): Promise<void>;
}

/** A task receives its params already parsed with its schema (src-shared/contracts/tasks.ts). */
export type Task<K extends TaskName> = (
  params: ParsedTaskParams<K>,
  ctx: TaskContext,
) => Promise<TaskResult<K>>;
/** The mapped type makes a missing or mistyped task a compile error. */
export type TaskTable = { [K in TaskName]: Task<K> };
/** Test workers serve their own untyped tasks with the same runtime. */
export type LooseTaskTable = Record<string, (params: unknown, ctx: TaskContext) => Promise<unknown>>;

export interface RuntimeOptions {
  /** Artificial delay per progress report: lets demos and e2e tests watch and cancel a short job. */
  throttleMs?: number;
  now?: () => number;
}

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Params of a known task go through its schema; a test worker's own tasks get them as sent. */
function parseParams(name: string, params: unknown): unknown {
  if (!Object.hasOwn(TASK_PARAMS, name)) return params;
  const parsed = TASK_PARAMS[name as TaskName].safeParse(params);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  throw new CausewayError('E_INVALID_INPUT', `Invalid params for ${name}${where}: ${issue?.message ?? ''}`);
}

/** Serve tasks over a port until the process ends: the one runtime every worker entry shares. */
export function serveJobs(
  port: MessagePortLike,
  tasks: TaskTable | LooseTaskTable,
  options: RuntimeOptions = {},
): void {
  const now = options.now ?? Date.now;
  const running = new Map<string, AbortController>();
  const send = (message: FromWorker): void => port.post(message);

  const table = tasks as LooseTaskTable;
  const run = async (jobId: string, name: string, params: unknown): Promise<void> => {
    const task = table[name]!;
    const controller = new AbortController();
    running.set(jobId, controller);
    const startedAt = now();
    const ctx: TaskContext = {
      jobId,
      signal: controller.signal,
      async progress(phase, fraction, metrics) {
        if (controller.signal.aborted) throw new CausewayError('E_CANCELLED', 'The job was cancelled.');
        const f = Math.min(1, Math.max(0, fraction));
        const elapsed = now() - startedAt;
        // Linear extrapolation: honest enough for chunked loops, and null until there is a basis.
        const etaMs = f > 0.02 && elapsed > 0 ? (elapsed * (1 - f)) / f : null;
        send({ type: 'progress', jobId, phase, fraction: f, etaMs, ...(metrics ? { metrics } : {}) });
        if (options.throttleMs) await sleep(options.throttleMs);
        await yieldToLoop();
        if (controller.signal.aborted) throw new CausewayError('E_CANCELLED', 'The job was cancelled.');
      },
    };
    try {
      const value = await task(parseParams(name, params), ctx);
      if (controller.signal.aborted) throw new CausewayError('E_CANCELLED', 'The job was cancelled.');
      send({ type: 'finished', jobId, value });
    } catch (thrown) {
      const error = controller.signal.aborted
        ? { code: 'E_CANCELLED' as const, message: 'The job was cancelled.' }
        : toAppError(thrown);
      send({ type: 'failed', jobId, error });
    } finally {
      running.delete(jobId);
    }
  };

  port.onMessage((raw) => {
    const parsed = ToWorker.safeParse(raw);
    if (!parsed.success) return; // Not ours: a supervisor only sends protocol messages.
    const msg = parsed.data;
    switch (msg.type) {
      case 'hello':
        // Answer with our own version; the supervisor decides whether it can talk to us.
        send({ type: 'ready', protocol: WORKER_PROTOCOL_VERSION, tasks: Object.keys(table) });
        break;
      case 'start': {
        const task = Object.hasOwn(table, msg.task) ? table[msg.task] : undefined;
        if (!task) {
          send({
            type: 'failed',
            jobId: msg.jobId,
            error: { code: 'E_UNSUPPORTED', message: `This worker cannot run "${msg.task}".` },
          });
          break;
        }
        void run(msg.jobId, msg.task, msg.params);
        break;
      }
      case 'cancel':
        running.get(msg.jobId)?.abort();
        break;
    }
  });
}
