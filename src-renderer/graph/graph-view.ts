import type { Core, EdgeSingular, LayoutOptions, NodeSingular } from 'cytoscape';
import {
  applyConstraintMarks,
  applyGraphDiff,
  applyHiddenGenes,
  applyThreshold,
  type DiffCounts,
} from './apply-diff.ts';
import { detailLevel, viewElements, type DetailLevel } from './elements.ts';
import { stylesheet, type GraphTheme } from './graph-style.ts';
import { nodeColour, type ColourScale } from './network-mapper.ts';
import type { ViewGraph } from './view-model.ts';

export type { GraphTheme } from './graph-style.ts';

/** Above this many genes a force-directed layout would freeze the window; use a concentric one. */
export const FORCE_LAYOUT_MAX_NODES = 2_500;

export type LayoutMode = 'force' | 'hierarchical';

/** What a right-click (or the context-menu key) was on, and where on the canvas (px). */
export interface ContextTarget {
  kind: 'gene' | 'edge' | 'background';
  id: string | null;
  x: number;
  y: number;
}

export interface Viewport {
  pan: { x: number; y: number };
  zoom: number;
}

export function layoutFor(nNodes: number, mode: LayoutMode = 'force'): LayoutOptions {
  if (mode === 'hierarchical') {
    return {
      name: 'dagre',
      rankDir: 'TB',
      nodeSep: 12,
      rankSep: 40,
      animate: false,
      padding: 24,
    } as LayoutOptions;
  }
  if (nNodes <= FORCE_LAYOUT_MAX_NODES) {
    return {
      name: 'fcose',
      animate: false,
      randomize: true,
      padding: 24,
      quality: nNodes > 800 ? 'draft' : 'default',
      nodeRepulsion: 8_000,
      idealEdgeLength: 60,
    } as LayoutOptions;
  }
  return {
    name: 'concentric',
    animate: false,
    padding: 24,
    minNodeSpacing: 4,
    concentric: (n) => n.degree(false),
    levelWidth: () => 2,
  };
}

/**
 * A mounted Cytoscape instance showing one view graph. Create with `createGraphView`, change with
 * `update` (in place, never a new layout), end with `destroy`.
 */
export class GraphView {
  readonly lod: DetailLevel;
  private threshold = 0;
  private hidden: ReadonlySet<string> = new Set();

  constructor(
    private readonly cy: Core,
    private graph: ViewGraph,
    /** The colour scale the nodes are drawn with (new genes get it too). */
    private scale: ColourScale | null = null,
  ) {
    this.lod = detailLevel(graph.network.genes.size, graph.network.regulations.size);
  }

  /** Shows `next` by applying its difference from the graph on screen: positions are kept. */
  update(next: ViewGraph): DiffCounts {
    if (next === this.graph) return { added: 0, removed: 0, updated: 0 };
    const knowledgeChanged = next.network.knowledge !== this.graph.network.knowledge;
    const counts = applyGraphDiff(this.cy, this.graph, next, this.scale, this.threshold);
    this.graph = next;
    if (knowledgeChanged || counts.added > 0) applyConstraintMarks(this.cy, next.network.knowledge);
    applyHiddenGenes(this.cy, this.hidden); // genes the diff added start hidden if they are isolated
    return counts;
  }

  setTheme(theme: GraphTheme): void {
    this.cy.style(stylesheet(theme, this.lod));
  }

  setColours(scale: ColourScale | null): void {
    this.scale = scale;
    this.cy.batch(() => {
      for (const [id, attributes] of this.graph.network.genes) {
        const el = this.cy.getElementById(id);
        const colour = nodeColour(attributes, scale);
        if (colour === null) el.removeData('colour');
        else el.data('colour', colour);
      }
    });
  }

  /** Hides edges whose stability is below `t` (edges without a score stay). */
  setThreshold(t: number): void {
    this.threshold = t;
    applyThreshold(this.cy, t);
  }

  /** Hides these genes (the isolated ones) and shows the rest, in place: no layout, no viewport change. */
  setHiddenGenes(hidden: ReadonlySet<string>): void {
    this.hidden = hidden;
    applyHiddenGenes(this.cy, hidden);
  }

  /** Genes drawn now. */
  visibleGeneCount(): number {
    return this.cy.nodes().filter((n) => !n.hasClass('isolated')).length;
  }

  /** Edges drawn now (above the threshold). */
  visibleEdgeCount(): number {
    return this.cy.edges().filter((e) => !e.hasClass('below')).length;
  }

  /**
   * Lays out every gene, hidden ones included (so showing them later puts them somewhere sensible,
   * without a new layout), then fits the genes on show.
   */
  layout(mode: LayoutMode): void {
    // Layouts may skip display:none elements: show every gene while laying out (synchronous, so the
    // next frame draws only the result).
    this.cy.nodes('.isolated').removeClass('isolated');
    this.cy.layout({ ...layoutFor(this.graph.network.genes.size, mode), fit: false } as LayoutOptions).run();
    applyHiddenGenes(this.cy, this.hidden);
    this.cy.fit(this.cy.elements(':visible'), 24);
  }

  /** Highlights a gene and its edges and centres it. False when the gene is not in the network. */
  focus(geneId: string): boolean {
    this.cy.elements('.match').removeClass('match');
    const node = this.cy.getElementById(geneId);
    if (node.empty()) return false;
    node.addClass('match');
    node.connectedEdges().addClass('match');
    this.cy.animate({ center: { eles: node }, zoom: Math.max(this.cy.zoom(), 1.5) }, { duration: 250 });
    return true;
  }

  /** Fades everything but the gene's neighbourhood (`depth` steps over visible edges) and fits it. */
  focusNeighbourhood(geneId: string, depth = 1): boolean {
    const node = this.cy.getElementById(geneId);
    if (node.empty()) return false;
    let hood = node.union(node);
    for (let d = 0; d < depth; d++)
      hood = hood.union(hood.closedNeighborhood().filter((el) => !el.hasClass('below')));
    this.cy.batch(() => {
      this.cy.elements().addClass('faded');
      hood.removeClass('faded');
    });
    this.focus(geneId);
    this.cy.animate({ fit: { eles: hood, padding: 40 } }, { duration: 250 });
    return true;
  }

  /**
   * Highlights exactly these edges and their genes (the `.match` style a search uses), without moving
   * the view; returns how many of them the canvas draws (an edge below the threshold is not drawn).
   */
  highlightEdges(edgeIds: readonly string[]): number {
    let drawn = 0;
    this.cy.batch(() => {
      this.cy.elements('.match').removeClass('match');
      for (const id of edgeIds) {
        const edge = this.cy.getElementById(id);
        if (edge.empty()) continue;
        edge.addClass('match');
        edge.connectedNodes().addClass('match');
        if (edge.visible()) drawn++;
      }
    });
    return drawn;
  }

  clearFocus(): void {
    this.cy.batch(() => this.cy.elements('.match, .faded').removeClass('match faded'));
  }

  selectEdge(edgeId: string | null): void {
    // Already selected (a click, maybe Shift+click among others): keep the rest of the selection.
    if (edgeId !== null && this.cy.getElementById(edgeId).selected()) return;
    this.cy.edges(':selected').unselect();
    if (edgeId !== null) this.cy.getElementById(edgeId).select();
  }

  /** Calls back with the clicked edge's id, or null when the background or a node is clicked. */
  onEdgeSelected(listener: (edgeId: string | null) => void): void {
    this.cy.on('tap', (ev) => {
      const target = ev.target as Core | EdgeSingular;
      listener(target !== this.cy && 'isEdge' in target && target.isEdge() ? target.id() : null);
    });
  }

  /** Calls back with a clicked gene's id (the gene panel opens on it). */
  onGeneTapped(listener: (gene: string) => void): void {
    this.cy.on('tap', 'node', (ev) => listener((ev.target as NodeSingular).id()));
  }

  /** Calls back with the selected genes and edges whenever the selection changes (once per gesture). */
  onSelectionChanged(listener: (genes: string[], edges: string[]) => void): void {
    let pending = false;
    this.cy.on('select unselect', () => {
      if (pending) return;
      pending = true;
      // A box selection fires one event per element: report the result once.
      queueMicrotask(() => {
        pending = false;
        if (this.cy.destroyed()) return;
        const selected = this.cy.elements(':selected');
        listener(
          selected.nodes().map((n) => n.id()),
          selected.edges().map((e) => e.id()),
        );
      });
    });
  }

  /** Calls back on a right-click (or a long press) with what was under the pointer. */
  onContextMenu(listener: (target: ContextTarget) => void): void {
    this.cy.on('cxttap', (ev) => {
      const t = ev.target as Core | EdgeSingular;
      const p = ev.renderedPosition ?? { x: 0, y: 0 };
      if (t === this.cy || !('isEdge' in t)) listener({ kind: 'background', id: null, x: p.x, y: p.y });
      else listener({ kind: t.isEdge() ? 'edge' : 'gene', id: t.id(), x: p.x, y: p.y });
    });
  }

  /** Where an element is drawn on the canvas (px), for a context menu opened from the keyboard. */
  renderedPositionOf(id: string): { x: number; y: number } | null {
    const el = this.cy.getElementById(id);
    if (el.empty()) return null;
    const box = el.renderedBoundingBox();
    return { x: (box.x1 + box.x2) / 2, y: (box.y1 + box.y2) / 2 };
  }

  /** Selects exactly these elements (after an edit, so keyboard shortcuts act on what is shown). */
  select(ids: readonly string[]): void {
    this.cy.batch(() => {
      this.cy.elements(':selected').unselect();
      for (const id of ids) this.cy.getElementById(id).select();
    });
  }

  viewport(): Viewport {
    const p = this.cy.pan();
    return { pan: { x: p.x, y: p.y }, zoom: this.cy.zoom() };
  }

  onViewportChanged(listener: (v: Viewport) => void): void {
    this.cy.on('viewport', () => listener(this.viewport()));
  }

  png(background: string): Promise<Blob> {
    return this.cy.png({ output: 'blob-promise', full: true, scale: 2, bg: background });
  }

  svg(background: string): string {
    return (this.cy as unknown as { svg(o: object): string }).svg({ full: true, scale: 1, bg: background });
  }

  /** Current node positions (for exports that keep the layout). */
  positions(): Map<string, { x: number; y: number }> {
    const out = new Map<string, { x: number; y: number }>();
    this.cy.nodes().forEach((n) => {
      const p = n.position();
      out.set(n.id(), { x: p.x, y: p.y });
    });
    return out;
  }

  fit(): void {
    this.cy.animate({ fit: { eles: this.cy.elements(':visible'), padding: 24 } }, { duration: 200 });
  }

  resize(): void {
    this.cy.resize();
  }

  destroy(): void {
    this.cy.destroy();
  }

  get currentThreshold(): number {
    return this.threshold;
  }
}

type Cytoscape = typeof import('cytoscape');
let extensionsLoaded: Promise<Cytoscape> | null = null;

/** Cytoscape and its layout/SVG extensions load on first use: only the Network page needs them. */
function loadCytoscape(): Promise<Cytoscape> {
  extensionsLoaded ??= (async (): Promise<Cytoscape> => {
    const [cy, fcose, dagre, svg] = await Promise.all([
      import('cytoscape'),
      import('cytoscape-fcose'),
      import('cytoscape-dagre'),
      import('cytoscape-svg'),
    ]);
    cy.default.use(fcose.default);
    cy.default.use(dagre.default);
    cy.default.use(svg.default);
    return cy.default;
  })();
  return extensionsLoaded;
}

export async function createGraphView(
  container: HTMLElement,
  graph: ViewGraph,
  options: {
    scale: ColourScale | null;
    theme: GraphTheme;
    layout: LayoutMode;
    threshold: number;
    hidden?: ReadonlySet<string>;
  },
): Promise<GraphView> {
  const cytoscape = await loadCytoscape();
  const lod = detailLevel(graph.network.genes.size, graph.network.regulations.size);
  const cy = cytoscape({
    container,
    elements: viewElements(graph, options.scale),
    minZoom: 0.05,
    maxZoom: 6,
    textureOnViewport: lod.textureOnViewport,
    hideEdgesOnViewport: lod.hideEdgesOnViewport,
    pixelRatio: 'auto',
    // A click selects one element; Shift/Ctrl-click adds to the selection; Shift-drag selects a box.
    selectionType: 'single',
    boxSelectionEnabled: true,
  });
  const view = new GraphView(cy, graph, options.scale);
  applyConstraintMarks(cy, graph.network.knowledge);
  view.setTheme(options.theme);
  view.setThreshold(options.threshold);
  view.setHiddenGenes(options.hidden ?? new Set()); // the layout still places them
  view.layout(options.layout);
  return view;
}

/** Reads the graph colours from the CSS custom properties of the current theme. */
export function themeFromCss(el: Element): GraphTheme {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--text', '#1f2328'),
    textOutline: v('--surface', '#ffffff'),
    node: v('--graph-node', '#c9d1d9'),
    nodeBorder: v('--graph-node-border', '#6e7781'),
    edge: v('--graph-edge', '#8c959f'),
    highlight: v('--accent', '#0969da'),
    // Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
    // Okabe–Ito vermillion: "removed" in a version diff, only in A in a comparison.
    onlyA: '#d55e00',
    onlyB: '#009e73',
    reversed: '#cc79a7',
    orientation: '#56b4e9',
    reweighted: '#e69f00',
  };
}
