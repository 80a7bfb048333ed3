import type { EventPayload } from '@shared/contracts/api.ts';
import type { JobRecord, JobSpec, JobState } from '@shared/contracts/jobs.ts';
import type { JobExecutorChoice } from '@shared/contracts/cluster.ts';
import { newId } from '@shared/lib/ids.ts';
import type { Caller } from './caller.ts';
import type { ToastState } from './toasts.svelte.ts';

const TERMINAL: ReadonlySet<JobState> = new Set(['finished', 'failed', 'cancelled']);

export function isTerminal(state: JobState): boolean {
  return TERMINAL.has(state);
}

function isActive(state: JobState): boolean {
  return state === 'queued' || state === 'running';
}

export type FinishedListener = (job: JobRecord) => void;

/**
 * Every job the backend knows, kept current from events. Events may arrive in any order relative to
 * replies (a fast job can finish before `job.start` returns), so a job that reached a final state
 * never goes back to running, and late progress for it is dropped.
 */
export class JobsState {
  #byId = $state<Record<string, JobRecord>>({});
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping the UI never reads
  #finishedListeners = new Set<FinishedListener>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping the UI never reads
  #announced = new Set<string>();
  /** Failures already reported (or reported elsewhere, like a refused start). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping the UI never reads
  #reportedFailures = new Set<string>();
  /** Jobs the user hid from the panel; the backend still has them. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping the UI never reads
  #hidden = new Set<string>();

  /** Newest first. */
  list = $derived(Object.values(this.#byId).sort((a, b) => b.startedAt - a.startedAt));
  active = $derived(this.list.filter((j) => isActive(j.state)));

  constructor(
    private readonly caller: Caller,
    private readonly toasts: ToastState,
    private readonly now: () => number = Date.now,
  ) {}

  get(jobId: string): JobRecord | undefined {
    return this.#byId[jobId];
  }

  /** Subscribes to job events; returns the unsubscribe function. */
  subscribe(): () => void {
    const offs = [
      this.caller.on('job.updated', (r) => this.applyUpdated(r)),
      this.caller.on('job.progressed', (p) => this.applyProgressed(p)),
      this.caller.on('job.finished', (p) => this.applyFinished(p)),
      this.caller.on('job.failed', (p) => this.applyFailed(p)),
    ];
    return () => offs.forEach((off) => off());
  }

  async load(): Promise<void> {
    const r = await this.caller.call('job.list', {});
    if (!r.ok) return;
    const next: Record<string, JobRecord> = { ...this.#byId };
    for (const rec of r.value) {
      if (this.#hidden.has(rec.jobId)) continue;
      next[rec.jobId] = this.#merge(next[rec.jobId], rec);
      // Jobs that finished before this window existed are history, not news.
      if (isTerminal(rec.state)) {
        this.#announced.add(rec.jobId);
        this.#reportedFailures.add(rec.jobId);
      }
    }
    this.#byId = next;
  }

  /** Mints the id, shows the job at once as queued, then asks the backend to start it. */
  /** `executor`: where the job's chunks run (a SLURM profile); the local workers when absent. */
  async start(spec: JobSpec, label: string, executor?: JobExecutorChoice): Promise<string | null> {
    const jobId = newId('job');
    this.#put({
      jobId,
      kind: spec.kind,
      spec,
      label,
      state: 'queued',
      progress: { phase: 'Queued', fraction: 0, etaMs: null },
      startedAt: this.now(),
      endedAt: null,
      runId: null,
      error: null,
    });
    const r = await this.caller.call('job.start', { jobId, spec, ...(executor ? { executor } : {}) });
    if (r.ok) {
      this.applyUpdated(r.value);
      return jobId;
    }
    // The refused call already showed a toast.
    this.#reportedFailures.add(jobId);
    this.applyFailed({ jobId, error: r.error });
    return null;
  }

  async cancel(jobId: string): Promise<void> {
    await this.caller.call('job.cancel', { jobId });
  }

  /** Removes finished, failed and cancelled jobs from the panel. */
  hideFinished(): void {
    const next: Record<string, JobRecord> = {};
    for (const [id, j] of Object.entries(this.#byId)) {
      if (isTerminal(j.state)) this.#hidden.add(id);
      else next[id] = j;
    }
    this.#byId = next;
  }

  onFinished(listener: FinishedListener): () => void {
    this.#finishedListeners.add(listener);
    return () => this.#finishedListeners.delete(listener);
  }

  applyUpdated(record: JobRecord): void {
    if (this.#hidden.has(record.jobId)) return;
    this.#put(this.#merge(this.#byId[record.jobId], record));
    this.#announceIfFinished(record.jobId);
    this.#reportIfFailed(record.jobId);
  }

  applyProgressed({ jobId, progress }: EventPayload<'job.progressed'>): void {
    const job = this.#byId[jobId];
    if (!job || isTerminal(job.state)) return;
    this.#put({ ...job, state: 'running', progress });
  }

  applyFinished({ jobId, runId }: EventPayload<'job.finished'>): void {
    const job = this.#byId[jobId];
    if (!job || isTerminal(job.state)) {
      if (job?.state === 'finished' && job.runId === null) this.#put({ ...job, runId });
      this.#announceIfFinished(jobId);
      return;
    }
    this.#put({
      ...job,
      state: 'finished',
      runId,
      endedAt: this.now(),
      progress: { phase: 'Done', fraction: 1, etaMs: 0 },
    });
    this.#announceIfFinished(jobId);
  }

  applyFailed({ jobId, error }: EventPayload<'job.failed'>): void {
    const job = this.#byId[jobId];
    if (!job || isTerminal(job.state)) return;
    const cancelled = error.code === 'E_CANCELLED';
    this.#put({
      ...job,
      state: cancelled ? 'cancelled' : 'failed',
      error: cancelled ? null : error,
      endedAt: this.now(),
      progress: { ...job.progress, etaMs: null, phase: cancelled ? 'Cancelled' : 'Failed' },
    });
    this.#reportIfFailed(jobId);
  }

  /** A final state wins over a late, stale one. */
  #merge(prev: JobRecord | undefined, next: JobRecord): JobRecord {
    if (prev && isTerminal(prev.state) && !isTerminal(next.state)) return prev;
    return next;
  }

  #put(job: JobRecord): void {
    this.#byId = { ...this.#byId, [job.jobId]: job };
  }

  #announceIfFinished(jobId: string): void {
    const job = this.#byId[jobId];
    if (!job || job.state !== 'finished' || job.runId === null || this.#announced.has(jobId)) return;
    this.#announced.add(jobId);
    for (const l of this.#finishedListeners) l(job);
  }

  #reportIfFailed(jobId: string): void {
    const job = this.#byId[jobId];
    if (!job || job.state !== 'failed' || this.#reportedFailures.has(jobId)) return;
    this.#reportedFailures.add(jobId);
    this.toasts.error(
      job.error ?? { code: 'E_INTERNAL', message: 'The job stopped without saying why.' },
      `${job.label} failed`,
    );
  }
}
