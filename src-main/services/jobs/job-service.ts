import type { EventName, EventPayload } from '#shared/contracts/api.ts';
import type { JobProgress, JobRecord, JobSpec } from '#shared/contracts/jobs.ts';
import type { RunRecord } from '#shared/domain/project.ts';
import { newId } from '#shared/lib/ids.ts';
import { CausewayError, toAppError } from '#shared/lib/result.ts';
import { isFanOut, planJob, type FanOutPlan, type Plan, type PlanEnv } from './plans/index.ts';
import type { ProjectService } from '../projects/project-service.ts';
import type { ChunkExecutor } from './executors/chunk-executor.ts';
import type { WorkerPool } from './worker-pool.ts';

/** Progress of a fan-out job is reported at most this often (many chunks, one bar). */
const FAN_OUT_PROGRESS_MS = 100;

export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/**
 * Turns job specs into worker tasks, tracks their state, and records finished runs in the project.
 * Every job runs in the pool's processes, one job (or chunk) per process, so killing a job that ignores
 * cancel fails that job alone.
 */
export class JobService {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly settled = new Map<string, Promise<JobRecord>>();
  private readonly fanOuts = new Map<string, AbortController>();

  constructor(
    private readonly pool: WorkerPool,
    private readonly projects: ProjectService,
    private readonly emit: EventSink,
    private readonly appVersion: string,
    /** App settings planners use (the pinned execution provider); defaults when absent. */
    private readonly env: () => PlanEnv = () => ({ provider: 'auto' }),
  ) {}

  list(): JobRecord[] {
    return [...this.jobs.values()].sort((a, b) => b.startedAt - a.startedAt);
  }

  /**
   * `executor` runs the job's chunks elsewhere (a SLURM cluster) instead of the local pool; a job of
   * one task then runs as one chunk, and the reduce step still runs here.
   */
  start(jobId: string, spec: JobSpec, options: { executor?: ChunkExecutor } = {}): JobRecord {
    if (this.jobs.has(jobId)) throw new CausewayError('E_INVALID_INPUT', `Job id ${jobId} is already used.`);
    const runsPerChunk = options.executor?.runsPerChunk;
    const permutationsPerChunk = options.executor?.permutationsPerChunk;
    const plan = planJob(spec, this.projects, newId('run'), {
      ...this.env(),
      ...(runsPerChunk !== undefined ? { runsPerChunk } : {}),
      ...(permutationsPerChunk !== undefined ? { permutationsPerChunk } : {}),
    });
    const record: JobRecord = {
      jobId,
      kind: spec.kind,
      spec,
      label: plan.label,
      state: 'running',
      progress: { phase: 'Starting', fraction: 0, etaMs: null },
      startedAt: Date.now(),
      endedAt: null,
      runId: null,
      error: null,
    };
    this.jobs.set(jobId, record);
    this.emit('job.updated', record);
    this.settled.set(
      jobId,
      this.execute(record, plan, options.executor).then(() => record),
    );
    return record;
  }

  /** Resolves with the final record once the job has finished, failed or been cancelled (CLI, tests). */
  wait(jobId: string): Promise<JobRecord> {
    const settled = this.settled.get(jobId);
    if (!settled) return Promise.reject(new CausewayError('E_NOT_FOUND', `No job ${jobId}.`));
    return settled;
  }

  cancel(jobId: string): boolean {
    const r = this.jobs.get(jobId);
    if (!r || (r.state !== 'running' && r.state !== 'queued')) return false;
    const fanOut = this.fanOuts.get(jobId);
    if (fanOut) {
      fanOut.abort();
      return true;
    }
    return this.pool.cancel(jobId);
  }

  private async execute(record: JobRecord, plan: Plan, executor?: ChunkExecutor): Promise<void> {
    const started = Date.now();
    const onProgress = (progress: JobProgress): void => {
      record.progress = progress;
      this.emit('job.progressed', { jobId: record.jobId, progress });
    };
    try {
      let extra: RunRecord['params'] = {};
      if (executor) {
        // Elsewhere, a whole-job task is an array of one: it writes its result file itself.
        const fanOut: FanOutPlan = isFanOut(plan)
          ? plan
          : { ...plan, chunks: [{ task: plan.task, params: plan.params }], reduce: () => undefined };
        extra = {
          ...(await this.runFanOut(record.jobId, fanOut, onProgress, executor)),
          ...executor.provenance(),
        };
      } else if (isFanOut(plan)) extra = (await this.runFanOut(record.jobId, plan, onProgress)) ?? {};
      else await this.pool.run(plan.task, plan.params, { jobId: record.jobId, onProgress });
      const run: RunRecord = {
        ...plan.run,
        params: { ...plan.run.params, ...extra },
        createdAt: new Date().toISOString(),
        elapsedMs: Date.now() - started,
        appVersion: this.appVersion,
      };
      this.projects.recordRun(run);
      Object.assign(record, {
        state: 'finished',
        endedAt: Date.now(),
        runId: run.id,
        progress: { phase: 'Done', fraction: 1, etaMs: 0 },
      });
      this.emit('job.updated', record);
      this.emit('job.finished', { jobId: record.jobId, runId: run.id });
    } catch (thrown) {
      const error = toAppError(thrown);
      try {
        plan.discard?.();
      } catch {
        /* best effort: the job's own error is what the user needs to see */
      }
      Object.assign(record, {
        state: error.code === 'E_CANCELLED' ? 'cancelled' : 'failed',
        endedAt: Date.now(),
        error,
      });
      this.emit('job.updated', record);
      this.emit('job.failed', { jobId: record.jobId, error });
    }
  }

  /** Every chunk over the pool (or `executor`), one progress bar weighted by chunk size, then `reduce` in main. */
  private async runFanOut(
    jobId: string,
    plan: FanOutPlan,
    onProgress: (p: JobProgress) => void,
    executor?: ChunkExecutor,
  ): Promise<RunRecord['params'] | undefined> {
    const controller = new AbortController();
    this.fanOuts.set(jobId, controller);
    const weights = plan.chunks.map((c) => Math.max(0, c.weight ?? 1));
    const total = weights.reduce((a, b) => a + b, 0) || 1;
    const fractions = new Float64Array(plan.chunks.length);
    const started = Date.now();
    let lastReport = 0;
    let lastPhase = '';
    const report = (phase: string, force = false): void => {
      const now = Date.now();
      // A new phase always goes through: a chunk may go quiet for a long time after announcing one.
      if (!force && phase === lastPhase && now - lastReport < FAN_OUT_PROGRESS_MS) return;
      lastReport = now;
      lastPhase = phase;
      let done = 0;
      fractions.forEach((f, i) => (done += f * weights[i]!));
      // Reduce still has to run: keep the bar just short of the end until it has.
      const fraction = Math.min(0.99, done / total);
      const elapsed = now - started;
      onProgress({ phase, fraction, etaMs: fraction > 0.02 ? (elapsed * (1 - fraction)) / fraction : null });
    };
    const tasks = plan.chunks.map((c, i) => ({ task: c.task, params: c.params, jobId: `${jobId}~${i}` }));
    try {
      const values = await (executor ?? this.pool).map(
        tasks,
        (index, done) => {
          fractions[index] = 1;
          report(`${done} of ${tasks.length} parts done`, true);
        },
        {
          signal: controller.signal,
          onProgress: (index, p) => {
            fractions[index] = p.fraction;
            report(p.phase);
          },
        },
      );
      controller.signal.throwIfAborted();
      report('Combining results', true);
      if (plan.finish) {
        // Here, on the local pool, whatever ran the chunks; cancel reaches it through the pool.
        this.fanOuts.delete(jobId);
        await this.pool.run(plan.finish.task, plan.finish.params, { jobId });
      }
      return plan.reduce(values as Parameters<FanOutPlan['reduce']>[0]);
    } catch (e) {
      if (controller.signal.aborted) throw new CausewayError('E_CANCELLED', 'The job was cancelled.');
      throw e;
    } finally {
      this.fanOuts.delete(jobId);
    }
  }
}
