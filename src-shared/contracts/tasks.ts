import { z } from 'zod';
import {
  DuplicateMerge,
  GeneIdKind,
  type InspectReport,
  Orientation,
  ReferenceKind,
  type ReferenceGeneMatch,
  RoleMapping,
} from './data-import.ts';
import { DesignPlanParams } from './design.ts';
import { type DesignExport, DesignExportParams } from './design-export.ts';
import { DrugAggregation, DrugScoreKind } from './drugs-rank.ts';
import { GeneSelection } from './jobs.ts';
import { GimFeatureValues, GimSignatureRole } from './gim.ts';
import type { GeneDrug } from './tables.ts';
import {
  ExecutionProviderSetting,
  InferencePrecisionSetting,
  MODEL_NORMALISATIONS,
  ModelCardInput,
  ModelGenesSource,
  type ModelValidationReport,
} from './transport.ts';
import {
  type DruggableGenes,
  type PrizePreview,
  type SteinerResult,
  type SweepPoint,
  SteinerPruning,
  TargetsExportFormat,
} from './targets.ts';
import { CiTest, DiscoveryAlgorithm } from '../domain/algorithms.ts';
import { DiscoveryKnowledge, DiscoverySearch, SmallSampleCi } from '../domain/discovered-graph.ts';
import { NetworkAsKnowledge } from '../domain/grn/knowledge-file.ts';
import type { ReadKnowledgeResult } from './network-versions.ts';
import { type DiseasePreview, type DrugDetail, ExportFormat } from '../domain/drug-ranking.ts';

/**
 * Worker tasks: what main (the planners, the job service, interactive reads) may ask a worker process
 * to do, with the params it sends and the value it gets back. The supervisor, the pool and the workers'
 * task table are all typed by this table, so a missing task or a mistyped param is a compile error, and
 * the worker runtime parses every `start` with the task's schema before the task sees it.
 * Main resolves and checks every path before it is put in params; a worker only reads and writes them.
 */

const Pair = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]);
const Probability = z.number().gt(0).lt(1);
/** A project dataset main resolved to its matrix file. */
const DatasetFile = z.object({ id: z.string(), matrixPath: z.string() });
const ModelIdPattern = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,99}$/);

export const DatasetSummaryParams = z.object({
  datasetId: z.string(),
  matrixPath: z.string(),
  /** The sample table, to colour the PCA by its columns. */
  samplesPath: z.string().optional(),
  resultPath: z.string(),
  /** Seeds the PCA's sample subsample and randomized SVD (recorded in the run's params). */
  pcaSeed: z.number().int(),
});

/** Main resolves the file (a path or a finished upload) before it reaches the worker. */
export const DatasetInspectParams = z.object({
  file: z.string(),
  fileName: z.string(),
  orientation: z.enum(['genes-x-samples', 'samples-x-genes']).optional(),
  layer: z.string().optional(),
  geneMapPath: z.string(),
  /** The open project's datasets: a network's or drug–target table's genes are checked against them. */
  datasets: z.array(DatasetFile).default([]),
  /** Files above this size are inspected without reading their matrix (default: inspect.ts's). */
  fullReadBytes: z.number().int().min(0).optional(),
});

/** The metadata columns of a dataset's sample table (the wizards' column pickers). */
export const DatasetSampleColumnsParams = z.object({ name: z.string(), samplesPath: z.string() });

export interface SampleColumn {
  name: string;
  nDistinct: number;
  /** Up to 50 distinct values, sorted. */
  values: string[];
}

/** Per-gene values of a small gene table (a signature's log2FC), e.g. to colour a network. */
export const DatasetGeneValuesParams = z.object({ matrixPath: z.string(), genes: z.array(z.string()) });

/** The drugs hitting each gene in a project's drug–target table (the Network page's gene panel). */
export const TablesGeneDrugsParams = z.object({
  name: z.string(),
  tablePath: z.string(),
  genes: z.array(z.string()),
});

export const DatasetImportParams = z.object({
  file: z.string(),
  fileName: z.string(),
  samplesSheet: z.string().optional(),
  datasetId: z.string(),
  name: z.string(),
  tmpDir: z.string(),
  resultPath: z.string(),
  orientation: Orientation.optional(),
  layer: z.string().optional(),
  roles: RoleMapping,
  suggestRoles: z.boolean().optional(),
  summary: z.boolean().optional(),
  geneColumn: z.string().optional(),
  mapGenesTo: GeneIdKind.optional(),
  duplicates: DuplicateMerge.optional(),
  seed: z.number().int().min(0),
  geneMapPath: z.string(),
});

export interface DatasetImportOutput {
  nGenes: number;
  nSamples: number;
  sha256: string;
  format: string;
  orientation: string;
  /** The roles applied (the mapped ones and, with `suggestRoles`, the guessed ones). */
  roles: RoleMapping;
  warnings: string[];
}

export const ReferenceImportParams = z.object({
  file: z.string(),
  fileName: z.string(),
  expect: ReferenceKind.optional(),
  id: z.string(),
  name: z.string(),
  stagingPath: z.string(),
  resultPath: z.string(),
  datasets: z.array(DatasetFile),
  geneMapPath: z.string(),
});

export interface ReferenceImportOutput {
  kind: ReferenceKind;
  format: string;
  nNodes: number;
  nEdges: number;
  nRows: number;
  sha256: string;
  geneMatch: ReferenceGeneMatch;
  warnings: string[];
}

export const SignatureBuildParams = z.object({
  matrixPath: z.string(),
  samplesPath: z.string(),
  sourceName: z.string(),
  column: z.string(),
  caseValues: z.array(z.string()),
  controlValues: z.array(z.string()),
  log2: z.union([z.boolean(), z.literal('auto')]),
  datasetId: z.string(),
  name: z.string(),
  tmpDir: z.string(),
  resultPath: z.string(),
});

/** Transport the chosen signatures to a cell type before scoring. */
export const DrugsTransportParams = z.object({ targetCellType: z.string(), method: z.string() });
export type DrugsTransportParams = z.infer<typeof DrugsTransportParams>;

const RankInput = z.object({ datasetId: z.string(), name: z.string(), path: z.string() });

export const DrugsRankParams = z.object({
  disease: RankInput.extend({ column: z.string() }),
  collection: RankInput.extend({ samplesPath: z.string().nullable() }),
  targets: z
    .object({
      tableId: z.string(),
      name: z.string(),
      path: z.string(),
      /** DrugCentral's LINCS name mapping, to match collection names to the table's. */
      lincsMappingPath: z.string().optional(),
    })
    .nullable(),
  cellTypes: z.array(z.string()).nullable(),
  score: DrugScoreKind,
  querySize: z.number().int(),
  aggregate: DrugAggregation,
  permutations: z.number().int().min(0),
  seed: z.number().int().min(0),
  /** null: score the signatures as measured. */
  transport: DrugsTransportParams.nullable().default(null),
  appVersion: z.string(),
  resultPath: z.string(),
  /**
   * One array task of a ranking split by permutations: score draws first … first+count−1 and write their
   * counts to partPath (no result file). null: the whole ranking.
   */
  split: z
    .object({ first: z.number().int().min(0), count: z.number().int().min(1), partPath: z.string() })
    .nullable()
    .default(null),
  /** The combining step of a split ranking: the parts of every range, summed into the result file. */
  merge: z
    .object({ partPaths: z.array(z.string()).min(1) })
    .nullable()
    .default(null),
});

/** A project dataset main resolved to its files, for the drug-ranking reads. */
const DatasetFiles = z.object({
  id: z.string(),
  name: z.string(),
  matrixPath: z.string(),
  samplesPath: z.string().nullable(),
});

/** The disease signature column and the collection it will be ranked against (the Rank-drugs wizard). */
export const DrugsPreviewParams = z.object({
  disease: DatasetFiles.extend({ column: z.string() }),
  collection: DatasetFiles,
  querySize: z.number().int(),
});

/** One drug of a finished ranking against the run's disease signature; `datasets`: the project's. */
export const DrugsDetailParams = z.object({
  resultPath: z.string(),
  runId: z.string(),
  drug: z.string(),
  datasets: z.array(DatasetFiles),
});

/** A finished ranking exported to `path`, or returned base64-encoded (browser download) when null. */
export const RankingExportParams = z.object({
  resultPath: z.string(),
  runId: z.string(),
  format: ExportFormat,
  path: z.string().nullable(),
});

export interface RankingExport {
  fileName: string;
  mime: string;
  bytes: number;
  base64: string | null;
  path: string | null;
}

/**
 * One part of a `network.discover` job on a project dataset: the run on all samples (edges with
 * evidence), or a chunk of stability-selection runs listed by (α index, subsample index). Each part
 * reads the data itself, so nothing big crosses IPC and every part sees the same genes in the same order.
 */
export const NetworkDiscoverParams = z.object({
  matrixPath: z.string(),
  samplesPath: z.string().optional(),
  interventionColumn: z.string().optional(),
  minExpressedFraction: z.number().min(0).lt(1).optional(),
  genes: z.union([
    GeneSelection.options[0],
    GeneSelection.options[1],
    GeneSelection.options[2],
    z.object({ mode: z.literal('network'), networkPath: z.string() }),
  ]),
  skeletonPath: z.string().optional(),
  /** Gene-named background knowledge; the worker indexes it against the genes it reads. */
  knowledge: DiscoveryKnowledge.optional(),
  algorithm: DiscoveryAlgorithm,
  alpha: Probability,
  alphaInvariance: Probability.optional(),
  targetsUnknown: z.boolean().optional(),
  seed: z.number().int(),
  nruns: z.number().int().positive().optional(),
  depth: z.number().int().positive().optional(),
  ciTest: CiTest.optional(),
  smallSampleCi: SmallSampleCi.optional(),
  coveredArcUpdate: DiscoverySearch.shape.coveredArcUpdate.optional(),
  part: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('full') }),
    z.object({
      kind: z.literal('stability'),
      alphas: z.array(Probability).min(1),
      subsamples: z.number().int().positive(),
      fraction: z.number().gt(0).lte(1),
      subsampleSize: DiscoverySearch.shape.subsampleSize.optional(),
      runs: z.array(Pair),
    }),
  ]),
});

/** What the run on all samples returns (gene indices into `nodes`). */
export interface FullRunOutput {
  nodes: string[];
  edges: {
    source: number;
    target: number;
    directed: boolean;
    evidence: {
      ciPValue: number;
      orientedByIntervention: boolean;
      invariance?: { setting: string; pValue: number }[];
    };
  }[];
  learnedTargets?: number[][];
  settings: string[];
  dataHash: string;
  excluded: { gene: string; reason: string }[];
  /** Knowledge pairs and tier entries naming genes that are not variables of the run. */
  knowledgeIgnored: number;
}

export interface StabilityRunsOutput {
  /** marks: the run's graph (CPDAG) arcs; dag: the DAG its search found (GSP family). */
  runs: { alphaIndex: number; subsampleIndex: number; marks: number[]; dag?: number[] }[];
}

export const ModelValidateParams = z.object({
  path: z.string(),
  genes: ModelGenesSource.optional(),
  inputName: z.string().optional(),
  /** Datasets the gene sources or the overlap refer to, resolved by main. */
  datasets: z.array(DatasetFile.extend({ name: z.string() })).default([]),
  overlapDatasetId: z.string().optional(),
  provider: ExecutionProviderSetting.default('cpu'),
});

export const ModelImportParams = ModelValidateParams.extend({
  card: ModelCardInput,
  modelId: ModelIdPattern,
  outDir: z.string(),
  resultPath: z.string().optional(),
});

export const ModelTrainParams = z.object({
  matrixPath: z.string(),
  datasetName: z.string().max(500),
  /** The sample table and its (cell type, condition) columns; the samples are unlabelled without it. */
  labels: z
    .object({ samplesPath: z.string(), cellTypeColumn: z.string(), conditionColumn: z.string() })
    .optional(),
  /** (cell type, condition) groups kept out of training, so the model can be scored on them later. */
  exclude: z.array(z.object({ cellType: z.string(), condition: z.string() })).default([]),
  maxGenes: z.number().int().min(2).max(50_000).default(2000),
  /** Exactly these genes, in this order; overrides maxGenes. */
  geneList: z.array(z.string()).min(2).optional(),
  normalisation: z.enum(MODEL_NORMALISATIONS).default('log2p1-minmax'),
  /** Hidden units; absent: the trainer's default width. */
  hidden: z.number().int().min(2).max(8192).optional(),
  epochs: z.number().int().min(1).max(10_000).default(50),
  batchSize: z.number().int().min(1).max(65_536).default(256),
  learningRate: z.number().positive().max(1).default(1e-4),
  patience: z.number().int().min(1).max(1000).default(5),
  seed: z.number().int().default(1),
  provider: ExecutionProviderSetting.default('auto'),
  modelId: ModelIdPattern,
  name: z.string().min(1).max(200),
  /** Folder (inside the project, resolved by main) that receives `<modelId>.onnx` and `<modelId>.card.json`. */
  outDir: z.string(),
  /** Where the job's result (loss history, provider) is written, when run as a project job. */
  resultPath: z.string().optional(),
});

export const TransportValidateParams = z.object({
  dataset: z.object({ id: z.string(), name: z.string() }),
  matrixPath: z.string(),
  samplesPath: z.string(),
  cellTypeColumn: z.string(),
  conditionColumn: z.string(),
  control: z.string(),
  perturbed: z.array(z.string()).min(1),
  targetCellType: z.string().nullable(),
  methods: z.array(z.string()).min(1),
  model: z.object({ id: z.string(), bundledDir: z.string(), projectDir: z.string().nullable() }).nullable(),
  epochs: z.number().int().min(1).nullable(),
  provider: ExecutionProviderSetting,
  precision: InferencePrecisionSetting.default('float32'),
  seed: z.number().int().min(0),
  appVersion: z.string(),
  resultPath: z.string(),
});

/** One perturbation's effect, measured in other cell types, carried to the target cell type. */
export const TransportPredictParams = z.object({
  dataset: z.object({ id: z.string(), name: z.string() }),
  matrixPath: z.string(),
  samplesPath: z.string(),
  cellTypeColumn: z.string(),
  conditionColumn: z.string(),
  control: z.string(),
  perturbed: z.string(),
  targetCellType: z.string(),
  method: z.string(),
  model: z.object({ id: z.string(), bundledDir: z.string(), projectDir: z.string().nullable() }).nullable(),
  provider: ExecutionProviderSetting,
  precision: InferencePrecisionSetting.nullable(),
  seed: z.number().int().min(0),
  appVersion: z.string(),
  resultPath: z.string(),
});

/** The interactome a Steiner task reads: a project network file main resolved. */
const SteinerInteractomeFile = z.object({
  path: z.string(),
  hubDegree: z.object({ attribute: z.string(), genes: z.number().int() }).optional(),
});

/** Prizes as the worker computes them: a signature column (files resolved by main) or a table. */
const SteinerPrizesInput = z.discriminatedUnion('from', [
  z.object({
    from: z.literal('signature'),
    matrixPath: z.string(),
    column: z.string(),
    fdrColumn: z.string().optional(),
    maxFdr: z.number().optional(),
    minAbsLog2FC: z.number().optional(),
    sameDirectionAs: z.object({ matrixPath: z.string(), column: z.string() }).optional(),
  }),
  z.object({ from: z.literal('table'), entries: z.array(z.object({ gene: z.string(), prize: z.number() })) }),
]);

/**
 * One part of a `targets.steiner` job: the forest itself, or a block of robustness (noisy-cost) or
 * specificity (random-terminal) runs. Each part reads the interactome and the prizes itself, so nothing
 * big crosses IPC; run r always draws from its own stream, whichever chunk runs it.
 */
export const TargetsSteinerParams = z.object({
  interactome: SteinerInteractomeFile,
  prizes: SteinerPrizesInput,
  caseInsensitive: z.boolean().default(false),
  w: z.number(),
  b: z.number(),
  g: z.number(),
  pruning: SteinerPruning,
  part: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('forest') }),
    z.object({
      kind: z.literal('robustness'),
      from: z.number().int().min(0),
      to: z.number().int().min(0),
      noise: z.number(),
      seed: z.number().int().min(0),
    }),
    z.object({
      kind: z.literal('specificity'),
      from: z.number().int().min(0),
      to: z.number().int().min(0),
      seed: z.number().int().min(0),
    }),
  ]),
});

/** The forest part's answer: the result document's body (main adds ids, randomisations, provenance). */
export type SteinerForestOutput = Pick<
  SteinerResult,
  'nodes' | 'edges' | 'summary' | 'prizes' | 'interactome'
> & {
  /** Interactome sha256 of the network file and hash of the prizes (for the provenance). */
  interactomeSha256: string;
  prizesSha256: string;
};

/** A randomisation block's answer: selection counts per interactome gene / forest edge (sparse). */
export interface SteinerRunsOutput {
  kind: 'robustness' | 'specificity';
  runs: number;
  /** [gene, times selected] and [edge "a|b" key's genes, times used]. */
  genes: [string, number][];
  edges: [string, string, number][];
}

/** Settings of a `targets.sweep` job, one block per chunk; each point equals sweepSetting's. */
export const TargetsSweepParams = z.object({
  interactome: SteinerInteractomeFile,
  prizes: SteinerPrizesInput,
  caseInsensitive: z.boolean().default(false),
  pruning: SteinerPruning,
  settings: z.array(z.object({ w: z.number(), b: z.number(), g: z.number() })).min(1),
});

/** Files main resolved for `targets.rank`; the worker writes the result document to resultPath. */
export const TargetsRankParams = z.object({
  discover: z.object({
    runId: z.string(),
    label: z.string(),
    graphPath: z.string(),
    subsampleGraphsPath: z.string(),
  }),
  threshold: z.number().nullable(),
  expression: z.object({ id: z.string(), name: z.string(), matrixPath: z.string() }),
  disease: z.object({ id: z.string(), name: z.string(), matrixPath: z.string(), column: z.string() }),
  diseaseGenes: z.discriminatedUnion('mode', [
    z.object({ mode: z.literal('signature'), minAbs: z.number().optional() }),
    z.object({ mode: z.literal('steinerTerminals'), runId: z.string(), resultPath: z.string() }),
    z.object({ mode: z.literal('list'), genes: z.array(z.string()) }),
  ]),
  drugTargets: z.object({ id: z.string(), name: z.string(), path: z.string() }),
  /** Project network whose node attributes annotate the rows (the run's gene source), or null. */
  annotations: z.object({ networkId: z.string(), path: z.string() }).nullable(),
  minAffinity: z.number(),
  keepUnmeasured: z.boolean(),
  drugRanking: z.object({ runId: z.string(), resultPath: z.string() }).nullable(),
  /** DrugCentral's LINCS name/id mapping shipped with the app: matches L1000 drug names to the table. */
  lincsMappingPath: z.string().optional(),
  reversalWeight: z.number(),
  knockdown: z.number(),
  minPathStability: z.number(),
  seed: z.number().int().min(0),
  /** The spec as run and the input hashes main knows (recorded in the provenance). */
  spec: z.record(z.string(), z.unknown()),
  inputs: z.record(z.string(), z.object({ id: z.string(), name: z.string(), sha256: z.string().nullable() })),
  appVersion: z.string(),
  resultPath: z.string(),
});

/** The wizard's prize preview on an interactome. */
export const TargetsPrizePreviewParams = z.object({
  interactome: SteinerInteractomeFile,
  prizes: SteinerPrizesInput,
  caseInsensitive: z.boolean().default(false),
});

/** A project drug–target table (Arrow, the demo's layout) and the genes to look up in it. */
export const TargetsDruggableParams = z.object({
  path: z.string(),
  genes: z.array(z.string()),
  minAffinity: z.number(),
  keepUnmeasured: z.boolean(),
});

/** A finished targets run exported to `path`, or returned base64-encoded when null. */
export const TargetsExportParams = z.object({
  resultPath: z.string(),
  runId: z.string(),
  format: TargetsExportFormat,
  path: z.string().nullable(),
});

/** A user's knowledge file or prior network (main resolved the path), read as constraints. */
export const NetworkReadKnowledgeParams = z.object({ file: z.string(), as: NetworkAsKnowledge.optional() });

/** What every gim.* task reads: the dataset's files, the context column, the feature table, genes and DAG. */
const GimDataParams = z.object({
  dataset: z.object({ id: z.string(), name: z.string() }),
  matrixPath: z.string(),
  samplesPath: z.string(),
  contextColumn: z.string(),
  observationalLabel: z.string(),
  featuresPath: z.string(),
  /** The feature table's file name, as the model card records it. */
  featuresName: z.string(),
  genes: z.discriminatedUnion('mode', [
    z.object({ mode: z.literal('topVariable'), n: z.number().int().min(2) }),
    z.object({ mode: z.literal('list'), genes: z.array(z.string()).min(2) }),
    /** The discovery run's genes (those in the dataset). */
    z.object({ mode: z.literal('network') }),
  ]),
  /** A discovery run's graph document: its DAG is kept fixed. null: learned jointly. */
  network: z.object({ runId: z.string(), graphPath: z.string() }).nullable(),
  epochs: z.number().int().min(1),
  hiddenUnits: z.number().int().min(1),
  seed: z.number().int().min(0),
  appVersion: z.string(),
  resultPath: z.string(),
});

/** Train and save a GIM: the model folder is written to stagingDir, then renamed to modelDir whole. */
export const GimTrainParams = GimDataParams.extend({
  modelId: ModelIdPattern,
  name: z.string().min(1).max(200),
  runId: z.string(),
  stagingDir: z.string(),
  modelDir: z.string(),
});

export const GimValidateParams = GimDataParams.extend({ methods: z.array(z.string()).min(1) });

/** Predict from a saved model (its folder, resolved by main). */
export const GimPredictParams = z.object({
  modelDir: z.string(),
  modelId: z.string(),
  features: GimFeatureValues,
  name: z.string(),
  seed: z.number().int().min(0),
  appVersion: z.string(),
  resultPath: z.string(),
});

/** A gim.predict result's shift written as a dataset in stagingDir (main registers it). */
export const GimSignatureParams = z.object({
  predictionPath: z.string(),
  name: z.string(),
  as: GimSignatureRole,
  stagingDir: z.string(),
});

/** Every task's params schema, by name. */
export const TASK_PARAMS = {
  'dataset.summary': DatasetSummaryParams,
  'dataset.inspect': DatasetInspectParams,
  'dataset.sampleColumns': DatasetSampleColumnsParams,
  'dataset.geneValues': DatasetGeneValuesParams,
  'tables.geneDrugs': TablesGeneDrugsParams,
  'dataset.import': DatasetImportParams,
  'reference.import': ReferenceImportParams,
  'signature.build': SignatureBuildParams,
  'drugs.rank': DrugsRankParams,
  'drugs.preview': DrugsPreviewParams,
  'drugs.detail': DrugsDetailParams,
  'ranking.export': RankingExportParams,
  'network.discover': NetworkDiscoverParams,
  'model.validate': ModelValidateParams,
  'model.import': ModelImportParams,
  'model.train': ModelTrainParams,
  'transport.validate': TransportValidateParams,
  'transport.predict': TransportPredictParams,
  'targets.steiner': TargetsSteinerParams,
  'targets.sweep': TargetsSweepParams,
  'targets.rank': TargetsRankParams,
  'targets.prizePreview': TargetsPrizePreviewParams,
  'targets.druggableGenes': TargetsDruggableParams,
  'targets.export': TargetsExportParams,
  'network.readKnowledge': NetworkReadKnowledgeParams,
  'design.plan': DesignPlanParams,
  'design.export': DesignExportParams,
  'gim.train': GimTrainParams,
  'gim.predict': GimPredictParams,
  'gim.validate': GimValidateParams,
  'gim.signature': GimSignatureParams,
} as const;

/** What each task resolves with (files it writes are named in its params). */
export interface TaskResults {
  'dataset.summary': { resultPath: string; nGenes: number; nSamples: number };
  'dataset.inspect': InspectReport;
  'dataset.sampleColumns': SampleColumn[];
  'dataset.geneValues': { columns: string[]; values: (number | null)[][] };
  /** Per requested gene, in order: its drugs, strongest first ([] for a gene no drug targets). */
  'tables.geneDrugs': { hasActivity: boolean; drugs: GeneDrug[][] };
  'dataset.import': DatasetImportOutput;
  'reference.import': ReferenceImportOutput;
  'signature.build': { nGenes: number; caseSamples: number; controlSamples: number };
  'drugs.rank': { nDrugs: number; sharedGenes: number; top: string | null };
  'drugs.preview': DiseasePreview;
  'drugs.detail': DrugDetail;
  'ranking.export': RankingExport;
  'network.discover': FullRunOutput | StabilityRunsOutput;
  'model.validate': ModelValidationReport;
  'model.import': { modelId: string; sha256: string; genes: number };
  'model.train': {
    modelId: string;
    sha256: string;
    provider: string;
    fallbacks: { provider: string; reason: string }[];
    bestEpoch: number;
    bestLoss: number | null;
    samples: number;
    genes: number;
  };
  'transport.validate': { recommended: string; pairs: number };
  'transport.predict': { provider: string };
  'targets.steiner': SteinerForestOutput | SteinerRunsOutput;
  'targets.sweep': { terminals: number; points: SweepPoint[] };
  'targets.rank': { rows: number; dags: number; top: string | null };
  'targets.prizePreview': PrizePreview;
  'targets.druggableGenes': DruggableGenes;
  'targets.export': RankingExport;
  'network.readKnowledge': ReadKnowledgeResult;
  'design.plan': { perturbations: number; dags: number; top: string | null };
  'design.export': DesignExport;
  'gim.train': { modelId: string; genes: string[]; contexts: string[]; finalLoss: number | null };
  'gim.predict': { top: string | null; warnings: number };
  'gim.validate': { contexts: number; methods: number };
  'gim.signature': { nGenes: number; nSamples: number; sha256: string };
}

export type TaskName = keyof typeof TASK_PARAMS;
/** What a caller sends (defaults may be left out). */
export type TaskParams<K extends TaskName> = z.input<(typeof TASK_PARAMS)[K]>;
/** What the task receives: the params after its schema (defaults filled in). */
export type ParsedTaskParams<K extends TaskName> = z.output<(typeof TASK_PARAMS)[K]>;
export type TaskResult<K extends TaskName> = TaskResults[K];

/**
 * Tasks that read for the UI (inspect, previews, details, exports): the interactive lane runs only these
 * (InteractiveLane picks them from the task table, so a name that is not a task is a compile error).
 */
export type InteractiveTaskName =
  | 'dataset.inspect'
  | 'dataset.sampleColumns'
  | 'dataset.geneValues'
  | 'tables.geneDrugs'
  | 'drugs.preview'
  | 'drugs.detail'
  | 'ranking.export'
  | 'model.validate'
  | 'targets.prizePreview'
  | 'targets.druggableGenes'
  | 'targets.export'
  | 'network.readKnowledge'
  | 'design.export'
  | 'gim.signature';
