import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../numeric/rng.ts';
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

  it('refuse a file that is not one, or is cut short', () => {
    const bytes = encodeSubsampleGraphs(genes, plan, runs);
    expect(() => decodeSubsampleGraphs(new TextEncoder().encode('{"nodes":[]}'))).toThrow(/CWSG/);
    expect(() => decodeSubsampleGraphs(bytes.subarray(0, bytes.length - 4))).toThrow(/length/);
    expect(() =>
      encodeSubsampleGraphs(['A', 'B'], plan, [{ alphaIndex: 0, subsampleIndex: 0, marks: [4] }]),
    ).toThrow(RangeError);
  });
});
