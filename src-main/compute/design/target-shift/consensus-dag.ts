/**
 * The one DAG the target-shift design assumes known (Zhang et al. 2023 take the DAG as given): from an
 * ensemble of DAGs (the kept subsample DAGs of a stability run), the arcs present in at least half of them,
 * added most frequent first and skipped when they would close a directed cycle (two opposite arcs cannot
 * both pass 1/2, but longer cycles can). Then the genes that matter for a target: the target genes and
 * their ancestors (a shift elsewhere cannot move them).
 */
import type { CompactDag } from '../../targets/ranking/dag-ensemble.ts';

export interface ConsensusArc {
  source: number;
  target: number;
  frequency: number;
}

export function consensusParents(dags: readonly CompactDag[], p: number, threshold = 0.5): number[][] {
  const counts = new Map<number, number>();
  for (const d of dags)
    for (let v = 0; v < p; v++)
      for (let k = d.parentStart[v]!; k < d.parentStart[v + 1]!; k++) {
        const arc = d.parents[k]! * p + v;
        counts.set(arc, (counts.get(arc) ?? 0) + 1);
      }
  const arcs: ConsensusArc[] = [...counts]
    .map(([arc, c]) => ({ source: Math.floor(arc / p), target: arc % p, frequency: c / dags.length }))
    .filter((a) => a.frequency >= threshold)
    .sort((a, b) => b.frequency - a.frequency || a.source - b.source || a.target - b.target);
  return greedyDag(arcs, p);
}

/**
 * Parent lists from arcs in order of preference: each arc is kept unless it would close a directed cycle
 * with the arcs already kept, so the result is always a DAG (also used to threshold a GIM's learned
 * weights, compute/gim/learn-dag.ts).
 */
export function greedyDag(
  arcs: readonly { readonly source: number; readonly target: number }[],
  p: number,
): number[][] {
  const parents: number[][] = Array.from({ length: p }, () => []);
  const children: number[][] = Array.from({ length: p }, () => []);
  const reaches = (from: number, to: number): boolean => {
    const seen = new Uint8Array(p);
    const stack = [from];
    while (stack.length) {
      const v = stack.pop()!;
      if (v === to) return true;
      for (const c of children[v]!) {
        if (seen[c]) continue;
        seen[c] = 1;
        stack.push(c);
      }
    }
    return false;
  };
  for (const a of arcs) {
    if (reaches(a.target, a.source)) continue;
    parents[a.target]!.push(a.source);
    children[a.source]!.push(a.target);
  }
  return parents;
}

/** The nodes in `seeds` and all their ancestors, ascending. */
export function withAncestors(parents: readonly (readonly number[])[], seeds: readonly number[]): number[] {
  const keep = new Uint8Array(parents.length);
  const stack = [...seeds];
  for (const s of seeds) keep[s] = 1;
  while (stack.length) {
    const v = stack.pop()!;
    for (const u of parents[v]!) {
      if (keep[u]) continue;
      keep[u] = 1;
      stack.push(u);
    }
  }
  const out: number[] = [];
  keep.forEach((k, v) => {
    if (k) out.push(v);
  });
  return out;
}
