// Matching gene names across identifier kinds: a network or signature in symbols against a dataset in
// Ensembl ids (or the reverse), through a GeneMap that knows the dataset's own symbol ↔ Ensembl pairs.
import type { MetaTable } from '../io/types.ts';
import type { GeneIdKind } from '#shared/contracts/data-import.ts';
import { classifyColumn, classifyId, GeneMap, idKey } from './gene-map.ts';

const tag = (kind: GeneIdKind, id: string): string => `${kind}:${idKey(kind, id)}`;

/**
 * For each query name, the index of the same gene in `target`, or -1. A name matches directly (same
 * kind; case of symbols and Ensembl versions ignored) or through the map's record for it. A target id
 * claimed by an earlier target gene keeps the first (duplicates are the import's merge choice).
 */
export function matchGenes(query: readonly string[], target: readonly string[], map: GeneMap): Int32Array {
  const at = new Map<string, number>();
  const claim = (k: string, i: number): void => {
    if (!at.has(k)) at.set(k, i);
  };
  target.forEach((t, i) => claim(tag(classifyId(t), t), i));
  target.forEach((t, i) => {
    const rec = map.lookup(t);
    if (!rec) return;
    for (const kind of ['symbol', 'entrez', 'ensembl'] as const)
      if (rec[kind]) claim(tag(kind, rec[kind]), i);
  });
  return Int32Array.from(query, (q) => {
    const direct = at.get(tag(classifyId(q), q));
    if (direct !== undefined) return direct;
    const rec = map.lookup(q);
    for (const kind of ['symbol', 'entrez', 'ensembl'] as const) {
      const hit = rec?.[kind] ? at.get(tag(kind, rec[kind])) : undefined;
      if (hit !== undefined) return hit;
    }
    return -1;
  });
}

/**
 * A map for one dataset: `base` (the shipped table, or empty) extended with the pairs of the dataset's
 * gene table, i.e. its gene names against every column that holds identifiers of another kind. This is
 * what a later step rebuilds from a project's stored genes table (gene + source_id + annotations).
 */
export function datasetGeneMap(
  genes: readonly string[],
  geneMeta: MetaTable,
  base: GeneMap = new GeneMap(),
): { map: GeneMap; learned: number; kind: GeneIdKind | null } {
  let learned = 0;
  for (const col of Object.values(geneMeta)) {
    if (classifyColumn(col) !== null) learned += base.addPairs(genes, col);
  }
  return { map: base, learned, kind: classifyColumn(genes) };
}
