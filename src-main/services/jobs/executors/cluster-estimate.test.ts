import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NetworkDiscoverSpec } from '#shared/contracts/jobs.ts';
import { inMemoryBackend } from '../test-backend.ts';
import { COST_MODEL, estimateWall, gspRunMs, rankMs } from './cluster-estimate.ts';
import { ClusterService } from './cluster-service.ts';

describe('cluster estimate', () => {
  it('is ceil(tasks ÷ slots) × task cost for equal tasks, start-up included', () => {
    const est = estimateWall({
      chunkCostsMs: Array<number>(601).fill(1000),
      chunksPerTask: 1,
      cpusPerTask: 1,
      availableCores: 200,
      startupMs: 500,
    });
    expect(est).toEqual({ arrayTasks: 601, wallMs: 4 * 1500 });
  });

  it('groups chunks per task, counts CPUs per task, and runs tasks in order as slots free up', () => {
    // 4 chunks in 2 tasks of (1+2) and (3+4) ms + 10 ms start-up, on 8 cores at 4 CPUs a task: 2 slots.
    expect(
      estimateWall({
        chunkCostsMs: [1, 2, 3, 4],
        chunksPerTask: 2,
        cpusPerTask: 4,
        availableCores: 8,
        startupMs: 10,
      }),
    ).toEqual({ arrayTasks: 2, wallMs: 17 });
    // One slot: everything in sequence.
    expect(
      estimateWall({
        chunkCostsMs: [5, 1, 1],
        chunksPerTask: 1,
        cpusPerTask: 4,
        availableCores: 7,
        startupMs: 0,
      }),
    ).toEqual({ arrayTasks: 3, wallMs: 7 });
    // Two slots, a long first task: the short ones run beside it (list scheduling, not waves).
    expect(
      estimateWall({
        chunkCostsMs: [10, 1, 1, 1],
        chunksPerTask: 1,
        cpusPerTask: 1,
        availableCores: 2,
        startupMs: 0,
      }),
    ).toEqual({ arrayTasks: 4, wallMs: 10 });
  });

  it('gives no wall time without cores, with too few cores for one task, or without a cost', () => {
    const base = { chunksPerTask: 1, cpusPerTask: 2, startupMs: 0 };
    expect(estimateWall({ ...base, chunkCostsMs: [1], availableCores: null }).wallMs).toBeNull();
    expect(estimateWall({ ...base, chunkCostsMs: [1], availableCores: 1 }).wallMs).toBeNull();
    expect(estimateWall({ ...base, chunkCostsMs: [1, null], availableCores: 8 }).wallMs).toBeNull();
    expect(estimateWall({ ...base, chunkCostsMs: [], availableCores: 8 })).toEqual({
      arrayTasks: 0,
      wallMs: 0,
    });
  });

  it('uses the README unit costs: 12 min per GSP run at 2,000 genes, 4.2 µs per signature × permutation', () => {
    expect(gspRunMs(2000)).toBe(COST_MODEL.gspRunMsAt2000Genes);
    expect(gspRunMs(1000)).toBeCloseTo(COST_MODEL.gspRunMsAt2000Genes / 8);
    // 473,647 signatures × (1,000 permutations + the observed) ≈ 33 min, the README's row.
    expect(rankMs(473_647, 1000) / 60_000).toBeCloseTo(33.2, 0);
  });

  it('plans a stability job under a profile: chunks, their cost and the batch script', async () => {
    const root = mkdtempSync(join(tmpdir(), 'causeway-estimate-'));
    const file = join(root, 'cluster.json');
    const work = join(root, 'work');
    writeFileSync(
      file,
      JSON.stringify({ profiles: { one: { runsPerChunk: 1, partition: 'p1', workDir: work } } }),
    );
    const backend = inMemoryBackend(root);
    try {
      backend.projects.openDemo();
      const service = new ClusterService(
        backend.projects,
        () => ({ provider: 'auto' }),
        () => file,
        () => Promise.resolve(true),
      );
      const spec: NetworkDiscoverSpec = {
        kind: 'network.discover',
        datasetId: 'a549_cells',
        genes: { mode: 'topVariable', n: 40 },
        algorithm: 'gsp',
        alpha: 0.01,
        stability: { subsamples: 3, fraction: 0.7, alphas: [1e-3, 1e-2] },
        seed: 11,
      };
      const est = await service.estimate(spec, 'one');
      // 1 full-data run + 3 subsamples × 2 α, one run per chunk.
      expect(est.chunks).toBe(7);
      expect(est.arrayTasks).toBe(7);
      expect(est.chunkCostMs).toBeCloseTo(gspRunMs(40));
      expect(est.script).toMatch(/#SBATCH --array=0-6/);
      expect(est.script).toMatch(/#SBATCH --partition=p1/);
      expect(est.script).toMatch(/run-task .*spec\.json "\$SLURM_ARRAY_TASK_ID"/);
      expect(est.script).toContain(work);
      // Another algorithm has no measured cost: said, not guessed.
      const pc = await service.estimate({ ...spec, algorithm: 'pc' }, 'one');
      expect(pc.chunkCostMs).toBeNull();
      expect(pc.wallMs).toBeNull();
      expect(pc.model).toMatch(/No measured cost/);
      await expect(service.estimate(spec, 'nope')).rejects.toThrow(/No cluster profile "nope"/);
      await expect(
        service.estimate({ kind: 'dataset.summary', datasetId: 'a549_cells' } as never, 'one'),
      ).rejects.toThrow(/runs on this computer only/);
    } finally {
      backend.dispose();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
