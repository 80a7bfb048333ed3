import type { Core, StylesheetJson } from 'cytoscape';
import { detailLevel, viewElements } from '../../graph/elements.ts';
import { layoutFor } from '../../graph/graph-view.ts';
import { stylesheet, type GraphTheme } from '../../graph/graph-style.ts';
import type { ViewGraph } from '../../graph/view-model.ts';

/** How a gene takes part in the target search; a gene may be both a disease gene and a drug target. */
export interface GeneMarks {
  /** Disease genes (Steiner terminals): they carried a prize. */
  terminal: boolean;
  /** Genes a drug of the drug–target table hits. */
  druggable: boolean;
}

/**
 * Okabe–Ito colours (readable with the common colour-vision deficiencies): disease genes orange,
 * Steiner genes (added only to connect them) sky blue; drug targets get a thick bluish-green ring so
 * that they stay visible on either fill.
 */
export const MARK_COLOURS = { terminal: '#e69f00', steiner: '#56b4e9', druggable: '#009e73' } as const;

function markStyles(t: GraphTheme): StylesheetJson {
  return [
    { selector: 'node.steiner', style: { 'background-color': MARK_COLOURS.steiner } },
    { selector: 'node.terminal', style: { 'background-color': MARK_COLOURS.terminal, shape: 'diamond' } },
    {
      selector: 'node.druggable',
      style: { 'border-color': MARK_COLOURS.druggable, 'border-width': 4 },
    },
    { selector: '.off-path', style: { opacity: 0.1, 'text-opacity': 0.15 } },
    {
      selector: 'edge.on-path',
      style: {
        'line-color': t.highlight,
        'target-arrow-color': t.highlight,
        'target-arrow-shape': 'triangle',
        'curve-style': 'straight',
        width: 4,
        opacity: 1,
        'z-index': 20,
      },
    },
    {
      selector: 'node.on-path',
      style: { 'font-size': 13, 'font-weight': 'bold', 'min-zoomed-font-size': 0, 'z-index': 20 },
    },
    {
      selector: 'node.path-source',
      style: { 'border-color': t.highlight, 'border-width': 5, width: 28, height: 28 },
    },
  ];
}

type Cytoscape = typeof import('cytoscape');
let loaded: Promise<Cytoscape> | null = null;
function loadCytoscape(): Promise<Cytoscape> {
  loaded ??= (async (): Promise<Cytoscape> => {
    const [cy, fcose] = await Promise.all([import('cytoscape'), import('cytoscape-fcose')]);
    cy.default.use(fcose.default);
    return cy.default;
  })();
  return loaded;
}

/**
 * A Steiner subnetwork or a causal network drawn with the Network page's elements and style, plus the
 * Targets page's marks (disease genes, Steiner genes, drug targets) and the paths of one target.
 */
export class SubnetworkCanvas {
  private constructor(
    private readonly cy: Core,
    private theme: GraphTheme,
  ) {}

  static async mount(container: HTMLElement, graph: ViewGraph, theme: GraphTheme): Promise<SubnetworkCanvas> {
    const cytoscape = await loadCytoscape();
    const lod = detailLevel(graph.network.genes.size, graph.network.regulations.size);
    const cy = cytoscape({
      container,
      elements: viewElements(graph, null),
      minZoom: 0.05,
      maxZoom: 6,
      textureOnViewport: lod.textureOnViewport,
      pixelRatio: 'auto',
      selectionType: 'single',
      boxSelectionEnabled: false,
    });
    const canvas = new SubnetworkCanvas(cy, theme);
    canvas.setTheme(theme);
    cy.layout(layoutFor(graph.network.genes.size, 'force')).run();
    return canvas;
  }

  setTheme(theme: GraphTheme): void {
    this.theme = theme;
    const lod = detailLevel(this.cy.nodes().length, this.cy.edges().length);
    this.cy.style([...stylesheet(theme, lod), ...markStyles(theme)]);
  }

  setMarks(marks: ReadonlyMap<string, GeneMarks>): void {
    this.cy.batch(() => {
      this.cy.nodes().forEach((n) => {
        const m = marks.get(n.id());
        n.toggleClass('terminal', m?.terminal === true);
        n.toggleClass('steiner', m !== undefined && !m.terminal);
        n.toggleClass('druggable', m?.druggable === true);
      });
    });
  }

  /**
   * Draws the given gene chains (a target's most stable paths into the disease genes) over a faded
   * network; an empty list shows the whole network again.
   */
  showPaths(source: string | null, paths: readonly (readonly string[])[]): void {
    this.cy.batch(() => {
      this.cy.elements().removeClass('on-path off-path path-source');
      if (source === null) return;
      let on = this.cy.getElementById(source);
      for (const chain of paths) {
        for (let i = 0; i < chain.length; i++) {
          on = on.union(this.cy.getElementById(chain[i]!));
          if (i === 0) continue;
          const a = chain[i - 1]!;
          const b = chain[i]!;
          // Either direction: where both arcs were stable the drawing keeps only the more stable one.
          on = on.union(
            this.cy
              .edges()
              .filter(
                (e) =>
                  (e.source().id() === a && e.target().id() === b) ||
                  (e.source().id() === b && e.target().id() === a),
              ),
          );
        }
      }
      this.cy.elements().not(on).addClass('off-path');
      on.addClass('on-path');
      this.cy.getElementById(source).addClass('path-source');
    });
    if (source !== null) {
      const on = this.cy.elements('.on-path');
      if (on.nonempty()) this.cy.animate({ fit: { eles: on, padding: 40 } }, { duration: 250 });
    }
  }

  onNodeTap(listener: (gene: string | null) => void): void {
    this.cy.on('tap', (ev) => {
      const t = ev.target as { isNode?: () => boolean; id?: () => string };
      listener(t !== this.cy && t.isNode?.() ? t.id!() : null);
    });
  }

  png(): Promise<Blob> {
    return this.cy.png({ output: 'blob-promise', full: true, scale: 2, bg: this.theme.textOutline });
  }

  fit(): void {
    this.cy.fit(undefined, 24);
  }

  resize(): void {
    this.cy.resize();
  }

  destroy(): void {
    this.cy.destroy();
  }
}
