// A compute worker whose supervisor process dies (kill -9 of the CLI or server) must not keep running:
// it exits when its IPC channel closes, even while a task still has work queued.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const dir = mkdtempSync(join(tmpdir(), 'causeway-orphan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(process.platform === 'win32')('orphaned worker', () => {
  it('exits once the process that forked it is killed with SIGKILL, though still busy', async () => {
    // The worker side: the real port, then a timer standing in for a task that is still working.
    const worker = join(dir, 'busy-worker.ts');
    const port = join(import.meta.dirname, '../../workers/port.ts');
    writeFileSync(
      worker,
      `import { currentProcessPort } from ${JSON.stringify(port)};\n` +
        `currentProcessPort();\nsetInterval(() => undefined, 1000);\n`,
    );
    // A stand-in supervisor: forks the worker, prints its pid, then waits to be killed.
    const supervisor = join(dir, 'supervisor.mjs');
    writeFileSync(
      supervisor,
      `import { fork } from 'node:child_process';\n` +
        `const child = fork(${JSON.stringify(worker)}, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });\n` +
        `child.on('message', () => undefined);\n` +
        `process.stdout.write(String(child.pid) + '\\n');\nsetInterval(() => undefined, 1000);\n`,
    );
    const parent = spawn(process.execPath, [supervisor], { stdio: ['ignore', 'pipe', 'inherit'] });
    const workerPid = await new Promise<number>((resolve) =>
      parent.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim()))),
    );
    await new Promise((r) => setTimeout(r, 3000)); // tsx start-up: the handler is installed by then
    expect(alive(workerPid)).toBe(true);
    parent.kill('SIGKILL');
    const deadline = Date.now() + 10_000;
    while (alive(workerPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const stillAlive = alive(workerPid);
    if (stillAlive) process.kill(workerPid, 'SIGKILL');
    expect(stillAlive).toBe(false);
  }, 30_000);
});
