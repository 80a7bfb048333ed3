import { describe, expect, it } from 'vitest';
import { createNetwork } from '#shared/domain/grn/network.ts';
import {
  bestPathsFrom,
  causalReach,
  reachPaths,
  stabilityGraph,
  stabilityGraphFromNetwork,
} from './causal-reach.ts';

//   A →0.9 B →0.9 D1        A →0.5 D1 (direct but weak)
//   B →0.4 C →1.0 D2        E (isolated)        D2 →0.8 A closes a cycle (stability graphs may have them)
const genes = ['A', 'B', 'C', 'D1', 'D2', 'E'];
const graph = stabilityGraph(genes, [
  { source: 'A', target: 'B', stability: 0.9 },
  { source: 'B', target: 'D1', stability: 0.9 },
  { source: 'A', target: 'D1', stability: 0.5 },
  { source: 'B', target: 'C', stability: 0.4 },
  { source: 'C', target: 'D2', stability: 1 },
  { source: 'D2', target: 'A', stability: 0.8 },
  { source: 'E', target: 'A', stability: 0 },
]);
const disease = new Set(['D1', 'D2']);

describe('causal reach on a hand-made stability graph', () => {
  it('takes the path with the largest product of stabilities, not the shortest', () => {
    const reach = causalReach(graph, 'A', disease);
    expect(reach.map((r) => r.gene)).toEqual(['D1', 'D2']);
    expect(reach[0]!.stability).toBeCloseTo(0.81, 12); // A→B→D1 beats A→D1 (0.5)
    expect(reach[1]!.stability).toBeCloseTo(0.36, 12); // 0.9 · 0.4 · 1
  });

  it('follows arcs only forward, and ignores arcs of stability 0', () => {
    const fromC = causalReach(graph, 'C', disease);
    expect(fromC.map((r) => r.gene)).toEqual(['D2', 'D1']);
    expect(fromC[0]!.stability).toBe(1);
    expect(fromC[1]!.stability).toBeCloseTo(0.8 * 0.9 * 0.9, 12); // C→D2→A→B→D1, around the cycle
    expect(causalReach(graph, 'E', disease)).toEqual([]);
    expect(causalReach(graph, 'unknown', disease)).toEqual([]);
  });

  it('does not count the gene itself, and honours a minimum path stability', () => {
    expect(causalReach(graph, 'D2', disease).map((r) => r.gene)).toEqual(['D1']);
    expect(causalReach(graph, 'A', disease, 0.5).map((r) => r.gene)).toEqual(['D1']);
  });

  it('explains each reached gene with its path and arc stabilities', () => {
    const paths = reachPaths(graph, 'A', disease);
    expect(paths.map((p) => p.genes)).toEqual([
      ['A', 'B', 'D1'],
      ['A', 'B', 'C', 'D2'],
    ]);
    expect(paths[1]!.arcStabilities).toEqual([0.9, 0.4, 1]);
    expect(paths[1]!.stability).toBeCloseTo(0.36, 12);
  });

  it('gives 1 for the source and 0 for unreachable genes', () => {
    const best = bestPathsFrom(graph, 0);
    expect(best.stability[0]).toBe(1);
    expect(best.stability[5]).toBe(0);
    expect(best.previous[5]).toBe(-1);
  });
});

describe('stability graph of a GRN', () => {
  it('uses arc stability for directed regulations and both arcs for undirected ones', () => {
    const net = createNetwork(
      ['X', 'Y', 'Z'].map((g) => [g, {}] as const),
      [
        {
          source: 'X',
          target: 'Y',
          directed: true,
          evidence: { stability: 0.9, arcStability: 0.7, reverseArcStability: 0.2 },
          attributes: {},
        },
        { source: 'Y', target: 'Z', directed: false, evidence: { stability: 0.6 }, attributes: {} },
      ],
    );
    const g = stabilityGraphFromNetwork(net);
    const z = new Set(['Z']);
    expect(causalReach(g, 'X', z)[0]!.stability).toBeCloseTo(0.7 * 0.6, 12);
    expect(causalReach(g, 'Z', new Set(['X']))[0]!.stability).toBeCloseTo(0.6 * 0.2, 12);
    const definite = stabilityGraphFromNetwork(net, { undirected: 'skip' });
    expect(causalReach(definite, 'X', z)).toEqual([]);
    expect(causalReach(definite, 'X', new Set(['Y']))[0]!.stability).toBeCloseTo(0.7, 12);
  });
});
