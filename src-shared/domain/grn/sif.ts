/**
 * SIF (Cytoscape's simple interaction format) and the direction of an edge. SIF has no direction
 * field: a line is `source relation target`, and Cytoscape keeps the relation as the edge's
 * "interaction" attribute (style by it to draw arrows). Causeway's convention, written on export and
 * read on import:
 * - `->` a directed regulation, source → target;
 * - `--` an undirected adjacency (the data could not orient it).
 * On import, the common undirected relation names of interaction databases also read as undirected
 * (`pp` protein–protein, Pathway Commons' `interacts-with` and `in-complex-with`, and `associated`
 * of Causeway's earlier exports); every other relation (`->`, `pd`, `regulates`,
 * `controls-expression-of` …) is directed.
 */
import type { GeneRegulatoryNetwork } from './network.ts';

export const SIF_DIRECTED = '->';
export const SIF_UNDIRECTED = '--';

const UNDIRECTED_RELATIONS = new Set([
  SIF_UNDIRECTED,
  '-',
  'pp',
  'undirected',
  'associated',
  'interacts',
  'interacts-with',
  'interacts_with',
  'in-complex-with',
  'binds',
]);

export function sifRelationIsDirected(relation: string): boolean {
  return !UNDIRECTED_RELATIONS.has(relation.trim().toLowerCase());
}

/**
 * One tab-separated line per regulation and genes with no regulation on a line of their own. Tabs
 * keep gene names with spaces intact (Cytoscape reads tab- and space-separated SIF).
 */
export function networkToSif(n: GeneRegulatoryNetwork): string {
  const linked = new Set<string>();
  const lines: string[] = [];
  for (const r of n.regulations.values()) {
    linked.add(r.source);
    linked.add(r.target);
    lines.push(`${r.source}\t${r.directed ? SIF_DIRECTED : SIF_UNDIRECTED}\t${r.target}`);
  }
  for (const id of n.genes.keys()) if (!linked.has(id)) lines.push(id);
  return lines.length ? `${lines.join('\n')}\n` : '';
}
