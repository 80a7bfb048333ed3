/**
 * Mutable DAG for permutation-based search: adjacency bytes for O(1) arc queries, parent/child lists
 * for sparse iteration, and an incremental 2×32-bit Zobrist-style hash so that visited DAGs can be
 * remembered without storing them.
 */
import { emptyPdag, type Pdag } from './pdag.ts';

export class Dag {
  readonly p: number;
  /** adj[a·p + b] = 1 iff a → b. */
  readonly adj: Uint8Array;
  readonly parents: number[][];
  readonly children: number[][];
  arcCount = 0;
  hashHi = 0;
  hashLo = 0;

  constructor(p: number) {
    this.p = p;
    this.adj = new Uint8Array(p * p);
    this.parents = Array.from({ length: p }, () => []);
    this.children = Array.from({ length: p }, () => []);
  }

  hasArc(a: number, b: number): boolean {
    return this.adj[a * this.p + b] === 1;
  }

  isAdjacent(a: number, b: number): boolean {
    return this.adj[a * this.p + b] === 1 || this.adj[b * this.p + a] === 1;
  }

  addArc(a: number, b: number): void {
    const k = a * this.p + b;
    if (this.adj[k] === 1) return;
    this.adj[k] = 1;
    this.parents[b]!.push(a);
    this.children[a]!.push(b);
    this.arcCount++;
    this.toggleHash(k);
  }

  removeArc(a: number, b: number): void {
    const k = a * this.p + b;
    if (this.adj[k] !== 1) return;
    this.adj[k] = 0;
    removeValue(this.parents[b]!, a);
    removeValue(this.children[a]!, b);
    this.arcCount--;
    this.toggleHash(k);
  }

  /** Key for a visited set: 53 bits of the two hash words. */
  hashKey(): number {
    return (this.hashHi >>> 0) * 2097152 + ((this.hashLo >>> 0) & 0x1fffff);
  }

  /** i → j is covered iff pa(j) = pa(i) ∪ {i} (Chickering 1995). */
  isCovered(i: number, j: number): boolean {
    if (!this.hasArc(i, j)) return false;
    const pi = this.parents[i]!;
    const pj = this.parents[j]!;
    if (pj.length !== pi.length + 1) return false;
    for (const q of pi) if (!this.hasArc(q, j)) return false;
    return true;
  }

  coveredArcs(): [number, number][] {
    const out: [number, number][] = [];
    for (let j = 0; j < this.p; j++)
      for (const i of this.parents[j]!) if (this.isCovered(i, j)) out.push([i, j]);
    return out;
  }

  clone(): Dag {
    const d = new Dag(this.p);
    d.adj.set(this.adj);
    for (let v = 0; v < this.p; v++) {
      d.parents[v] = this.parents[v]!.slice();
      d.children[v] = this.children[v]!.slice();
    }
    d.arcCount = this.arcCount;
    d.hashHi = this.hashHi;
    d.hashLo = this.hashLo;
    return d;
  }

  toPdag(): Pdag {
    const g = emptyPdag(this.p);
    g.marks.set(this.adj);
    return g;
  }

  arcs(): [number, number][] {
    const out: [number, number][] = [];
    for (let a = 0; a < this.p; a++) for (const b of this.children[a]!) out.push([a, b]);
    return out.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  }

  static fromArcs(p: number, arcs: Iterable<readonly [number, number]>): Dag {
    const d = new Dag(p);
    for (const [a, b] of arcs) d.addArc(a, b);
    return d;
  }

  private toggleHash(k: number): void {
    this.hashHi ^= mix32(k, 0x243f6a88);
    this.hashLo ^= mix32(k, 0x85a308d3);
  }
}

function mix32(x: number, salt: number): number {
  let z = (x ^ salt) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d);
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b);
  return z ^ (z >>> 16);
}

function removeValue(list: number[], v: number): void {
  const i = list.indexOf(v);
  if (i >= 0) {
    list[i] = list[list.length - 1]!;
    list.pop();
  }
}
