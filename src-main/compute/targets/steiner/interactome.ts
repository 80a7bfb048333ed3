/**
 * A protein–protein interaction network (interactome) as a compact graph: gene symbols indexed once,
 * edges as parallel typed arrays, and a CSR adjacency for neighbourhood walks.
 *
 * Input is the OmicsIntegrator2 edge table (e.g. iRefIndex v14, see docs/steiner-forest.md): a header
 * `protein1  protein2  cost` (further columns ignored), one undirected edge per line, lower cost = more
 * confident interaction. Gene indices follow OmicsIntegrator2's (pandas factorize over the protein1
 * column, then the protein2 column) so that vertex order, and with it the solver's tie-breaking, matches
 * the reference implementation.
 */
export interface Interactome {
  genes: string[];
  geneIndex: Map<string, number>;
  edgeU: Int32Array;
  edgeV: Int32Array;
  /** Edge cost as given (before any hub penalty). */
  cost: Float64Array;
  degree: Int32Array;
  /** CSR: the neighbours of gene v are adjNeighbour[adjStart[v] … adjStart[v+1]), via edges adjEdge[…]. */
  adjStart: Int32Array;
  adjNeighbour: Int32Array;
  adjEdge: Int32Array;
  /**
   * Self-loops are kept (OmicsIntegrator2 keeps them, and its reported subnetworks list them: the covid
   * 252-gene network has 3); repeated pairs after the first are dropped and counted.
   */
  notes: { selfLoops: number; duplicatesDropped: number };
}

export interface InteractionRow {
  protein1: string;
  protein2: string;
  cost: number;
}

/** Parses an OmicsIntegrator2 interactome table (tab- or comma-separated, with header). */
export function parseInteractome(text: string): Interactome {
  const firstBreak = text.indexOf('\n');
  const headerLine = (firstBreak < 0 ? text : text.slice(0, firstBreak)).replace(/\r$/, '');
  const sep = headerLine.includes('\t') ? '\t' : ',';
  const header = headerLine.split(sep).map((h) => h.trim().toLowerCase());
  const i1 = header.indexOf('protein1');
  const i2 = header.indexOf('protein2');
  const ic = header.indexOf('cost');
  if (i1 < 0 || i2 < 0 || ic < 0) {
    throw new Error(`interactome header must name protein1, protein2 and cost; got "${headerLine}"`);
  }
  const p1: string[] = [];
  const p2: string[] = [];
  const costs: number[] = [];
  let pos = firstBreak < 0 ? text.length : firstBreak + 1;
  let lineNo = 1;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    lineNo++;
    const line = text.charCodeAt(end - 1) === 13 ? text.slice(pos, end - 1) : text.slice(pos, end);
    pos = end + 1;
    if (line.length === 0) continue;
    const f = line.split(sep);
    const cost = Number(f[ic]);
    if (!Number.isFinite(cost) || cost < 0) {
      throw new Error(`interactome line ${lineNo}: cost must be a number ≥ 0, got "${f[ic] ?? ''}"`);
    }
    p1.push((f[i1] ?? '').trim());
    p2.push((f[i2] ?? '').trim());
    costs.push(cost);
  }
  return buildInteractome(p1, p2, costs);
}

/** Builds the graph from edge rows (first occurrence of a pair wins; self-loops kept and counted). */
export function interactomeFromRows(rows: readonly InteractionRow[]): Interactome {
  return buildInteractome(
    rows.map((r) => r.protein1),
    rows.map((r) => r.protein2),
    rows.map((r) => r.cost),
  );
}

function buildInteractome(p1: string[], p2: string[], costs: number[]): Interactome {
  const geneIndex = new Map<string, number>();
  const genes: string[] = [];
  const rows = p1.length;
  const rowU = new Int32Array(rows);
  const rowV = new Int32Array(rows);
  for (const [names, ids] of [
    [p1, rowU],
    [p2, rowV],
  ] as const) {
    for (let r = 0; r < rows; r++) {
      const g = names[r]!;
      let i = geneIndex.get(g);
      if (i === undefined) {
        i = genes.length;
        geneIndex.set(g, i);
        genes.push(g);
      }
      ids[r] = i;
    }
  }

  const n = genes.length;
  const us: number[] = [];
  const vs: number[] = [];
  const cs: number[] = [];
  const seen = new Set<number>();
  let selfLoops = 0;
  let duplicatesDropped = 0;
  for (let r = 0; r < rows; r++) {
    const u = rowU[r]!;
    const v = rowV[r]!;
    if (u === v) selfLoops++;
    const key = u < v ? u * n + v : v * n + u;
    if (seen.has(key)) {
      duplicatesDropped++;
      continue;
    }
    seen.add(key);
    us.push(u);
    vs.push(v);
    cs.push(costs[r]!);
  }
  const edgeU = Int32Array.from(us);
  const edgeV = Int32Array.from(vs);
  const cost = Float64Array.from(cs);
  const m = cost.length;
  const degree = new Int32Array(n);
  for (let e = 0; e < m; e++) {
    degree[edgeU[e]!]!++;
    degree[edgeV[e]!]!++;
  }
  const adjStart = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) adjStart[v + 1] = adjStart[v]! + degree[v]!;
  const fill = adjStart.slice(0, n);
  const adjNeighbour = new Int32Array(2 * m);
  const adjEdge = new Int32Array(2 * m);
  for (let e = 0; e < m; e++) {
    const u = edgeU[e]!;
    const v = edgeV[e]!;
    adjNeighbour[fill[u]!] = v;
    adjEdge[fill[u]!++] = e;
    adjNeighbour[fill[v]!] = u;
    adjEdge[fill[v]!++] = e;
  }
  return {
    genes,
    geneIndex,
    edgeU,
    edgeV,
    cost,
    degree,
    adjStart,
    adjNeighbour,
    adjEdge,
    notes: { selfLoops, duplicatesDropped },
  };
}
