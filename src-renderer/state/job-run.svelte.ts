import type { JobRecord, JobSpec } from '@shared/contracts/jobs.ts';
import type { JobsState } from './jobs.svelte.ts';

/**
 * One job a page starts and follows: start it, keep its record at hand (JobsState keeps it current from
 * the job events, so progress and cancel come with it), and hand its run to `show` when it finishes.
 * A fast job can finish before `job.start` replies (JobsState's note on event order); its finished event
 * then names a job this run does not know yet, so `start` shows the run itself.
 */
export class JobRun {
  id = $state<string | null>(null);

  constructor(
    private readonly jobs: JobsState,
    private readonly show: (runId: string) => Promise<unknown>,
  ) {}

  get job(): JobRecord | undefined {
    return this.id ? this.jobs.get(this.id) : undefined;
  }

  get running(): boolean {
    const s = this.job?.state;
    return s === 'running' || s === 'queued';
  }

  /** Shows the run of this job when it finishes; returns the unsubscribe function. */
  subscribe(): () => void {
    return this.jobs.onFinished((job) => {
      if (job.jobId === this.id && job.runId) void this.show(job.runId);
    });
  }

  /** Starts the job; false when the backend refused it (the refusal was already shown as a toast). */
  async start(spec: JobSpec, label: string): Promise<boolean> {
    const jobId = await this.jobs.start(spec, label);
    if (jobId === null) return false;
    this.id = jobId;
    const job = this.jobs.get(jobId);
    if (job?.state === 'finished' && job.runId) await this.show(job.runId);
    return true;
  }

  reset(): void {
    this.id = null;
  }
}
