/**
 * Causal reach of a gene into the disease genes on the stability graph: which disease genes lie
 * downstream of it, and how well supported the best path to each one is.
 *
 * Path stability is the PRODUCT of the arcs' stabilities along the path, maximised over paths (not the
 * weakest arc). Why: an arc's stability is the fraction of subsample × α runs that selected it
 * (Meinshausen & Bühlmann 2010), so a path is a chain of claims that must all hold; read as
 * independent selection probabilities, the chance that the whole chain is there is their product.
 * The bottleneck (min) would rate a chain of five 0.6 arcs as well as a single 0.6 arc, overstating
 * reach through long uncertain chains, which are exactly what a ranking must not reward. The best
 * product path is a shortest path under weights −log(stability) (Dijkstra), from each source gene.
 */
import type { GeneRegulatoryNetwork } from '#shared/domain/grn/network.ts';

export interface StabilityArc {
  readonly source: string;
  readonly target: string;
  /** In (0, 1]; arcs at 0 are ignored. */
  readonly stability: number;
}

export interface StabilityGraph {
  readonly genes: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  /** Out-arcs of v: target[outStart[v] … outStart[v+1]), with their stabilities. */
  readonly outStart: Int32Array;
  readonly target: Int32Array;
  readonly stability: Float64Array;
}

export function stabilityGraph(genes: readonly string[], arcs: readonly StabilityArc[]): StabilityGraph {
  const index = new Map(genes.map((g, i) => [g, i] as const));
  const p = genes.length;
  const kept = arcs.filter((a) => a.stability > 0 && a.source !== a.target);
  const outStart = new Int32Array(p + 1);
  for (const a of kept) {
    const s = index.get(a.source);
    if (s === undefined || !index.has(a.target))
      throw new Error(`arc ${a.source} → ${a.target}: unknown gene`);
    if (!(a.stability <= 1))
      throw new RangeError(`arc ${a.source} → ${a.target}: stability ${a.stability} > 1`);
    outStart[s + 1]!++;
  }
  for (let v = 0; v < p; v++) outStart[v + 1]! += outStart[v]!;
  const fill = outStart.slice(0, p);
  const target = new Int32Array(kept.length);
  const stability = new Float64Array(kept.length);
  for (const a of kept) {
    const k = fill[index.get(a.source)!]!++;
    target[k] = index.get(a.target)!;
    stability[k] = a.stability;
  }
  return { genes, index, outStart, target, stability };
}

/**
 * The stability graph of a GRN (src-shared/domain/grn): a directed regulation is its arc at its arc
 * stability (else its adjacency stability, else 1 for an imported network without evidence), plus the
 * reverse arc when the reverse orientation was also selected. An undirected regulation, whose
 * orientation the data left open, is an arc each way at the adjacency stability by default: reach is
 * then over POSSIBLE descendants (some member of the equivalence class has the path, as IDA counts);
 * `undirected: 'skip'` keeps definite descendants only.
 */
export function stabilityGraphFromNetwork(
  net: GeneRegulatoryNetwork,
  options: { undirected?: 'both-ways' | 'skip' } = {},
): StabilityGraph {
  const arcs: StabilityArc[] = [];
  for (const r of net.regulations.values()) {
    const adj = r.evidence.stability ?? 1;
    if (r.directed) {
      arcs.push({ source: r.source, target: r.target, stability: r.evidence.arcStability ?? adj });
      const back = r.evidence.reverseArcStability ?? 0;
      if (back > 0) arcs.push({ source: r.target, target: r.source, stability: back });
    } else if (options.undirected !== 'skip') {
      arcs.push({ source: r.source, target: r.target, stability: adj });
      arcs.push({ source: r.target, target: r.source, stability: adj });
    }
  }
  return stabilityGraph([...net.genes.keys()], arcs);
}

/** Binary min-heap of (key, node) for Dijkstra. */
class Heap {
  private keys: number[] = [];
  private nodes: number[] = [];
  get size(): number {
    return this.keys.length;
  }
  push(key: number, node: number): void {
    let i = this.keys.length;
    this.keys.push(key);
    this.nodes.push(node);
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (this.keys[up]! <= key) break;
      this.keys[i] = this.keys[up]!;
      this.nodes[i] = this.nodes[up]!;
      i = up;
    }
    this.keys[i] = key;
    this.nodes[i] = node;
  }
  pop(): [number, number] {
    const top: [number, number] = [this.keys[0]!, this.nodes[0]!];
    const k = this.keys.pop()!;
    const v = this.nodes.pop()!;
    const n = this.keys.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && this.keys[c + 1]! < this.keys[c]!) c++;
        if (this.keys[c]! >= k) break;
        this.keys[i] = this.keys[c]!;
        this.nodes[i] = this.nodes[c]!;
        i = c;
      }
      this.keys[i] = k;
      this.nodes[i] = v;
    }
    return top;
  }
}

export interface BestPaths {
  /** Best path stability from the source to each gene (0 when unreachable, 1 for the source). */
  readonly stability: Float64Array;
  /** Predecessor on the best path (−1 for the source and unreachable genes). */
  readonly previous: Int32Array;
}

/** Most stable (max product) paths from one gene to all others. */
export function bestPathsFrom(graph: StabilityGraph, source: number): BestPaths {
  const p = graph.genes.length;
  const dist = new Float64Array(p).fill(Infinity);
  const previous = new Int32Array(p).fill(-1);
  const done = new Uint8Array(p);
  const heap = new Heap();
  dist[source] = 0;
  heap.push(0, source);
  while (heap.size > 0) {
    const [d, v] = heap.pop();
    if (done[v] || d > dist[v]!) continue;
    done[v] = 1;
    for (let k = graph.outStart[v]!; k < graph.outStart[v + 1]!; k++) {
      const t = graph.target[k]!;
      const nd = d - Math.log(graph.stability[k]!);
      if (nd < dist[t]!) {
        dist[t] = nd;
        previous[t] = v;
        heap.push(nd, t);
      }
    }
  }
  const stability = new Float64Array(p);
  for (let v = 0; v < p; v++) stability[v] = Number.isFinite(dist[v]!) ? Math.exp(-dist[v]!) : 0;
  return { stability, previous };
}

export interface ReachedGene {
  readonly gene: string;
  /** Best path stability (product of arc stabilities along the most stable path). */
  readonly stability: number;
}

/** Disease genes downstream of `gene` (itself excluded), most stable first. */
export function causalReach(
  graph: StabilityGraph,
  gene: string,
  diseaseGenes: ReadonlySet<string>,
  minPathStability = 0,
): ReachedGene[] {
  const s = graph.index.get(gene);
  if (s === undefined) return [];
  const best = bestPathsFrom(graph, s);
  const out: ReachedGene[] = [];
  for (const d of diseaseGenes) {
    const t = graph.index.get(d);
    if (t === undefined || t === s) continue;
    const st = best.stability[t]!;
    if (st > 0 && st >= minPathStability) out.push({ gene: d, stability: st });
  }
  return out.sort((a, b) => b.stability - a.stability || (a.gene < b.gene ? -1 : 1));
}

export interface ReachPath {
  readonly to: string;
  /** Genes from the source to `to`, both included. */
  readonly genes: string[];
  /** Stability of each arc along the path, and their product. */
  readonly arcStabilities: number[];
  readonly stability: number;
}

/** The most stable path from `gene` to each reached disease gene: what a row of the table draws. */
export function reachPaths(
  graph: StabilityGraph,
  gene: string,
  diseaseGenes: ReadonlySet<string>,
): ReachPath[] {
  const s = graph.index.get(gene);
  if (s === undefined) return [];
  const best = bestPathsFrom(graph, s);
  const arcStability = (a: number, b: number): number => {
    let top = 0;
    for (let k = graph.outStart[a]!; k < graph.outStart[a + 1]!; k++)
      if (graph.target[k] === b) top = Math.max(top, graph.stability[k]!);
    return top;
  };
  const paths: ReachPath[] = [];
  for (const d of diseaseGenes) {
    const t = graph.index.get(d);
    if (t === undefined || t === s || best.stability[t] === 0) continue;
    const chain: number[] = [t];
    while (chain[chain.length - 1] !== s) chain.push(best.previous[chain[chain.length - 1]!]!);
    chain.reverse();
    paths.push({
      to: d,
      genes: chain.map((v) => graph.genes[v]!),
      arcStabilities: chain.slice(1).map((v, i) => arcStability(chain[i]!, v)),
      stability: best.stability[t]!,
    });
  }
  return paths.sort((a, b) => b.stability - a.stability || (a.to < b.to ? -1 : 1));
}
