import { describe, expect, it } from 'vitest';
import { WORKER_PROTOCOL_VERSION } from '#shared/contracts/worker-protocol.ts';
import { CausewayError } from '#shared/lib/result.ts';
import type { JobProgress } from '#shared/contracts/jobs.ts';
import { serveJobs, type LooseTaskTable } from '../../workers/runtime.ts';
import { inMemoryLauncher } from './worker-handle.ts';
import { withCaller } from './worker-caller.ts';
import { WorkerSupervisor, type TaskTypes } from './worker-supervisor.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function tasks(crashRef: { crash?: (reason: string) => void }): LooseTaskTable {
  return {
    count: async (params, ctx) => {
      const n = (params as { n: number }).n;
      let sum = 0;
      for (let i = 1; i <= n; i++) {
        sum += i;
        await ctx.progress('counting', i / n);
      }
      return { sum };
    },
    forever: async (_params, ctx) => {
      for (;;) await ctx.progress('spinning', 0.5);
    },
    // Blocks the event loop: a cancel message can never be read, so only a kill stops it.
    stubborn: async () => {
      await sleep(5);
      const end = Date.now() + 60_000;
      while (Date.now() < end) {
        /* busy, ignoring cancel */
      }
      return null;
    },
    crash: async () => {
      await sleep(5);
      crashRef.crash?.('exited with code 1');
      return new Promise(() => undefined);
    },
    boom: () => Promise.reject(new CausewayError('E_INVALID_INPUT', 'Row 3, column "x": not a number.')),
  };
}

function setup(options: { cancelGraceMs?: number; stubbornIsReal?: boolean } = {}) {
  const ref: { crash?: (reason: string) => void } = {};
  const table = tasks(ref);
  if (!options.stubbornIsReal) {
    // In-process we cannot block for real without blocking the test; ignore cancel instead.
    table['stubborn'] = () => new Promise(() => undefined);
  }
  const launcher = inMemoryLauncher((port, crash) => {
    ref.crash = crash;
    serveJobs(port, table);
  });
  const supervisor = new WorkerSupervisor<TaskTypes>(launcher.launch, {
    cancelGraceMs: options.cancelGraceMs ?? 100,
  });
  return { supervisor, launcher };
}

describe('WorkerSupervisor over an in-memory port', () => {
  it('runs a job and reports monotone progress ending at 1', async () => {
    const { supervisor } = setup();
    const progress: JobProgress[] = [];
    const value = await supervisor.run(
      'count',
      { n: 20 },
      { jobId: 'j1', onProgress: (p) => progress.push(p) },
    );
    expect(value).toEqual({ sum: 210 });
    expect(progress.length).toBe(20);
    expect(progress.at(-1)?.fraction).toBe(1);
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]!.fraction).toBeGreaterThanOrEqual(progress[i - 1]!.fraction);
    }
    expect(progress.at(-1)?.phase).toBe('counting');
  });

  it('cancel → E_CANCELLED without killing a cooperative worker', async () => {
    const { supervisor, launcher } = setup();
    const job = supervisor.run('forever', {}, { jobId: 'j2' });
    await sleep(20);
    expect(supervisor.cancel('j2')).toBe(true);
    await expect(job).rejects.toMatchObject({ code: 'E_CANCELLED' });
    // The same worker keeps serving.
    await expect(supervisor.run('count', { n: 3 }, { jobId: 'j3' })).resolves.toEqual({ sum: 6 });
    expect(launcher.launches()).toBe(1);
  });

  it('kills a worker that ignores cancel after the grace period, and respawns on demand', async () => {
    const { supervisor, launcher } = setup({ cancelGraceMs: 50 });
    const job = supervisor.run('stubborn', {}, { jobId: 'j4' });
    await sleep(10);
    supervisor.cancel('j4');
    const t0 = Date.now();
    await expect(job).rejects.toMatchObject({ code: 'E_CANCELLED' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(40);
    await expect(supervisor.run('count', { n: 2 }, { jobId: 'j5' })).resolves.toEqual({ sum: 3 });
    expect(launcher.launches()).toBe(2);
  });

  it('a crash fails every in-flight job with E_WORKER_CRASHED', async () => {
    const { supervisor } = setup();
    const other = supervisor.run('forever', {}, { jobId: 'j6' });
    const crashing = supervisor.run('crash', {}, { jobId: 'j7' });
    await expect(crashing).rejects.toMatchObject({ code: 'E_WORKER_CRASHED' });
    await expect(other).rejects.toMatchObject({ code: 'E_WORKER_CRASHED' });
    await expect(supervisor.run('count', { n: 1 }, { jobId: 'j8' })).resolves.toEqual({ sum: 1 });
  });

  it('passes task errors through with their code and message', async () => {
    const { supervisor } = setup();
    await expect(supervisor.run('boom', {}, { jobId: 'j9' })).rejects.toMatchObject({
      code: 'E_INVALID_INPUT',
      message: 'Row 3, column "x": not a number.',
    });
  });

  it('unknown task → E_UNSUPPORTED', async () => {
    const { supervisor } = setup();
    await expect(supervisor.run('nope', {}, { jobId: 'j10' })).rejects.toMatchObject({
      code: 'E_UNSUPPORTED',
    });
  });

  it('protocol mismatch → E_PROTOCOL and the worker is stopped', async () => {
    let killed = false;
    const launcher = inMemoryLauncher((port, crash) => {
      port.onMessage((m) => {
        if ((m as { type?: string }).type === 'hello') {
          port.post({ type: 'ready', protocol: WORKER_PROTOCOL_VERSION + 1, tasks: [] });
        }
      });
      void crash;
    });
    const supervisor = new WorkerSupervisor<TaskTypes>(() => {
      const h = launcher.launch();
      return { ...h, kill: () => ((killed = true), h.kill()) };
    });
    await expect(supervisor.run('count', { n: 1 }, { jobId: 'j11' })).rejects.toMatchObject({
      code: 'E_PROTOCOL',
    });
    expect(killed).toBe(true);
  });

  it('a malformed message from the worker → E_PROTOCOL', async () => {
    const launcher = inMemoryLauncher((port) => {
      port.onMessage((m) => {
        const msg = m as { type?: string; jobId?: string };
        if (msg.type === 'hello') port.post({ type: 'ready', protocol: WORKER_PROTOCOL_VERSION, tasks: [] });
        if (msg.type === 'start') port.post({ type: 'progress', jobId: msg.jobId, fraction: 7 });
      });
    });
    const supervisor = new WorkerSupervisor<TaskTypes>(launcher.launch);
    await expect(supervisor.run('x', {}, { jobId: 'j12' })).rejects.toMatchObject({ code: 'E_PROTOCOL' });
  });

  it('a job cancelled during the handshake never starts and is cancelled, not crashed', async () => {
    let started = 0;
    let answerHello = (): void => undefined;
    const launcher = inMemoryLauncher((port) => {
      port.onMessage((m) => {
        const msg = m as { type?: string };
        if (msg.type === 'hello') {
          answerHello = () => port.post({ type: 'ready', protocol: WORKER_PROTOCOL_VERSION, tasks: [] });
        }
        if (msg.type === 'start') started++;
      });
    });
    const supervisor = new WorkerSupervisor<TaskTypes>(launcher.launch);
    const job = supervisor.run('x', {}, { jobId: 'j13' });
    await sleep(5);
    expect(supervisor.cancel('j13')).toBe(true);
    await expect(job).rejects.toMatchObject({ code: 'E_CANCELLED' });
    answerHello();
    await sleep(5);
    expect(started).toBe(0);
    supervisor.dispose();
  });
});

describe('a task whose caller left', () => {
  it('is cancelled when its signal aborts, and its worker killed when it ignores the cancel', async () => {
    const { supervisor, launcher } = setup({ cancelGraceMs: 50 });
    const left = new AbortController();
    const job = supervisor.run('stubborn', {}, { jobId: 'c1', signal: left.signal });
    await sleep(10);
    left.abort();
    await expect(job).rejects.toMatchObject({ code: 'E_CANCELLED' });
    await expect(supervisor.run('count', { n: 2 }, { jobId: 'c2' })).resolves.toEqual({ sum: 3 });
    expect(launcher.launches()).toBe(2); // the stuck worker was killed and a fresh one started
  });

  it('follows the request scope only where asked to (the interactive lane, never jobs)', async () => {
    const table = tasks({});
    const launcher = inMemoryLauncher((port) => serveJobs(port, table));
    const interactive = new WorkerSupervisor<TaskTypes>(launcher.launch, { cancelWithCaller: true });
    const jobs = new WorkerSupervisor<TaskTypes>(launcher.launch, {});
    const left = new AbortController();
    const [read, job] = withCaller(left.signal, () => [
      interactive.run('forever', {}, { jobId: 'r1' }),
      jobs.run('count', { n: 30 }, { jobId: 'k1' }),
    ]);
    await sleep(10);
    left.abort();
    await expect(read).rejects.toMatchObject({ code: 'E_CANCELLED' });
    await expect(job).resolves.toEqual({ sum: 465 });
    await expect(
      withCaller(left.signal, () => interactive.run('count', { n: 1 }, { jobId: 'r2' })),
    ).rejects.toMatchObject({
      code: 'E_CANCELLED',
    });
  });
});
