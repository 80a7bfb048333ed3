import { z } from 'zod';
import { CiTest, DiscoveryAlgorithm } from './algorithms.ts';

const Gene = z.string().min(1).max(200);
const Frequency = z.number().min(0).max(1);
/** JSON has no NaN: a p-value that was never computed is stored as null. */
const PValue = z.number().min(0).max(1).nullable();

export const EdgeEvidence = z.object({
  /** p-value of the deciding CI test (the weakest evidence for a PC edge; the I-map test for GSP). */
  ciPValue: PValue,
  /** Directed only because interventions oriented it (undirected in the observational CPDAG). */
  orientedByIntervention: z.boolean(),
  /** Settings whose targets contain the source, with the child's invariance-test p-value. */
  invariance: z.array(z.object({ setting: z.string().max(500), pValue: PValue })).optional(),
  /** Stability of this direction (max over α of how often source → target was selected). */
  arcStability: Frequency.optional(),
  /** With a stability threshold: false for an edge found only across subsamples (then ciPValue is null). */
  inFullDataGraph: z.boolean().optional(),
  /** With a stability threshold, for a subsample-only edge: the stability of target → source. */
  reverseArcStability: Frequency.optional(),
});
export type EdgeEvidence = z.infer<typeof EdgeEvidence>;

export const DiscoveredEdge = z.object({
  source: Gene,
  target: Gene,
  directed: z.boolean(),
  /** Stability-selection score of the adjacency: max over the α grid of its selection frequency. */
  stability: Frequency.optional(),
  evidence: EdgeEvidence.optional(),
});
export type DiscoveredEdge = z.infer<typeof DiscoveredEdge>;

const GenePair = z.tuple([Gene, Gene]);
const GenePairs = z.array(GenePair).max(1_000_000);

/**
 * Background knowledge by gene name (Meek 1995; the pcalg/causal-learn notion), as asked for in a
 * discovery job and recorded in its result. Pairs naming genes that are not variables of the run
 * are ignored (the run's `params.knowledgeIgnored` counts them).
 */
export const DiscoveryKnowledge = z
  .object({
    /** Only these unordered pairs may be adjacent (an allowed skeleton, e.g. PPI pairs). */
    allowedAdjacencies: GenePairs.optional(),
    forbiddenAdjacencies: GenePairs.optional(),
    requiredAdjacencies: GenePairs.optional(),
    /** [source, target]: this arc may not appear. */
    forbiddenArcs: GenePairs.optional(),
    requiredArcs: GenePairs.optional(),
    /** Ordered tiers, earliest first: no arc may point from a later tier into an earlier one. */
    tiers: z.array(z.array(Gene).max(100_000)).max(1000).optional(),
  })
  .strict();
export type DiscoveryKnowledge = z.infer<typeof DiscoveryKnowledge>;

/**
 * Named settings of a discovery run. 'causeway': the app's defaults. 'belyaeva2021': the reference run
 * of the COVID-19 analysis (Belyaeva et al., Nat. Commun. 2021) as a whole: untestable CI tests decided
 * "independent", GSP's covered-arc update with the reference's conditioning sets, subsamples of
 * floor(0.7·n) rows, depth 5 (docs/methods.md §2.9).
 */
export const DiscoveryCompat = z.enum(['causeway', 'belyaeva2021']);
export type DiscoveryCompat = z.infer<typeof DiscoveryCompat>;
/** A CI test whose conditioning set is too large for the sample: keep the edge, or call it independent. */
export const SmallSampleCi = z.enum(['keep-edge', 'independent']);
export type SmallSampleCi = z.infer<typeof SmallSampleCi>;

/** How the search of a discovery run was set up, every choice resolved (recorded in the result). */
export const DiscoverySearch = z.object({
  compat: DiscoveryCompat,
  smallSampleCi: SmallSampleCi,
  /** GSP covered-arc update: the theory's conditioning sets or the reference helper's swapped ones. */
  coveredArcUpdate: z.enum(['theory', 'reference']),
  /** Rows per stability subsample: round(fraction·n) or floor(fraction·n). */
  subsampleSize: z.enum(['round', 'floor']),
  /** Permutation-search depth and restarts (GSP family). */
  depth: z.number().int().min(1),
  nruns: z.number().int().min(1),
});
export type DiscoverySearch = z.infer<typeof DiscoverySearch>;

const Param = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null(), z.array(z.number())]);

/**
 * A learned causal network as stored in a project (results/<runId>.json) by the network.discover job,
 * whether the app or `causeway discover` started it (the CLI writes the same document to --out).
 */
export const DiscoveredGraph = z.object({
  nodes: z.array(Gene).max(100_000),
  edges: z.array(DiscoveredEdge).max(10_000_000),
  /** Per interventional setting (by label): the targets UT-IGSP learned, or the known ones for IGSP. */
  learnedTargets: z.record(z.string().max(500), z.array(Gene)).optional(),
  algorithm: DiscoveryAlgorithm,
  /** Results written before the CI test was recorded used the Gaussian test. */
  ciTest: CiTest.default('gaussian'),
  /** The background knowledge the run was given (an allowed network appears as params.restrictToNetworkId). */
  knowledge: DiscoveryKnowledge.optional(),
  params: z.record(z.string().max(100), Param),
  /** The search settings, resolved (results written before they were recorded lack it). */
  search: DiscoverySearch.optional(),
  seed: z.number().int(),
  /** sha256 of the input data. */
  dataHash: z.string().regex(/^[0-9a-f]{64}$/),
  elapsedMs: z.number().min(0),
});
export type DiscoveredGraph = z.infer<typeof DiscoveredGraph>;
