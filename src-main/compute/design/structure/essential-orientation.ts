/**
 * Which arcs of one DAG its interventional essential graph orients, kept up to date as single-gene
 * interventions are added, and what one more intervention would orient.
 *
 * The I-essential graph of D for the target family I = {∅, {v₁}, …} (Hauser & Bühlmann, JMLR 13:2409,
 * 2012, §3–4) keeps the arcs of v-structures and every arc with exactly one end intervened on, then
 * closes under Meek's rules R1–R3 (Meek, UAI 1995). src-main/compute/causal/graph/essential-graph.ts
 * computes it on a dense p×p PDAG, which costs O(p³) per call; experiment design asks "what would
 * intervening on v add?" for every candidate v and every DAG of the ensemble, so this file keeps the
 * closure sparse (parent/child lists, O(deg²) per rule check) and incremental: the closure of
 * E_I(D) plus v's incident arcs equals E_{I∪{v}}(D), because Meek's closure is order-independent
 * (essential-orientation.test.ts checks both facts against the dense code). A trial is undone from a
 * log, so scoring a candidate leaves the state as it was.
 *
 * Meek's rules only ever orient an edge the way every consistent extension does, and D is one, so an
 * edge a — b whose arc in D is a → b can only be oriented a → b: the state is one flag per arc of D.
 */
import type { CompactDag } from '../../targets/ranking/dag-ensemble.ts';

export class EssentialOrientation {
  readonly dag: CompactDag;
  /** Arc k is tail[k] → head[k]; k runs over the DAG's child lists (childStart/children order). */
  readonly tail: Int32Array;
  readonly head: Int32Array;
  /** 1 when the arc is directed in the current I-essential graph. */
  readonly oriented: Uint8Array;
  orientedCount = 0;
  /** Genes intervened on so far. */
  readonly targets = new Set<number>();
  /** Arc ids into v (aligned with dag.parents) and out of v (= childStart range). */
  private readonly inArc: Int32Array;
  private readonly arcId = new Map<number, number>();
  private log: number[] | null = null;

  constructor(dag: CompactDag) {
    this.dag = dag;
    const { p, childStart, children, parentStart, parents } = dag;
    const m = children.length;
    this.tail = new Int32Array(m);
    this.head = children;
    this.oriented = new Uint8Array(m);
    for (let v = 0; v < p; v++) {
      for (let k = childStart[v]!; k < childStart[v + 1]!; k++) {
        this.tail[k] = v;
        this.arcId.set(v * p + children[k]!, k);
      }
    }
    this.inArc = new Int32Array(parents.length);
    for (let v = 0; v < p; v++)
      for (let j = parentStart[v]!; j < parentStart[v + 1]!; j++)
        this.inArc[j] = this.arcId.get(parents[j]! * p + v)!;
    // The observational essential graph (CPDAG): v-structure arcs, closed under Meek's rules.
    for (let c = 0; c < p; c++) {
      for (let i = parentStart[c]!; i < parentStart[c + 1]!; i++) {
        for (let j = i + 1; j < parentStart[c + 1]!; j++) {
          if (this.adjacent(parents[i]!, parents[j]!)) continue;
          this.mark(this.inArc[i]!);
          this.mark(this.inArc[j]!);
        }
      }
    }
    const all: number[] = [];
    for (let k = 0; k < m; k++) if (!this.oriented[k]) all.push(k);
    this.propagate(all);
  }

  get arcCount(): number {
    return this.head.length;
  }

  adjacent(a: number, b: number): boolean {
    const p = this.dag.p;
    return this.arcId.has(a * p + b) || this.arcId.has(b * p + a);
  }

  /** Arcs at v still undirected in the current I-essential graph. */
  undirectedAt(v: number): number {
    let n = 0;
    this.forIncident(v, (k) => {
      if (!this.oriented[k]) n++;
    });
    return n;
  }

  /** Adds the single-gene intervention on v; returns the arcs it newly orients. */
  intervene(v: number): number[] {
    const log: number[] = [];
    this.log = log;
    this.targets.add(v);
    const queue: number[] = [];
    this.forIncident(v, (k) => {
      if (!this.oriented[k]) {
        this.mark(k);
        this.pushNeighbours(k, queue);
      }
    });
    this.propagate(queue);
    this.log = null;
    return log;
  }

  /** The arcs intervening on v would newly orient; the state is left unchanged. */
  trial(v: number): number[] {
    const had = this.targets.has(v);
    const added = this.intervene(v);
    for (const k of added) this.oriented[k] = 0;
    this.orientedCount -= added.length;
    if (!had) this.targets.delete(v);
    return added;
  }

  /** The arcs at v in D (its parents, then its children) as a key: what perturbing v shows. */
  armKey(v: number): string {
    const { parentStart, parents, childStart, children } = this.dag;
    const sorted = (xs: Int32Array): string =>
      Array.from(xs)
        .sort((a, b) => a - b)
        .join(',');
    return `${sorted(parents.subarray(parentStart[v]!, parentStart[v + 1]!))}>${sorted(children.subarray(childStart[v]!, childStart[v + 1]!))}`;
  }

  private mark(k: number): void {
    if (this.oriented[k]) return;
    this.oriented[k] = 1;
    this.orientedCount++;
    this.log?.push(k);
  }

  private forIncident(v: number, f: (k: number) => void): void {
    const { childStart, parentStart } = this.dag;
    for (let k = childStart[v]!; k < childStart[v + 1]!; k++) f(k);
    for (let j = parentStart[v]!; j < parentStart[v + 1]!; j++) f(this.inArc[j]!);
  }

  /** Every rule premise an orientation can complete sits at one of the arc's two ends. */
  private pushNeighbours(k: number, queue: number[]): void {
    const push = (j: number): void => {
      if (!this.oriented[j]) queue.push(j);
    };
    this.forIncident(this.tail[k]!, push);
    this.forIncident(this.head[k]!, push);
  }

  private propagate(queue: number[]): void {
    while (queue.length > 0) {
      const k = queue.pop()!;
      if (this.oriented[k] || !this.forced(k)) continue;
      this.mark(k);
      this.pushNeighbours(k, queue);
    }
  }

  /** Meek R1–R3 for the undirected edge whose arc in D is a → b. */
  private forced(k: number): boolean {
    const a = this.tail[k]!;
    const b = this.head[k]!;
    const { parentStart, parents, childStart, children, p } = this.dag;
    // R1: c → a, c and b non-adjacent.
    for (let j = parentStart[a]!; j < parentStart[a + 1]!; j++) {
      if (this.oriented[this.inArc[j]!] && !this.adjacent(parents[j]!, b)) return true;
    }
    // R2: a → c → b.
    for (let i = childStart[a]!; i < childStart[a + 1]!; i++) {
      if (!this.oriented[i]) continue;
      const cb = this.arcId.get(children[i]! * p + b);
      if (cb !== undefined && this.oriented[cb]) return true;
    }
    // R3: a — c → b and a — d → b with c, d non-adjacent.
    const undirectedToA: number[] = [];
    for (let j = parentStart[b]!; j < parentStart[b + 1]!; j++) {
      const c = parents[j]!;
      if (c === a || !this.oriented[this.inArc[j]!]) continue;
      const ac = this.arcId.get(a * p + c) ?? this.arcId.get(c * p + a);
      if (ac === undefined || this.oriented[ac]) continue;
      for (const d of undirectedToA) if (!this.adjacent(c, d)) return true;
      undirectedToA.push(c);
    }
    return false;
  }
}
