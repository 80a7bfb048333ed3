import { describe, expect, it } from 'vitest';
import { diffNetworks, isEmptyDiff } from './diff.ts';
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
