import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { forkLauncher } from './worker-handle.ts';
import { WorkerPool } from './worker-pool.ts';
import { WorkerSupervisor, type TaskTypes } from './worker-supervisor.ts';

const entry = fileURLToPath(new URL('./test-workers/misbehaving.worker.ts', import.meta.url));

describe('WorkerSupervisor with real child processes', () => {
  it('survives a process that exits mid-job, and respawns', async () => {
    const supervisor = new WorkerSupervisor<TaskTypes>(forkLauncher(entry));
    try {
      await expect(supervisor.run('add', { a: 2, b: 3 }, { jobId: 'a' })).resolves.toBe(5);
      await expect(supervisor.run('exit', {}, { jobId: 'b' })).rejects.toMatchObject({
        code: 'E_WORKER_CRASHED',
      });
      await expect(supervisor.run('add', { a: 1, b: 1 }, { jobId: 'c' })).resolves.toBe(2);
      expect(supervisor.spawnCount).toBe(2);
    } finally {
      supervisor.dispose();
    }
  });

  it('kills a process that ignores cancel', async () => {
    const supervisor = new WorkerSupervisor<TaskTypes>(forkLauncher(entry), { cancelGraceMs: 300 });
    try {
      await supervisor.run('add', { a: 0, b: 0 }, { jobId: 'warm' });
      const job = supervisor.run('block', {}, { jobId: 'd' });
      await new Promise((r) => setTimeout(r, 100));
      supervisor.cancel('d');
      await expect(job).rejects.toMatchObject({ code: 'E_CANCELLED' });
      await expect(supervisor.run('add', { a: 4, b: 4 }, { jobId: 'e' })).resolves.toBe(8);
      expect(supervisor.spawnCount).toBe(2);
    } finally {
      supervisor.dispose();
    }
  });

  it('a prewarmed pool runs its first job in the process it started ahead', async () => {
    let launched = 0;
    const launch = forkLauncher(entry);
    const pool = new WorkerPool<TaskTypes>(() => {
      launched++;
      return launch();
    }, 2);
    try {
      pool.prewarm(1);
      expect(launched).toBe(1);
      await expect(pool.run('add', { a: 2, b: 2 }, { jobId: 'first' })).resolves.toBe(4);
      expect(launched).toBe(1);
    } finally {
      pool.dispose();
    }
  });

  it('a pool returns results in input order', async () => {
    const pool = new WorkerPool<TaskTypes>(forkLauncher(entry), 2);
    try {
      const tasks = Array.from({ length: 6 }, (_, i) => ({
        task: 'add',
        params: { a: i, b: 10 },
        jobId: `p${i}`,
      }));
      await expect(pool.map(tasks)).resolves.toEqual([10, 11, 12, 13, 14, 15]);
    } finally {
      pool.dispose();
    }
  });

  it('a job that ignores cancel is killed alone: a concurrent job keeps running and finishes', async () => {
    const pool = new WorkerPool<TaskTypes>(forkLauncher(entry), 1, { cancelGraceMs: 300 });
    try {
      // Both running (past the handshake, reporting progress) before the stubborn one is cancelled.
      const started = new Set<string>();
      let bothRunning = (): void => undefined;
      const running = new Promise<void>((resolve) => (bothRunning = resolve));
      const progressOf = (jobId: string) => (): void => {
        started.add(jobId);
        if (started.size === 2) bothRunning();
      };
      const stubborn = pool.run('block', {}, { jobId: 'stubborn', onProgress: progressOf('stubborn') });
      const other = pool.run('wait', { ms: 1_500 }, { jobId: 'other', onProgress: progressOf('other') });
      await running;
      expect(pool.cancel('stubborn')).toBe(true);
      await expect(stubborn).rejects.toMatchObject({ code: 'E_CANCELLED' });
      expect(pool.inFlight).toBe(1);
      await expect(other).resolves.toEqual(expect.any(Number));
    } finally {
      pool.dispose();
    }
  });

  it('gives concurrent jobs processes of their own and keeps `size` of them warm', async () => {
    const pool = new WorkerPool<TaskTypes>(forkLauncher(entry), 1);
    try {
      const [a, b] = await Promise.all([
        pool.run('wait', { ms: 300 }, { jobId: 'a' }),
        pool.run('wait', { ms: 300 }, { jobId: 'b' }),
      ]);
      expect(a).not.toBe(b);
      // One process stays warm: the next job reuses it rather than starting another.
      const c = await pool.run('wait', { ms: 10 }, { jobId: 'c' });
      expect([a, b]).toContain(c);
    } finally {
      pool.dispose();
    }
  });
});
