// Interaction networks: edge lists (`protein1 protein2 cost …`, header optional), SIF (`a pp b c …`,
// one relation and one or more targets per line) and GraphML (XML; parsed with a tolerant scanner
// for the node/edge/data elements, since no XML parser is in the app's dependencies).
import { readHead } from './detect-format.ts';
import { readRegularFile } from './regular-file.ts';
import { sifRelationIsDirected } from '#shared/domain/grn/sif.ts';
import type { NetworkGraph } from '#shared/domain/network.ts';
import { checkEncoding } from './encoding.ts';
import { readTextTable } from './text-table.ts';
import { invalid } from './types.ts';

type Attr = string | number | boolean | null;
const attrValue = (t: string): Attr => (t === '' ? null : Number.isFinite(Number(t)) ? Number(t) : t);

function nodesOf(edges: NetworkGraph['edges']): NetworkGraph['nodes'] {
  const ids = new Set<string>();
  for (const e of edges) {
    ids.add(e.source);
    ids.add(e.target);
  }
  return [...ids].map((id) => ({ id, attributes: {} }));
}

/*
 * Edge lists. Layout: `gene gene [attribute …]`, one edge per line, header optional.
 *
 * Header: the first line is a header when its two gene columns carry column names (`source target`,
 * `from to`, `regulator target`, `gene1 gene2`, `protein1 protein2`, `node1 node2`, `interactor_a
 * interactor_b` …), when it names a direction column, or when it has a text cell over an attribute
 * column that is numeric on the following lines. A header is never read as an edge.
 *
 * Direction (the documented convention, first match wins):
 *  1. a direction column (`directed`, `direction`, `is_directed`, `arrow`, `orientation`) decides per
 *     edge: `true/yes/1/directed/->/-->/→/pd` directed, `false/no/0/undirected/--/-/—/pp` undirected,
 *     `<-`/`←` directed target → source; an empty cell falls back to 2–3;
 *  2. a header whose gene columns read as cause and effect (`source target`, `from to`, `regulator
 *     target`, `tf target`, `parent child`, `cause effect`) makes every edge directed;
 *  3. otherwise (no header, or symmetric names such as `gene1 gene2`, `protein1 protein2`) the list is
 *     an undirected interaction list, as interactomes like iRefIndex are.
 */
const norm = (h: string): string => h.toLowerCase().replace(/[^a-z0-9]/g, '');
const CAUSE = /^(source|from|regulator|tf|transcriptionfactor|parent|cause|sourcegene|regulatorgene)$/;
const EFFECT = /^(target|to|targetgene|regulated|child|effect)$/;
const SYMMETRIC = /^(gene|node|protein|interactor|symbol|entity|partner)(a|b|1|2)$/;
const DIRECTION_COLUMN = /^(directed|direction|isdirected|arrow|orientation)$/;
const DIRECTED = /^(true|yes|y|1|directed|->|-->|→|pd)$/i;
const UNDIRECTED = /^(false|no|n|0|undirected|--|-|—|pp)$/i;
const REVERSED = /^(<-|<--|←)$/;

const isNum = (t: string | undefined): boolean => t !== undefined && t !== '' && Number.isFinite(Number(t));

function isHeader(rows: string[][]): boolean {
  const [first = [], ...rest] = rows;
  const [a = '', b = ''] = first.map(norm);
  if ((CAUSE.test(a) || SYMMETRIC.test(a)) && (EFFECT.test(b) || SYMMETRIC.test(b))) return true;
  if (first.slice(2).some((h) => DIRECTION_COLUMN.test(norm(h)))) return true;
  // A named attribute column: text over numbers (`cost`, `weight`, `score` …).
  const next = rest.slice(0, 20);
  return first.slice(2).some((h, k) => !isNum(h) && next.length > 0 && next.every((r) => isNum(r[k + 2])));
}

/** Edge list: the first two columns are the genes; the rest are edge attributes (a cost, a score …). */
export function readEdgeList(file: string): NetworkGraph {
  let probe = readTextTable(file, { header: false });
  // Space-separated lists (`A B`) in a .txt read as one column per line: split them on runs of spaces.
  if (probe.rows.every((r) => r.length === 1)) {
    probe = readTextTable(file, { header: false, delimiter: ' ' });
    probe.rows = probe.rows.map((r) => r.filter((x) => x !== ''));
  }
  const first = probe.rows[0] ?? [];
  const hasHeader = isHeader(probe.rows);
  const names = hasHeader
    ? first.slice(2)
    : first.slice(2).map((_, k) => (k === 0 ? 'weight' : `attr${k + 1}`));
  const dirCol = hasHeader ? names.findIndex((n) => DIRECTION_COLUMN.test(norm(n))) : -1;
  const [a0 = '', b0 = ''] = hasHeader ? first.map(norm) : [];
  const listDirected = CAUSE.test(a0) && EFFECT.test(b0);
  const rows = hasHeader ? probe.rows.slice(1) : probe.rows;
  const lines = hasHeader ? probe.lines.slice(1) : probe.lines;
  if (rows.length === 0) throw invalid(file, 'has no edges (only a header).');
  const edges = rows.map((r, i) => {
    const [a, b] = r;
    const row = lines[i] ?? i + 1;
    if (!a || !b) throw invalid(file, 'an edge needs two gene names.', { row });
    const attributes: Record<string, Attr> = {};
    names.forEach((n, k) => {
      if (k !== dirCol) attributes[n] = attrValue(r[k + 2] ?? '');
    });
    const mark = dirCol >= 0 ? (r[dirCol + 2] ?? '').trim() : '';
    if (REVERSED.test(mark)) return { source: b, target: a, directed: true, attributes };
    let directed = listDirected;
    if (DIRECTED.test(mark)) directed = true;
    else if (UNDIRECTED.test(mark)) directed = false;
    else if (mark !== '')
      throw invalid(
        file,
        `the ${names[dirCol]} column reads "${mark}"; use true/false, directed/undirected, -> or --.`,
        { row },
      );
    return { source: a, target: b, directed, attributes };
  });
  return { nodes: nodesOf(edges), edges };
}

/**
 * SIF (Cytoscape simple interaction format): `source relation target [target …]`; lone nodes allowed.
 * The relation decides the direction (`->` directed, `--`/`pp`/`interacts-with` … undirected; the
 * convention in src-shared/domain/grn/sif.ts, which the SIF export writes).
 */
export function readSif(file: string): NetworkGraph {
  const t = readTextTable(file, {
    header: false,
    delimiter: /\t/.test(readHead(file, 4096).toString('utf8')) ? '\t' : ' ',
  });
  const edges: NetworkGraph['edges'] = [];
  const lone: string[] = [];
  t.rows.forEach((r, i) => {
    const [a, rel, ...targets] = r.filter((x) => x !== '');
    if (!a) return;
    if (rel === undefined) lone.push(a);
    else if (targets.length === 0)
      throw invalid(file, `"${a} ${rel}" has a relation but no target.`, { row: t.lines[i] ?? i + 1 });
    for (const b of targets)
      edges.push({
        source: a,
        target: b,
        directed: sifRelationIsDirected(rel ?? ''),
        attributes: { relation: rel ?? null },
      });
  });
  const nodes = nodesOf(edges);
  const known = new Set(nodes.map((n) => n.id));
  for (const id of lone) if (!known.has(id)) nodes.push({ id, attributes: {} });
  if (nodes.length === 0) throw invalid(file, 'has no nodes or edges.');
  return { nodes, edges };
}

const ATTRS = /([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
const unescape = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

function attrsOf(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(ATTRS)) out[m[1] ?? ''] = unescape(m[3] ?? m[4] ?? '');
  return out;
}

export function readGraphml(file: string): NetworkGraph {
  const bytes = readRegularFile(file);
  const text = bytes.toString('utf8', checkEncoding(file, bytes));
  if (!/<graphml[\s>]/.test(text)) throw invalid(file, 'is not GraphML (no <graphml> element).');
  const keys = new Map<string, string>();
  for (const m of text.matchAll(/<key\b([^>]*)>/g)) {
    const a = attrsOf(m[1] ?? '');
    if (a.id) keys.set(a.id, a['attr.name'] ?? a.id);
  }
  const defaultDirected = /<graph\b[^>]*edgedefault\s*=\s*"directed"/.test(text);
  const dataOf = (body: string): Record<string, Attr> => {
    const out: Record<string, Attr> = {};
    for (const d of body.matchAll(/<data\b([^>]*)>([\s\S]*?)<\/data>/g)) {
      const k = attrsOf(d[1] ?? '').key ?? '';
      out[keys.get(k) ?? k] = attrValue(unescape((d[2] ?? '').trim()));
    }
    return out;
  };
  const nodes: NetworkGraph['nodes'] = [];
  for (const m of text.matchAll(/<node\b([^>]*?)(\/>|>([\s\S]*?)<\/node>)/g)) {
    const id = attrsOf(m[1] ?? '').id;
    if (!id) throw invalid(file, 'a <node> has no id.', { row: lineAt(text, m.index ?? 0) });
    nodes.push({ id, attributes: dataOf(m[3] ?? '') });
  }
  const known = new Set(nodes.map((n) => n.id));
  const edges: NetworkGraph['edges'] = [];
  for (const m of text.matchAll(/<edge\b([^>]*?)(\/>|>([\s\S]*?)<\/edge>)/g)) {
    const a = attrsOf(m[1] ?? '');
    const row = lineAt(text, m.index ?? 0);
    if (!a.source || !a.target) throw invalid(file, 'an <edge> lacks source or target.', { row });
    if (!known.has(a.source) || !known.has(a.target))
      throw invalid(file, `edge ${a.source} → ${a.target} names a node that is not declared.`, { row });
    edges.push({
      source: a.source,
      target: a.target,
      directed: a.directed ? a.directed === 'true' : defaultDirected,
      attributes: dataOf(m[3] ?? ''),
    });
  }
  if (nodes.length === 0) throw invalid(file, 'declares no nodes.');
  return { nodes, edges };
}

function lineAt(text: string, index: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
