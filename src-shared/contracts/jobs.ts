import { z } from 'zod';
import { algorithmInfo, ALGORITHMS, CiTest, DiscoveryAlgorithm } from '../domain/algorithms.ts';
import { DiscoveryCompat, DiscoveryKnowledge, SmallSampleCi } from '../domain/discovered-graph.ts';
import { SafeId } from '../domain/project.ts';
import { AppErrorSchema } from './errors.ts';
import { DrugsRankSpec } from './drugs-rank.ts';
import { DatasetImportSpec, ReferenceImportSpec, SignatureBuildSpec } from './data-import.ts';
import { ModelImportSpec, ModelTrainSpec, TransportPredictSpec, TransportValidateSpec } from './transport.ts';
import { TargetsRankSpec, TargetsSteinerSpec, TargetsSweepSpec } from './targets.ts';
import { DesignPlanSpec } from './design.ts';
import { GimPredictSpec, GimTrainSpec, GimValidateSpec } from './gim.ts';

/**
 * Every long computation is a job. Specs are a discriminated union on `kind`: the CLI, the UI and the
 * worker all validate the same schema, so every job the UI can start the CLI can start too.
 */
export const DatasetSummarySpec = z.object({
  kind: z.literal('dataset.summary'),
  datasetId: SafeId,
});

const Probability = z.number().gt(0).lt(1);
const GeneName = z.string().min(1).max(200);

/** Which genes become variables of a discovery run. */
export const GeneSelection = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('all') }).strict(),
  z.object({ mode: z.literal('topVariable'), n: z.number().int().min(2).max(20_000) }).strict(),
  z.object({ mode: z.literal('list'), genes: z.array(GeneName).min(2).max(20_000) }).strict(),
  /** The genes of a project network (e.g. a PPI subnetwork). */
  z.object({ mode: z.literal('network'), networkId: SafeId }).strict(),
]);
export type GeneSelection = z.infer<typeof GeneSelection>;

/** Learn a causal network from a project dataset: the app's wizard and `causeway discover` build this spec. */
export const NetworkDiscoverSpec = z
  .object({
    kind: z.literal('network.discover'),
    datasetId: SafeId,
    genes: GeneSelection,
    algorithm: DiscoveryAlgorithm,
    /** Conditional-independence test; default gaussian (Fisher z). */
    ciTest: CiTest.optional(),
    alpha: Probability,
    alphaInvariance: Probability.optional(),
    /** Sample-metadata column naming each sample's setting (observational or the perturbed genes). */
    interventionColumn: z.string().min(1).max(200).optional(),
    /**
     * Keep only genes expressed (non-zero) in more than this fraction of the samples: single-cell data
     * carry many genes seen in a handful of cells (Belyaeva et al. 2021 kept genes in > 10% of cells).
     */
    minExpressedFraction: z.number().min(0).lt(1).optional(),
    targetsUnknown: z.boolean().optional(),
    /** Only gene pairs adjacent in this project network may be adjacent in the result. */
    restrictToNetworkId: SafeId.optional(),
    /** Background knowledge by gene name (allowed skeleton, forbidden/required pairs and arcs, tiers). */
    knowledge: DiscoveryKnowledge.optional(),
    /** The edited network version whose constraints this run was given (recorded to compare them). */
    editedVersionId: SafeId.optional(),
    stability: z
      .object({
        subsamples: z.number().int().min(1).max(1_000),
        fraction: z.number().gt(0).lte(1),
        alphas: z.array(Probability).min(1).max(20),
        /**
         * Report every pair whose stability is ≥ this, found on all samples or only across subsamples
         * (instead of the full-data graph annotated with stability).
         */
        threshold: z.number().min(0).max(1).optional(),
      })
      .strict()
      .optional(),
    /** Permutation-search restarts and depth (GSP family); defaults from `compat`. */
    nruns: z.number().int().min(1).max(100).optional(),
    depth: z.number().int().min(1).max(50).optional(),
    /** Named setting: Causeway's defaults, or the reference run of Belyaeva et al. 2021 as a whole. */
    compat: DiscoveryCompat.optional(),
    /** Overrides compat's decision for CI tests the sample is too small for. */
    smallSampleCi: SmallSampleCi.optional(),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1),
  })
  .strict()
  .superRefine((s, ctx) => {
    const algorithm = algorithmInfo(s.algorithm);
    if (algorithm.interventional && !s.interventionColumn) {
      ctx.addIssue({
        code: 'custom',
        path: ['interventionColumn'],
        message: `${algorithm.name} needs an intervention column`,
      });
    }
    if (s.ciTest !== undefined && !algorithm.ciTests.includes(s.ciTest)) {
      ctx.addIssue({
        code: 'custom',
        path: ['ciTest'],
        message: `${algorithm.name} runs with the ${algorithm.ciTests.join(' or ')} test`,
      });
    }
    if (s.targetsUnknown && !algorithm.learnsTargets) {
      const learners = ALGORITHMS.filter((a) => a.learnsTargets).map((a) => a.name);
      ctx.addIssue({
        code: 'custom',
        path: ['targetsUnknown'],
        message: `unknown targets need ${learners.join(' or ')}`,
      });
    }
  });
export type NetworkDiscoverSpec = z.infer<typeof NetworkDiscoverSpec>;

export const JobSpec = z.discriminatedUnion('kind', [
  DatasetSummarySpec,
  NetworkDiscoverSpec,
  DrugsRankSpec,
  DatasetImportSpec,
  ReferenceImportSpec,
  SignatureBuildSpec,
  TransportValidateSpec,
  TransportPredictSpec,
  ModelTrainSpec,
  ModelImportSpec,
  TargetsSteinerSpec,
  TargetsSweepSpec,
  TargetsRankSpec,
  DesignPlanSpec,
  GimTrainSpec,
  GimPredictSpec,
  GimValidateSpec,
]);
export type JobSpec = z.infer<typeof JobSpec>;
export type JobKind = JobSpec['kind'];

export const JobState = z.enum(['queued', 'running', 'finished', 'failed', 'cancelled']);
export type JobState = z.infer<typeof JobState>;

export const JobProgress = z.object({
  phase: z.string().max(200),
  /** 0..1 */
  fraction: z.number().min(0).max(1),
  /** Estimated milliseconds left, when the job can tell. */
  etaMs: z.number().min(0).nullable(),
  /** Numbers a job reports as it goes (e.g. a training epoch's loss), for live plots. */
  metrics: z.record(z.string().max(40), z.number()).optional(),
});
export type JobProgress = z.infer<typeof JobProgress>;

export const JobRecord = z.object({
  jobId: SafeId,
  kind: z.string(),
  /** What was asked for: lets any window (or the CLI) tell which inputs a job belongs to. */
  spec: JobSpec,
  label: z.string(),
  state: JobState,
  progress: JobProgress,
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  runId: SafeId.nullable(),
  error: AppErrorSchema.nullable(),
});
export type JobRecord = z.infer<typeof JobRecord>;
