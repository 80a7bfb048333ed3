import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../numeric/rng.ts';
import { pcstObjective, solvePcst, type PcstInstance, type PruningMethod } from './pcst.ts';

/** Random connected graph: a random spanning tree plus extra edges; random prizes (some zero) and costs. */
function randomInstance(rng: SeededRng, n: number, extra: number, root: number): PcstInstance {
  const us: number[] = [];
  const vs: number[] = [];
  const seen = new Set<number>();
  const add = (a: number, b: number): void => {
    const key = Math.min(a, b) * n + Math.max(a, b);
    if (a === b || seen.has(key)) return;
    seen.add(key);
    us.push(a);
    vs.push(b);
  };
  for (let v = 1; v < n; v++) add(v, rng.integer(v));
  for (let k = 0; k < extra; k++) add(rng.integer(n), rng.integer(n));
  const cost = Float64Array.from(us, () => Math.round(rng.uniformIn(0.1, 3) * 100) / 100);
  const prize = Float64Array.from({ length: n }, () => (rng.uniform() < 0.3 ? 0 : rng.uniformIn(0, 4)));
  if (root >= 0) prize[root] = 0;
  return { edgeU: Int32Array.from(us), edgeV: Int32Array.from(vs), cost, prize, root };
}

/** Cheapest tree spanning exactly `mask` (Prim on the induced subgraph), or ∞ if it is disconnected. */
function mstCost(inst: PcstInstance, mask: number): number {
  const n = inst.prize.length;
  const members: number[] = [];
  for (let v = 0; v < n; v++) if (mask & (1 << v)) members.push(v);
  const inTree = new Set([members[0]!]);
  let total = 0;
  while (inTree.size < members.length) {
    let best = Infinity;
    let next = -1;
    for (let e = 0; e < inst.cost.length; e++) {
      const u = inst.edgeU[e]!;
      const v = inst.edgeV[e]!;
      if (!(mask & (1 << u)) || !(mask & (1 << v))) continue;
      if (inTree.has(u) === inTree.has(v)) continue;
      if (inst.cost[e]! < best) {
        best = inst.cost[e]!;
        next = inTree.has(u) ? v : u;
      }
    }
    if (next < 0) return Infinity;
    inTree.add(next);
    total += best;
  }
  return total;
}

/** Exact rooted PCST optimum by enumerating every vertex set that contains the root. */
function bruteForce(inst: PcstInstance): number {
  const n = inst.prize.length;
  let best = Infinity;
  for (let mask = 1; mask < 1 << n; mask++) {
    if (inst.root >= 0 && !(mask & (1 << inst.root))) continue;
    let missed = 0;
    for (let v = 0; v < n; v++) if (!(mask & (1 << v))) missed += inst.prize[v]!;
    if (missed >= best) continue;
    best = Math.min(best, missed + mstCost(inst, mask));
  }
  return best;
}

/** The solution is a tree containing the root whose edges join only selected vertices. */
function expectTreeThroughRoot(inst: PcstInstance, vertices: Int32Array, edges: Int32Array): void {
  const chosen = new Set(vertices);
  expect(chosen.has(inst.root)).toBe(true);
  expect(edges.length).toBe(vertices.length - 1);
  const parent = new Map([...chosen].map((v) => [v, v]));
  const find = (x: number): number => (parent.get(x) === x ? x : find(parent.get(x)!));
  for (const e of edges) {
    const u = inst.edgeU[e]!;
    const v = inst.edgeV[e]!;
    expect(chosen.has(u) && chosen.has(v)).toBe(true);
    parent.set(find(u), find(v));
  }
  const roots = new Set([...chosen].map(find));
  expect(roots.size).toBe(1);
}

describe('solvePcst (GW growth + pruning) against brute force', () => {
  it('stays within the Goemans–Williamson factor 2 of the optimum on random graphs', () => {
    const rng = new SeededRng(20261207);
    let optimalCount = 0;
    const cases = 150;
    for (let c = 0; c < cases; c++) {
      const n = 4 + rng.integer(7); // 4 … 10 vertices
      const inst = randomInstance(rng, n, rng.integer(2 * n), rng.integer(n));
      const opt = bruteForce(inst);
      const values: Partial<Record<PruningMethod, number>> = {};
      for (const pruning of ['gw', 'strong'] as const) {
        const sol = solvePcst(inst, pruning);
        expectTreeThroughRoot(inst, sol.vertices, sol.edges);
        const value = pcstObjective(inst, sol);
        expect(value).toBeGreaterThanOrEqual(opt - 1e-9);
        expect(value).toBeLessThanOrEqual(2 * opt + 1e-9);
        values[pruning] = value;
      }
      // Strong pruning is the best subtree of the same GW tree, so never worse than GW pruning.
      expect(values.strong!).toBeLessThanOrEqual(values.gw! + 1e-9);
      if (values.strong! <= opt + 1e-9) optimalCount++;
    }
    // The factor 2 is a worst case; on small graphs the heuristic is usually optimal.
    expect(optimalCount).toBeGreaterThan(cases * 0.6);
  });

  it('is optimal on trees', () => {
    const rng = new SeededRng(7);
    for (let c = 0; c < 200; c++) {
      const n = 3 + rng.integer(9);
      const inst = randomInstance(rng, n, 0, rng.integer(n));
      const sol = solvePcst(inst, 'strong');
      expect(pcstObjective(inst, sol)).toBeCloseTo(bruteForce(inst), 9);
    }
  });

  it('solves a path by hand: a far prize is worth its path only when the prize exceeds the cost', () => {
    // root 0 — 1 — 2, costs 1 and 1; prize on 2 only.
    const make = (p: number): PcstInstance => ({
      edgeU: Int32Array.of(0, 1),
      edgeV: Int32Array.of(1, 2),
      cost: Float64Array.of(1, 1),
      prize: Float64Array.of(0, 0, p),
      root: 0,
    });
    expect([...solvePcst(make(3)).vertices]).toEqual([0, 1, 2]);
    expect([...solvePcst(make(1.5)).vertices]).toEqual([0]);
  });

  it('keeps every tight edge without pruning and only the root cluster with simple pruning', () => {
    const rng = new SeededRng(99);
    const inst = randomInstance(rng, 10, 8, 0);
    const none = solvePcst(inst, 'none');
    const simple = solvePcst(inst, 'simple');
    const strong = solvePcst(inst, 'strong');
    expect(simple.edges.length).toBeLessThanOrEqual(none.edges.length);
    expect(new Set(strong.vertices).size).toBeLessThanOrEqual(new Set(simple.vertices).size);
    for (const v of strong.vertices) expect(simple.vertices).toContain(v);
  });

  it('rejects negative prizes and costs', () => {
    const inst: PcstInstance = {
      edgeU: Int32Array.of(0),
      edgeV: Int32Array.of(1),
      cost: Float64Array.of(-1),
      prize: Float64Array.of(0, 1),
      root: 0,
    };
    expect(() => solvePcst(inst)).toThrow(/cost/);
    expect(() => solvePcst({ ...inst, cost: Float64Array.of(1), prize: Float64Array.of(0, -1) })).toThrow(
      /prize/,
    );
  });
});

describe('solvePcst unrooted', () => {
  it('grows until one active cluster is left and keeps the path between two rich ends', () => {
    // 0 — 1 — 2 — 3, costs 1; prizes 5 at both ends; vertex 3 is poor.
    const inst: PcstInstance = {
      edgeU: Int32Array.of(0, 1, 2),
      edgeV: Int32Array.of(1, 2, 3),
      cost: Float64Array.of(1, 1, 1),
      prize: Float64Array.of(5, 0, 5, 0.1),
      root: -1,
    };
    const sol = solvePcst(inst, 'strong');
    expect([...sol.vertices]).toEqual([0, 1, 2]);
    expect([...sol.edges].sort()).toEqual([0, 1]);
  });
});
