/**
 * Rooted / unrooted prize-collecting Steiner tree by Goemans–Williamson growth and pruning
 * (Goemans & Williamson 1995; the nearly-linear-time variant of Hegde, Indyk & Schmidt 2015, pcst_fast).
 * The 2-approximation guarantee holds for GW pruning; strong pruning is never worse on the same tree.
 */
import { growClusters, type PcstInstance } from './gw-growth.ts';
import { pruneForest, type PcstSolution, type PruningMethod } from './pruning.ts';

export type { PcstInstance } from './gw-growth.ts';
export type { PcstSolution, PruningMethod } from './pruning.ts';

export function solvePcst(inst: PcstInstance, pruning: PruningMethod = 'strong'): PcstSolution {
  return pruneForest(inst, growClusters(inst), pruning);
}

/**
 * PCST objective of a solution: prizes of the vertices left out plus the costs of the edges used
 * (Goemans & Williamson 1995, the quantity the 2-approximation bounds).
 */
export function pcstObjective(inst: PcstInstance, sol: PcstSolution): number {
  let value = 0;
  const kept = new Uint8Array(inst.prize.length);
  for (const v of sol.vertices) kept[v] = 1;
  for (let v = 0; v < inst.prize.length; v++) if (!kept[v]) value += inst.prize[v]!;
  for (const e of sol.edges) value += inst.cost[e]!;
  return value;
}
