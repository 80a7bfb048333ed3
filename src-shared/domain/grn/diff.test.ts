import { describe, expect, it } from 'vitest';
import { compareArcs, diffNetworks, isEmptyDiff } from './diff.ts';
import { applyEdit, orient, setConstraint, setNote } from './edits.ts';
import { createNetwork, type Regulation } from './network.ts';

const reg = (source: string, target: string, directed: boolean): Regulation => ({
  source,
  target,
  directed,
  evidence: { stability: 0.5 },
  attributes: {},
});
const net = createNetwork(
  ['A', 'B', 'C'].map((g) => [g, {}] as const),
  [reg('A', 'B', true), reg('B', 'C', false)],
);

describe('diffNetworks', () => {
  it('is empty for equal networks built separately', () => {
    const again = createNetwork(
      ['A', 'B', 'C'].map((g) => [g, {}] as const),
      [reg('B', 'C', false), reg('A', 'B', true)],
    );
    expect(isEmptyDiff(diffNetworks(net, again))).toBe(true);
  });

  it('reports changed evidence, changed genes, orientation as remove + add, and knowledge', () => {
    const noted = applyEdit(net, setNote(net, 'A→B', 'literature'));
    expect(
      diffNetworks(net, noted).changed.map((c) => [c.before.evidence.note, c.after.evidence.note]),
    ).toEqual([[undefined, 'literature']]);
    const oriented = applyEdit(net, orient(net, 'B—C', { source: 'C', target: 'B' }));
    const d = diffNetworks(net, oriented);
    expect([d.removed.length, d.added.length, d.added[0]?.directed]).toEqual([1, 1, true]);
    const genes = new Map(net.genes);
    genes.set('A', { log2FC: 1 });
    genes.delete('C');
    genes.set('D', {});
    const g = diffNetworks(net, { ...net, genes });
    expect([g.changedGenes, g.removedGenes, g.addedGenes]).toEqual([['A'], ['C'], ['D']]);
    const k = applyEdit(net, setConstraint(net, 'arc', ['A', 'C'], 'forbidden'));
    expect(diffNetworks(net, k).knowledgeChanged).toBe(true);
    expect(isEmptyDiff(diffNetworks(net, k))).toBe(false);
  });
});

describe('compareArcs', () => {
  const genes = ['RAF', 'MEK', 'ERK', 'AKT', 'MTOR', 'TP53', 'MDM2'].map((g) => [g, {}] as const);
  const a = createNetwork(genes, [
    reg('RAF', 'MEK', true),
    reg('MEK', 'ERK', true),
    reg('AKT', 'MTOR', false),
    reg('TP53', 'MDM2', true),
    reg('RAF', 'ERK', false),
  ]);
  const b = createNetwork(genes, [
    reg('MEK', 'RAF', true), // reversed
    reg('MEK', 'ERK', true), // same arc
    reg('MTOR', 'AKT', false), // undirected in both: same
    reg('TP53', 'MDM2', false), // oriented only in A
    reg('AKT', 'ERK', true), // only in B
  ]);

  it('counts mek→raf against raf→mek as reversed, not as agreement', () => {
    const c = compareArcs(a, b);
    expect(c.counts).toEqual({ same: 2, reversed: 1, orientation: 1, a: 1, b: 1 });
    const of = (x: string, y: string) => c.pairs.get(x < y ? `${x}\u0000${y}` : `${y}\u0000${x}`);
    expect(of('RAF', 'MEK')?.agreement).toBe('reversed');
    expect([of('RAF', 'MEK')?.a?.source, of('RAF', 'MEK')?.b?.source]).toEqual(['RAF', 'MEK']);
    expect(of('AKT', 'MTOR')?.agreement).toBe('same');
    expect(of('TP53', 'MDM2')?.agreement).toBe('orientation');
    expect(of('RAF', 'ERK')?.agreement).toBe('a');
    expect(of('AKT', 'ERK')?.agreement).toBe('b');
  });

  it('is symmetric up to swapping a and b, and a network agrees with itself on every arc', () => {
    const ab = compareArcs(a, b).counts;
    const ba = compareArcs(b, a).counts;
    expect(ba).toEqual({ ...ab, a: ab.b, b: ab.a });
    expect(compareArcs(a, a).counts).toEqual({ same: 5, reversed: 0, orientation: 0, a: 0, b: 0 });
  });

  it('reads a 2-cycle (A→B and B→A) as one undirected adjacency', () => {
    const cyc = createNetwork(genes, [reg('RAF', 'MEK', true), reg('MEK', 'RAF', true)]);
    const und = createNetwork(genes, [reg('RAF', 'MEK', false)]);
    expect(compareArcs(cyc, und).counts.same).toBe(1);
  });
});
