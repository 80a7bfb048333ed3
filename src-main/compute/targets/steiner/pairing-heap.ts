/**
 * Meldable min-heaps of edge parts for Goemans–Williamson growth, as pairing heaps (Fredman, Sedgewick,
 * Sleator, Tarjan 1986) over one shared pool of typed arrays.
 *
 * Why pairing heaps and not one global binary heap: in the fast GW growth of Hegde, Indyk & Schmidt
 * (2015, "A nearly-linear time framework for graph-structured sparsity", §4), every cluster keeps the
 * events of the edges leaving it; clusters merge (meld, O(1)) and an inactive cluster's whole heap is
 * shifted in time when it is absorbed by an active one (add to all keys, O(1) through a lazy offset).
 *
 * Node id = edge-part id (2·edge + side): an edge part has at most one live heap node at a time, so the
 * pool is exactly 2m slots and nothing is allocated while the growth runs.
 *
 * Lazy offsets: the key of node x is value[x] plus the childOffset of every proper ancestor of x.
 * A heap is named by its root node id; −1 is the empty heap.
 */
export class PairingHeapPool {
  readonly value: Float64Array;
  readonly childOffset: Float64Array;
  private readonly child: Int32Array;
  private readonly sibling: Int32Array;
  /** Parent if x is a first child, else the left sibling; −1 for a root. */
  private readonly leftUp: Int32Array;
  private scratch: Int32Array;

  constructor(capacity: number) {
    this.value = new Float64Array(capacity);
    this.childOffset = new Float64Array(capacity);
    this.child = new Int32Array(capacity).fill(-1);
    this.sibling = new Int32Array(capacity).fill(-1);
    this.leftUp = new Int32Array(capacity).fill(-1);
    this.scratch = new Int32Array(Math.max(16, capacity));
  }

  /** Inserts node `node` with key `key` into the heap rooted at `root`; returns the new root. */
  insert(root: number, node: number, key: number): number {
    this.value[node] = key;
    this.childOffset[node] = 0;
    this.child[node] = -1;
    this.sibling[node] = -1;
    this.leftUp[node] = -1;
    return this.link(root, node);
  }

  /** Adds `delta` to every key of the heap (O(1)). */
  addToHeap(root: number, delta: number): void {
    if (root < 0) return;
    this.value[root]! += delta;
    this.childOffset[root]! += delta;
  }

  /**
   * Sets the key of `node`, whose current key is `fromKey`, to `toKey` ≤ its children's keys; returns the
   * new root. The caller knows the current key (it scheduled the event), which spares the walk to the
   * root that summing the ancestors' offsets would need.
   */
  decreaseKey(root: number, node: number, fromKey: number, toKey: number): number {
    this.childOffset[node]! += fromKey - this.value[node]!;
    this.value[node] = toKey;
    const up = this.leftUp[node]!;
    if (up < 0) return root; // node is the root itself
    if (this.child[up]! === node) this.child[up] = this.sibling[node]!;
    else this.sibling[up] = this.sibling[node]!;
    const sib = this.sibling[node]!;
    if (sib >= 0) this.leftUp[sib] = up;
    this.leftUp[node] = -1;
    this.sibling[node] = -1;
    return this.link(root, node);
  }

  /** Removes the root (the minimum); returns the new root. Two-pass pairing. */
  deleteMin(root: number): number {
    const { value, childOffset, child, sibling, leftUp } = this;
    const offset = childOffset[root]!;
    let count = 0;
    let cur = child[root]!;
    while (cur >= 0) {
      if (count === this.scratch.length) {
        const grown = new Int32Array(2 * count);
        grown.set(this.scratch);
        this.scratch = grown;
      }
      this.scratch[count++] = cur;
      const next = sibling[cur]!;
      leftUp[cur] = -1;
      sibling[cur] = -1;
      value[cur]! += offset;
      childOffset[cur]! += offset;
      cur = next;
    }
    child[root] = -1;
    const buf = this.scratch;
    let merged = 0;
    while (merged + 2 <= count) {
      buf[merged >> 1] = this.link(buf[merged]!, buf[merged + 1]!);
      merged += 2;
    }
    let pairs = merged >> 1;
    if (merged !== count) buf[pairs++] = buf[merged]!;
    if (pairs === 0) return -1;
    let result = buf[pairs - 1]!;
    for (let i = pairs - 2; i >= 0; i--) result = this.link(result, buf[i]!);
    return result;
  }

  /** Melds two heaps; returns the root of the union. */
  link(a: number, b: number): number {
    if (a < 0) return b;
    if (b < 0) return a;
    const { value, childOffset, child, sibling, leftUp } = this;
    // Ties make `b` the root, as in pcst_fast, so that equal-time events come out in the same order.
    let small = b;
    let large = a;
    if (value[a]! < value[b]!) {
      small = a;
      large = b;
    }
    const first = child[small]!;
    sibling[large] = first;
    if (first >= 0) leftUp[first] = large;
    leftUp[large] = small;
    child[small] = large;
    const off = childOffset[small]!;
    value[large]! -= off;
    childOffset[large]! -= off;
    return small;
  }
}
