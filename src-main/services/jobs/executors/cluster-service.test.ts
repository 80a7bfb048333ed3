import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkDiscoverSpec } from '#shared/contracts/jobs.ts';
import { createHandlers } from '../../../ipc/handlers.ts';
import type { Backend } from '../../backend.ts';
import { inMemoryBackend } from '../test-backend.ts';
import { saveClusterProfile } from './cluster-profile.ts';

// The app's path to a real SLURM cluster (scripts/slurm/start-cluster.sh; .ci/run under CI): a profile
// saved as Settings saves it, the estimate the wizard shows, and a job started through the API's
// job.start with `executor`, compared with the same job on the local pool.
const hasSlurm = spawnSync('sinfo', ['-h'], { encoding: 'utf8' }).status === 0;
if (!hasSlurm && process.env['CI'] !== 'true') {
  console.warn('SLURM app-path tests skipped: no sinfo/sbatch here (scripts/slurm/start-cluster.sh).');
}

it('has a SLURM cluster to test the app path against under CI', () => {
  if (process.env['CI'] === 'true')
    expect(hasSlurm, 'CI=true but sinfo fails: start-cluster.sh did not run').toBe(true);
});

const spec: NetworkDiscoverSpec = {
  kind: 'network.discover',
  datasetId: 'a549_cells',
  genes: { mode: 'topVariable', n: 20 },
  algorithm: 'gsp',
  alpha: 0.01,
  stability: { subsamples: 2, fraction: 0.7, alphas: [1e-2] },
  nruns: 2,
  depth: 3,
  seed: 5,
};

describe.skipIf(!hasSlurm)('cluster profiles from the app (real cluster)', () => {
  let root: string;
  let backend: Backend;
  const previous = process.env['CAUSEWAY_CLUSTER_PROFILES'];

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'causeway-slurm-app-'));
    process.env['CAUSEWAY_CLUSTER_PROFILES'] = join(root, 'cluster.json');
    saveClusterProfile('app', { pollMs: 200, runsPerChunk: 1, chunksPerTask: 1 });
    backend = inMemoryBackend(root, { poolSize: 2 });
    backend.projects.openDemo();
  });
  afterAll(() => {
    backend.dispose();
    if (previous === undefined) delete process.env['CAUSEWAY_CLUSTER_PROFILES'];
    else process.env['CAUSEWAY_CLUSTER_PROFILES'] = previous;
    rmSync(root, { recursive: true, force: true });
  });

  const resultOf = (runId: string | null): unknown => {
    const run = backend.projects.summary()!.manifest.runs.find((r) => r.id === runId)!;
    const text = readFileSync(backend.projects.resolveFile(run.resultFile!), 'utf8');
    return JSON.parse(text, (k, v: unknown) =>
      /^(elapsedMs|createdAt|computedAt|runId)$/.test(k) ? undefined : v,
    );
  };

  it('offers the profile, estimates on sinfo’s idle cores, and runs job.start’s SLURM choice like local', async () => {
    const handlers = createHandlers(backend, { host: 'server' });
    const state = await handlers['cluster.profiles']({});
    expect(state.sbatch).toBe(true);
    expect(Object.keys(state.profiles)).toEqual(['app']);

    const estimate = await handlers['cluster.estimate']({ spec, profile: 'app' });
    expect(estimate.chunks).toBe(3); // the full-data run + 2 subsamples × 1 α, one run a chunk
    expect(estimate.availableCores).toBeGreaterThan(0);
    expect(estimate.wallMs).toBeGreaterThan(0);
    expect(estimate.script).toMatch(/#SBATCH --array=0-2\n/);

    await handlers['job.start']({ jobId: 'job_local', spec });
    const local = await backend.jobs.wait('job_local');
    await handlers['job.start']({ jobId: 'job_slurm', spec, executor: { kind: 'slurm', profile: 'app' } });
    const slurm = await backend.jobs.wait('job_slurm');
    expect(local.error).toBeNull();
    expect(slurm.error).toBeNull();
    const run = backend.projects.summary()!.manifest.runs.find((r) => r.id === slurm.runId)!;
    expect(run.params['executor']).toBe('slurm');
    expect(String(run.params['slurmArrayIds'])).toMatch(/^\d+$/);
    expect(resultOf(slurm.runId)).toEqual(resultOf(local.runId));
  }, 180_000);
});
