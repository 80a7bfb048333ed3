import { networkToSif } from '@shared/domain/grn/sif.ts';
import type { ViewGraph } from '../view-model.ts';

/**
 * Simple Interaction Format: `source<TAB>relation<TAB>target`, one line per edge, `->` for a directed
 * regulation and `--` for an undirected adjacency (the convention in src-shared/domain/grn/sif.ts,
 * which the importer reads back); genes with no edge on a line of their own.
 */
export function toSif(g: ViewGraph): string {
  return networkToSif(g.network);
}
