// A GIM training runs synchronously in its worker, so it cannot hear a cancel message mid-training: the
// job's own process is killed after the grace period. The job must still stop within 1 s and leave the
// project as it was — no model folder, no staging folder, no result, no run.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GIM_FOLDER, GimTrainSpec } from '#shared/contracts/gim.ts';
import { importDataset } from '../../cli/import-dataset.ts';
import { Backend } from '../backend.ts';
import { forkLauncher } from '../jobs/worker-handle.ts';
import { computeWorkerSource, demoDir } from '../paths.ts';

const FIXTURE = join(import.meta.dirname, '../../../resources/fixtures/gim-small');
const root = mkdtempSync(join(tmpdir(), 'causeway-gim-cancel-'));
const backend = new Backend({
  version: '0.0.0-test',
  dataDir: join(root, 'data'),
  demoDir: demoDir(),
  launchComputeWorker: forkLauncher(computeWorkerSource()),
  poolSize: 1,
});
afterAll(() => {
  backend.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('cancelling a GIM training mid-epoch', () => {
  it('stops within 1 s though the trainer cannot hear it, and leaves no model or staging folder', async () => {
    backend.projects.create(join(root, 'proj'), 'gim cancel');
    const datasetId = (await importDataset(backend, join(FIXTURE, 'expression.csv'))).dataset.id;
    const epochs: number[] = [];
    backend.subscribe((event, payload) => {
      const p = payload as { progress?: { metrics?: Record<string, number> } };
      const epoch = p.progress?.metrics?.['epoch'];
      if (event === 'job.progressed' && epoch !== undefined) epochs.push(epoch);
    });
    const runs = backend.projects.summary()!.manifest.runs.length;
    backend.jobs.start(
      'long',
      GimTrainSpec.parse({
        kind: 'gim.train',
        datasetId,
        contextColumn: 'context',
        features: { path: join(FIXTURE, 'features.csv') },
        epochs: 20_000,
        seed: 1,
        name: 'Cancelled',
      }),
    );
    // Training has begun: epochs are being reported from inside the synchronous loop.
    while (epochs.length < 3) await new Promise((r) => setTimeout(r, 10));
    const t0 = Date.now();
    expect(backend.jobs.cancel('long')).toBe(true);
    const done = await backend.jobs.wait('long');
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(done.state).toBe('cancelled');
    const dir = join(backend.projects.summary()!.dir, GIM_FOLDER);
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
    expect(backend.projects.summary()!.manifest.runs).toHaveLength(runs);
  }, 120_000);
});
