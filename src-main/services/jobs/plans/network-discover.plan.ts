import { algorithmInfo } from '#shared/domain/algorithms.ts';
import type { DiscoveredGraph } from '#shared/domain/discovered-graph.ts';
import { CausewayError } from '#shared/lib/result.ts';
import {
  buildDiscoveredGraph,
  type FullRunOutput,
  type StabilityRunsOutput,
} from '../../../compute/causal/discover/graph-result.ts';
import { resolveDiscoverySearch } from '../../../compute/causal/discover/compat.ts';
import { stabilityTasks } from '../../../compute/causal/stability/stability-selection.ts';
import { encodeSubsampleGraphs } from '../../../compute/causal/stability/subsample-graphs.ts';
import { writeFileAtomic } from '../../../compute/io/atomic-write.ts';
import type { TaskParams } from '#shared/contracts/tasks.ts';
import type { Chunk, Planner } from './plan.ts';

/** Enough chunks to balance any pool of a desktop machine, few enough that each one amortises its read. */
const TARGET_CHUNKS = 16;

/**
 * network.discover: the run on all samples plus, with stability selection, its α × B runs split into
 * chunks over the worker pool; reduce (in main) counts the selections and writes the graph JSON.
 */
export const planNetworkDiscover: Planner<'network.discover'> = (spec, projects, runId, env) => {
  const planned = Date.now();
  const dataset = projects.dataset(spec.datasetId);
  if (spec.interventionColumn !== undefined && !dataset.samplesFile) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${dataset.name} has no sample table, so it cannot name interventions; choose PC or GSP.`,
    );
  }
  const networkPath = (id: string): string => projects.resolveFile(projects.network(id).file);
  const genes: TaskParams<'network.discover'>['genes'] =
    spec.genes.mode === 'network'
      ? { mode: 'network', networkPath: networkPath(spec.genes.networkId) }
      : spec.genes;
  // The named setting (compat) resolved to every choice it fixes; explicit depth/nruns/smallSampleCi win.
  const search = resolveDiscoverySearch(spec);
  const base: Omit<TaskParams<'network.discover'>, 'part'> = {
    matrixPath: projects.resolveFile(dataset.matrixFile),
    ...(dataset.samplesFile && spec.interventionColumn !== undefined
      ? {
          samplesPath: projects.resolveFile(dataset.samplesFile),
          interventionColumn: spec.interventionColumn,
        }
      : {}),
    genes,
    ...(spec.minExpressedFraction !== undefined ? { minExpressedFraction: spec.minExpressedFraction } : {}),
    ...(spec.restrictToNetworkId ? { skeletonPath: networkPath(spec.restrictToNetworkId) } : {}),
    ...(spec.knowledge ? { knowledge: spec.knowledge } : {}),
    algorithm: spec.algorithm,
    ...(spec.ciTest ? { ciTest: spec.ciTest } : {}),
    alpha: spec.alpha,
    ...(spec.alphaInvariance !== undefined ? { alphaInvariance: spec.alphaInvariance } : {}),
    ...(spec.targetsUnknown !== undefined ? { targetsUnknown: spec.targetsUnknown } : {}),
    seed: spec.seed,
    nruns: search.nruns,
    depth: search.depth,
    smallSampleCi: search.smallSampleCi,
    coveredArcUpdate: search.coveredArcUpdate,
  };
  const chunks: Chunk[] = [
    { task: 'network.discover', params: { ...base, part: { kind: 'full' } }, weight: 1 },
  ];
  const st = spec.stability;
  const plan = st
    ? {
        alphas: st.alphas,
        subsamples: st.subsamples,
        fraction: st.fraction,
        seed: spec.seed,
        subsampleSize: search.subsampleSize,
      }
    : null;
  if (st && plan) {
    const runs = stabilityTasks(plan);
    const size = env.runsPerChunk ?? Math.max(1, Math.ceil(runs.length / TARGET_CHUNKS));
    for (let t = 0; t < runs.length; t += size) {
      const { subsamples, fraction, alphas } = st;
      const part = {
        kind: 'stability' as const,
        subsamples,
        fraction,
        alphas,
        subsampleSize: search.subsampleSize,
        runs: runs.slice(t, t + size),
      };
      chunks.push({ task: 'network.discover', params: { ...base, part }, weight: part.runs.length });
    }
  }
  const result = projects.prepareResultFile(runId, 'json');
  const params: DiscoveredGraph['params'] = {
    alpha: spec.alpha,
    ...(spec.alphaInvariance !== undefined ? { alphaInvariance: spec.alphaInvariance } : {}),
    interventionColumn: spec.interventionColumn ?? null,
    targetsUnknown: spec.targetsUnknown ?? false,
    genes: spec.genes.mode === 'topVariable' ? `top ${spec.genes.n} variable` : spec.genes.mode,
    ...(spec.genes.mode === 'list' && spec.genes.genes.join(',').length <= 10_000
      ? { geneList: spec.genes.genes.join(',') }
      : {}),
    restrictToNetworkId: spec.restrictToNetworkId ?? null,
    ...(spec.editedVersionId ? { editedVersionId: spec.editedVersionId } : {}),
    minExpressedFraction: spec.minExpressedFraction ?? null,
    compat: search.compat,
    nruns: search.nruns,
    depth: search.depth,
    smallSampleCi: search.smallSampleCi,
    coveredArcUpdate: search.coveredArcUpdate,
    ...(st
      ? {
          stability: st.subsamples,
          subsample: st.fraction,
          subsampleSize: search.subsampleSize,
          alphas: st.alphas,
        }
      : {}),
    ...(st?.threshold !== undefined ? { threshold: st.threshold } : {}),
  };
  const ciTest = spec.ciTest ?? 'gaussian';
  const label = `${algorithmInfo(spec.algorithm).name} network of ${dataset.name}${st ? ' (stability)' : ''}`;
  return {
    label,
    chunks,
    reduce: (values) => {
      const [full, ...rest] = values as [FullRunOutput, ...StabilityRunsOutput[]];
      const stability = plan
        ? { plan, chunks: rest, ...(st?.threshold !== undefined ? { threshold: st.threshold } : {}) }
        : null;
      const graph = buildDiscoveredGraph(full, stability, {
        algorithm: spec.algorithm,
        ciTest,
        ...(spec.knowledge ? { knowledge: spec.knowledge } : {}),
        params: {
          ...params,
          excludedGenes: full.excluded.length,
          ...(full.knowledgeIgnored > 0 ? { knowledgeIgnored: full.knowledgeIgnored } : {}),
        },
        search,
        seed: spec.seed,
        elapsedMs: Date.now() - planned,
      });
      writeFileAtomic(result.absPath, JSON.stringify(graph));
      // Every subsample's graph, beside the result (format: compute/causal/stability/subsample-graphs.ts).
      const graphs = plan ? result.relPath.replace(/\.json$/, '.subsample-graphs.bin') : null;
      if (plan && graphs) {
        const runs = rest.flatMap((c) => c.runs);
        writeFileAtomic(projects.resolveFile(graphs), encodeSubsampleGraphs(full.nodes, plan, runs));
      }
      return {
        dataHash: graph.dataHash,
        nGenes: graph.nodes.length,
        nEdges: graph.edges.length,
        ...(graphs ? { subsampleGraphsFile: graphs } : {}),
      };
    },
    run: {
      id: runId,
      kind: spec.kind,
      label,
      inputs: {
        datasetId: dataset.id,
        ...(spec.genes.mode === 'network' ? { genesFromNetworkId: spec.genes.networkId } : {}),
        ...(spec.restrictToNetworkId ? { skeletonNetworkId: spec.restrictToNetworkId } : {}),
      },
      params: Object.fromEntries(
        Object.entries({ ...params, ciTest }).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]),
      ) as Record<string, string | number | boolean | null>,
      seed: spec.seed,
      resultFile: result.relPath,
    },
  };
};
