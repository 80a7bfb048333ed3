/**
 * The stored result of a discovery job: the graph learned on all samples, each edge annotated with
 * its stability score when stability selection ran. The same JSON shape `causeway discover --out`
 * writes (src-shared/domain/discovered-graph.ts).
 */
import type { FullRunOutput, StabilityRunsOutput } from '#shared/contracts/tasks.ts';
import type { DiscoveredGraph } from '#shared/domain/discovered-graph.ts';
import {
  aggregateStability,
  type StabilityPlan,
  type StabilityRunResult,
} from '../stability/stability-selection.ts';

/** What the run on all samples and a stability chunk return: worker task results (src-shared/contracts/tasks.ts). */
export type { FullRunOutput, StabilityRunsOutput };

export interface GraphMeta {
  algorithm: DiscoveredGraph['algorithm'];
  params: DiscoveredGraph['params'];
  seed: number;
  elapsedMs: number;
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Combines the full run with any number of stability chunks (in any split: counts are integers). */
export function buildDiscoveredGraph(
  full: FullRunOutput,
  stability: { plan: StabilityPlan; chunks: StabilityRunsOutput[] } | null,
  meta: GraphMeta,
): DiscoveredGraph {
  const p = full.nodes.length;
  const scores = stability
    ? aggregateStability(
        p,
        stability.plan,
        stability.chunks.flatMap((c) =>
          c.runs.map((r): StabilityRunResult => ({
            alphaIndex: r.alphaIndex,
            subsampleIndex: r.subsampleIndex,
            marks: Int32Array.from(r.marks),
          })),
        ),
      )
    : null;
  const name = (i: number): string => {
    const g = full.nodes[i];
    if (g === undefined) throw new RangeError(`gene index ${i} out of range`);
    return g;
  };
  return {
    nodes: full.nodes,
    edges: full.edges.map((e) => ({
      source: name(e.source),
      target: name(e.target),
      directed: e.directed,
      ...(scores
        ? { stability: scores.adjacency[Math.min(e.source, e.target) * p + Math.max(e.source, e.target)]! }
        : {}),
      evidence: {
        ciPValue: finiteOrNull(e.evidence.ciPValue),
        orientedByIntervention: e.evidence.orientedByIntervention,
        ...(e.evidence.invariance
          ? {
              invariance: e.evidence.invariance.map((x) => ({
                setting: x.setting,
                pValue: finiteOrNull(x.pValue),
              })),
            }
          : {}),
        ...(scores && e.directed ? { arcStability: scores.arc[e.source * p + e.target]! } : {}),
      },
    })),
    ...(full.learnedTargets
      ? {
          learnedTargets: Object.fromEntries(
            full.settings.map((s, k) => [s, (full.learnedTargets?.[k] ?? []).map(name)]),
          ),
        }
      : {}),
    algorithm: meta.algorithm,
    params: meta.params,
    seed: meta.seed,
    dataHash: full.dataHash,
    elapsedMs: meta.elapsedMs,
  };
}
