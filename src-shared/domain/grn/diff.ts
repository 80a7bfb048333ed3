/**
 * What changed between two versions of a network: the view applies this to Cytoscape in place
 * (no rebuild, no layout of genes that were already placed), and an edit history can show it.
 */
import type { Attribute, GeneRegulatoryNetwork, Regulation } from './network.ts';
import { sameValue } from './same-value.ts';

export interface NetworkDiff {
  readonly addedGenes: string[];
  readonly removedGenes: string[];
  /** Genes whose attributes changed (e.g. values added from a signature for colouring). */
  readonly changedGenes: string[];
  /** By regulation id: a reversal is a removal of A→B and an addition of B→A. */
  readonly added: Regulation[];
  readonly removed: Regulation[];
  readonly changed: { before: Regulation; after: Regulation }[];
  readonly knowledgeChanged: boolean;
}

export function diffNetworks(before: GeneRegulatoryNetwork, after: GeneRegulatoryNetwork): NetworkDiff {
  const genes = keyedDiff<Readonly<Record<string, Attribute>>>(before.genes, after.genes);
  const regs = keyedDiff<Regulation>(before.regulations, after.regulations);
  return {
    addedGenes: genes.added.map(([id]) => id),
    removedGenes: genes.removed.map(([id]) => id),
    changedGenes: genes.changed.map(([id]) => id),
    added: regs.added.map(([, r]) => r),
    removed: regs.removed.map(([, r]) => r),
    changed: regs.changed.map(([, b, a]) => ({ before: b, after: a })),
    knowledgeChanged: !sameValue(before.knowledge, after.knowledge),
  };
}

export function isEmptyDiff(d: NetworkDiff): boolean {
  return (
    d.addedGenes.length + d.removedGenes.length + d.changedGenes.length === 0 &&
    d.added.length + d.removed.length + d.changed.length === 0 &&
    !d.knowledgeChanged
  );
}

function keyedDiff<T>(before: ReadonlyMap<string, T>, after: ReadonlyMap<string, T>) {
  const added: [string, T][] = [];
  const removed: [string, T][] = [];
  const changed: [string, T, T][] = [];
  for (const [k, b] of before) {
    const a = after.get(k);
    if (a === undefined) removed.push([k, b]);
    // Unchanged values are usually the same object (edits copy only what they touch): skip the deep look.
    else if (a !== b && !sameValue(a, b)) changed.push([k, b, a]);
  }
  for (const [k, a] of after) if (!before.has(k)) added.push([k, a]);
  return { added, removed, changed };
}
