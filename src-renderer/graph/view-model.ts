import type { DiscoveredGraph } from '@shared/domain/discovered-graph.ts';
import { compareArcs, type ArcAgreement } from '@shared/domain/grn/diff.ts';
import { fromDiscoveredGraph, fromNetworkGraph } from '@shared/domain/grn/from-documents.ts';
import {
  createNetwork,
  idOf,
  pairKey,
  type Attribute,
  type GeneRegulatoryNetwork,
  type Regulation,
} from '@shared/domain/grn/network.ts';
import type { NetworkGraph } from '@shared/domain/network.ts';

/**
 * What the network view draws: a regulatory network (src-shared/domain/grn) with a title and, when
 * two runs are compared in one overlay, which run has each regulation. Whatever the network came
 * from (a project network, a discovery result, an overlay of two), the view sees this one shape.
 */
export type EdgeMembership = 'a' | 'b' | 'both' | 'reweighted' | 'reversed' | 'orientation';

export interface ViewGraph {
  title: string;
  network: GeneRegulatoryNetwork;
  /**
   * In a comparison: which run(s) have each regulation, by regulation id, compared by arcs: 'both'
   * is the same arc (or undirected in both), 'reversed' opposite arcs, 'orientation' directed in one
   * run and undirected in the other (compareArcs in src-shared/domain/grn/diff.ts); in a diff of two
   * versions, 'reweighted' is the same arc with another stability (as the diff table counts it).
   */
  membership?: ReadonlyMap<string, EdgeMembership>;
  learnedTargets?: Record<string, string[]>;
}

/** A regulation as listed and inspected: with its id (also its Cytoscape element id). */
export interface ViewEdge extends Regulation {
  id: string;
  membership?: EdgeMembership;
}

export interface ViewNode {
  id: string;
  attributes: Readonly<Record<string, Attribute>>;
}

export function fromNetwork(title: string, g: NetworkGraph): ViewGraph {
  return { title, network: fromNetworkGraph(g) };
}

export function fromDiscovered(title: string, g: DiscoveredGraph): ViewGraph {
  return {
    title,
    network: fromDiscoveredGraph(g),
    ...(g.learnedTargets ? { learnedTargets: g.learnedTargets } : {}),
  };
}

export function viewNodes(g: ViewGraph): ViewNode[] {
  return [...g.network.genes].map(([id, attributes]) => ({ id, attributes }));
}

function asViewEdge(g: ViewGraph, id: string, r: Regulation): ViewEdge {
  const membership = g.membership?.get(id);
  return membership ? { ...r, id, membership } : { ...r, id };
}

export function viewEdges(g: ViewGraph): ViewEdge[] {
  return [...g.network.regulations].map(([id, r]) => asViewEdge(g, id, r));
}

export function viewEdge(g: ViewGraph, id: string | null): ViewEdge | null {
  const r = id === null ? undefined : g.network.regulations.get(id);
  return r && id !== null ? asViewEdge(g, id, r) : null;
}

/**
 * One overlay of two graphs: every adjacency of either, classed by arcs (compareArcs): the same arc
 * in both, reversed, oriented in only one, only in A, only in B. Mek→raf against raf→mek is a
 * reversal, not an agreement. Shared adjacencies are drawn with A's direction, evidence and the higher
 * stability; genes are the union, A's first. Regulations A keeps unchanged are the same objects, so
 * switching the overlay on is a small diff for the canvas.
 */
export function compareGraphs(a: ViewGraph, b: ViewGraph, options: { reweighted?: boolean } = {}): ViewGraph {
  const arcs = compareArcs(a.network, b.network).pairs;
  const seen = new Set<string>();
  const regulations: Regulation[] = [];
  const membership = new Map<string, EdgeMembership>();
  for (const r of a.network.regulations.values()) {
    const key = pairKey(r.source, r.target);
    if (seen.has(key)) continue;
    seen.add(key);
    const pair = arcs.get(key);
    const sa = r.evidence.stability;
    const sb = pair?.b?.evidence.stability;
    const stronger = sb !== undefined && (sa === undefined || sb > sa);
    regulations.push(stronger ? { ...r, evidence: { ...r.evidence, stability: sb } } : r);
    const reweighted = options.reweighted && pair?.agreement === 'same' && (sa ?? null) !== (sb ?? null);
    membership.set(idOf(r), reweighted ? 'reweighted' : MEMBERSHIP_OF[pair?.agreement ?? 'a']);
  }
  for (const r of b.network.regulations.values()) {
    const key = pairKey(r.source, r.target);
    if (seen.has(key)) continue;
    seen.add(key);
    regulations.push(r);
    membership.set(idOf(r), 'b');
  }
  const genes = new Map(a.network.genes);
  for (const [id, attrs] of b.network.genes) if (!genes.has(id)) genes.set(id, attrs);
  return {
    title: `${a.title} vs ${b.title}`,
    network: createNetwork(genes, regulations, a.network.knowledge),
    membership,
  };
}

const MEMBERSHIP_OF: Record<ArcAgreement, EdgeMembership> = {
  same: 'both',
  reversed: 'reversed',
  orientation: 'orientation',
  a: 'a',
  b: 'b',
};

export function membershipCounts(g: ViewGraph): Record<EdgeMembership, number> {
  const c = { a: 0, b: 0, both: 0, reweighted: 0, reversed: 0, orientation: 0 };
  for (const m of g.membership?.values() ?? []) c[m]++;
  return c;
}

/**
 * Genes with no regulation drawn at `threshold` (edges without a score always are). Force layouts
 * pack such genes into a grid of overlapping labels beside the network, so the view hides them by
 * default; the toolbar shows how many there are.
 */
export function isolatedGenes(g: ViewGraph, threshold: number): Set<string> {
  const linked = new Set<string>();
  for (const r of g.network.regulations.values()) {
    const s = r.evidence.stability;
    if (s !== undefined && s < threshold) continue;
    linked.add(r.source);
    linked.add(r.target);
  }
  const out = new Set<string>();
  // A gene the user just added has no edge yet, and hiding it would look like the edit failed.
  for (const [id, attributes] of g.network.genes)
    if (!linked.has(id) && attributes['addedByUser'] !== true) out.add(id);
  return out;
}

/** Adds per-gene values (e.g. a signature's log2FC) as a gene attribute; regulations are untouched. */
export function withNodeValues(
  g: ViewGraph,
  name: string,
  values: ReadonlyMap<string, number | null>,
): ViewGraph {
  const genes = new Map<string, Readonly<Record<string, Attribute>>>();
  for (const [id, attrs] of g.network.genes) genes.set(id, { ...attrs, [name]: values.get(id) ?? null });
  return { ...g, network: { ...g.network, genes } };
}
