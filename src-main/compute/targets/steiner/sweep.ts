/**
 * Parameter sweep of the Steiner forest over a (w, b) grid and hub exponents g, as OmicsIntegrator2's
 * grid search and Belyaeva et al. 2021 (Supplementary, choice of w = 1.4, b = 40, g = 0): the user looks
 * at how the number of genes, the terminals kept and the number of components move over the grid, and
 * picks a setting inside a plateau rather than on a cliff, where a small change of w or b would change the
 * network. Larger b makes terminals worth more (more of them kept, more Steiner genes to reach them);
 * larger w makes each extra tree dearer (fewer, larger components); larger g penalises hubs.
 *
 * One setting is one pure call (sweepSetting) so a job can fan the grid out over the worker pool; the
 * hub-penalised costs depend on g only and may be passed in to avoid recomputing them per setting.
 */
import { hubPenalizedCosts, steinerForest, type SteinerParams } from './forest.ts';
import type { Interactome } from './interactome.ts';
import type { MappedPrizes } from './prizes.ts';

export interface SweepSetting {
  w: number;
  b: number;
  g: number;
}

export interface SweepPoint extends SweepSetting {
  nodes: number;
  edges: number;
  terminalsKept: number;
  steinerNodes: number;
  components: number;
  objective: number;
}

/** The settings of a grid, g slowest, then w, then b (row-major small multiples: one panel per g). */
export function sweepGrid(
  ws: readonly number[],
  bs: readonly number[],
  gs: readonly number[],
): SweepSetting[] {
  const out: SweepSetting[] = [];
  for (const g of gs) for (const w of ws) for (const b of bs) out.push({ w, b, g });
  return out;
}

/** One grid point: one Steiner forest and its summary. */
export function sweepSetting(
  interactome: Interactome,
  prizes: Pick<MappedPrizes, 'bare' | 'terminals'>,
  setting: SweepSetting,
  opts: { pruning?: SteinerParams['pruning']; costs?: Float64Array } = {},
): SweepPoint {
  const params: SteinerParams = { ...setting, ...(opts.pruning ? { pruning: opts.pruning } : {}) };
  const forest = steinerForest(interactome, prizes, params, opts.costs);
  return {
    ...setting,
    nodes: forest.nodes.length,
    edges: forest.augmentedEdges.length,
    terminalsKept: forest.terminalsKept,
    steinerNodes: forest.nodes.length - forest.terminalsKept,
    components: forest.componentCount,
    objective: forest.objective,
  };
}

/** The whole grid in this thread (a job would split `settings` across workers instead). */
export function sweep(
  interactome: Interactome,
  prizes: Pick<MappedPrizes, 'bare' | 'terminals'>,
  settings: readonly SweepSetting[],
  opts: { pruning?: SteinerParams['pruning'] } = {},
): SweepPoint[] {
  const costsByG = new Map<number, Float64Array>();
  return settings.map((s) => {
    let costs = costsByG.get(s.g);
    if (!costs) costsByG.set(s.g, (costs = hubPenalizedCosts(interactome, s.g)));
    return sweepSetting(interactome, prizes, s, { ...opts, costs });
  });
}
