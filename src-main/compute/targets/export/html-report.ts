/**
 * A self-contained HTML report of a targets result: provenance (inputs with hashes, parameters, seeds,
 * versions), the network drawn as inline SVG (the Steiner subnetwork with terminals and Steiner genes
 * marked; for a target ranking, the stability graph with the top targets and their paths), each top
 * target's explaining paths, and the tables. Inline CSS and SVG only, no scripts, no external requests.
 */
import type { SteinerResult, SteinerSweepResult, TargetRankingResult } from '#shared/contracts/targets.ts';
import { xmlEscape } from '../../drugs/export/xlsx.ts';
import { circleSvg, type DrawnEdge, type DrawnNode, pathsSvg } from './network-svg.ts';
import { type Cell, provenanceRows, type Table, tablesOf, type TargetsDocument } from './table-rows.ts';

/** Targets whose paths are drawn one by one, and rows per table in the report (CSV/XLSX hold all). */
const TOP_TARGETS = 5;
const MAX_TABLE_ROWS = 1_000;
/** Above this many genes the whole-network drawing is a hairball: the report draws the paths only. */
const MAX_DRAWN_GENES = 600;

const COLOUR = {
  terminal: '#d1242f',
  steiner: '#8c959f',
  target: '#1f6feb',
  drugged: '#8250df',
  path: '#1f6feb',
};

const cell = (v: Cell): string =>
  v === null
    ? ''
    : typeof v === 'number'
      ? String(Number.isInteger(v) ? v : Number(v.toPrecision(4)))
      : xmlEscape(v);

function tableHtml(t: Table): string {
  const head = t.columns.map((c) => `<th>${xmlEscape(c)}</th>`).join('');
  const body = t.rows
    .slice(0, MAX_TABLE_ROWS)
    .map((r) => `<tr>${r.map((v) => `<td>${cell(v)}</td>`).join('')}</tr>`)
    .join('');
  const more =
    t.rows.length > MAX_TABLE_ROWS
      ? `<p>The first ${MAX_TABLE_ROWS} of ${t.rows.length} rows; the CSV/XLSX export holds all.</p>`
      : '';
  return `<h2>${xmlEscape(t.name)}</h2>${more}<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

function legend(items: [string, string][]): string {
  return `<p class="legend">${items.map(([c, l]) => `<span><i style="background:${c}"></i>${xmlEscape(l)}</span>`).join('')}</p>`;
}

function steinerFigure(r: SteinerResult): string {
  if (r.nodes.length > MAX_DRAWN_GENES)
    return `<p>${r.nodes.length} genes: too many to draw legibly here.</p>`;
  const nodes: DrawnNode[] = r.nodes.map((n) => ({
    id: n.gene,
    colour: n.terminal ? COLOUR.terminal : COLOUR.steiner,
    emphasis: !n.terminal,
  }));
  const edges: DrawnEdge[] = r.edges.map((e) => (e.inForest ? { ...e, colour: '#556070', width: 1.2 } : e));
  const s = r.summary;
  return (
    `<h2>Subnetwork</h2><p>${s.nodes} genes (${s.terminalsKept} of ${s.terminalsGiven} terminals, ${s.steinerNodes} Steiner genes), ${s.edges} edges, ${s.components} component${s.components === 1 ? '' : 's'}. Dark edges: the forest the solver chose; light: the other interactome edges among the selected genes.</p>` +
    legend([
      [COLOUR.terminal, 'terminal (disease gene)'],
      [COLOUR.steiner, 'Steiner gene (brought in to connect)'],
    ]) +
    circleSvg(nodes, edges)
  );
}

function rankingFigures(r: TargetRankingResult): string {
  const top = r.rows.filter((row) => row.paths.length > 0).slice(0, TOP_TARGETS);
  const disease = new Set(r.diseaseGenes);
  const onPaths = new Set<string>();
  for (const row of top)
    for (const p of row.paths)
      for (let k = 0; k + 1 < p.genes.length; k++) onPaths.add(`${p.genes[k]}\u0000${p.genes[k + 1]}`);
  const topGenes = new Set(top.map((row) => row.gene));
  const drugged = new Set(r.rows.filter((row) => row.drugs.length > 0).map((row) => row.gene));
  let out = '';
  if (r.graph.genes.length <= MAX_DRAWN_GENES) {
    const nodes: DrawnNode[] = r.graph.genes.map((g) => ({
      id: g,
      colour: topGenes.has(g)
        ? COLOUR.target
        : disease.has(g)
          ? COLOUR.terminal
          : drugged.has(g)
            ? COLOUR.drugged
            : COLOUR.steiner,
      emphasis: topGenes.has(g),
    }));
    const edges: DrawnEdge[] = r.graph.arcs.map((a) =>
      onPaths.has(`${a.source}\u0000${a.target}`)
        ? { ...a, colour: COLOUR.path, width: 1.8, directed: true }
        : { ...a, width: 0.3 + a.stability },
    );
    out +=
      `<h2>Causal network</h2><p>${r.graph.genes.length} genes, ${r.graph.arcs.length} arcs at stability ≥ ${r.settings.threshold}; blue arcs: the top targets' most stable paths to the disease genes.</p>` +
      legend([
        [COLOUR.target, `top ${top.length} targets`],
        [COLOUR.terminal, 'disease gene'],
        [COLOUR.drugged, 'other drug target'],
        [COLOUR.steiner, 'other gene'],
      ]) +
      circleSvg(nodes, edges);
  }
  out += '<h2>Top targets and their paths</h2>';
  for (const row of top) {
    const drugs =
      row.drugs
        .map((d) => d.drug)
        .slice(0, 8)
        .join(', ') || 'no drug in the table';
    out += `<figure><figcaption><b>${row.rank}. ${xmlEscape(row.gene)}</b>: reaches ${row.reachSize} disease gene${row.reachSize === 1 ? '' : 's'}; predicted reversal ${cell(row.reversal.mean)} ± ${cell(row.reversal.sd)} over ${r.dags} DAGs; drugs: ${xmlEscape(drugs)}</figcaption>${pathsSvg(row.gene, row.paths, disease)}</figure>`;
  }
  if (top.length === 0) out += '<p>No gene reaches a disease gene on the stability graph.</p>';
  return out;
}

function sweepFigure(r: SteinerSweepResult): string {
  // Small multiples: one heat grid per (g, measure); rows w, columns b.
  const measures = [
    ['nodes', 'genes'],
    ['terminalsKept', 'terminals kept'],
    ['components', 'components'],
  ] as const;
  let out =
    '<h2>Sweep</h2><p>Pick a setting inside a plateau, where a small change of w or b leaves the network alike (Belyaeva et al. 2021 chose w = 1.4, b = 40, g = 0).</p>';
  for (const g of r.gs)
    for (const [key, label] of measures) {
      const pts = r.points.filter((p) => p.g === g);
      const max = Math.max(1, ...pts.map((p) => p[key]));
      const cw = 44;
      const ch = 22;
      let cells = '';
      r.ws.forEach((w, i) =>
        r.bs.forEach((b, j) => {
          const p = pts.find((q) => q.w === w && q.b === b);
          if (!p) return;
          const t = p[key] / max;
          cells += `<rect x="${60 + j * cw}" y="${20 + i * ch}" width="${cw - 1}" height="${ch - 1}" fill="rgba(31,111,235,${(0.1 + 0.8 * t).toFixed(2)})"><title>w ${w}, b ${b}: ${p[key]} ${label}</title></rect><text x="${60 + j * cw + cw / 2}" y="${20 + i * ch + 15}" font-size="10" text-anchor="middle">${p[key]}</text>`;
        }),
      );
      const axes =
        r.ws
          .map(
            (w, i) => `<text x="54" y="${20 + i * ch + 15}" font-size="10" text-anchor="end">w ${w}</text>`,
          )
          .join('') +
        r.bs
          .map(
            (b, j) =>
              `<text x="${60 + j * cw + cw / 2}" y="14" font-size="10" text-anchor="middle">b ${b}</text>`,
          )
          .join('');
      const width = 70 + r.bs.length * cw;
      const height = 30 + r.ws.length * ch;
      out += `<figure><figcaption>${xmlEscape(label)}, g = ${g}</figcaption><svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${axes}${cells}</svg></figure>`;
    }
  return out;
}

const TITLE = {
  'targets.steiner': 'Steiner subnetwork',
  'targets.sweep': 'Steiner parameter sweep',
  'targets.rank': 'Ranked targets',
} as const;

export function targetsHtml(doc: TargetsDocument, runId: string): string {
  const params = provenanceRows(doc, runId)
    .map(([k, v]) => `<tr><th>${xmlEscape(k)}</th><td>${cell(v)}</td></tr>`)
    .join('');
  const figures =
    doc.kind === 'targets.steiner'
      ? steinerFigure(doc)
      : doc.kind === 'targets.rank'
        ? rankingFigures(doc)
        : sweepFigure(doc);
  const tables = tablesOf(doc).map(tableHtml).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${TITLE[doc.kind]} ${xmlEscape(runId)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1200px;padding:0 16px;color:#1d2430}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:28px}table{border-collapse:collapse;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid #dde2ea;padding:3px 8px;text-align:left;vertical-align:top}th{background:#f3f5f8}
.scroll{overflow-x:auto}figure{margin:16px 0}figcaption{margin-bottom:4px}svg{max-width:100%;height:auto}
.legend span{margin-right:16px}.legend i{display:inline-block;width:10px;height:10px;border-radius:5px;margin-right:5px}
</style></head><body>
<h1>${TITLE[doc.kind]}</h1>
<h2>Provenance</h2><table>${params}</table>
${figures}
${tables}
</body></html>
`;
}
