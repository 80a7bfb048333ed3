/**
 * Pruning of the Goemans–Williamson forest (Hegde, Indyk & Schmidt 2015, §4; the options of pcst_fast):
 *  - 'none':   every tight edge, and every vertex in a surviving cluster;
 *  - 'simple': only the tight edges inside the clusters that survive (the root's cluster, or the
 *              clusters still active at the end in the unrooted problem);
 *  - 'gw':     the classic GW reverse-delete: an edge that absorbed an inactive cluster is dropped with
 *              that cluster's side unless the cluster was needed to connect something kept later;
 *  - 'strong': on each tree, root it (at the PCST root, else at the vertex whose rooting pays most) and cut
 *              every subtree whose prizes do not pay for itself and the edge that joins it; this is
 *              optimal for a fixed tree (dynamic programming) and is what OmicsIntegrator2 uses.
 */
import type { GrowthResult, PcstInstance } from './gw-growth.ts';

export type PruningMethod = 'none' | 'simple' | 'gw' | 'strong';

export interface PcstSolution {
  /** Selected vertices, ascending. */
  vertices: Int32Array;
  /** Selected edges (indices into the instance's edge arrays), in the order the growth made them tight. */
  edges: Int32Array;
}

export function pruneForest(inst: PcstInstance, growth: GrowthResult, method: PruningMethod): PcstSolution {
  const n = inst.prize.length;
  const { edgeU, edgeV } = inst;
  const good = markGoodVertices(inst, growth);

  if (method === 'none') {
    const inSolution = good.slice();
    for (const e of growth.mergeEdges) {
      inSolution[edgeU[e]!] = 1;
      inSolution[edgeV[e]!] = 1;
    }
    return { vertices: indicesOf(inSolution), edges: growth.mergeEdges.slice() };
  }

  const kept: number[] = [];
  for (const e of growth.mergeEdges) if (good[edgeU[e]!] && good[edgeV[e]!]) kept.push(e);
  if (method === 'simple') return { vertices: indicesOf(good), edges: Int32Array.from(kept) };

  const tree = new ForestAdjacency(n, kept, inst);
  const deleted = new Uint8Array(n);
  let result: number[];
  if (method === 'gw') {
    const necessary = new Uint8Array(growth.clusterCount);
    const markNecessary = (start: number): void => {
      for (let c = start; c >= 0 && !necessary[c]; c = growth.mergedInto[c]!) necessary[c] = 1;
    };
    result = [];
    for (let i = kept.length - 1; i >= 0; i--) {
      const e = kept[i]!;
      const u = edgeU[e]!;
      const v = edgeV[e]!;
      if (deleted[u] && deleted[v]) continue;
      const idle = growth.inactiveCluster[e]!;
      if (idle < 0) {
        markNecessary(u);
        markNecessary(v);
        result.push(e);
      } else if (necessary[idle]) {
        result.push(e);
        markNecessary(growth.inactiveSideVertex[e]!);
        markNecessary(growth.activeSideVertex[e]!);
      } else {
        tree.deleteSubtree(growth.inactiveSideVertex[e]!, growth.activeSideVertex[e]!, deleted);
      }
    }
  } else {
    const componentOf = new Int32Array(n).fill(-1);
    for (const e of kept) {
      const start = edgeU[e]!;
      if (componentOf[start]! >= 0) continue;
      const members = tree.component(start, componentOf);
      const containsRoot = inst.root >= 0 && componentOf[inst.root] === componentOf[start];
      const from = containsRoot ? inst.root : tree.bestRoot(members[0]!);
      tree.strongPrune(from, deleted);
    }
    result = kept.filter((e) => !deleted[edgeU[e]!] && !deleted[edgeV[e]!]);
  }
  const vertices = good.slice();
  for (let v = 0; v < n; v++) if (deleted[v]) vertices[v] = 0;
  return { vertices: indicesOf(vertices), edges: Int32Array.from(result) };
}

/** Vertices of the clusters that survive: the root's cluster (rooted) or the active clusters (unrooted). */
function markGoodVertices(inst: PcstInstance, growth: GrowthResult): Uint8Array {
  const good = new Uint8Array(inst.prize.length);
  const stack: number[] = [];
  for (let c = 0; c < growth.clusterCount; c++) {
    const survives =
      inst.root >= 0 ? growth.containsRoot[c] && growth.mergedInto[c]! < 0 : growth.active[c] === 1;
    if (!survives) continue;
    stack.push(c);
    while (stack.length > 0) {
      const x = stack.pop()!;
      if (growth.mergedAlong[x]! >= 0) stack.push(growth.child1[x]!, growth.child2[x]!);
      else good[x] = 1;
    }
    if (inst.root >= 0) break;
  }
  return good;
}

function indicesOf(flags: Uint8Array): Int32Array {
  let count = 0;
  for (let i = 0; i < flags.length; i++) count += flags[i]!;
  const out = new Int32Array(count);
  for (let i = 0, k = 0; i < flags.length; i++) if (flags[i]) out[k++] = i;
  return out;
}

/** Adjacency (CSR) of the kept tight edges, which form a forest, with the tree dynamic programs. */
class ForestAdjacency {
  private readonly start: Int32Array;
  private readonly nbr: Int32Array;
  private readonly nbrCost: Float64Array;
  private readonly parent: Int32Array;
  private readonly parentCost: Float64Array;
  private readonly payoff: Float64Array;
  private readonly prize: Float64Array;

  constructor(n: number, edges: number[], inst: PcstInstance) {
    this.prize = inst.prize;
    this.start = new Int32Array(n + 1);
    for (const e of edges) {
      this.start[inst.edgeU[e]! + 1]!++;
      this.start[inst.edgeV[e]! + 1]!++;
    }
    for (let v = 0; v < n; v++) this.start[v + 1]! += this.start[v]!;
    const fill = this.start.slice(0, n);
    this.nbr = new Int32Array(2 * edges.length);
    this.nbrCost = new Float64Array(2 * edges.length);
    // Neighbours in edge order, as pcst_fast's adjacency lists, so DFS orders (and ties) agree.
    for (const e of edges) {
      const u = inst.edgeU[e]!;
      const v = inst.edgeV[e]!;
      const c = inst.cost[e]!;
      this.nbr[fill[u]!] = v;
      this.nbrCost[fill[u]!++] = c;
      this.nbr[fill[v]!] = u;
      this.nbrCost[fill[v]!++] = c;
    }
    this.parent = new Int32Array(n).fill(-1);
    this.parentCost = new Float64Array(n);
    this.payoff = new Float64Array(n).fill(-1);
  }

  component(startVertex: number, label: Int32Array): number[] {
    const id = startVertex;
    const queue = [startVertex];
    label[startVertex] = id;
    for (let i = 0; i < queue.length; i++) {
      const x = queue[i]!;
      for (let k = this.start[x]!; k < this.start[x + 1]!; k++) {
        const y = this.nbr[k]!;
        if (label[y]! < 0) {
          label[y] = id;
          queue.push(y);
        }
      }
    }
    return queue;
  }

  /** Removes the subtree hanging from `from` away from `parentVertex`. */
  deleteSubtree(from: number, parentVertex: number, deleted: Uint8Array): void {
    deleted[from] = 1;
    const queue = [from];
    for (let i = 0; i < queue.length; i++) {
      const x = queue[i]!;
      for (let k = this.start[x]!; k < this.start[x + 1]!; k++) {
        const y = this.nbr[k]!;
        if (y === parentVertex || deleted[y]) continue;
        deleted[y] = 1;
        queue.push(y);
      }
    }
  }

  /**
   * Post-order payoff: payoff(v) = prize(v) + Σ over children c of max(0, payoff(c) − cost(v,c)); with
   * `deleted` given, subtrees whose net payoff is ≤ 0 are cut.
   */
  strongPrune(rootVertex: number, deleted: Uint8Array | null): void {
    const { start, nbr, nbrCost, parent, parentCost, payoff, prize } = this;
    const stack: number[] = [rootVertex, 1];
    parent[rootVertex] = -1;
    parentCost[rootVertex] = 0;
    while (stack.length > 0) {
      const begin = stack.pop()!;
      const x = stack.pop()!;
      if (begin) {
        stack.push(x, 0);
        for (let k = start[x]!; k < start[x + 1]!; k++) {
          const y = nbr[k]!;
          if (y === parent[x]) continue;
          parent[y] = x;
          parentCost[y] = nbrCost[k]!;
          stack.push(y, 1);
        }
      } else {
        let value = prize[x]!;
        for (let k = start[x]!; k < start[x + 1]!; k++) {
          const y = nbr[k]!;
          if (y === parent[x]) continue;
          const net = payoff[y]! - nbrCost[k]!;
          if (net <= 0) {
            if (deleted) this.deleteSubtree(y, x, deleted);
          } else value += net;
        }
        payoff[x] = value;
      }
    }
  }

  /** The vertex of the tree whose rooting gives the largest pruned payoff (rerooting in O(size)). */
  bestRoot(first: number): number {
    this.strongPrune(first, null);
    const { start, nbr, parent, parentCost, payoff } = this;
    let best = first;
    let bestValue = payoff[first]!;
    const stack: number[] = [];
    for (let k = start[first]!; k < start[first + 1]!; k++) stack.push(nbr[k]!);
    while (stack.length > 0) {
      const x = stack.pop()!;
      const p = parent[x]!;
      const edgeCost = parentCost[x]!;
      let parentWithout = payoff[p]!;
      const net = payoff[x]! - edgeCost;
      if (net > 0) parentWithout -= net;
      if (parentWithout > edgeCost) payoff[x]! += parentWithout - edgeCost;
      if (payoff[x]! > bestValue) {
        best = x;
        bestValue = payoff[x]!;
      }
      for (let k = start[x]!; k < start[x + 1]!; k++) if (nbr[k] !== p) stack.push(nbr[k]!);
    }
    return best;
  }
}
