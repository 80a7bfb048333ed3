import type { ParsedTaskParams } from '#shared/contracts/tasks.ts';
import { readDiscoveryData, type DiscoveryData } from '../../compute/causal/discover/dataset.ts';
import { readProjectDiscoveryData } from '../../compute/causal/discover/project-data.ts';
import {
  runDiscovery,
  runStabilityChunk,
  type DiscoveryParams,
} from '../../compute/causal/discover/run-discovery.ts';
import type { Task } from '../runtime.ts';

export type CausalDiscoverParams = ParsedTaskParams<'causal.discover'>;

/** The data of a run: a table file, or a project dataset (genes: `variables` when given, else all). */
export function readCausalDiscoverData(
  p: CausalDiscoverParams,
): DiscoveryData & { readonly excluded?: { gene: string; reason: string }[] } {
  if (p.project) {
    return readProjectDiscoveryData({
      matrixPath: p.project.matrixPath,
      samplesPath: p.project.samplesPath,
      interventionColumn: p.interventionColumn,
      genes: p.variables ? { mode: 'list', genes: p.variables } : { mode: 'all' },
    });
  }
  return readDiscoveryData(p.dataPath!, p.interventionColumn, p.variables);
}

export function discoveryParams(p: CausalDiscoverParams): DiscoveryParams {
  const knowledge = {
    ...(p.allowedEdges ? { allowedAdjacencies: p.allowedEdges } : {}),
    ...(p.forbiddenEdges ? { forbiddenAdjacencies: p.forbiddenEdges } : {}),
  };
  return {
    algorithm: p.algorithm,
    alpha: p.alpha,
    seed: p.seed,
    ...(p.alphaInvariance !== undefined ? { alphaInvariance: p.alphaInvariance } : {}),
    ...(p.targetsUnknown !== undefined ? { targetsUnknown: p.targetsUnknown } : {}),
    ...(p.nruns !== undefined ? { nruns: p.nruns } : {}),
    ...(p.depth !== undefined ? { depth: p.depth } : {}),
    ...(p.ciTest !== undefined ? { ciTest: p.ciTest } : {}),
    ...(Object.keys(knowledge).length > 0 ? { knowledge } : {}),
  };
}

export const causalDiscoverTask: Task<'causal.discover'> = async (params, ctx) => {
  await ctx.progress('Reading data', 0);
  const data = readCausalDiscoverData(params);
  const dp = discoveryParams(params);
  const st = params.stability;
  if (!st) {
    await ctx.progress(`Running ${params.algorithm}`, 0.1);
    const r = runDiscovery(data, dp);
    return {
      nodes: data.nodes,
      edges: r.edges,
      learnedTargets: r.learnedTargets,
      settings: data.settings.map((s) => s.label),
    };
  }
  const plan = { alphas: st.alphas, subsamples: st.subsamples, fraction: st.fraction, seed: params.seed };
  // progress() after every run yields to the event loop, so a cancel lands within one run (well under a second).
  const runs = await runStabilityChunk(data, dp, plan, st.runs, (done) =>
    ctx.progress('Stability selection', done / Math.max(1, st.runs.length)),
  );
  return {
    runs: runs.map((r) => ({
      alphaIndex: r.alphaIndex,
      subsampleIndex: r.subsampleIndex,
      marks: Array.from(r.marks),
    })),
  };
};
