import type { ViewGraph } from '../view-model.ts';

/**
 * Simple Interaction Format: `source<TAB>relation<TAB>target`, one line per edge; genes with no edge
 * on a line of their own. Tabs as separators keep gene names with spaces intact (Cytoscape reads both).
 */
export function toSif(g: ViewGraph): string {
  const linked = new Set<string>();
  const lines: string[] = [];
  for (const e of g.network.regulations.values()) {
    linked.add(e.source);
    linked.add(e.target);
    lines.push(`${e.source}\t${e.directed ? 'regulates' : 'associated'}\t${e.target}`);
  }
  for (const id of g.network.genes.keys()) if (!linked.has(id)) lines.push(id);
  return lines.length ? `${lines.join('\n')}\n` : '';
}
