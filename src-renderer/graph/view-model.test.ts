import { describe, expect, it } from 'vitest';
import { discovered } from '../lib/testing/graphs.ts';
import { hasStability } from '@shared/domain/grn/network.ts';
import { detailLevel, HAYSTACK_EDGES, viewElements } from './elements.ts';
import {
  compareGraphs,
  fromDiscovered,
  fromNetwork,
  isolatedGenes,
  membershipCounts,
  viewEdges,
  viewNodes,
  withNodeValues,
} from './view-model.ts';

describe('view graph from a discovered network', () => {
  const g = fromDiscovered('run 1', discovered);

  it('keeps direction, stability and evidence', () => {
    expect(hasStability(g.network)).toBe(true);
    expect(viewEdges(g).map((e) => [e.id, e.source, e.target, e.directed, e.evidence.stability])).toEqual([
      ['A→B', 'A', 'B', true, 0.9],
      ['B—C', 'B', 'C', false, 0.35],
      ['C→D', 'C', 'D', true, 0.1],
    ]);
    expect(viewEdges(g)[0]?.evidence.orientedByIntervention).toBe(true);
  });

  it('finds the genes with no edge drawn at a threshold (unscored edges always count)', () => {
    expect([...isolatedGenes(g, 0)]).toEqual([]);
    expect([...isolatedGenes(g, 0.35)]).toEqual(['D']);
    expect([...isolatedGenes(g, 0.95)]).toEqual(['A', 'B', 'C', 'D']);
    const lone = fromNetwork('n', {
      nodes: ['X', 'Y', 'LONE'].map((id) => ({ id, attributes: {} })),
      edges: [{ source: 'X', target: 'Y', directed: false, attributes: {} }],
    });
    expect([...isolatedGenes(lone, 1)]).toEqual(['LONE']);
  });

  it('maps to Cytoscape elements with stability as data and direction as a class', () => {
    const els = viewElements(withNodeValues(g, 'log2FC', new Map([['A', 2]])), {
      attribute: 'log2FC',
      maxAbs: 2,
    });
    const edges = els.filter((e) => e.group === 'edges');
    expect(edges.map((e) => e.data['s'])).toEqual([0.9, 0.35, 0.1]);
    expect(edges.map((e) => e.classes)).toEqual(['directed', 'undirected', 'directed']);
    expect(els[0]?.data['colour']).toBe('#b2182b');
  });
});

describe('comparing two runs', () => {
  it('marks each adjacency by arcs: same, reversed, oriented in one only, only in A, only in B', () => {
    const a = fromDiscovered('A', discovered);
    const b = fromDiscovered('B', {
      ...discovered,
      nodes: ['A', 'B', 'C', 'D', 'E'],
      edges: [
        { source: 'B', target: 'A', directed: true, stability: 0.5 },
        { source: 'B', target: 'C', directed: false, stability: 0.2 },
        { source: 'C', target: 'D', directed: false, stability: 0.95 },
        { source: 'C', target: 'E', directed: false, stability: 0.7 },
      ],
    });
    const c = compareGraphs(a, b);
    const edges = viewEdges(c);
    expect(edges.map((e) => [e.source, e.target, e.membership])).toEqual([
      ['A', 'B', 'reversed'],
      ['B', 'C', 'both'],
      ['C', 'D', 'orientation'],
      ['C', 'E', 'b'],
    ]);
    expect(edges[0]?.evidence.stability).toBe(0.9);
    expect(edges[2]?.evidence.stability).toBe(0.95); // the higher of the two runs
    expect(membershipCounts(c)).toEqual({ a: 0, b: 1, both: 1, reweighted: 0, reversed: 1, orientation: 1 });
    // As a diff of two versions, the same arc with another stability is its own class (B—C: 0.4 → 0.2).
    const d = compareGraphs(a, b, { reweighted: true });
    expect(membershipCounts(d)).toEqual({ a: 0, b: 1, both: 0, reweighted: 1, reversed: 1, orientation: 1 });
    expect(viewElements(d, null).find((e) => e.data['id'] === 'B—C')?.classes).toBe(
      'undirected in-reweighted',
    );
    expect(viewNodes(c).map((n) => n.id)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(new Set(edges.map((e) => e.id)).size).toBe(4);
    expect(viewElements(c, null).find((e) => e.data['id'] === edges[3]?.id)?.classes).toBe('undirected in-b');
    expect(viewElements(c, null).find((e) => e.data['id'] === 'A→B')?.classes).toBe('directed in-reversed');
    // A's regulations that do not change are shared, not copied: the overlay is a small diff.
    expect(c.network.regulations.get('B—C')).toBe(a.network.regulations.get('B—C'));
  });
});

describe('view graph from a project network', () => {
  it('skips edges to unknown genes and leaves nodes uncoloured without a scale', () => {
    const g = fromNetwork('ppi', {
      nodes: [
        { id: 'TP53', attributes: { log2FC: -2 } },
        { id: 'MDM2', attributes: {} },
      ],
      edges: [
        { source: 'TP53', target: 'MDM2', directed: false, attributes: {} },
        { source: 'TP53', target: 'GHOST', directed: true, attributes: {} },
      ],
    });
    const els = viewElements(g, null);
    expect(els.map((e) => e.data['id'])).toEqual(['TP53', 'MDM2', 'MDM2—TP53']);
    expect(els[0]?.data).toEqual({ id: 'TP53', label: 'TP53' });
    expect(els[2]?.data['s']).toBe(1);
  });
});

describe('level of detail', () => {
  it('draws small graphs in full and 2,000 genes × 10,000 edges with haystack edges and textures', () => {
    expect(detailLevel(200, 900)).toEqual({
      haystack: false,
      textureOnViewport: false,
      hideEdgesOnViewport: false,
      minZoomedFontSize: 6,
    });
    const big = detailLevel(2_000, 10_000);
    expect(big.haystack).toBe(true);
    expect(big.textureOnViewport).toBe(true);
    expect(big.hideEdgesOnViewport).toBe(true);
    expect(big.minZoomedFontSize).toBeGreaterThan(6);
    expect(detailLevel(100, HAYSTACK_EDGES).haystack).toBe(false);
    expect(detailLevel(100, HAYSTACK_EDGES + 1).haystack).toBe(true);
  });
});
