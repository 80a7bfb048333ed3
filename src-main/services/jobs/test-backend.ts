// For tests: a Backend whose compute workers run in this process (inMemoryLauncher), so job tests drive
// the real planners, worker tasks and job service without forking. Not imported by app code.
import { serveJobs } from '../../workers/runtime.ts';
import { computeTasks } from '../../workers/tasks/index.ts';
import { Backend } from '../backend.ts';
import { demoDir } from '../paths.ts';
import { inMemoryLauncher } from './worker-handle.ts';

export function inMemoryBackend(
  dataDir: string,
  options: { poolSize?: number; throttleMs?: number } = {},
): Backend {
  const { launch } = inMemoryLauncher((port) =>
    serveJobs(port, computeTasks, { throttleMs: options.throttleMs ?? 0 }),
  );
  return new Backend({
    version: '0.0.0-test',
    dataDir,
    demoDir: demoDir(),
    launchComputeWorker: launch,
    poolSize: options.poolSize ?? 1,
  });
}
