/**
 * Scale on paper for the SLURM executor: `node --import tsx bench/cluster-scale.ts`.
 * Measures, on this machine, the cost of one unit of each fanned-out job kind through the real job
 * service (in-process workers, pool of 1) at a few sizes, and the start-up of one array task
 * (`causeway run-task` on one chunk, compute worker included); then prints the expected wall time of
 * typical large runs on a laptop (8 workers) and on a 200-core allocation with the model
 *   wall = waves × (runs per chunk × run cost + task start-up), waves = ceil(chunks / cores):
 * the laptop gets the planner's default 1 + 16 chunks, the cluster runsPerChunk 1 (one array task per
 * run). A GSP run's cost is extrapolated from the two largest sizes as a power law in the gene count.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DrugsRankSpec } from '#shared/contracts/drugs-rank.ts';
import type { JobSpec, NetworkDiscoverSpec } from '#shared/contracts/jobs.ts';
import { ArraySpec } from '../src-main/services/jobs/executors/array-spec.ts';
import { planJob, isFanOut } from '../src-main/services/jobs/plans/index.ts';
import { inMemoryBackend } from '../src-main/services/jobs/test-backend.ts';

const root = mkdtempSync(join(tmpdir(), 'causeway-bench-cluster-'));
const backend = inMemoryBackend(root, { poolSize: 1 });
backend.projects.openDemo();
let n = 0;

async function timeJob(spec: JobSpec): Promise<number> {
  const id = `bench_${++n}`;
  const t0 = performance.now();
  backend.jobs.start(id, spec);
  const r = await backend.jobs.wait(id);
  if (r.error) throw new Error(r.error.message);
  return performance.now() - t0;
}

const gsp = (genes: number, subsamples?: number): NetworkDiscoverSpec => ({
  kind: 'network.discover',
  datasetId: 'a549_cells',
  genes: { mode: 'topVariable', n: genes },
  algorithm: 'gsp',
  alpha: 0.01,
  ...(subsamples ? { stability: { subsamples, fraction: 0.7, alphas: [0.01] } } : {}),
  seed: 1,
});

const S = 4;
const sizes = [50, 100, 200];
const perRun: number[] = [];
console.log('GSP stability run (a549_cells, 74 samples, depth 4, 5 restarts), one subsample at α 0.01:');
for (const g of sizes) {
  const base = await timeJob(gsp(g));
  const withRuns = await timeJob(gsp(g, S));
  const ms = Math.max(1, (withRuns - base) / S);
  perRun.push(ms);
  console.log(`  ${g} genes: ${(ms / 1000).toFixed(3)} s per run`);
}
const k = Math.log(perRun[2]! / perRun[1]!) / Math.log(sizes[2]! / sizes[1]!);
const gspRun = (genes: number): number => perRun[2]! * (genes / sizes[2]!) ** k;
console.log(`  cost ∝ genes^${k.toFixed(2)} (fitted on ${sizes[1]} and ${sizes[2]} genes)`);

const rank = (permutations: number) =>
  DrugsRankSpec.parse({
    kind: 'drugs.rank',
    diseaseDatasetId: 'vorinostat_skb_reversed',
    diseaseColumn: 'negated_z',
    collectionDatasetId: 'lincs_toydb_skb',
    score: 'wtcs',
    querySize: 100,
    aggregate: 'best',
    permutations,
    seed: 1,
  });
const r0 = await timeJob(rank(0));
const P = 2000;
const rP = await timeJob(rank(P));
const perSigPerm = Math.max(0, rP - r0) / (P * 100);
console.log(
  `drugs.rank WTCS, 100 signatures × 5,000 genes: ${(r0 / 1000).toFixed(3)} s without permutations, ` +
    `${(rP / 1000).toFixed(3)} s with ${P}: ${(perSigPerm * 1000).toFixed(2)} µs per signature × permutation`,
);

// One array task's start-up: the CLI and its compute worker on one 100-gene stability chunk, less the chunk.
const plan = planJob(gsp(100, 1), backend.projects, 'run_bench', { provider: 'auto' });
if (!isFanOut(plan)) throw new Error('expected a fan-out plan');
const chunk = plan.chunks[1]!;
const spec: ArraySpec = {
  version: 1,
  jobId: 'bench',
  tasks: [{ task: chunk.task, params: chunk.params, out: join(root, 'chunk.v8') }],
  groups: [[0]],
};
writeFileSync(join(root, 'spec.json'), JSON.stringify(spec));
const t0 = performance.now();
const cli = spawnSync(process.execPath, ['bin/causeway.mjs', 'run-task', join(root, 'spec.json'), '0']);
if (cli.status !== 0) throw new Error(cli.stderr.toString());
const startup = Math.max(0, performance.now() - t0 - perRun[1]!);
console.log(`array task start-up (causeway run-task + compute worker): ${(startup / 1000).toFixed(3)} s`);
plan.discard?.();

const hours = (ms: number): string =>
  ms >= 3_600_000 ? `${(ms / 3_600_000).toFixed(1)} h` : `${(ms / 60_000).toFixed(1)} min`;
const wall = (runs: number, runMs: number, cores: number, runsPerChunk: number, taskStartMs = 0): number =>
  Math.ceil((1 + Math.ceil(runs / runsPerChunk)) / cores) * (runsPerChunk * runMs + taskStartMs);
console.log('\nExpected wall time (model above; queue wait not included):');
console.log('| run | units | unit cost | laptop, 8 workers | SLURM, 200 cores |');
console.log('|---|---|---|---|---|');
for (const genes of [2000, 5000]) {
  const runs = 100 * 6;
  const c = gspRun(genes);
  console.log(
    `| GSP stability, ${genes} genes, 100 subsamples × 6 α | 1 + ${runs} runs | ${(c / 1000).toFixed(0)} s | ` +
      `${hours(wall(runs, c, 8, Math.ceil(runs / 16)))} | ${hours(wall(runs, c, 200, 1, startup))} |`,
  );
}
const rankMs = perSigPerm * 473_647 * 1000;
console.log(
  `| drugs.rank, 473,647 signatures × 1,000 permutations | 1 task | ${hours(rankMs)} | ${hours(rankMs)} | ` +
    `${hours(rankMs + startup)} (one task: permutations are not chunked) |`,
);
backend.dispose();
rmSync(root, { recursive: true, force: true });
