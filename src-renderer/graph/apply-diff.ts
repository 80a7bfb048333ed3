import type { CollectionReturnValue, Core, ElementDefinition, NodeSingular } from 'cytoscape';
import { diffNetworks } from '@shared/domain/grn/diff.ts';
import { arcKey, idOf, pairKey, type GeneKnowledge } from '@shared/domain/grn/network.ts';
import { edgeElement, nodeElement } from './elements.ts';
import { nodeColour, type ColourScale } from './network-mapper.ts';
import { viewEdge, type EdgeMembership, type ViewEdge, type ViewGraph } from './view-model.ts';

export interface DiffCounts {
  added: number;
  removed: number;
  updated: number;
}

const MEMBERSHIPS: readonly EdgeMembership[] = ['a', 'b', 'both', 'reweighted', 'reversed', 'orientation'];
const ALL_MEMBERSHIPS = MEMBERSHIPS.map((m) => `in-${m}`).join(' ');
/** Distance of a new gene from its placed neighbours' centre, in model units (≈ one edge). */
const NEAR = 40;
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/**
 * Brings a mounted Cytoscape graph from `before` to `after` in place: elements are added, removed or
 * have their data and classes updated, and nothing else moves. Rebuilding instead would rerun the
 * layout, so the user's mental map (where each gene sits) would be lost at every colour change,
 * overlay or edit. New genes are put next to the genes they connect to, without a layout.
 */
export function applyGraphDiff(
  cy: Core,
  before: ViewGraph,
  after: ViewGraph,
  scale: ColourScale | null,
  threshold: number,
): DiffCounts {
  const d = diffNetworks(before.network, after.network);
  const counts = { added: 0, removed: 0, updated: 0 };
  const style = (id: string, e: ViewEdge): void => {
    const el = cy.getElementById(id);
    const s = e.evidence.stability ?? 1;
    el.data('s', s); // direction is part of the id: a change of direction is a removal and an addition
    for (const m of MEMBERSHIPS) el.toggleClass(`in-${m}`, e.membership === m);
    el.toggleClass('below', s < threshold);
  };
  cy.batch(() => {
    // One removal of a collection: removing elements one by one costs Cytoscape a pass each (a
    // 100-edge bulk delete took ~10× longer, bench/network-view.ts).
    const gone = cy.collection();
    for (const r of d.removed) gone.merge(cy.getElementById(idOf(r)));
    for (const g of d.removedGenes) gone.merge(cy.getElementById(g));
    gone.remove();
    counts.removed = d.removed.length + d.removedGenes.length;

    const placed = placeNewGenes(cy, after, d.addedGenes);
    const nodes: ElementDefinition[] = d.addedGenes.map((g) => ({
      ...nodeElement(g, after.network.genes.get(g) ?? {}, scale),
      position: placed.get(g)!,
    }));
    const edges = d.added.map((r) => {
      const id = idOf(r);
      const el = edgeElement(id, r, after.membership?.get(id));
      return {
        ...el,
        classes: `${el.classes ?? ''}${(r.evidence.stability ?? 1) < threshold ? ' below' : ''}`,
      };
    });
    cy.add([...nodes, ...edges]);
    counts.added = nodes.length + edges.length;

    for (const { after: r } of d.changed) style(idOf(r), viewEdge(after, idOf(r))!);
    for (const g of d.changedGenes) {
      const colour = nodeColour(after.network.genes.get(g) ?? {}, scale);
      const el = cy.getElementById(g);
      if (colour === null) el.removeData('colour');
      else el.data('colour', colour);
    }
    counts.updated = d.changed.length + d.changedGenes.length;

    // Membership lives beside the network (which run has a regulation): restyle where it moved, one
    // class change per group rather than per edge (an overlay moves every edge at once).
    if (before.membership !== after.membership) {
      const added = new Set(d.added.map(idOf));
      const moved = new Map<EdgeMembership | undefined, CollectionReturnValue>();
      for (const id of after.network.regulations.keys()) {
        const m = after.membership?.get(id);
        if (added.has(id) || before.membership?.get(id) === m) continue;
        let group = moved.get(m);
        if (!group) moved.set(m, (group = cy.collection()));
        group.merge(cy.getElementById(id)); // in place: no copy per edge
        counts.updated++;
      }
      for (const [m, edges] of moved) {
        edges.removeClass(ALL_MEMBERSHIPS);
        if (m) edges.addClass(`in-${m}`);
      }
    }
  });
  return counts;
}

/**
 * Hides edges whose stability is below `t` (edges without a score have s = 1 and stay). Only the
 * edges that cross the threshold change class: one slider step touches a few edges, not all of them.
 */
export function applyThreshold(cy: Core, t: number): void {
  cy.batch(() => {
    cy.edges()
      .filter((e) => (e.data('s') as number) < t !== e.hasClass('below'))
      .toggleClass('below');
  });
}

/**
 * Hides the genes in `hidden` and shows the others, touching only genes whose state changes. Hidden
 * genes keep their positions (display only: no layout), so showing them again puts them back where
 * they were.
 */
export function applyHiddenGenes(cy: Core, hidden: ReadonlySet<string>): number {
  let changed = 0;
  cy.batch(() => {
    cy.nodes().forEach((n) => {
      if (hidden.has(n.id()) !== n.hasClass('isolated')) {
        n.toggleClass('isolated');
        changed++;
      }
    });
  });
  return changed;
}

/**
 * Positions for genes that are new in `after`: around the centre of their neighbours already on the
 * canvas (spread on a golden-angle spiral so several new genes of one hub do not overlap), or, for a
 * gene with no placed neighbour, in a row from the centre of the viewport.
 */
function placeNewGenes(
  cy: Core,
  after: ViewGraph,
  genes: readonly string[],
): Map<string, { x: number; y: number }> {
  const out = new Map<string, { x: number; y: number }>();
  if (genes.length === 0) return out;
  const fresh = new Set(genes);
  const neighbours = new Map<string, string[]>();
  for (const r of after.network.regulations.values()) {
    for (const [g, other] of [
      [r.source, r.target],
      [r.target, r.source],
    ] as const) {
      if (!fresh.has(g) || fresh.has(other)) continue;
      const list = neighbours.get(g);
      if (list) list.push(other);
      else neighbours.set(g, [other]);
    }
  }
  let centre: { x: number; y: number } | null = null; // where genes without placed neighbours go
  let loose = 0;
  const aroundHub = new Map<string, number>();
  for (const g of genes) {
    const ps = (neighbours.get(g) ?? [])
      .map((n) => cy.getElementById(n) as NodeSingular)
      .filter((n) => !n.empty())
      .map((n) => n.position());
    if (ps.length === 0) {
      centre ??= viewportCentre(cy);
      out.set(g, { x: centre.x + NEAR * loose++, y: centre.y });
      continue;
    }
    const cx = ps.reduce((s, p) => s + p.x, 0) / ps.length;
    const cy_ = ps.reduce((s, p) => s + p.y, 0) / ps.length;
    const hub = `${Math.round(cx)},${Math.round(cy_)}`;
    const k = aroundHub.get(hub) ?? 0;
    aroundHub.set(hub, k + 1);
    const radius = NEAR * Math.sqrt(k + 1);
    out.set(g, { x: cx + radius * Math.cos(k * GOLDEN_ANGLE), y: cy_ + radius * Math.sin(k * GOLDEN_ANGLE) });
  }
  return out;
}

/**
 * Where the user is looking (the viewport's centre, in model coordinates): a gene added there is
 * seen at once, without moving the view. Headless (tests): the centre of the genes drawn.
 */
function viewportCentre(cy: Core): { x: number; y: number } {
  if (cy.container()) {
    const e = cy.extent();
    if ([e.x1, e.x2, e.y1, e.y2].every(Number.isFinite))
      return { x: (e.x1 + e.x2) / 2, y: (e.y1 + e.y2) / 2 };
  }
  let n = 0;
  const c = { x: 0, y: 0 };
  cy.nodes().forEach((node) => {
    const p = node.position();
    c.x += p.x;
    c.y += p.y;
    n++;
  });
  return n > 0 ? { x: c.x / n, y: c.y / n } : c;
}

/**
 * Marks regulations whose adjacency or arc the user required or forbade (background knowledge for the
 * next discovery run): data `constraint` is drawn as a label, forbidden ones dashed. All edges are
 * looked at, but only those whose mark changes are touched.
 */
export function applyConstraintMarks(cy: Core, k: GeneKnowledge): void {
  // Two maps: an adjacency key (gene-ordered) can equal an arc key.
  const onPair = new Map<string, string>();
  const onArc = new Map<string, string>();
  const mark = (marks: Map<string, string>, key: string, what: string) =>
    marks.set(key, marks.has(key) ? `${marks.get(key)}, ${what}` : what);
  for (const [a, b] of k.requiredAdjacencies) mark(onPair, pairKey(a, b), 'required');
  for (const [a, b] of k.forbiddenAdjacencies) mark(onPair, pairKey(a, b), 'forbidden');
  for (const [a, b] of k.requiredArcs) mark(onArc, arcKey(a, b), 'required arc');
  for (const [a, b] of k.forbiddenArcs) mark(onArc, arcKey(a, b), 'forbidden arc');
  cy.batch(() => {
    cy.edges().forEach((e) => {
      const [s, t] = [e.data('source') as string, e.data('target') as string];
      const labels = [onPair.get(pairKey(s, t)), onArc.get(arcKey(s, t))].filter((x) => x !== undefined);
      const text = labels.join(', ');
      if ((e.data('constraint') ?? '') === text) return;
      if (text === '') e.removeData('constraint');
      else e.data('constraint', text);
      e.toggleClass('forbidden', text.includes('forbidden'));
    });
  });
}
