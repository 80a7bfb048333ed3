import { describe, expect, it } from 'vitest';
import { Dag } from '../graph/dag.ts';
import { CompiledKnowledge } from '../knowledge/background-knowledge.ts';
import { reverseCoveredArc, undoCoveredArcReversal } from './covered-arc.ts';

// Truth: the chain q → i → j (q = 0, i = 1, j = 2). Its only independence: x_q ⫫ x_j | x_i.
const oracle = (a: number, b: number, cond: number[]): boolean =>
  Math.min(a, b) === 0 && Math.max(a, b) === 2 && cond.includes(1);

/** The complete DAG of the order (q, i, j): q → i, q → j, i → j; i → j is covered. */
function complete(): Dag {
  const d = new Dag(3);
  d.addArc(0, 1);
  d.addArc(0, 2);
  d.addArc(1, 2);
  return d;
}

describe('covered-arc reversal', () => {
  it('theory: reversing i → j tests each node given its new parents, and keeps q → j', () => {
    const d = complete();
    expect(d.isCovered(1, 2)).toBe(true);
    const u = reverseCoveredArc(d, 1, 2, oracle, new CompiledKnowledge(3), 'theory');
    expect(u.removed).toEqual([]);
    expect(d.arcs().sort()).toEqual([
      [0, 1],
      [0, 2],
      [2, 1],
    ]);
  });

  it('reference: the swapped sets drop q → j and leave the v-structure q → i ← j, which is wrong', () => {
    const d = complete();
    const u = reverseCoveredArc(d, 1, 2, oracle, new CompiledKnowledge(3), 'reference');
    expect(u.removed).toEqual([0, 2]);
    expect(d.arcs().sort()).toEqual([
      [0, 1],
      [2, 1],
    ]);
    // the result claims x_q ⫫ x_j marginally, which the chain violates
    expect(oracle(0, 2, [])).toBe(false);
    undoCoveredArcReversal(d, u);
    expect(d.arcs().sort()).toEqual(complete().arcs().sort());
  });
});
