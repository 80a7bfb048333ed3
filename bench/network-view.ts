/**
 * Network-view level of detail at the ISSUE 5 size: `npm run bench:network-view`.
 * 2,000 genes and 10,000 regulations (with stability scores) through the renderer's own mapping and
 * style, on headless Cytoscape: element build, instance creation, a threshold change, a colour
 * change, and the in-place updates that replace rebuilding (values added to every gene, an overlay
 * that adds 100 genes and 1,000 regulations, one edit). Drawing is the browser's part; what this
 * bounds is the per-interaction JavaScript work.
 */
import cytoscape from 'cytoscape';
import { register } from 'tsx/esm/api';
import type { Regulation } from '../src-shared/domain/grn/network.ts';
import type { ViewGraph } from '../src-renderer/graph/view-model.ts';

// Renderer modules import '@shared/…', which Vite resolves from tsconfig.web.json's paths; so must we.
register({ tsconfig: 'tsconfig.web.json' });
const { applyEdit, reverse } = await import('../src-shared/domain/grn/edits.ts');
const { createNetwork } = await import('../src-shared/domain/grn/network.ts');
const { detailLevel, viewElements } = await import('../src-renderer/graph/elements.ts');
const { applyGraphDiff, applyThreshold } = await import('../src-renderer/graph/apply-diff.ts');
const { stylesheet } = await import('../src-renderer/graph/graph-style.ts');
const { compareGraphs, withNodeValues } = await import('../src-renderer/graph/view-model.ts');

const N = 2_000;
const E = 10_000;
let seed = 1;
const rand = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
function randomGraph(title: string, nGenes: number, nEdges: number): ViewGraph {
  const genes = Array.from({ length: nGenes }, (_, i) => [`G${i}`, { log2FC: rand() * 4 - 2 }] as const);
  const regulations = Array.from({ length: nEdges }, (_, i): Regulation => {
    const a = Math.floor(rand() * nGenes);
    const b = (a + 1 + Math.floor(rand() * (nGenes - 1))) % nGenes;
    return {
      source: `G${a}`,
      target: `G${b}`,
      directed: i % 3 !== 0,
      evidence: { stability: rand() },
      attributes: {},
    };
  });
  return { title, network: createNetwork(genes, regulations) };
}
const graph = randomGraph('bench', N, E);
const E0 = graph.network.regulations.size; // random pairs that repeat are one regulation

const time = <T>(label: string, f: () => T): T => {
  const t0 = performance.now();
  const r = f();
  console.log(`${label}: ${(performance.now() - t0).toFixed(1)} ms`);
  return r;
};

const lod = detailLevel(N, E0);
console.log(`level of detail for ${N} genes × ${E0} regulations: ${JSON.stringify(lod)}`);
const scale = { attribute: 'log2FC', maxAbs: 2 };
const elements = time('build elements', () => viewElements(graph, scale));
const theme = {
  text: '#000',
  textOutline: '#fff',
  node: '#ccc',
  nodeBorder: '#666',
  edge: '#888',
  highlight: '#06c',
  onlyA: '#e69f00',
  onlyB: '#009e73',
  reversed: '#cc79a7',
  orientation: '#56b4e9',
};
const cy = time('create Cytoscape (headless) with style', () =>
  cytoscape({ headless: true, elements, style: stylesheet(theme, lod) }),
);
cy.nodes().forEach((n, i) => void n.position({ x: (i % 50) * 40, y: Math.floor(i / 50) * 40 }));
time('stability threshold 0 → 0.5 (hide half the edges)', () => applyThreshold(cy, 0.5));
time('stability threshold 0.5 → 0.55 (one slider step)', () => applyThreshold(cy, 0.55));
time('recolour 2,000 genes', () =>
  cy.batch(() => cy.nodes().forEach((n, i) => void n.data('colour', i % 2 ? '#b2182b' : '#2166ac'))),
);
time('neighbourhood of one gene', () => cy.getElementById('G7').closedNeighborhood().length);

// What GraphView.update does (graph-view.ts needs a DOM for the rest of its work).
let shown = graph;
const inPlace = (label: string, next: ViewGraph): void => {
  const c = time(`in place: ${label}`, () => applyGraphDiff(cy, shown, next, scale, 0.55));
  shown = next;
  console.log(`  (${c.added} added, ${c.removed} removed, ${c.updated} updated; layout not rerun)`);
};
const values = new Map(Array.from({ length: N }, (_, i) => [`G${i}`, rand()]));
const withValues = withNodeValues(graph, 'signature', values);
inPlace(`values from a signature on ${N} genes`, withValues);
const overlay = compareGraphs(withValues, randomGraph('other', N + 100, 1_000));
inPlace('overlay of a second run (100 more genes, 1,000 regulations)', overlay);
const id = [...overlay.network.regulations.keys()].find((k) => overlay.network.regulations.get(k)!.directed)!;
inPlace('one edit (a reversal)', {
  ...overlay,
  network: applyEdit(overlay.network, reverse(overlay.network, id)),
});
time('for comparison, a rebuild of the overlay (create Cytoscape, before any layout)', () =>
  cytoscape({
    headless: true,
    elements: viewElements(overlay, scale),
    style: stylesheet(theme, lod),
  }).destroy(),
);
cy.destroy();
