import { describe, expect, it } from 'vitest';
import { decodeSubsampleGraphs, encodeSubsampleGraphs } from '../../causal/stability/subsample-graphs.ts';
import { dagFromArcs, ensembleFromRuns, ensembleFromSubsampleGraphs, extendToDag } from './dag-ensemble.ts';

const arc = (p: number, a: number, b: number): number => a * p + b;
const both = (p: number, a: number, b: number): number[] => [a * p + b, b * p + a];

/** v-structures a → c ← b with a, b non-adjacent. */
function vStructures(p: number, arcs: ArrayLike<number>): string[] {
  const set = new Set(Array.from(arcs));
  const adj = (a: number, b: number): boolean => set.has(a * p + b) || set.has(b * p + a);
  const out: string[] = [];
  for (let c = 0; c < p; c++)
    for (let a = 0; a < p; a++)
      for (let b = a + 1; b < p; b++)
        if (set.has(arc(p, a, c)) && set.has(arc(p, b, c)) && !adj(a, b)) out.push(`${a}>${c}<${b}`);
  return out;
}

describe('compact DAG', () => {
  it('stores parents, children and a topological order', () => {
    const p = 4;
    const dag = dagFromArcs(p, [arc(p, 2, 0), arc(p, 0, 1), arc(p, 2, 1), arc(p, 1, 3)]);
    expect(Array.from(dag.parents.subarray(dag.parentStart[1], dag.parentStart[2]))).toEqual([0, 2]);
    expect(Array.from(dag.children.subarray(dag.childStart[2], dag.childStart[3]))).toEqual([0, 1]);
    for (const [a, b] of [
      [2, 0],
      [0, 1],
      [2, 1],
      [1, 3],
    ] as const)
      expect(dag.position[a]!).toBeLessThan(dag.position[b]!);
  });

  it('refuses cycles and undirected pairs', () => {
    expect(() => dagFromArcs(3, [arc(3, 0, 1), arc(3, 1, 2), arc(3, 2, 0)])).toThrow(/cycle/);
    expect(() => dagFromArcs(3, both(3, 0, 1))).toThrow(/both ways/);
  });
});

describe('consistent extension of a CPDAG (Dor & Tarsi 1992)', () => {
  it('orients a chain without creating a collider, and different seeds draw different members', () => {
    const p = 3; // 0 — 1 — 2: members 0→1→2, 0←1←2, 0←1→2 (never 0→1←2)
    const members = new Set<string>();
    for (let seed = 0; seed < 40; seed++) {
      const ext = extendToDag(p, [...both(p, 0, 1), ...both(p, 1, 2)], seed);
      expect(ext.consistent).toBe(true);
      expect(ext.oriented).toBe(2);
      expect(vStructures(p, ext.arcs)).toEqual([]);
      dagFromArcs(p, ext.arcs);
      members.add(Array.from(ext.arcs).join(','));
    }
    expect(members.size).toBe(3);
  });

  it('keeps directed arcs and v-structures, and orients by Meek rule 1 where the class forces it', () => {
    const p = 4; // 0 → 2 ← 1 and 2 — 3: the class forces 2 → 3
    const ext = extendToDag(p, [arc(p, 0, 2), arc(p, 1, 2), ...both(p, 2, 3)], 5);
    expect(Array.from(ext.arcs)).toEqual([arc(p, 0, 2), arc(p, 1, 2), arc(p, 2, 3)].sort((a, b) => a - b));
    expect(vStructures(p, ext.arcs)).toEqual(['0>2<1']);
  });

  it('still returns a DAG when a run has no consistent extension', () => {
    const p = 4; // the undirected 4-cycle has no extension without a new v-structure
    const ext = extendToDag(p, [...both(p, 0, 1), ...both(p, 1, 2), ...both(p, 2, 3), ...both(p, 3, 0)], 1);
    expect(ext.consistent).toBe(false);
    expect(ext.arcs).toHaveLength(4);
    expect(() => dagFromArcs(p, ext.arcs)).not.toThrow();
  });
});

describe('ensemble from kept subsample graphs', () => {
  it('uses the DAG each search found when the file keeps it, not a drawn member of its class', () => {
    const genes = ['A', 'B'];
    const p = 2;
    const plan = { alphas: [0.01], subsamples: 1, fraction: 0.7, seed: 9 };
    // The CPDAG says only A — B; the search's DAG was B → A. Without the DAG a seed may draw A → B.
    const graphs = decodeSubsampleGraphs(
      encodeSubsampleGraphs(genes, plan, [
        { alphaIndex: 0, subsampleIndex: 0, marks: [...both(p, 0, 1)], dag: [arc(p, 1, 0)] },
      ]),
    );
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const [dag] = ensembleFromSubsampleGraphs(graphs, seed).dags;
      expect(Array.from(dag!.parents.subarray(dag!.parentStart[0], dag!.parentStart[1]))).toEqual([1]);
      expect(dag!.parentStart[2]! - dag!.parentStart[1]!).toBe(0);
    }
  });

  it('reads every kept run as a DAG on the same genes, reproducibly', () => {
    const genes = ['A', 'B', 'C'];
    const p = 3;
    const plan = { alphas: [0.01, 0.1], subsamples: 2, fraction: 0.7, seed: 9 };
    const bytes = encodeSubsampleGraphs(genes, plan, [
      { alphaIndex: 0, subsampleIndex: 0, marks: [arc(p, 0, 1), arc(p, 1, 2)] },
      { alphaIndex: 0, subsampleIndex: 1, marks: [...both(p, 0, 1)] },
      { alphaIndex: 1, subsampleIndex: 0, marks: [arc(p, 0, 2), arc(p, 1, 2)] },
      { alphaIndex: 1, subsampleIndex: 1, marks: [] },
    ]);
    const graphs = decodeSubsampleGraphs(bytes);
    const a = ensembleFromSubsampleGraphs(graphs, 42);
    const b = ensembleFromSubsampleGraphs(graphs, 42);
    expect(a.genes).toEqual(genes);
    expect(a.dags).toHaveLength(4);
    expect(a.orientedEdges).toBe(1);
    expect(a.dags.map((d) => Array.from(d.parents))).toEqual(b.dags.map((d) => Array.from(d.parents)));
    expect(ensembleFromSubsampleGraphs(graphs, 42, { alphaIndex: 1 }).dags).toHaveLength(2);
    // In-memory runs in another order give the same DAGs (each run's draw is seeded by its indices).
    const runs = graphs.header.runs.map(([alphaIndex, subsampleIndex], i) => ({
      alphaIndex,
      subsampleIndex,
      marks: graphs.arcs[i]!,
    }));
    const reversed = ensembleFromRuns(genes, [...runs].reverse(), 42);
    expect(reversed.dags.map((d) => Array.from(d.parents)).reverse()).toEqual(
      a.dags.map((d) => Array.from(d.parents)),
    );
  });
});
