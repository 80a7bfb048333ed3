import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../numeric/rng.ts';
import { dagToCpdag } from '../graph/essential-graph.ts';
import { gsp } from '../gsp/gsp.ts';
import { randomLinearSem, sampleSem } from '../testing/simulate.ts';
import {
  aggregateStability,
  stabilityRun,
  stabilityTasks,
  type GraphLearner,
  type StabilityPlan,
} from './stability-selection.ts';
import { decodeSubsampleGraphs, encodeSubsampleGraphs, subsampleRuns } from './subsample-graphs.ts';

const rng = new SeededRng(11);
const sem = randomLinearSem(8, 1.5, rng);
const data = sampleSem(sem, 300, rng);
const learner: GraphLearner = (stat, alpha, seed) => gsp(stat, { alpha, seed, nruns: 2 }).graph;
const plan: StabilityPlan = { alphas: [1e-3, 0.05], subsamples: 5, fraction: 0.7, seed: 9 };
const genes = Array.from({ length: 8 }, (_, i) => `G${i}`);
const runs = stabilityTasks(plan).map(([a, b]) => stabilityRun(data, plan, learner, a, b));

describe('kept subsample graphs', () => {
  it('round-trip every run’s arcs, in any input order, with genes and plan', () => {
    const shuffled = new SeededRng(1).shuffle(runs.slice());
    const bytes = encodeSubsampleGraphs(genes, plan, shuffled);
    const back = decodeSubsampleGraphs(bytes);
    expect(back.header.genes).toEqual(genes);
    expect(back.header.plan).toEqual(plan);
    expect(back.header.runs).toEqual(stabilityTasks(plan));
    runs.forEach((r, i) => expect(Array.from(back.arcs[i]!)).toEqual(Array.from(r.marks)));
    expect(runs.some((r) => r.marks.length > 0)).toBe(true);
    // encoding is a function of the runs, not of their order
    expect(Buffer.from(encodeSubsampleGraphs(genes, plan, runs)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('give back exactly the reported arc and adjacency stability', () => {
    const reported = aggregateStability(8, plan, runs);
    // decode from an unaligned copy, as a file read into a larger buffer would be
    const bytes = encodeSubsampleGraphs(genes, plan, runs);
    const unaligned = new Uint8Array(bytes.length + 1).subarray(1);
    unaligned.set(bytes);
    const recomputed = aggregateStability(8, plan, subsampleRuns(decodeSubsampleGraphs(unaligned)));
    expect(Array.from(recomputed.arc)).toEqual(Array.from(reported.arc));
    expect(Array.from(recomputed.adjacency)).toEqual(Array.from(reported.adjacency));
    expect(Math.max(...reported.arc)).toBeGreaterThan(0);
  });

  it('keep each GSP run’s DAG: acyclic, and its CPDAG is the run’s marks (format v2)', () => {
    const withDag: GraphLearner = (stat, alpha, seed) => {
      const r = gsp(stat, { alpha, seed, nruns: 2 });
      return { graph: r.graph, dag: r.dag };
    };
    const kept = stabilityTasks(plan).map(([a, b]) => stabilityRun(data, plan, withDag, a, b));
    // the DAG does not change the reported graph
    kept.forEach((r, i) => expect(Array.from(r.marks)).toEqual(Array.from(runs[i]!.marks)));
    const back = decodeSubsampleGraphs(encodeSubsampleGraphs(genes, plan, new SeededRng(2).shuffle(kept)));
    expect(back.header.version).toBe(2);
    expect(back.dags).toHaveLength(kept.length);
    const p = 8;
    back.dags!.forEach((arcs, i) => {
      expect(isAcyclic(p, arcs)).toBe(true);
      const marks = new Uint8Array(p * p);
      for (const m of arcs) marks[m] = 1;
      const cpdag = dagToCpdag({ p, marks });
      const cpdagArcs = [...cpdag.marks.keys()].filter((t) => cpdag.marks[t] === 1);
      expect(cpdagArcs).toEqual(Array.from(back.arcs[i]!));
    });
    expect(back.dags!.some((d) => d.length > 0)).toBe(true);
    // the runs read back carry their DAGs; the stability scores are those of v1
    const again = subsampleRuns(back);
    expect(again.every((r) => r.dag !== undefined)).toBe(true);
    expect(Array.from(aggregateStability(8, plan, again).arc)).toEqual(
      Array.from(aggregateStability(8, plan, runs).arc),
    );
    // a v1 file (no DAGs) is still what a run set without DAGs writes
    expect(decodeSubsampleGraphs(encodeSubsampleGraphs(genes, plan, runs)).header.version).toBe(1);
  });

  it('refuse a file that is not one, or is cut short', () => {
    const bytes = encodeSubsampleGraphs(genes, plan, runs);
    expect(() => decodeSubsampleGraphs(new TextEncoder().encode('{"nodes":[]}'))).toThrow(/CWSG/);
    expect(() => decodeSubsampleGraphs(bytes.subarray(0, bytes.length - 4))).toThrow(/length/);
    expect(() =>
      encodeSubsampleGraphs(['A', 'B'], plan, [{ alphaIndex: 0, subsampleIndex: 0, marks: [4] }]),
    ).toThrow(RangeError);
  });
});

/** Kahn's algorithm on arc indices a·p+b. */
function isAcyclic(p: number, arcs: ArrayLike<number>): boolean {
  const indegree = new Int32Array(p);
  const out: number[][] = Array.from({ length: p }, () => []);
  for (let t = 0; t < arcs.length; t++) {
    const m = arcs[t]!;
    out[Math.floor(m / p)]!.push(m % p);
    indegree[m % p]!++;
  }
  const queue = [...indegree.keys()].filter((v) => indegree[v] === 0);
  let seen = 0;
  while (queue.length > 0) {
    const v = queue.pop()!;
    seen++;
    for (const w of out[v]!) if (--indegree[w]! === 0) queue.push(w);
  }
  return seen === p;
}
