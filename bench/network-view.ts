/**
 * Network-view level of detail at the ISSUE 5 size: `npm run bench:network-view`.
 * 2,000 genes and 10,000 regulations (with stability scores) through the renderer's own mapping and
 * style, on headless Cytoscape: element build, instance creation, a threshold change, a colour
 * change, and the in-place updates that replace rebuilding (values added to every gene, an overlay
 * that adds 100 genes and 1,000 regulations, one edit). Drawing is the browser's part; what this
 * bounds is the per-interaction JavaScript work.
 *
 * Then what a user editing the network waits for (issue 13), each repeated and reported as median
 * and p95 against a 100 ms budget: an edit (reverse, delete, add) is the edit builder + applyEdit +
 * the diff applied to Cytoscape (applyGraphDiff, which diffs the networks) + what the page derives
 * again from the new graph (hidden isolated genes, the edge list's visible edges and its top 200,
 * the slider's range); its undo is the same with the inverse operation; a bulk delete removes 100
 * edges as one step; a selection, a slider step and the gene panel's data assembly.
 */
import cytoscape from 'cytoscape';
import { register } from 'tsx/esm/api';
import type { EditOp } from '../src-shared/domain/grn/edits.ts';
import type { Regulation } from '../src-shared/domain/grn/network.ts';
import type { ViewGraph } from '../src-renderer/graph/view-model.ts';

// Renderer modules import '@shared/…', which Vite resolves from tsconfig.web.json's paths; so must we.
register({ tsconfig: 'tsconfig.web.json' });
const { applyEdit, reverse } = await import('../src-shared/domain/grn/edits.ts');
const { createNetwork } = await import('../src-shared/domain/grn/network.ts');
const { detailLevel, viewElements } = await import('../src-renderer/graph/elements.ts');
const { applyGraphDiff, applyThreshold } = await import('../src-renderer/graph/apply-diff.ts');
const { stylesheet } = await import('../src-renderer/graph/graph-style.ts');
const { compareGraphs, isolatedGenes, viewEdge, withNodeValues } =
  await import('../src-renderer/graph/view-model.ts');
const { addRegulation, applyEdits, invertEdits, removeRegulation } =
  await import('../src-shared/domain/grn/edits.ts');
const { applyHiddenGenes } = await import('../src-renderer/graph/apply-diff.ts');
const { geneNeighbourhood } = await import('../src-renderer/graph/gene-neighbourhood.ts');
const { belowThreshold, listedEdges, stabilityRange } = await import('../src-renderer/graph/threshold.ts');

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
  reweighted: '#e69f00',
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

// ---- issue 13: what a user editing the network waits for ------------------------------------------
const REPEATS = 25;
const WARMUP = 3;
const BUDGET_MS = 100;
const T = 0.55;
const ecy = cytoscape({
  headless: true,
  elements: viewElements(graph, scale),
  style: stylesheet(theme, lod),
});
ecy.nodes().forEach((n, i) => void n.position({ x: (i % 50) * 40, y: Math.floor(i / 50) * 40 }));
applyThreshold(ecy, T);
let current = graph;

/** What the Network page derives again when the graph or the threshold changes (NetworkPageState, EdgeList). */
function pageDerivations(g: ViewGraph, t: number): void {
  applyHiddenGenes(ecy, isolatedGenes(g, t));
  listedEdges(g, t, 200);
  stabilityRange(g.network);
}

/** One history step on screen: ops applied, the canvas diffed in place, the page's derivations. */
function step(ops: () => EditOp[]): EditOp[] {
  const made = ops();
  const next = { ...current, network: applyEdits(current.network, made) };
  applyGraphDiff(ecy, current, next, scale, T);
  current = next;
  pageDerivations(current, T);
  return made;
}

const results: { label: string; median: number; p95: number }[] = [];
function report(label: string, samples: number[]): void {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number): number => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
  results.push({ label, median: q(0.5), p95: q(0.95) });
}
const timed = <T>(samples: number[], f: () => T): T => {
  const t0 = performance.now();
  const r = f();
  samples.push(performance.now() - t0);
  return r;
};

/** An edit and its undo, REPEATS times on different regulations; the graph is back to the base after each. */
function editAndUndo(label: string, build: (i: number) => EditOp[]): void {
  const done: number[] = [];
  const undone: number[] = [];
  // The first few warm the JIT up and are not counted.
  for (let i = 0; i < WARMUP + REPEATS; i++) {
    const ops = timed(done, () => step(() => build(i)));
    timed(undone, () => step(() => invertEdits(ops)));
  }
  done.splice(0, WARMUP);
  undone.splice(0, WARMUP);
  report(`edit: ${label}`, done);
  report(`undo: ${label}`, undone);
}

const directedIds = [...graph.network.regulations.keys()].filter(
  (k) => graph.network.regulations.get(k)!.directed,
);
const allIds = [...graph.network.regulations.keys()];
editAndUndo('reverse one regulation', (i) => [reverse(current.network, directedIds[i * 37]!)]);
editAndUndo('delete one regulation', (i) => [removeRegulation(current.network, allIds[i * 41]!)]);
editAndUndo('add one regulation', (i) => {
  // Two genes not yet adjacent: a new regulation added by the user (no data support).
  for (let k = 0; ; k++) {
    const a = `G${(i * 97 + k) % N}`;
    const b = `G${(i * 89 + 500 + k * 7) % N}`;
    if (
      a === b ||
      current.network.regulations.has(`${a}→${b}`) ||
      current.network.regulations.has(`${b}→${a}`)
    )
      continue;
    try {
      return [addRegulation(current.network, a, b, true)];
    } catch {
      continue; // the pair holds an undirected regulation
    }
  }
});
editAndUndo('bulk delete of 100 regulations (one step)', (i) =>
  allIds.slice(i * 100, i * 100 + 100).map((id) => removeRegulation(current.network, id)),
);

const selection: number[] = [];
for (let i = 0; i < REPEATS; i++) {
  const id = allIds[i * 53]!;
  timed(selection, () => {
    ecy.edges(':selected').unselect();
    ecy.getElementById(id).select();
    const e = viewEdge(current, id);
    return e !== null && belowThreshold(e, T);
  });
}
report('select an edge (canvas + evidence pane)', selection);

const slider: number[] = [];
for (let i = 0; i < REPEATS; i++) {
  const t = i % 2 ? 0.55 : 0.6;
  timed(slider, () => {
    applyThreshold(ecy, t);
    pageDerivations(current, t);
  });
}
applyThreshold(ecy, T);
report('slider step 0.55 ↔ 0.60 (canvas, hidden genes, edge list)', slider);

const degree = new Map<string, number>();
for (const r of current.network.regulations.values())
  for (const g of [r.source, r.target]) degree.set(g, (degree.get(g) ?? 0) + 1);
const hub = [...degree].sort((a, b) => b[1] - a[1])[0]!;
const panel: number[] = [];
for (let i = 0; i < REPEATS; i++) {
  const gene = i === 0 ? hub[0] : `G${(i * 79) % N}`;
  timed(panel, () => geneNeighbourhood(current, gene, T));
}
report(`gene panel: regulators, targets and evidence of one gene (hub: ${hub[1]} regulations)`, panel);
ecy.destroy();

console.log(
  `\nInteractions at ${N} genes × ${E0} regulations, ${REPEATS} repeats each (budget ${BUDGET_MS} ms):`,
);
for (const r of results)
  console.log(
    `${r.label}: median ${r.median.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms${r.p95 < BUDGET_MS ? '' : '  ← over budget'}`,
  );
const over = results.filter((r) => r.p95 >= BUDGET_MS);
console.log(
  over.length
    ? `${over.length} interaction(s) over ${BUDGET_MS} ms at p95`
    : `every interaction under ${BUDGET_MS} ms at p95`,
);
