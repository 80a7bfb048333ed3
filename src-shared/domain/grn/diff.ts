/**
 * What changed between two versions of a network: the view applies this to Cytoscape in place
 * (no rebuild, no layout of genes that were already placed), and an edit history can show it.
 */
import { pairKey, type Attribute, type GeneRegulatoryNetwork, type Regulation } from './network.ts';
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

/**
 * How two networks agree on one adjacency, compared by arcs (as the structural Hamming distance
 * does, Tsamardinos, Brown, Aliferis 2006), not only by adjacency: RAF→MEK against MEK→RAF is a
 * reversal, not an agreement.
 * - same: the same arc, or undirected in both;
 * - reversed: directed in both, opposite ways;
 * - orientation: directed in one network, undirected in the other (the data of one could not orient it);
 * - a / b: the adjacency is in one network only.
 */
export type ArcAgreement = 'same' | 'reversed' | 'orientation' | 'a' | 'b';

export interface ArcComparison {
  /** One entry per adjacency of either network (by pairKey), with each side's regulation. */
  readonly pairs: ReadonlyMap<string, { agreement: ArcAgreement; a?: Regulation; b?: Regulation }>;
  readonly counts: Readonly<Record<ArcAgreement, number>>;
}

/** A network may hold A→B and B→A as two regulations (a 2-cycle): that adjacency reads as undirected. */
function byPair(g: GeneRegulatoryNetwork): Map<string, { r: Regulation; directed: boolean; source: string }> {
  const out = new Map<string, { r: Regulation; directed: boolean; source: string }>();
  for (const r of g.regulations.values()) {
    const key = pairKey(r.source, r.target);
    const seen = out.get(key);
    if (!seen) out.set(key, { r, directed: r.directed, source: r.source });
    else if (seen.directed && (!r.directed || r.source !== seen.source)) seen.directed = false;
  }
  return out;
}

export function compareArcs(a: GeneRegulatoryNetwork, b: GeneRegulatoryNetwork): ArcComparison {
  const pa = byPair(a);
  const pb = byPair(b);
  const pairs = new Map<string, { agreement: ArcAgreement; a?: Regulation; b?: Regulation }>();
  const counts: Record<ArcAgreement, number> = { same: 0, reversed: 0, orientation: 0, a: 0, b: 0 };
  for (const [key, x] of pa) {
    const y = pb.get(key);
    const agreement: ArcAgreement = !y
      ? 'a'
      : x.directed !== y.directed
        ? 'orientation'
        : x.directed && x.source !== y.source
          ? 'reversed'
          : 'same';
    pairs.set(key, y ? { agreement, a: x.r, b: y.r } : { agreement, a: x.r });
    counts[agreement]++;
  }
  for (const [key, y] of pb)
    if (!pa.has(key)) {
      pairs.set(key, { agreement: 'b', b: y.r });
      counts.b++;
    }
  return { pairs, counts };
}
