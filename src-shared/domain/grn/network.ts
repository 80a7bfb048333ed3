/**
 * The gene regulatory network as the app reasons about it: genes, regulations between them (directed
 * regulator → target, or undirected when the data cannot orient them, as in a CPDAG), the evidence for
 * each regulation, and the background knowledge the search was given. Stored documents (a discovery
 * result, an imported network) are converted into this model (from-documents.ts); edits (edits.ts) and
 * diffs (diff.ts) work on it; the network view draws it.
 *
 * Immutable: an edit returns a new network, so undo is "apply the inverse" and views diff two values.
 */
import { z } from 'zod';

export const GeneName = z.string().min(1).max(200);
export const Attribute = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]);
export type Attribute = z.infer<typeof Attribute>;
export const Attributes = z.record(z.string().max(200), Attribute);
const Frequency = z.number().min(0).max(1);
/** JSON has no NaN: a p-value that was never computed is null. */
const PValue = z.number().min(0).max(1).nullable();

/** Why we believe a regulation; every field is optional because each source knows different things. */
export const RegulationEvidence = z.object({
  /** Stability selection score of the adjacency (max over α of its selection frequency). */
  stability: Frequency.optional(),
  /** Stability of source → target, and of target → source (stability selection per orientation). */
  arcStability: Frequency.optional(),
  reverseArcStability: Frequency.optional(),
  /** The deciding conditional-independence test (the weakest evidence for a PC edge). */
  ciPValue: PValue.optional(),
  ciStatistic: z.number().optional(),
  /** Directed only because interventions oriented it (undirected in the observational CPDAG). */
  orientedByIntervention: z.boolean().optional(),
  /** Settings whose targets contain the source, with the target's invariance-test p-value. */
  invariance: z.array(z.object({ setting: z.string().max(500), pValue: PValue })).optional(),
  /** Added or oriented by the user rather than learned from data. */
  editedByUser: z.boolean().optional(),
  note: z.string().max(10_000).optional(),
});
export type RegulationEvidence = z.infer<typeof RegulationEvidence>;

export const Regulation = z.object({
  source: GeneName,
  target: GeneName,
  directed: z.boolean(),
  evidence: RegulationEvidence,
  /** Columns of an imported network (interaction type, database score…), shown and exported as is. */
  attributes: Attributes,
});
export type Regulation = z.infer<typeof Regulation>;

const GenePair = z.tuple([GeneName, GeneName]);
export type GenePair = readonly [string, string];

/**
 * Background knowledge by gene name (Meek 1995 §3, plus an allowed skeleton such as a PPI network).
 * Lists are kept sorted (pairKey/arcKey order) so equal knowledge is equal as data.
 */
export const GeneKnowledge = z.object({
  /** If present, only these unordered pairs may be adjacent. */
  allowedAdjacencies: z.array(GenePair).optional(),
  forbiddenAdjacencies: z.array(GenePair).default([]),
  requiredAdjacencies: z.array(GenePair).default([]),
  forbiddenArcs: z.array(GenePair).default([]),
  requiredArcs: z.array(GenePair).default([]),
  /** Ordered tiers: no regulation may point from a later tier into an earlier one. */
  tiers: z.array(z.array(GeneName)).default([]),
});
export type GeneKnowledge = z.infer<typeof GeneKnowledge>;

export const NO_KNOWLEDGE: GeneKnowledge = {
  forbiddenAdjacencies: [],
  requiredAdjacencies: [],
  forbiddenArcs: [],
  requiredArcs: [],
  tiers: [],
};

export interface GeneRegulatoryNetwork {
  /** Gene → its attributes (fold changes, annotations), in display order. */
  readonly genes: ReadonlyMap<string, Readonly<Record<string, Attribute>>>;
  /** Regulations by regulationId. */
  readonly regulations: ReadonlyMap<string, Regulation>;
  readonly knowledge: GeneKnowledge;
}

/**
 * The key of an unordered gene pair. NUL cannot occur in a gene name read from text, so keys of
 * different pairs never collide.
 */
export const pairKey = (a: string, b: string): string => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
export const arcKey = (source: string, target: string): string => `${source}\u0000${target}`;

/**
 * A regulation's identity (and its Cytoscape element id): "A→B" when directed, "A—B" (genes in
 * order) when not. A pair holds either one undirected regulation or up to one per direction
 * (feedback loops are common in imported regulatory networks).
 */
export function regulationId(source: string, target: string, directed: boolean): string {
  if (directed) return `${source}→${target}`;
  return source < target ? `${source}—${target}` : `${target}—${source}`;
}

export const idOf = (r: Pick<Regulation, 'source' | 'target' | 'directed'>): string =>
  regulationId(r.source, r.target, r.directed);

/** The regulations already on the pair {a, b} that a new regulation a→b / a—b would contradict. */
export function conflicting(net: GeneRegulatoryNetwork, r: Regulation): Regulation[] {
  const candidates = r.directed
    ? [regulationId(r.source, r.target, true), regulationId(r.source, r.target, false)]
    : [
        regulationId(r.source, r.target, false),
        regulationId(r.source, r.target, true),
        regulationId(r.target, r.source, true),
      ];
  return candidates.flatMap((id) => {
    const found = net.regulations.get(id);
    return found ? [found] : [];
  });
}

/** Pairs sorted by `key` without repeats: the canonical order of every knowledge list. */
export function sortedPairs(pairs: readonly GenePair[], key: (p: GenePair) => string): [string, string][] {
  const byKey = new Map(pairs.map((p) => [key(p), [p[0], p[1]] as [string, string]]));
  return [...byKey.keys()].sort().map((k) => byKey.get(k)!);
}

/** Knowledge in canonical form (adjacencies as gene-ordered pairs, lists sorted), so equal means equal. */
function normaliseKnowledge(k: GeneKnowledge): GeneKnowledge {
  const adjacencies = (pairs: readonly GenePair[]) =>
    sortedPairs(
      pairs.map(([a, b]) => (a < b ? [a, b] : [b, a])),
      ([a, b]) => pairKey(a, b),
    );
  const arcs = (pairs: readonly GenePair[]) => sortedPairs(pairs, ([a, b]) => arcKey(a, b));
  return {
    ...(k.allowedAdjacencies ? { allowedAdjacencies: adjacencies(k.allowedAdjacencies) } : {}),
    forbiddenAdjacencies: adjacencies(k.forbiddenAdjacencies),
    requiredAdjacencies: adjacencies(k.requiredAdjacencies),
    forbiddenArcs: arcs(k.forbiddenArcs),
    requiredArcs: arcs(k.requiredArcs),
    tiers: k.tiers.map((t) => [...t]),
  };
}

/** A network from genes and regulations; regulations that contradict an earlier one are dropped. */
export function createNetwork(
  genes: Iterable<readonly [string, Readonly<Record<string, Attribute>>]>,
  regulations: Iterable<Regulation>,
  knowledge: GeneKnowledge = NO_KNOWLEDGE,
): GeneRegulatoryNetwork {
  const net = {
    genes: new Map(genes),
    regulations: new Map<string, Regulation>(),
    knowledge: normaliseKnowledge(knowledge),
  };
  for (const r of regulations) {
    // An edge to a gene the document does not list would make every consumer check; drop it here.
    if (!net.genes.has(r.source) || !net.genes.has(r.target) || r.source === r.target) continue;
    if (conflicting(net, r).length === 0) net.regulations.set(idOf(r), r);
  }
  return net;
}

/** True when some regulation carries a stability score (the view then offers a threshold). */
export function hasStability(net: GeneRegulatoryNetwork): boolean {
  for (const r of net.regulations.values()) if (r.evidence.stability !== undefined) return true;
  return false;
}
