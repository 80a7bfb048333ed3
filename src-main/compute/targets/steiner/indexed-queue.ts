/**
 * Indexed binary min-heap over (key, index) pairs, ordered by key then index, with removal of any index.
 * Two of these drive Goemans–Williamson growth: cluster deactivation times and each active cluster's
 * next edge event. Ordering ties by index reproduces the (value, index) ordered set of pcst_fast
 * (Hegde, Indyk & Schmidt 2015), so simultaneous events are processed in the same order.
 */
export class IndexedMinQueue {
  private readonly keys: Float64Array;
  private readonly heap: Int32Array;
  /** Position of index i in `heap`, or −1 when absent. */
  private readonly pos: Int32Array;
  private count = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(capacity);
    this.heap = new Int32Array(capacity);
    this.pos = new Int32Array(capacity).fill(-1);
  }

  get size(): number {
    return this.count;
  }

  has(index: number): boolean {
    return this.pos[index]! >= 0;
  }

  /** Index with the smallest key (−1 when empty). */
  minIndex(): number {
    return this.count > 0 ? this.heap[0]! : -1;
  }

  /** Smallest key (+∞ when empty). */
  minKey(): number {
    return this.count > 0 ? this.keys[this.heap[0]!]! : Infinity;
  }

  insert(index: number, key: number): void {
    if (this.pos[index]! >= 0) throw new Error(`index ${index} already queued`);
    this.keys[index] = key;
    this.heap[this.count] = index;
    this.pos[index] = this.count;
    this.count++;
    this.up(this.count - 1);
  }

  /** Inserts `index` or moves it to `key` if already queued (one sift instead of remove + insert). */
  set(index: number, key: number): void {
    const at = this.pos[index]!;
    if (at < 0) {
      this.insert(index, key);
      return;
    }
    const old = this.keys[index]!;
    this.keys[index] = key;
    if (key < old) this.up(at);
    else if (key > old) this.down(at);
  }

  /** Removes `index` if queued (no-op otherwise). */
  remove(index: number): void {
    const at = this.pos[index]!;
    if (at < 0) return;
    this.pos[index] = -1;
    this.count--;
    if (at === this.count) return;
    const last = this.heap[this.count]!;
    this.heap[at] = last;
    this.pos[last] = at;
    this.down(at);
    this.up(this.pos[last]!);
  }

  private less(a: number, b: number): boolean {
    const ka = this.keys[a]!;
    const kb = this.keys[b]!;
    return ka < kb || (ka === kb && a < b);
  }

  private up(at: number): void {
    const { heap, pos } = this;
    const item = heap[at]!;
    while (at > 0) {
      const parentAt = (at - 1) >> 1;
      const parent = heap[parentAt]!;
      if (!this.less(item, parent)) break;
      heap[at] = parent;
      pos[parent] = at;
      at = parentAt;
    }
    heap[at] = item;
    pos[item] = at;
  }

  private down(at: number): void {
    const { heap, pos } = this;
    const item = heap[at]!;
    const n = this.count;
    for (;;) {
      let childAt = 2 * at + 1;
      if (childAt >= n) break;
      if (childAt + 1 < n && this.less(heap[childAt + 1]!, heap[childAt]!)) childAt++;
      const child = heap[childAt]!;
      if (!this.less(child, item)) break;
      heap[at] = child;
      pos[child] = at;
      at = childAt;
    }
    heap[at] = item;
    pos[item] = at;
  }
}
