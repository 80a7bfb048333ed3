// The random baseline of the orient simulation view: random picks on the same ensemble as a plan.
import { describe, expect, it } from 'vitest';
import { randomLinearSem } from '../../causal/testing/simulate.ts';
import { SeededRng } from '../../numeric/rng.ts';
import { dagFromArcs } from '../../targets/ranking/dag-ensemble.ts';
import { greedyDesign } from './greedy-design.ts';
import { equivalenceClassSample, randomOrientedCurve, trueOrientedCurve } from './simulation.ts';

function ensemble(p: number, seed: number) {
  const sem = randomLinearSem(p, 2, new SeededRng(seed));
  const truth = dagFromArcs(
    p,
    sem.dag.arcs().map(([a, b]) => a * p + b),
  );
  return equivalenceClassSample(truth, 16, seed + 1);
}

describe('randomOrientedCurve', () => {
  it('starts where the plan starts, grows to every edge, and repeats with its seed', async () => {
    const dags = ensemble(12, 5);
    const pool = Array.from({ length: 12 }, (_, i) => i);
    const plan = await greedyDesign(dags, { pool, budget: 4, rounds: 1, objective: 'edges', seed: 3 });
    let calls = 0;
    const curve = await randomOrientedCurve(dags, pool, 4, 3, 8, () => void calls++);
    expect(calls).toBe(8);
    expect(curve).toHaveLength(5);
    expect(curve[0]).toBeCloseTo(plan.baselineOriented, 10);
    for (let i = 1; i < curve.length; i++) expect(curve[i]!).toBeGreaterThanOrEqual(curve[i - 1]! - 1e-12);
    // The greedy first pick has the largest expected gain, so no average of random first picks beats it.
    expect(plan.picks[0]!.expectedOriented).toBeGreaterThanOrEqual(curve[1]! - 1e-12);
    expect(await randomOrientedCurve(dags, pool, 4, 3, 8)).toEqual(curve);
    expect(await randomOrientedCurve(dags, pool, 4, 4, 8)).not.toEqual(curve);
    // Perturbing every gene orients every edge of every DAG.
    const all = await randomOrientedCurve(dags, pool, 12, 1, 2);
    expect(all.at(-1)).toBeCloseTo(plan.meanEdges, 10);
  });

  it('is the mean over DAGs of the true oriented curve of the same random order (one draw)', async () => {
    const dags = ensemble(8, 9);
    const pool = [0, 2, 4, 6];
    const curve = await randomOrientedCurve(dags, pool, 10, 7, 1);
    // Never more picks than the pool has.
    expect(curve).toHaveLength(5);
    const perDag = dags.map((d) => trueOrientedCurve(d, pool));
    // With the whole pool intervened, the order no longer matters at the end.
    const end = perDag.reduce((s, c) => s + c.at(-1)!, 0) / dags.length;
    expect(curve.at(-1)).toBeCloseTo(end, 10);
  });
});
