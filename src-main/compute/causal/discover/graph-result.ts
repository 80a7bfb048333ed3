/**
 * The stored result of a discovery job (src-shared/domain/discovered-graph.ts): the graph learned on all
 * samples, each edge annotated with its stability score when stability selection ran; or, with a
 * stability threshold, every pair whose stability clears it (threshold-edges.ts), subsample-only pairs
 * included. `causeway discover --out` writes this same document.
 */
import type { FullRunOutput, StabilityRunsOutput } from '#shared/contracts/tasks.ts';
import type { DiscoveredEdge, DiscoveredGraph } from '#shared/domain/discovered-graph.ts';
import {
  aggregateStability,
  type StabilityPlan,
  type StabilityRunResult,
  type StabilityScores,
} from '../stability/stability-selection.ts';
import { thresholdEdges } from '../stability/threshold-edges.ts';

/** What the run on all samples and a stability chunk return: worker task results (src-shared/contracts/tasks.ts). */
export type { FullRunOutput, StabilityRunsOutput };

export type GraphMeta = Pick<
  DiscoveredGraph,
  'algorithm' | 'ciTest' | 'knowledge' | 'params' | 'search' | 'seed' | 'elapsedMs'
>;

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * Combines the full run with any number of stability chunks (in any split: counts are integers).
 * `threshold` (with stability only) switches to the thresholded edge list.
 */
export function buildDiscoveredGraph(
  full: FullRunOutput,
  stability: { plan: StabilityPlan; chunks: StabilityRunsOutput[]; threshold?: number } | null,
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
  const fullEdge = (e: FullRunOutput['edges'][number]): DiscoveredEdge => ({
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
  });
  const threshold = stability?.threshold;
  return {
    nodes: full.nodes,
    edges:
      scores && threshold !== undefined
        ? thresholded(full, scores, threshold, fullEdge, name)
        : full.edges.map(fullEdge),
    ...(full.learnedTargets
      ? {
          learnedTargets: Object.fromEntries(
            full.settings.map((s, k) => [s, (full.learnedTargets?.[k] ?? []).map(name)]),
          ),
        }
      : {}),
    algorithm: meta.algorithm,
    ciTest: meta.ciTest,
    ...(meta.knowledge ? { knowledge: meta.knowledge } : {}),
    params: meta.params,
    ...(meta.search ? { search: meta.search } : {}),
    seed: meta.seed,
    dataHash: full.dataHash,
    elapsedMs: meta.elapsedMs,
  };
}

/** Every pair with stability ≥ threshold; a full-data edge keeps its evidence and orientation. */
function thresholded(
  full: FullRunOutput,
  scores: StabilityScores,
  threshold: number,
  fullEdge: (e: FullRunOutput['edges'][number]) => DiscoveredEdge,
  name: (i: number) => string,
): DiscoveredEdge[] {
  return thresholdEdges(full.edges, scores, threshold).map((t): DiscoveredEdge => {
    const arc = t.directed ? { arcStability: t.arcStability[0] } : {};
    if (t.fullDataIndex !== undefined) {
      const e = fullEdge(full.edges[t.fullDataIndex]!);
      return { ...e, stability: t.stability, evidence: { ...e.evidence!, ...arc } };
    }
    return {
      source: name(t.source),
      target: name(t.target),
      directed: t.directed,
      stability: t.stability,
      evidence: {
        ciPValue: null,
        orientedByIntervention: false,
        inFullDataGraph: false,
        ...arc,
        reverseArcStability: t.arcStability[1],
      },
    };
  });
}
