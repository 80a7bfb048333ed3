import { describe, expect, it } from 'vitest';
import type { JobSpec } from '@shared/contracts/jobs.ts';
import { FakeApi, flush, startsJobs } from '../lib/testing/fake-api.ts';
import { Caller } from './caller.ts';
import { JobRun } from './job-run.svelte.ts';
import { JobsState } from './jobs.svelte.ts';
import { ToastState } from './toasts.svelte.ts';

const SPEC = { kind: 'gim.validate' } as unknown as JobSpec;

function setup(beforeReply: (api: FakeApi, jobId: string) => void = () => undefined) {
  const api = new FakeApi().handle('job.start', (input) => {
    beforeReply(api, input.jobId);
    return startsJobs(input);
  });
  const toasts = new ToastState({ set: () => 0, clear: () => undefined });
  const caller = new Caller(api, toasts);
  const jobs = new JobsState(caller, toasts);
  const shown: string[] = [];
  const run = new JobRun(jobs, async (runId) => shown.push(runId));
  const offs = [jobs.subscribe(), run.subscribe()];
  return { api, jobs, run, shown, off: () => offs.forEach((o) => o()) };
}

describe('JobRun', () => {
  it('starts a job, follows it, and shows its run (and no other job’s) when it finishes', async () => {
    const { api, run, shown, off } = setup();
    expect(run.job).toBeUndefined();
    expect(await run.start(SPEC, 'Validate')).toBe(true);
    expect(run.id).not.toBeNull();
    expect(run.running).toBe(true);
    api.emit('job.finished', { jobId: 'job_other', runId: 'run_other' });
    api.emit('job.finished', { jobId: run.id!, runId: 'run_1' });
    await flush();
    expect(shown).toEqual(['run_1']);
    expect(run.running).toBe(false);
    expect(run.job?.state).toBe('finished');
    run.reset();
    expect(run.id).toBeNull();
    off();
  });

  it('shows the run once when the job finished before job.start replied', async () => {
    const { run, shown, off } = setup((api, jobId) => api.emit('job.finished', { jobId, runId: 'run_fast' }));
    expect(await run.start(SPEC, 'Validate')).toBe(true);
    await flush();
    expect(shown).toEqual(['run_fast']);
    off();
  });

  it('is false, and follows nothing, when the backend refuses the job', async () => {
    const { api, run, shown, off } = setup();
    api.handle('job.start', () => ({
      ok: false,
      error: { code: 'E_INVALID_INPUT' as const, message: 'no' },
    }));
    expect(await run.start(SPEC, 'Validate')).toBe(false);
    expect(run.id).toBeNull();
    expect(shown).toEqual([]);
    off();
  });
});
