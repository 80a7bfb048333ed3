import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backend } from '../services/backend.ts';
import { forkLauncher } from '../services/jobs/worker-handle.ts';
import { appVersion, computeWorkerSource, demoDir } from '../services/paths.ts';

export interface CliBackendOptions {
  /** Worker processes for fan-out jobs (`--workers`); default one per core. */
  poolSize?: number;
}

/**
 * The CLI runs the same services as the app, with its own throw-away data folder so batch runs
 * never touch the desktop app's recent-projects list.
 */
export async function withBackend<T>(
  fn: (backend: Backend) => Promise<T>,
  options: CliBackendOptions = {},
): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'causeway-cli-'));
  const backend = new Backend({
    version: appVersion(),
    dataDir,
    demoDir: demoDir(),
    launchComputeWorker: forkLauncher(computeWorkerSource()),
    ...(options.poolSize !== undefined ? { poolSize: options.poolSize } : {}),
  });
  try {
    return await fn(backend);
  } finally {
    backend.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
