import { describe, expect, it } from 'vitest';
import { buildPcstInstance, hubPenalizedCosts, steinerForest } from './forest.ts';
import { interactomeFromRows } from './interactome.ts';
import { mapPrizes } from './prizes.ts';

/**
 * Two terminal pairs far apart:  T1 — S — T2   and   T3 — T4, plus a hub H joined to everything by costly
 * edges, and a loop-free detour.
 */
const interactome = interactomeFromRows([
  { protein1: 'T1', protein2: 'S', cost: 0.5 },
  { protein1: 'S', protein2: 'T2', cost: 0.5 },
  { protein1: 'T3', protein2: 'T4', cost: 0.2 },
  { protein1: 'H', protein2: 'T1', cost: 3 },
  { protein1: 'H', protein2: 'T3', cost: 3 },
  { protein1: 'H', protein2: 'X', cost: 0.1 },
  { protein1: 'T1', protein2: 'T2', cost: 5 },
  { protein1: 'S', protein2: 'S', cost: 0.4 },
]);
const prizes = mapPrizes(interactome, [
  { gene: 'T1', prize: 1 },
  { gene: 'T2', prize: 1 },
  { gene: 'T3', prize: 1 },
  { gene: 'T4', prize: 1 },
]);
const names = (nodes: Int32Array): string[] => [...nodes].map((v) => interactome.genes[v]!).sort();

describe('steinerForest (OmicsIntegrator2 construction)', () => {
  it('adds the hub penalty 10^g·d_u·d_v / ((N−d_u−1)(N−d_v−1) + d_u·d_v) to each edge', () => {
    const n = interactome.genes.length;
    const costs = hubPenalizedCosts(interactome, 1);
    for (let e = 0; e < interactome.cost.length; e++) {
      const du = interactome.degree[interactome.edgeU[e]!]!;
      const dv = interactome.degree[interactome.edgeV[e]!]!;
      const expected = interactome.cost[e]! + (10 * du * dv) / ((n - du - 1) * (n - dv - 1) + du * dv);
      expect(costs[e]).toBeCloseTo(expected, 12);
    }
    expect(hubPenalizedCosts(interactome, -Infinity)).toEqual(interactome.cost);
  });

  it('joins a dummy root to every terminal at cost w, with prizes scaled by b', () => {
    const inst = buildPcstInstance(interactome, prizes, { w: 2, b: 3, g: -Infinity });
    const n = interactome.genes.length;
    const m = interactome.cost.length;
    expect(inst.root).toBe(n);
    expect(inst.cost.length).toBe(m + 4);
    for (let i = 0; i < 4; i++) {
      expect(inst.edgeU[m + i]).toBe(n);
      expect(inst.cost[m + i]).toBe(2);
    }
    expect(inst.prize[interactome.geneIndex.get('T1')!]).toBe(3);
    expect(inst.prize[n]).toBe(0);
  });

  it('returns a forest of two trees, the Steiner node, and every interactome edge among the genes', () => {
    const forest = steinerForest(interactome, prizes, { w: 1, b: 2, g: -Infinity });
    expect(names(forest.nodes)).toEqual(['S', 'T1', 'T2', 'T3', 'T4']);
    expect(forest.treeCount).toBe(2);
    expect(forest.componentCount).toBe(2);
    expect(forest.terminalsKept).toBe(4);
    const steiner = [...forest.nodes].filter((_, i) => !forest.isTerminal[i]);
    expect(steiner.map((v) => interactome.genes[v])).toEqual(['S']);
    // Forest: T1–S, S–T2, T3–T4. Augmented: also T1–T2 and the self-loop S–S (once).
    expect(forest.forestEdges).toHaveLength(3);
    expect(forest.augmentedEdges).toHaveLength(5);
    // Objective = trees·w + costs of the forest edges (no prize left out).
    expect(forest.objective).toBeCloseTo(2 * 1 + 0.5 + 0.5 + 0.2, 12);
  });

  it('merges the two groups into one tree when a tree costs more than the bridge through the hub', () => {
    const forest = steinerForest(interactome, prizes, { w: 10, b: 20, g: -Infinity });
    expect(forest.treeCount).toBe(1);
    expect(names(forest.nodes)).toEqual(['H', 'S', 'T1', 'T2', 'T3', 'T4']);
  });

  it('drops terminals whose prize does not pay for a tree', () => {
    const forest = steinerForest(interactome, prizes, { w: 1.5, b: 0.5, g: -Infinity });
    expect(forest.nodes).toHaveLength(0);
    expect(forest.componentCount).toBe(0);
    expect(forest.objective).toBeCloseTo(4 * 0.5, 12);
  });
});

describe('steinerForest edge cases', () => {
  it('returns an empty forest when no gene has a prize', () => {
    const none = mapPrizes(interactome, []);
    const forest = steinerForest(interactome, none, { w: 1, b: 1, g: 0 });
    expect(forest.nodes).toHaveLength(0);
    expect(forest.augmentedEdges).toHaveLength(0);
    expect(forest.treeCount).toBe(0);
  });
});
