/**
 * Partially directed acyclic graphs (PDAG): DAGs, CPDAGs and interventional essential graphs share
 * this representation.
 *
 * Encoding (p×p, row-major Uint8Array): mark[a·p + b] = 1 means "a → b is allowed by the graph".
 * A directed arc a → b has mark[a,b] = 1 and mark[b,a] = 0; an undirected edge a — b has both 1.
 */

export interface Pdag {
  readonly p: number;
  readonly marks: Uint8Array;
}

export function emptyPdag(p: number): Pdag {
  return { p, marks: new Uint8Array(p * p) };
}

export function clonePdag(g: Pdag): Pdag {
  return { p: g.p, marks: g.marks.slice() };
}

export function isAdjacent(g: Pdag, a: number, b: number): boolean {
  return g.marks[a * g.p + b] === 1 || g.marks[b * g.p + a] === 1;
}

/** a → b (directed, not undirected). */
export function isDirected(g: Pdag, a: number, b: number): boolean {
  return g.marks[a * g.p + b] === 1 && g.marks[b * g.p + a] === 0;
}

export function isUndirected(g: Pdag, a: number, b: number): boolean {
  return g.marks[a * g.p + b] === 1 && g.marks[b * g.p + a] === 1;
}

export function addArc(g: Pdag, a: number, b: number): void {
  g.marks[a * g.p + b] = 1;
  g.marks[b * g.p + a] = 0;
}

export function addUndirected(g: Pdag, a: number, b: number): void {
  g.marks[a * g.p + b] = 1;
  g.marks[b * g.p + a] = 1;
}

export interface EdgeLists {
  readonly arcs: [number, number][];
  /** Undirected edges as [a, b] with a < b. */
  readonly undirected: [number, number][];
}

export function edgeLists(g: Pdag): EdgeLists {
  const arcs: [number, number][] = [];
  const undirected: [number, number][] = [];
  const { p, marks } = g;
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      if (a === b || marks[a * p + b] !== 1) continue;
      if (marks[b * p + a] === 1) {
        if (a < b) undirected.push([a, b]);
      } else arcs.push([a, b]);
    }
  }
  return { arcs, undirected };
}

/** True when some directed path a → … → b exists using directed arcs only. */
export function hasDirectedPath(g: Pdag, from: number, to: number): boolean {
  const { p, marks } = g;
  const seen = new Uint8Array(p);
  const stack = [from];
  seen[from] = 1;
  while (stack.length > 0) {
    const u = stack.pop()!;
    if (u === to) return true;
    for (let v = 0; v < p; v++) {
      if (!seen[v] && marks[u * p + v] === 1 && marks[v * p + u] === 0) {
        seen[v] = 1;
        stack.push(v);
      }
    }
  }
  return false;
}
