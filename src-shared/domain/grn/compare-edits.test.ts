import { describe, expect, it } from 'vitest';
import { compareEdits } from './compare-edits.ts';
import { addRegulation, applyEdits, removeRegulation, reverse, setConstraint, setTiers } from './edits.ts';
import { createNetwork, type Regulation } from './network.ts';

const reg = (source: string, target: string, directed = true, stability?: number): Regulation => ({
  source,
  target,
  directed,
  evidence: stability === undefined ? {} : { stability },
  attributes: {},
});
const genes = ['A', 'B', 'C', 'D', 'E'].map((g) => [g, {}] as const);
const base = createNetwork(genes, [reg('A', 'B'), reg('B', 'C'), reg('C', 'D', false), reg('D', 'E')]);

describe('compareEdits', () => {
  // My version: A→E added, B→C reversed to C→B, D→E removed; forbid B—D, require arc A→E, tiers.
  let edited = base;
  const step = (f: (n: typeof base) => ReturnType<typeof reverse>) =>
    (edited = applyEdits(edited, [f(edited)]));
  step((n) => addRegulation(n, 'A', 'E', true));
  step((n) => reverse(n, 'B→C'));
  step((n) => removeRegulation(n, 'D→E'));
  step((n) => setConstraint(n, 'adjacency', ['B', 'D'], 'forbidden'));
  step((n) => setConstraint(n, 'arc', ['A', 'E'], 'required'));
  step((n) => setTiers(n, [['A'], ['C', 'D']]));

  it('supports what the run confirms and contradicts what it reverses or finds absent', () => {
    const run = createNetwork(genes, [
      reg('A', 'E'), // my addition, my direction
      reg('B', 'C'), // my reversal C→B: the run says B→C
      reg('D', 'E'), // my removal: the run finds it
      reg('A', 'B'), // unchanged
      reg('C', 'D'), // was undirected in my version: re-oriented elsewhere
      reg('B', 'E', false), // new elsewhere
    ]);
    const c = compareEdits(base, edited, run);
    const verdicts = Object.fromEntries(c.edits.map((e) => [e.edit.kind, e.verdict]));
    expect(verdicts).toEqual({ added: 'supported', reversed: 'contradicted', removed: 'contradicted' });
    expect(c.constraints.map((x) => [x.kind, x.honoured])).toEqual([
      ['forbidden adjacency', true],
      ['required arc', true],
      ['tiers', true],
    ]);
    expect(c.counts).toEqual({ supported: 1, contradicted: 2, unresolved: 0, honoured: 3, violated: 0 });
    // Pairs my edits touch are not "elsewhere".
    expect(c.elsewhere.map((r) => [r.kind, (r.b[0] ?? r.a[0])!.source])).toEqual([
      ['added', 'B'],
      ['reoriented', 'C'],
    ]);
  });

  it('reports violated constraints, unoriented edges and genes the run did not have', () => {
    const run = createNetwork(
      ['A', 'B', 'C', 'D'].map((g) => [g, {}] as const),
      [reg('C', 'B', false), reg('B', 'D'), reg('D', 'A')],
    );
    const c = compareEdits(base, edited, run);
    const verdicts = Object.fromEntries(c.edits.map((e) => [e.edit.kind, e.verdict]));
    // A→E and D→E involve E, not a variable of this run; C→B is found but undirected.
    expect(verdicts).toEqual({ added: 'unresolved', reversed: 'unresolved', removed: 'unresolved' });
    expect(c.constraints.map((x) => [x.kind, x.honoured, x.pair])).toEqual([
      ['forbidden adjacency', false, ['B', 'D']],
      ['required arc', null, ['A', 'E']],
      ['tiers', false, ['D', 'A']],
    ]);
    expect(c.counts.violated).toBe(2);
  });
});
