import { z } from 'zod';
import { GeneSelection } from '#shared/contracts/jobs.ts';
import { algorithmInfo, CiTest, DiscoveryAlgorithm } from '#shared/domain/algorithms.ts';
import { DiscoveryKnowledge } from '#shared/domain/discovered-graph.ts';
import { networkSkeleton, readProjectDiscoveryData } from '../../compute/causal/discover/project-data.ts';
import {
  runDiscovery,
  runStabilityChunk,
  type DiscoveryParams,
} from '../../compute/causal/discover/run-discovery.ts';
import type { FullRunOutput, StabilityRunsOutput } from '../../compute/causal/discover/graph-result.ts';
import { indexKnowledge } from '../../compute/causal/knowledge/gene-knowledge.ts';
import type { Task } from '../runtime.ts';

const Pair = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]);
const Probability = z.number().gt(0).lt(1);

/**
 * One part of a `network.discover` job on a project dataset: the run on all samples (edges with
 * evidence), or a chunk of stability-selection runs listed by (α index, subsample index). Main has
 * resolved every path inside the project; each part reads the data itself, so nothing big crosses IPC
 * and every part sees the same genes in the same order.
 */
export const NetworkDiscoverParams = z.object({
  matrixPath: z.string(),
  samplesPath: z.string().optional(),
  interventionColumn: z.string().optional(),
  genes: z.union([
    GeneSelection.options[0],
    GeneSelection.options[1],
    GeneSelection.options[2],
    z.object({ mode: z.literal('network'), networkPath: z.string() }),
  ]),
  skeletonPath: z.string().optional(),
  knowledge: DiscoveryKnowledge.optional(),
  algorithm: DiscoveryAlgorithm,
  alpha: Probability,
  alphaInvariance: Probability.optional(),
  targetsUnknown: z.boolean().optional(),
  seed: z.number().int(),
  nruns: z.number().int().positive().optional(),
  depth: z.number().int().positive().optional(),
  ciTest: CiTest.optional(),
  part: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('full') }),
    z.object({
      kind: z.literal('stability'),
      alphas: z.array(Probability).min(1),
      subsamples: z.number().int().positive(),
      fraction: z.number().gt(0).lte(1),
      runs: z.array(Pair),
    }),
  ]),
});
export type NetworkDiscoverParams = z.infer<typeof NetworkDiscoverParams>;

export const networkDiscoverTask: Task = async (raw, ctx) => {
  const p = NetworkDiscoverParams.parse(raw);
  await ctx.progress('Reading data', 0);
  const data = readProjectDiscoveryData({
    matrixPath: p.matrixPath,
    samplesPath: p.samplesPath,
    interventionColumn: p.interventionColumn,
    genes: p.genes,
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
  const plan = { alphas: st.alphas, subsamples: st.subsamples, fraction: st.fraction, seed: p.seed };
  // progress() after every run yields to the event loop, so a cancel lands within one run.
  const runs = await runStabilityChunk(data, dp, plan, st.runs, (done) =>
    ctx.progress('Stability selection', done / Math.max(1, st.runs.length)),
  );
  const out: StabilityRunsOutput = {
    runs: runs.map((r) => ({
      alphaIndex: r.alphaIndex,
      subsampleIndex: r.subsampleIndex,
      marks: Array.from(r.marks),
    })),
  };
  return out;
};
