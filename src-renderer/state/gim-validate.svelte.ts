import type { JobRecord } from '@shared/contracts/jobs.ts';
import { GimValidateSpec, GimValidationResult } from '@shared/contracts/gim.ts';
import type { Caller } from './caller.ts';
import type { GimDataForm } from './gim-page.svelte.ts';
import type { JobsState } from './jobs.svelte.ts';

/**
 * Leave-one-context-out validation of GIM and the baselines on the user's own data (gim.validate), so the
 * page shows how far to trust the model before any prediction is used, as the Transport page does.
 */
export class GimValidateState {
  jobId = $state<string | null>(null);
  result = $state.raw<GimValidationResult | null>(null);
  startError = $state<string | null>(null);

  constructor(
    private readonly caller: Caller,
    private readonly jobs: JobsState,
    readonly form: GimDataForm,
  ) {}

  get job(): JobRecord | undefined {
    return this.jobId ? this.jobs.get(this.jobId) : undefined;
  }

  get running(): boolean {
    const s = this.job?.state;
    return s === 'running' || s === 'queued';
  }

  subscribe(): () => void {
    return this.jobs.onFinished((job) => {
      if (job.jobId === this.jobId && job.runId) void this.show(job.runId);
    });
  }

  async start(): Promise<boolean> {
    this.startError = null;
    const fields = await this.form.fields();
    if (!fields) return false;
    const parsed = GimValidateSpec.safeParse({ kind: 'gim.validate', ...fields });
    if (!parsed.success) {
      this.startError = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      return false;
    }
    this.result = null;
    const jobId = await this.jobs.start(parsed.data, 'Validate GIM (leave one context out)');
    if (jobId === null) return false;
    this.jobId = jobId;
    const job = this.jobs.get(jobId);
    if (job?.state === 'finished' && job.runId) await this.show(job.runId);
    return true;
  }

  async show(runId: string): Promise<boolean> {
    this.result = await this.caller.runResult(runId, GimValidationResult);
    return this.result !== null;
  }

  reset(): void {
    this.jobId = null;
    this.result = null;
  }
}
