/**
 * Goemans–Williamson moat growing for the prize-collecting Steiner tree, in the nearly-linear-time form of
 * Hegde, Indyk & Schmidt (2015, "A nearly-linear time framework for graph-structured sparsity", ICML;
 * the pcst_fast algorithm): every vertex starts as an active cluster whose moat grows at unit rate; an
 * edge becomes tight when the moats on it cover its cost and then merges its two clusters; a cluster
 * deactivates when its moats have paid for its prize sum. In the rooted variant the root's cluster never
 * grows and every cluster that touches it stops.
 *
 * Instead of updating every edge at each event, each edge is split into two parts, one per endpoint, and
 * each part carries the time at which its side would be exhausted if nothing changed. Each cluster keeps
 * its parts in a pairing heap; only the earliest part of each active cluster sits in a global queue.
 * An event that fires early (the other side stopped growing) recomputes the edge's remainder from the
 * moats and reschedules, so events are never late. Inactive clusters' heaps are frozen; when such a
 * cluster is absorbed its whole heap is shifted by the time it sat idle.
 *
 * Event order follows pcst_fast exactly (edge events before deactivations only when strictly earlier,
 * ties by cluster index, heap ties as in its pairing heap, the same ε for tightness), so that on the same
 * input the same clusters form and OmicsIntegrator2's published subnetworks are reproduced.
 */
import { IndexedMinQueue } from './indexed-queue.ts';
import { PairingHeapPool } from './pairing-heap.ts';

/** A rooted or unrooted PCST instance on vertices 0 … n−1. Edge e joins edgeU[e] and edgeV[e]. */
export interface PcstInstance {
  edgeU: Int32Array;
  edgeV: Int32Array;
  cost: Float64Array;
  prize: Float64Array;
  /** Root vertex, or −1 for the unrooted problem (growth then runs until one active cluster remains). */
  root: number;
}

/** The cluster hierarchy of the growth phase; clusters 0 … n−1 are the vertices, the rest are merges. */
export interface GrowthResult {
  clusterCount: number;
  /** Edge along which the cluster was formed (−1 for a vertex). */
  mergedAlong: Int32Array;
  child1: Int32Array;
  child2: Int32Array;
  mergedInto: Int32Array;
  active: Uint8Array;
  containsRoot: Uint8Array;
  /** Tight edges in the order they merged clusters. */
  mergeEdges: Int32Array;
  /** Per edge: inactive cluster absorbed along it (−1 if both sides were active), and its vertex sides. */
  inactiveCluster: Int32Array;
  inactiveSideVertex: Int32Array;
  activeSideVertex: Int32Array;
  /** Number of edge events processed (for benchmarks). */
  edgeEvents: number;
}

const EPS = 1e-10;

export function growClusters(inst: PcstInstance): GrowthResult {
  const { edgeU, edgeV, cost, prize, root } = inst;
  const n = prize.length;
  const m = cost.length;
  const cap = Math.max(1, 2 * n);

  const active = new Uint8Array(cap);
  const startTime = new Float64Array(cap);
  const endTime = new Float64Array(cap).fill(-1);
  const mergedInto = new Int32Array(cap).fill(-1);
  const prizeSum = new Float64Array(cap);
  const subMoatSum = new Float64Array(cap);
  const moat = new Float64Array(cap);
  const containsRoot = new Uint8Array(cap);
  const skipUp = new Int32Array(cap).fill(-1);
  const skipUpSum = new Float64Array(cap);
  const mergedAlong = new Int32Array(cap).fill(-1);
  const child1 = new Int32Array(cap).fill(-1);
  const child2 = new Int32Array(cap).fill(-1);
  const heapRoot = new Int32Array(cap).fill(-1);

  const heaps = new PairingHeapPool(2 * m);
  /** Per edge part: the length of the edge its side will have covered when its event fires. */
  const partVal = new Float64Array(2 * m);
  const partDeleted = new Uint8Array(2 * m);
  const deactivation = new IndexedMinQueue(cap);
  const nextEdgeEvent = new IndexedMinQueue(cap);

  const inactiveCluster = new Int32Array(m).fill(-1);
  const inactiveSideVertex = new Int32Array(m).fill(-1);
  const activeSideVertex = new Int32Array(m).fill(-1);
  const mergeEdges: number[] = [];

  for (let v = 0; v < n; v++) {
    const p = prize[v]!;
    if (!(p >= 0)) throw new RangeError(`prize of vertex ${v} must be ≥ 0, got ${p}`);
    active[v] = v === root ? 0 : 1;
    prizeSum[v] = p;
    containsRoot[v] = v === root ? 1 : 0;
    if (v === root) endTime[v] = 0;
    if (active[v]) deactivation.insert(v, p);
  }
  for (let e = 0; e < m; e++) {
    const u = edgeU[e]!;
    const v = edgeV[e]!;
    const c = cost[e]!;
    if (u < 0 || v < 0 || u >= n || v >= n) throw new RangeError(`edge ${e} has an endpoint out of range`);
    if (!(c >= 0)) throw new RangeError(`cost of edge ${e} must be ≥ 0, got ${c}`);
    let valU = 0;
    let valV = 0;
    if (active[u] && active[v]) valU = valV = c / 2;
    else if (active[u]) valU = c;
    else if (active[v]) valV = c;
    partVal[2 * e] = valU;
    partVal[2 * e + 1] = valV;
    heapRoot[u] = heaps.insert(heapRoot[u]!, 2 * e, valU);
    heapRoot[v] = heaps.insert(heapRoot[v]!, 2 * e + 1, valV);
  }
  for (let v = 0; v < n; v++) {
    if (active[v] && heapRoot[v]! >= 0) nextEdgeEvent.insert(v, heaps.value[heapRoot[v]!]!);
  }

  let clusterCount = n;
  let activeCount = root >= 0 ? n - 1 : n;
  const targetActive = root >= 0 ? 0 : 1;
  let now = 0;
  let edgeEvents = 0;

  // Moat sums along the merge chain above a vertex, with path compression (skip pointers).
  const visited = new Int32Array(cap);
  const visitedSum = new Float64Array(cap);
  /** sums[0]: moats covering the part's side of the edge so far; sums[1]: of finished (inactive) moats. */
  const sums = new Float64Array(2);
  const sumOnPart = (part: number, time: number): number => {
    let c = part & 1 ? edgeV[part >> 1]! : edgeU[part >> 1]!;
    let total = 0;
    let depth = 0;
    while (mergedInto[c]! >= 0) {
      visited[depth] = c;
      visitedSum[depth++] = total;
      if (skipUp[c]! >= 0) {
        total += skipUpSum[c]!;
        c = skipUp[c]!;
      } else {
        total += moat[c]!;
        c = mergedInto[c]!;
      }
    }
    for (let i = 0; i < depth; i++) {
      skipUp[visited[i]!] = c;
      skipUpSum[visited[i]!] = total - visitedSum[i]!;
    }
    if (active[c]) {
      sums[1] = total;
      total += time - startTime[c]!;
    } else {
      total += moat[c]!;
      sums[1] = total;
    }
    sums[0] = total;
    return c;
  };

  const refreshEdgeEvent = (c: number): void => {
    if (heapRoot[c]! >= 0) nextEdgeEvent.set(c, heaps.value[heapRoot[c]!]!);
    else nextEdgeEvent.remove(c);
  };

  while (activeCount > targetActive) {
    const edgeCluster = nextEdgeEvent.minIndex();
    const edgeTime = nextEdgeEvent.minKey();
    const clusterTime = deactivation.minKey();
    if (edgeCluster < 0 && deactivation.size === 0) break;

    if (edgeTime < clusterTime) {
      edgeEvents++;
      now = edgeTime;
      const part = heapRoot[edgeCluster]!;
      heapRoot[edgeCluster] = heaps.deleteMin(part);
      refreshEdgeEvent(edgeCluster);
      if (partDeleted[part]) continue;

      const other = part ^ 1;
      const edge = part >> 1;
      const edgeCost = cost[edge]!;
      const cur = sumOnPart(part, now);
      const sumCur = sums[0]!;
      const oth = sumOnPart(other, now);
      const sumOther = sums[0]!;
      const otherFinished = sums[1]!;
      const remainder = edgeCost - sumCur - sumOther;

      if (cur === oth) {
        partDeleted[other] = 1;
        continue;
      }

      if (remainder < EPS * edgeCost || remainder === 0) {
        // The edge is tight: merge the two clusters into a new one.
        mergeEdges.push(edge);
        partDeleted[other] = 1;
        const merged = clusterCount++;
        const t = now + remainder;
        prizeSum[merged] = prizeSum[cur]! + prizeSum[oth]!;
        subMoatSum[merged] = subMoatSum[cur]! + subMoatSum[oth]!;
        containsRoot[merged] = containsRoot[cur]! | containsRoot[oth]!;
        active[merged] = containsRoot[merged] ? 0 : 1;
        mergedAlong[merged] = edge;
        child1[merged] = cur;
        child2[merged] = oth;

        active[cur] = 0;
        endTime[cur] = t;
        mergedInto[cur] = merged;
        moat[cur] = t - startTime[cur]!;
        deactivation.remove(cur);
        nextEdgeEvent.remove(cur);
        activeCount--;

        if (active[oth]) {
          active[oth] = 0;
          endTime[oth] = t;
          moat[oth] = t - startTime[oth]!;
          deactivation.remove(oth);
          nextEdgeEvent.remove(oth);
          activeCount--;
        } else if (!containsRoot[oth]) {
          // The idle cluster's events resume now: shift them by the time it sat still.
          heaps.addToHeap(heapRoot[oth]!, t - endTime[oth]!);
          inactiveCluster[edge] = oth;
          const activeVertex = part & 1 ? edgeV[edge]! : edgeU[edge]!;
          const inactiveVertex = part & 1 ? edgeU[edge]! : edgeV[edge]!;
          activeSideVertex[edge] = activeVertex;
          inactiveSideVertex[edge] = inactiveVertex;
        }
        mergedInto[oth] = merged;
        heapRoot[merged] = heaps.link(heapRoot[cur]!, heapRoot[oth]!);
        heapRoot[cur] = -1;
        heapRoot[oth] = -1;
        subMoatSum[merged] += moat[cur]! + moat[oth]!;

        if (active[merged]) {
          startTime[merged] = t;
          deactivation.insert(merged, t + prizeSum[merged]! - subMoatSum[merged]!);
          if (heapRoot[merged]! >= 0) nextEdgeEvent.insert(merged, heaps.value[heapRoot[merged]!]!);
          activeCount++;
        }
      } else if (active[oth]) {
        // Both sides grow: they meet half-way through the remainder.
        const eventTime = now + remainder / 2;
        partVal[part] = sumCur + remainder / 2;
        heapRoot[cur] = heaps.insert(heapRoot[cur]!, part, eventTime);
        refreshEdgeEvent(cur);
        const fromKey = startTime[oth]! + partVal[other]! - otherFinished;
        heapRoot[oth] = heaps.decreaseKey(heapRoot[oth]!, other, fromKey, eventTime);
        refreshEdgeEvent(oth);
        partVal[other] = sumOther + remainder / 2;
      } else {
        // Only this side grows; the idle side's part fires as soon as its cluster is absorbed.
        const eventTime = now + remainder;
        partVal[part] = edgeCost - otherFinished;
        heapRoot[cur] = heaps.insert(heapRoot[cur]!, part, eventTime);
        refreshEdgeEvent(cur);
        const fromKey = endTime[oth]! + partVal[other]! - otherFinished;
        heapRoot[oth] = heaps.decreaseKey(heapRoot[oth]!, other, fromKey, endTime[oth]!);
        partVal[other] = otherFinished;
      }
    } else {
      // A cluster has paid for its prizes and stops growing.
      now = clusterTime;
      const c = deactivation.minIndex();
      deactivation.remove(c);
      active[c] = 0;
      endTime[c] = now;
      moat[c] = now - startTime[c]!;
      nextEdgeEvent.remove(c);
      activeCount--;
    }
  }

  return {
    clusterCount,
    mergedAlong: mergedAlong.subarray(0, clusterCount),
    child1: child1.subarray(0, clusterCount),
    child2: child2.subarray(0, clusterCount),
    mergedInto: mergedInto.subarray(0, clusterCount),
    active: active.subarray(0, clusterCount),
    containsRoot: containsRoot.subarray(0, clusterCount),
    mergeEdges: Int32Array.from(mergeEdges),
    inactiveCluster,
    inactiveSideVertex,
    activeSideVertex,
    edgeEvents,
  };
}
