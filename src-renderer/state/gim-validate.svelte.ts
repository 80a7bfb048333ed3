import { GimValidateSpec, GimValidationResult } from '@shared/contracts/gim.ts';
import type { Caller } from './caller.ts';
import type { GimDataForm } from './gim-page.svelte.ts';
import { JobRun } from './job-run.svelte.ts';
import type { JobsState } from './jobs.svelte.ts';

/**
 * Leave-one-context-out validation of GIM and the baselines on the user's own data (gim.validate), so the
 * page shows how far to trust the model before any prediction is used, as the Transport page does.
 */
export class GimValidateState {
  readonly run: JobRun;
  result = $state.raw<GimValidationResult | null>(null);
  startError = $state<string | null>(null);

  constructor(
    private readonly caller: Caller,
    jobs: JobsState,
    readonly form: GimDataForm,
  ) {
    this.run = new JobRun(jobs, (runId) => this.show(runId));
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
    return this.run.start(parsed.data, 'Validate GIM (leave one context out)');
  }

  async show(runId: string): Promise<boolean> {
    this.result = await this.caller.runResult(runId, GimValidationResult);
    return this.result !== null;
  }

  reset(): void {
    this.run.reset();
    this.result = null;
  }
}
