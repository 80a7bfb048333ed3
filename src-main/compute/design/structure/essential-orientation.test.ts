// The sparse, incremental I-essential graph agrees with the dense one (causal/graph/essential-graph.ts)
// on random DAGs: from scratch for a target family, after interventions added one by one, and a trial
// leaves the state as it was.
import { describe, expect, it } from 'vitest';
import { interventionalEssentialGraph } from '../../causal/graph/essential-graph.ts';
import { isDirected } from '../../causal/graph/pdag.ts';
import { randomLinearSem } from '../../causal/testing/simulate.ts';
import { SeededRng } from '../../numeric/rng.ts';
import { dagFromArcs } from '../../targets/ranking/dag-ensemble.ts';
import { EssentialOrientation } from './essential-orientation.ts';

function denseOriented(dag: ReturnType<typeof randomLinearSem>['dag'], targets: number[]): Set<string> {
  const g = interventionalEssentialGraph(
    dag.toPdag(),
    targets.map((t) => [t]),
  );
  const out = new Set<string>();
  for (const [a, b] of dag.arcs()) if (isDirected(g, a, b)) out.add(`${a}>${b}`);
  return out;
}

function sparseOriented(s: EssentialOrientation): Set<string> {
  const out = new Set<string>();
  for (let k = 0; k < s.arcCount; k++) if (s.oriented[k]) out.add(`${s.tail[k]}>${s.head[k]}`);
  return out;
}

describe('EssentialOrientation', () => {
  it('equals the dense I-essential graph, from scratch and after each added intervention', () => {
    const rng = new SeededRng(7);
    let undirectedSeen = 0;
    for (let trial = 0; trial < 60; trial++) {
      const p = 6 + rng.integer(10);
      const sem = randomLinearSem(p, 1.5 + 2 * rng.uniform(), rng);
      const p2 = sem.dag.arcs().map(([a, b]) => a * p + b);
      const state = new EssentialOrientation(dagFromArcs(p, p2));
      expect(sparseOriented(state)).toEqual(denseOriented(sem.dag, []));
      undirectedSeen += state.arcCount - state.orientedCount;
      const targets: number[] = [];
      for (let i = 0; i < 3; i++) {
        const v = rng.integer(p);
        const before = sparseOriented(state);
        const tried = state.trial(v);
        expect(sparseOriented(state)).toEqual(before);
        const added = state.intervene(v);
        expect(added.sort()).toEqual(tried.sort());
        targets.push(v);
        const dense = denseOriented(sem.dag, targets);
        expect(sparseOriented(state)).toEqual(dense);
        expect(state.orientedCount).toBe(dense.size);
      }
    }
    // The draws must leave edges to orient, or the comparison says little.
    expect(undirectedSeen).toBeGreaterThan(50);
  });
});
