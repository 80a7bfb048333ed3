import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../numeric/rng.ts';
import { gsp } from '../gsp/gsp.ts';
import { randomLinearSem, sampleSem } from '../testing/simulate.ts';
import {
  aggregateStability,
  runStabilitySelection,
  stabilityRun,
  stabilityTasks,
  stableEdges,
  subsampleRows,
  type GraphLearner,
  type StabilityPlan,
} from './stability-selection.ts';

const rng = new SeededRng(7);
const sem = randomLinearSem(10, 1.5, rng);
const data = sampleSem(sem, 400, rng);
const learner: GraphLearner = (stat, alpha, seed) => gsp(stat, { alpha, seed, nruns: 2 }).graph;
const plan: StabilityPlan = { alphas: [1e-3, 1e-2, 0.1], subsamples: 6, fraction: 0.7, seed: 42 };

describe('stability selection', () => {
  it('gives bit-identical scores for 1 worker and for N workers in any order', async () => {
    const single = await runStabilitySelection(data, plan, learner);
    const tasks = stabilityTasks(plan);
    const order = new SeededRng(3).shuffle(tasks.slice());
    // three "workers" with interleaved slices, results concatenated in finish order
    const workers = [0, 1, 2].map((w) =>
      order.filter((_, t) => t % 3 === w).map(([a, b]) => stabilityRun(data, plan, learner, a, b)),
    );
    const split = aggregateStability(10, plan, [...workers[2]!, ...workers[0]!, ...workers[1]!]);
    expect(Buffer.from(split.adjacency.buffer).equals(Buffer.from(single.adjacency.buffer))).toBe(true);
    expect(Buffer.from(split.arc.buffer).equals(Buffer.from(single.arc.buffer))).toBe(true);
    expect(single.runs).toBe(18);
  });

  it('a different seed changes the subsamples (the test can fail)', async () => {
    const a = await runStabilitySelection(data, plan, learner);
    const b = await runStabilitySelection(data, { ...plan, seed: 43 }, learner);
    expect(Array.from(a.arc)).not.toEqual(Array.from(b.arc));
  });

  it('true edges are stable, scores are max-over-α frequencies, and progress/abort work', async () => {
    const progress: number[] = [];
    const s = await runStabilitySelection(data, plan, learner, { onProgress: (p) => progress.push(p.done) });
    expect(progress.at(-1)).toBe(18);
    for (const [a, b] of sem.dag.arcs())
      expect(s.adjacency[Math.min(a, b) * 10 + Math.max(a, b)]).toBeGreaterThan(0.5);
    for (const e of stableEdges(s, 0.3)) expect(e.score).toBeLessThanOrEqual(1);
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(runStabilitySelection(data, plan, learner, { signal: ctrl.signal })).rejects.toThrow();
  });

  it('draws round(fraction·n) rows by default and floor(fraction·n) as the reference does', () => {
    expect(subsampleRows({ fraction: 0.7 }, 74)).toBe(52);
    expect(subsampleRows({ fraction: 0.7, subsampleSize: 'round' }, 74)).toBe(52);
    expect(subsampleRows({ fraction: 0.7, subsampleSize: 'floor' }, 74)).toBe(51);
    expect(subsampleRows({ fraction: 0.7, subsampleSize: 'floor' }, 100)).toBe(70);
    expect(subsampleRows({ fraction: 0.5, subsampleSize: 'floor' }, 4)).toBe(4); // never below 5 rows
    const rows = sampleSem(sem, 74, new SeededRng(1));
    const seen: number[] = [];
    const spy: GraphLearner = (stat, alpha, seed) => {
      seen.push(stat.n);
      return learner(stat, alpha, seed, rows);
    };
    stabilityRun(rows, { ...plan, fraction: 0.7 }, spy, 0, 0);
    stabilityRun(rows, { ...plan, fraction: 0.7, subsampleSize: 'floor' }, spy, 0, 0);
    expect(seen).toEqual([52, 51]);
  });
});
