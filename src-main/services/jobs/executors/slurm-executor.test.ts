import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DrugsRankSpec } from '#shared/contracts/drugs-rank.ts';
import { TransportValidateSpec } from '#shared/contracts/transport.ts';
import { importDataset } from '../../../cli/import-dataset.ts';
import type { JobSpec, NetworkDiscoverSpec } from '#shared/contracts/jobs.ts';
import type { Backend } from '../../backend.ts';
import { inMemoryBackend } from '../test-backend.ts';
import { ClusterProfile } from './cluster-profile.ts';
import { SlurmExecutor } from './slurm-executor.ts';

// The SLURM executor against a real cluster: scripts/slurm/start-cluster.sh starts one on this machine
// (.ci/run does under CI). Each array task runs `causeway run-task` from bin/causeway.mjs, forking the
// real compute worker, so these compare the cluster path end to end with the local pool.
const hasSlurm = spawnSync('sinfo', ['-h'], { encoding: 'utf8' }).status === 0;
if (!hasSlurm && process.env['CI'] !== 'true') {
  console.warn('SLURM tests skipped: no sinfo/sbatch here (start one with scripts/slurm/start-cluster.sh).');
}

it('has a SLURM cluster to test against under CI', () => {
  if (process.env['CI'] === 'true')
    expect(hasSlurm, 'CI=true but sinfo fails: start-cluster.sh did not run').toBe(true);
});

const discoverSpec: NetworkDiscoverSpec = {
  kind: 'network.discover',
  datasetId: 'a549_cells',
  genes: { mode: 'topVariable', n: 25 },
  algorithm: 'gsp',
  alpha: 0.01,
  restrictToNetworkId: 'ppi_252',
  stability: { subsamples: 2, fraction: 0.7, alphas: [1e-3, 1e-2] },
  nruns: 2,
  depth: 3,
  seed: 11,
};

const rankSpec = DrugsRankSpec.parse({
  kind: 'drugs.rank',
  diseaseDatasetId: 'vorinostat_skb_reversed',
  diseaseColumn: 'negated_z',
  collectionDatasetId: 'lincs_toydb_skb',
  score: 'wtcs',
  querySize: 100,
  aggregate: 'best',
  permutations: 200,
  seed: 3,
});

describe.skipIf(!hasSlurm)('SLURM executor (real cluster)', () => {
  let root: string;
  let backend: Backend;
  let jobs = 0;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'causeway-slurm-'));
    backend = inMemoryBackend(root, { poolSize: 2 });
    backend.projects.openDemo();
  });
  afterAll(() => {
    backend.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  const workDir = (): string => join(backend.projects.summary()!.dir, 'cluster');
  const profile = (over: Partial<ClusterProfile> = {}): ClusterProfile =>
    ClusterProfile.parse({ pollMs: 200, chunksPerTask: 2, ...over });

  /** Runs a job (locally, or through SLURM with `executor`) and returns its run record and result text. */
  async function runJob(spec: JobSpec, executor?: SlurmExecutor, onPhase?: (phase: string) => void) {
    const jobId = `job_${++jobs}`;
    const off = backend.subscribe((event, payload) => {
      const p = payload as { jobId?: string; progress?: { phase: string } };
      if (event === 'job.progressed' && p.jobId === jobId && p.progress) onPhase?.(p.progress.phase);
    });
    backend.jobs.start(jobId, spec, executor ? { executor } : {});
    const record = await backend.jobs.wait(jobId);
    off();
    const run = record.runId
      ? backend.projects.summary()!.manifest.runs.find((r) => r.id === record.runId)
      : null;
    const text = run?.resultFile ? readFileSync(backend.projects.resolveFile(run.resultFile), 'utf8') : null;
    return { record, run, text };
  }

  /** A result with the fields that record when it was made (not what it found) removed. */
  const content = (text: string | null): unknown =>
    JSON.parse(text ?? 'null', (k, v: unknown) =>
      /^(elapsedMs|createdAt|computedAt|runId)$/.test(k) ? undefined : v,
    );

  let localGraph: unknown;

  it('a GSP stability selection through a job array equals the local pool bit for bit', async () => {
    const local = await runJob(discoverSpec);
    localGraph = content(local.text);
    expect(local.record.error).toBeNull();
    const slurm = await runJob(discoverSpec, new SlurmExecutor(profile(), workDir()));
    expect(slurm.record.error).toBeNull();
    expect(local.text).toContain('"edges"');
    expect(content(slurm.text)).toEqual(content(local.text));
    const bin = (r: typeof local): Buffer =>
      readFileSync(backend.projects.resolveFile(String(r.run!.params['subsampleGraphsFile'])));
    expect(bin(slurm).equals(bin(local))).toBe(true);
    // Provenance: where every chunk ran, in which array; nothing left in the work folder.
    expect(slurm.run!.params['executor']).toBe('slurm');
    expect(String(slurm.run!.params['slurmArrayIds'])).toMatch(/^\d+$/);
    const tasks = JSON.parse(String(slurm.run!.params['slurmTasks'])) as { node: string; attempts: number }[];
    expect(tasks).toHaveLength(5); // the full run + 4 stability runs (2 subsamples × 2 α)
    expect(tasks.every((t) => t.node === hostname() && t.attempts === 1)).toBe(true);
    expect(existsSync(join(workDir(), 'jobs', 'job_2'))).toBe(false);
  }, 120_000);

  it('a transport validation (leave-one-out over Kang 2018 cells) through SLURM equals the local run', async () => {
    const kang = join(import.meta.dirname, '../../../compute/io/fixtures/real/kang2018_valid_first120.h5ad');
    const datasetId = (await importDataset(backend, kang)).dataset.id;
    const spec = TransportValidateSpec.parse({
      kind: 'transport.validate',
      datasetId,
      cellTypeColumn: 'cell_type',
      conditionColumn: 'condition',
      control: 'control',
      perturbed: ['stimulated'],
      methods: ['none', 'nearest', 'additive'],
      seed: 1,
    });
    const local = await runJob(spec);
    expect(local.record.error).toBeNull();
    const slurm = await runJob(spec, new SlurmExecutor(profile(), workDir()));
    expect(slurm.record.error).toBeNull();
    expect(slurm.run!.params['executor']).toBe('slurm');
    expect(content(slurm.text)).toEqual(content(local.text));
  }, 120_000);

  it('a 200-permutation ranking split into 4 array tasks equals the local pool bit for bit', async () => {
    const local = await runJob(rankSpec);
    expect(local.record.error).toBeNull();
    // 60 + 60 + 60 + 20 draws, one range per array task; the combining step runs here.
    const executor = new SlurmExecutor(profile({ chunksPerTask: 1, permutationsPerChunk: 60 }), workDir());
    const slurm = await runJob(rankSpec, executor);
    expect(slurm.record.error).toBeNull();
    expect(local.text).toContain('"drugs"');
    expect(local.text).toContain('"pValue"');
    expect(content(slurm.text)).toEqual(content(local.text));
    expect(slurm.run!.params['executor']).toBe('slurm');
    expect(slurm.run!.params['permutationChunks']).toBe(4);
    expect(String(slurm.run!.params['slurmArrayIds'])).toMatch(/^\d+$/);
    const tasks = JSON.parse(String(slurm.run!.params['slurmTasks'])) as { node: string }[];
    expect(tasks).toHaveLength(4);
    // The ranges' part files are gone once combined.
    const resultFile = backend.projects.resolveFile(slurm.run!.resultFile!);
    expect(existsSync(`${resultFile}.parts`)).toBe(false);
  }, 180_000);

  const chunkRecords = (run: { params: Record<string, unknown> }) =>
    JSON.parse(String(run.params['slurmTasks'])) as { chunk: number; attempts: number; reused: boolean }[];

  it('cancelling scancels the array: the job ends cancelled and no task of it stays queued', async () => {
    const executor = new SlurmExecutor(profile({ prefix: ['sleep 60'] }), workDir());
    let cancelled = false;
    const { record } = await runJob({ ...discoverSpec, seed: 12 }, executor, (phase) => {
      if (!cancelled && /[1-9]\d* running/.test(phase)) {
        cancelled = true;
        backend.jobs.cancel(`job_${jobs}`);
      }
    });
    expect(cancelled).toBe(true);
    expect(record.state).toBe('cancelled');
    const arrayId = String(executor.provenance()['slurmArrayIds']);
    expect(arrayId).toMatch(/^\d+$/);
    let active = '';
    for (let i = 0; i < 50; i++) {
      active = spawnSync('squeue', ['-h', '-r', '-j', arrayId, '-t', 'PD,R,CG'], { encoding: 'utf8' }).stdout;
      if (active.trim() === '') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(active.trim()).toBe('');
  }, 120_000);

  it('a task killed mid-run is resubmitted and the result is unchanged', async () => {
    const marker = join(root, 'killed-once');
    // Array task 1 kills itself (SIGKILL) the first time it starts: a crash, as on a pre-empted node.
    const prefix = [
      `if [ "$SLURM_ARRAY_TASK_ID" = 1 ] && mkdir '${marker}' 2>/dev/null; then kill -9 $$; fi`,
    ];
    const executor = new SlurmExecutor(profile({ prefix }), workDir());
    const slurm = await runJob(discoverSpec, executor);
    expect(slurm.record.error).toBeNull();
    expect(existsSync(marker)).toBe(true);
    expect(content(slurm.text)).toEqual(localGraph);
    expect(String(slurm.run!.params['slurmArrayIds']).split(',')).toHaveLength(2);
    // chunksPerTask 2: array task 1 holds chunks 2 and 3.
    expect(chunkRecords(slurm.run!).map((c) => c.attempts)).toEqual([1, 1, 2, 2, 1]);
  }, 120_000);

  it('a task that keeps failing fails the job naming it and its log; resubmitting reuses finished chunks', async () => {
    const failing = new SlurmExecutor(
      profile({
        attempts: 2,
        prefix: ['[ "$SLURM_ARRAY_TASK_ID" != 2 ] || { echo "no node for you" >&2; exit 3; }'],
      }),
      workDir(),
    );
    const failed = await runJob(discoverSpec, failing);
    expect(failed.record.state).toBe('failed');
    expect(failed.record.error?.message).toMatch(
      /SLURM array task 2 \(chunks 4\) failed 2 time\(s\) \(last state FAILED\)/,
    );
    expect(failed.record.error?.message).toMatch(/task-2\.try2\.log/);
    expect(failed.record.error?.message).toContain('no node for you');
    const again = await runJob(discoverSpec, new SlurmExecutor(profile(), workDir()));
    expect(again.record.error).toBeNull();
    expect(content(again.text)).toEqual(localGraph);
    expect(chunkRecords(again.run!).map((c) => c.reused)).toEqual([true, true, true, true, false]);
  }, 120_000);

  // SLURM's smallest time limit is a minute and it checks limits every 30 s or so: about 1.5 min of waiting.
  it('a task past the time limit fails the job with a clear message naming the task and the verdict SLURM gave', async () => {
    const late = new SlurmExecutor(profile({ time: '1', attempts: 1, prefix: ['sleep 600'] }), workDir());
    const { record } = await runJob(discoverSpec, late);
    expect(record.state).toBe('failed');
    expect(record.error?.message).toMatch(/SLURM array task \d+ .*failed 1 time\(s\) \(last state TIMEOUT\)/);
    expect(record.error?.message).toMatch(/task-\d+\.try1\.log/);
  }, 240_000);
});
