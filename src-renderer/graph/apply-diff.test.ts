import cytoscape from 'cytoscape';
import { describe, expect, it, vi } from 'vitest';
import {
  addGene,
  applyEdit,
  applyEdits,
  removeRegulation,
  reverse,
  setConstraint,
  setNote,
} from '@shared/domain/grn/edits.ts';
import { discovered } from '../lib/testing/graphs.ts';
import { viewElements } from './elements.ts';
import { GraphView } from './graph-view.ts';
import { colourScale } from './network-mapper.ts';
import { compareGraphs, fromDiscovered, withNodeValues, type ViewGraph } from './view-model.ts';

/** A mounted headless view of `g` whose genes sit where a layout would have put them. */
function mount(g: ViewGraph) {
  const cy = cytoscape({ headless: true, elements: viewElements(g, null) });
  cy.nodes().forEach((n, i) => void n.position({ x: 100 * i, y: 50 * (i % 2) }));
  const layout = vi.spyOn(cy, 'layout');
  const positions = () => Object.fromEntries(cy.nodes().map((n) => [n.id(), { ...n.position() }]));
  return { cy, view: new GraphView(cy, g), layout, positions };
}

const a = fromDiscovered('A', discovered);

describe('the canvas follows the network in place', () => {
  it('colours genes and filters edges without a layout and without replacing elements', () => {
    const { cy, view, layout, positions } = mount(a);
    const before = positions();
    const nodeA = cy.getElementById('A');
    const coloured = withNodeValues(
      a,
      'log2FC',
      new Map([
        ['A', 2],
        ['B', -2],
      ]),
    );
    expect(view.update(coloured)).toEqual({ added: 0, removed: 0, updated: 4 });
    view.setColours(colourScale(coloured.network.genes, 'log2FC'));
    expect(cy.getElementById('A').data('colour')).toBe('#b2182b');
    expect(cy.getElementById('B').data('colour')).toBe('#2166ac');
    view.setThreshold(0.35);
    expect(view.visibleEdgeCount()).toBe(2);
    expect(cy.getElementById('C→D').hasClass('below')).toBe(true);
    expect(cy.getElementById('A')).toBe(nodeA);
    expect(positions()).toEqual(before);
    expect(layout).not.toHaveBeenCalled();
  });

  it('applies edits as a diff: a reversal replaces one edge, a removal drops one, positions stay', () => {
    const { cy, view, layout, positions } = mount(a);
    const before = positions();
    view.setThreshold(0.2);
    const reversed = applyEdit(a.network, reverse(a.network, 'C→D'));
    const noted = applyEdit(reversed, setNote(reversed, 'A→B', 'ChIP-seq peak'));
    expect(view.update({ ...a, network: noted })).toEqual({ added: 1, removed: 1, updated: 1 });
    expect(cy.getElementById('C→D').empty()).toBe(true);
    const dc = cy.getElementById('D→C');
    expect([dc.data('source'), dc.data('target'), dc.hasClass('directed'), dc.hasClass('below')]).toEqual([
      'D',
      'C',
      true,
      true, // stability 0.1 < threshold 0.2: the new edge is filtered like the others
    ]);
    const removed = applyEdit(noted, removeRegulation(noted, 'B—C'));
    expect(view.update({ ...a, network: removed })).toEqual({ added: 0, removed: 1, updated: 0 });
    expect(cy.edges().map((e) => e.id())).toEqual(['A→B', 'D→C']);
    expect(positions()).toEqual(before);
    expect(layout).not.toHaveBeenCalled();
  });

  it('overlays a second run by adding its genes next to their neighbours and restyling shared edges', () => {
    const { cy, view, layout, positions } = mount(a);
    const before = positions();
    const b = fromDiscovered('B', {
      ...discovered,
      nodes: ['A', 'B', 'C', 'E', 'F'],
      edges: [
        { source: 'B', target: 'A', directed: true, stability: 0.5 },
        { source: 'C', target: 'E', directed: false, stability: 0.7 },
        { source: 'C', target: 'F', directed: true, stability: 0.6 },
      ],
    });
    const overlay = compareGraphs(a, b);
    const counts = view.update(overlay);
    expect(counts.added).toBe(4); // genes E and F, edges C—E and C→F
    // B has B→A against A's A→B: compared by arcs, a reversal, not an agreement.
    expect(cy.getElementById('A→B').hasClass('in-reversed')).toBe(true);
    expect(cy.getElementById('A→B').hasClass('in-both')).toBe(false);
    expect(cy.getElementById('B—C').hasClass('in-a')).toBe(true);
    expect(cy.getElementById('C—E').hasClass('in-b')).toBe(true);
    const c = cy.getElementById('C').position();
    const e = cy.getElementById('E').position();
    const f = cy.getElementById('F').position();
    const dist = (p: { x: number; y: number }) => Math.hypot(p.x - c.x, p.y - c.y);
    expect(dist(e)).toBeGreaterThan(10);
    expect(dist(e)).toBeLessThan(100); // next to C, its only neighbour, not at the origin
    expect(dist(f)).toBeLessThan(100);
    expect(Math.hypot(e.x - f.x, e.y - f.y)).toBeGreaterThan(10); // two new genes of one hub do not overlap
    expect(positions()).toMatchObject(before);
    // switching the overlay off takes B's additions away again
    view.update(a);
    expect(cy.nodes().map((n) => n.id())).toEqual(['A', 'B', 'C', 'D']);
    expect(cy.getElementById('A→B').hasClass('in-reversed')).toBe(false);
    expect(layout).not.toHaveBeenCalled();
  });

  it('hides and shows isolated genes in place: no layout, no element replaced, positions kept', () => {
    const { cy, view, layout, positions } = mount(a);
    const before = positions();
    const d = cy.getElementById('D');
    view.setHiddenGenes(new Set(['C', 'D']));
    expect(cy.nodes('.isolated').map((n) => n.id())).toEqual(['C', 'D']);
    expect(view.visibleGeneCount()).toBe(2);
    // The hidden set is kept across diffs: a gene a diff adds starts hidden when it is in the set.
    view.setHiddenGenes(new Set(['D', 'Z']));
    expect(cy.nodes('.isolated').map((n) => n.id())).toEqual(['D']);
    const genes = new Map(a.network.genes);
    genes.set('Z', {});
    view.update({ ...a, network: { ...a.network, genes } });
    expect(cy.getElementById('Z').hasClass('isolated')).toBe(true);
    view.update(a);
    view.setHiddenGenes(new Set());
    expect(cy.nodes('.isolated')).toHaveLength(0);
    expect(cy.getElementById('D')).toBe(d);
    expect(positions()).toEqual(before);
    expect(layout).not.toHaveBeenCalled();
  });
  it('puts a gene added without edges where the user looks, and marks constrained edges', () => {
    const { cy, view, layout, positions } = mount(a);
    const before = positions();
    const net = a.network;
    const edited = applyEdits(net, [
      addGene(net, 'N'),
      setConstraint(net, 'arc', ['A', 'B'], 'required'),
      setConstraint(net, 'adjacency', ['C', 'B'], 'forbidden'),
    ]);
    view.update({ ...a, network: edited });
    // Headless there is no viewport: the centre of the genes drawn, (0,0)…(300,50) → (150, 25).
    expect(cy.getElementById('N').position()).toEqual({ x: 150, y: 25 });
    expect(cy.getElementById('A→B').data('constraint')).toBe('required arc');
    expect(cy.getElementById('B—C').data('constraint')).toBe('forbidden');
    expect(cy.getElementById('B—C').hasClass('forbidden')).toBe(true);
    expect(cy.getElementById('C→D').data('constraint')).toBeUndefined();
    view.update(a);
    expect(cy.getElementById('B—C').hasClass('forbidden')).toBe(false);
    expect(cy.getElementById('A→B').data('constraint')).toBeUndefined();
    expect(positions()).toMatchObject(before);
    expect(layout).not.toHaveBeenCalled();
  });
});
