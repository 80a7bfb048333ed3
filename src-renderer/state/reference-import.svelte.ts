import type { FileRef, ReferenceKind } from '@shared/contracts/data-import.ts';
import { ReferenceImportSummary } from '@shared/contracts/data-import.ts';
import type { JobRecord } from '@shared/contracts/jobs.ts';
import type { Caller } from './caller.ts';
import type { JobsState } from './jobs.svelte.ts';

/**
 * The wizard's import of a network or drug–target table: a `reference.import` job like any other
 * (progress, cancel, the Jobs panel), whose result says how many of the file's genes the project's
 * datasets know. Lives beside ImportWizard, which decides when a file is a reference.
 */
export class ReferenceImport {
  jobId = $state<string | null>(null);
  summary = $state.raw<ReferenceImportSummary | null>(null);
  /** Between the click and the backend's answer: no second job for the same file. */
  starting = $state(false);

  constructor(
    private readonly caller: Caller,
    private readonly jobs: JobsState,
  ) {}

  get job(): JobRecord | undefined {
    return this.jobId ? this.jobs.get(this.jobId) : undefined;
  }

  get running(): boolean {
    const s = this.job?.state;
    return this.starting || s === 'queued' || s === 'running';
  }

  /** What was added to the project, once the job has finished and its result is loaded. */
  get imported(): { kind: ReferenceKind; id: string; name: string } | null {
    const s = this.summary;
    return s ? { kind: s.kind, id: s.id, name: s.name } : null;
  }

  /** Forget this import (another file was chosen); a job still running goes on in the Jobs panel. */
  reset(): void {
    this.jobId = null;
    this.summary = null;
    this.starting = false;
  }

  async start(source: FileRef, kind: ReferenceKind, name: string): Promise<boolean> {
    if (this.running || this.summary) return false;
    this.starting = true;
    try {
      const jobId = await this.jobs.start(
        { kind: 'reference.import', source, referenceKind: kind, name },
        `Import of ${name}`,
      );
      if (jobId === null) return false;
      this.jobId = jobId;
      // A fast job may have finished before the reply arrived.
      const job = this.jobs.get(jobId);
      if (job?.state === 'finished' && job.runId) await this.load(job.runId);
      return true;
    } finally {
      this.starting = false;
    }
  }

  async cancel(): Promise<void> {
    if (this.jobId && this.running) await this.jobs.cancel(this.jobId);
  }

  /** Called for every finished job; loads the result of ours. */
  async finished(job: JobRecord): Promise<void> {
    if (job.jobId === this.jobId && job.runId && !this.summary) await this.load(job.runId);
  }

  async load(runId: string): Promise<boolean> {
    const summary = await this.caller.runResult(runId, ReferenceImportSummary);
    if (!summary) return false;
    this.summary = summary;
    return true;
  }
}
