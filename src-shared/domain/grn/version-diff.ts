/**
 * What a scientist asks of two versions of a network: which regulations were added, removed, reversed,
 * re-oriented (directed ↔ undirected) or re-weighted, and which background knowledge changed. Compared
 * per gene pair and by arcs, as the structural Hamming distance does (Tsamardinos, Brown, Aliferis
 * 2006): RAF→MEK against MEK→RAF is a reversal, its own class, not an agreement. The CLI's
 * `network diff` and the Network page's diff table both read this (diff.ts is the element-level
 * diff that updates Cytoscape in place).
 */
import {
  pairKey,
  type GeneKnowledge,
  type GenePair,
  type GeneRegulatoryNetwork,
  type Regulation,
} from './network.ts';
import { sameValue } from './same-value.ts';

/**
 * - added / removed: the gene pair is adjacent in B only / in A only;
 * - reversed: one directed arc in each, pointing opposite ways;
 * - reoriented: adjacent in both, but directed in one and undirected (or a feedback loop) in the other;
 * - reweighted: the same arcs, another stability (the strongest of the pair's regulations).
 */
export const REGULATION_CHANGES = ['added', 'removed', 'reversed', 'reoriented', 'reweighted'] as const;
export type RegulationChangeKind = (typeof REGULATION_CHANGES)[number];

export interface RegulationChange {
  readonly kind: RegulationChangeKind;
  /** The two genes, in name order (the pair's identity whatever the direction). */
  readonly genes: GenePair;
  /** The pair's regulations in A and in B (two in a feedback loop, none where absent). */
  readonly a: readonly Regulation[];
  readonly b: readonly Regulation[];
  /** The pair's stability in A and in B, null where absent or never measured. */
  readonly stabilityA: number | null;
  readonly stabilityB: number | null;
}

export const KNOWLEDGE_LISTS = [
  'allowedAdjacencies',
  'forbiddenAdjacencies',
  'requiredAdjacencies',
  'forbiddenArcs',
  'requiredArcs',
] as const;
export type KnowledgeList = (typeof KNOWLEDGE_LISTS)[number];

export interface KnowledgeChange {
  readonly list: KnowledgeList;
  readonly change: 'added' | 'removed';
  /** An arc source → target for the arc lists; a gene pair for the adjacency lists. */
  readonly pair: GenePair;
}

export interface VersionDiff {
  /** Sorted by kind (in REGULATION_CHANGES order), then by gene pair. */
  readonly regulations: readonly RegulationChange[];
  readonly knowledge: readonly KnowledgeChange[];
  /** The tiers before and after, when they differ. */
  readonly tiers: { readonly a: string[][]; readonly b: string[][] } | null;
  readonly genes: { readonly added: readonly string[]; readonly removed: readonly string[] };
  /** Gene pairs adjacent in both with the same arcs and stability. */
  readonly unchanged: number;
  readonly counts: Readonly<Record<RegulationChangeKind, number>> & {
    readonly knowledge: number;
    readonly tiers: number;
    readonly genesAdded: number;
    readonly genesRemoved: number;
  };
}

function byPair(net: GeneRegulatoryNetwork): Map<string, Regulation[]> {
  const out = new Map<string, Regulation[]>();
  for (const r of net.regulations.values()) {
    const key = pairKey(r.source, r.target);
    const list = out.get(key);
    if (list) list.push(r);
    else out.set(key, [r]);
  }
  return out;
}

/** The pair's arcs as one comparable word: "A→B", "A—B", or "A⇄B" for a feedback loop. */
export function pairLabel(regulations: readonly Regulation[]): string {
  if (regulations.length === 0) return '';
  const [r] = regulations;
  if (regulations.length > 1) {
    const [x, y] = [r!.source, r!.target].sort();
    return `${x}⇄${y}`;
  }
  if (r!.directed) return `${r!.source}→${r!.target}`;
  const [x, y] = [r!.source, r!.target].sort();
  return `${x}—${y}`;
}

const stabilityOf = (regs: readonly Regulation[]): number | null => {
  let best: number | null = null;
  for (const r of regs) {
    const s = r.evidence.stability;
    if (s !== undefined && (best === null || s > best)) best = s;
  }
  return best;
};

function classify(a: readonly Regulation[], b: readonly Regulation[]): RegulationChangeKind | null {
  if (a.length === 0) return 'added';
  if (b.length === 0) return 'removed';
  const la = pairLabel(a);
  const lb = pairLabel(b);
  if (la === lb) return stabilityOf(a) === stabilityOf(b) ? null : 'reweighted';
  const single = a.length === 1 && b.length === 1 && a[0]!.directed && b[0]!.directed;
  return single ? 'reversed' : 'reoriented';
}

const sortedGenes = (x: string, y: string): GenePair => (x < y ? [x, y] : [y, x]);

function knowledgeChanges(a: GeneKnowledge, b: GeneKnowledge): KnowledgeChange[] {
  const out: KnowledgeChange[] = [];
  for (const list of KNOWLEDGE_LISTS) {
    const adjacency = list.endsWith('Adjacencies');
    const key = ([x, y]: GenePair): string => (adjacency ? pairKey(x, y) : `${x}\u0000${y}`);
    const pairs = (k: GeneKnowledge): Map<string, GenePair> =>
      new Map((k[list] ?? []).map((p) => [key(p), adjacency ? sortedGenes(p[0], p[1]) : p] as const));
    const inA = pairs(a);
    const inB = pairs(b);
    for (const [k, p] of inB) if (!inA.has(k)) out.push({ list, change: 'added', pair: p });
    for (const [k, p] of inA) if (!inB.has(k)) out.push({ list, change: 'removed', pair: p });
  }
  return out;
}

/** How version B differs from version A (A is "before"). */
export function diffVersions(a: GeneRegulatoryNetwork, b: GeneRegulatoryNetwork): VersionDiff {
  const pa = byPair(a);
  const pb = byPair(b);
  const regulations: RegulationChange[] = [];
  let unchanged = 0;
  for (const key of new Set([...pa.keys(), ...pb.keys()])) {
    const ra = pa.get(key) ?? [];
    const rb = pb.get(key) ?? [];
    const kind = classify(ra, rb);
    if (kind === null) {
      unchanged++;
      continue;
    }
    const any = (ra[0] ?? rb[0])!;
    regulations.push({
      kind,
      genes: sortedGenes(any.source, any.target),
      a: ra,
      b: rb,
      stabilityA: stabilityOf(ra),
      stabilityB: stabilityOf(rb),
    });
  }
  const order = (k: RegulationChangeKind): number => REGULATION_CHANGES.indexOf(k);
  regulations.sort(
    (x, y) =>
      order(x.kind) - order(y.kind) ||
      x.genes[0].localeCompare(y.genes[0]) ||
      x.genes[1].localeCompare(y.genes[1]),
  );
  const knowledge = knowledgeChanges(a.knowledge, b.knowledge);
  const tiers = sameValue(a.knowledge.tiers, b.knowledge.tiers)
    ? null
    : { a: a.knowledge.tiers.map((t) => [...t]), b: b.knowledge.tiers.map((t) => [...t]) };
  const added = [...b.genes.keys()].filter((g) => !a.genes.has(g));
  const removed = [...a.genes.keys()].filter((g) => !b.genes.has(g));
  const counts = { added: 0, removed: 0, reversed: 0, reoriented: 0, reweighted: 0 };
  for (const r of regulations) counts[r.kind]++;
  return {
    regulations,
    knowledge,
    tiers,
    genes: { added, removed },
    unchanged,
    counts: {
      ...counts,
      knowledge: knowledge.length,
      tiers: tiers ? 1 : 0,
      genesAdded: added.length,
      genesRemoved: removed.length,
    },
  };
}
