import type { FullRunOutput, StabilityRunsOutput } from '#shared/contracts/tasks.ts';
import { algorithmInfo } from '#shared/domain/algorithms.ts';
import { networkSkeleton, readProjectDiscoveryData } from '../../compute/causal/discover/project-data.ts';
import {
  runDiscovery,
  runStabilityChunk,
  type DiscoveryParams,
} from '../../compute/causal/discover/run-discovery.ts';
import { indexKnowledge } from '../../compute/causal/knowledge/gene-knowledge.ts';
import type { Task } from '../runtime.ts';

export const networkDiscoverTask: Task<'network.discover'> = async (p, ctx) => {
  await ctx.progress('Reading data', 0);
  const data = readProjectDiscoveryData({
    matrixPath: p.matrixPath,
    samplesPath: p.samplesPath,
    interventionColumn: p.interventionColumn,
    genes: p.genes,
    minExpressedFraction: p.minExpressedFraction,
  });
  const skeleton = p.skeletonPath ? networkSkeleton(p.skeletonPath, data.nodes) : undefined;
  const { knowledge, ignored } = indexKnowledge(p.knowledge, data.nodes, skeleton);
  const dp: DiscoveryParams = {
    algorithm: p.algorithm,
    alpha: p.alpha,
    seed: p.seed,
    ...(p.alphaInvariance !== undefined ? { alphaInvariance: p.alphaInvariance } : {}),
    ...(p.targetsUnknown !== undefined ? { targetsUnknown: p.targetsUnknown } : {}),
    ...(p.nruns !== undefined ? { nruns: p.nruns } : {}),
    ...(p.depth !== undefined ? { depth: p.depth } : {}),
    ...(p.ciTest !== undefined ? { ciTest: p.ciTest } : {}),
    ...(p.smallSampleCi !== undefined ? { smallSampleCi: p.smallSampleCi } : {}),
    ...(p.coveredArcUpdate !== undefined ? { coveredArcUpdate: p.coveredArcUpdate } : {}),
    ...(knowledge ? { knowledge } : {}),
  };
  if (p.part.kind === 'full') {
    await ctx.progress(`Running ${algorithmInfo(p.algorithm).name} on all samples`, 0.05);
    const r = runDiscovery(data, dp);
    const out: FullRunOutput = {
      nodes: data.nodes,
      edges: r.edges.map((e) => ({ ...e, evidence: { ...e.evidence } })),
      ...(r.learnedTargets ? { learnedTargets: r.learnedTargets } : {}),
      settings: data.settings.map((s) => s.label),
      dataHash: data.dataHash,
      excluded: data.excluded,
      knowledgeIgnored: ignored,
    };
    return out;
  }
  const st = p.part;
  const plan = {
    alphas: st.alphas,
    subsamples: st.subsamples,
    fraction: st.fraction,
    seed: p.seed,
    ...(st.subsampleSize ? { subsampleSize: st.subsampleSize } : {}),
  };
  // progress() after every run yields to the event loop, so a cancel lands within one run.
  const runs = await runStabilityChunk(data, dp, plan, st.runs, (done) =>
    ctx.progress('Stability selection', done / Math.max(1, st.runs.length)),
  );
  const out: StabilityRunsOutput = {
    runs: runs.map((r) => ({
      alphaIndex: r.alphaIndex,
      subsampleIndex: r.subsampleIndex,
      marks: Array.from(r.marks),
      ...(r.dag ? { dag: Array.from(r.dag) } : {}),
    })),
  };
  return out;
};
