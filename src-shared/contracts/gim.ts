import { z } from 'zod';
import { SafeId } from '../domain/project.ts';
import { FileRef } from './data-import.ts';
import { ModelId } from './transport.ts';

/**
 * Predicting unseen perturbations from their features with generative intervention models (GIM;
 * Schneider, Lorch, Kilbertus, Schölkopf & Krause, ICML 2025, arXiv 2411.14003; docs/methods.md §7):
 * job specs (gim.train, gim.predict, gim.validate), their stored results, the model card and the API.
 *
 * Inputs: a project expression dataset whose sample column `contextColumn` names each cell's
 * perturbation context ("obs" or empty: observational), and a feature table — a CSV/TSV file with one
 * row per perturbation context, keyed by a `context` column (else the first column), the other columns
 * numeric (dose, descriptors) or categorical (target class). The feature table is a file (a path or a
 * browser upload), as the import wizard's sample sheet is; gim.train copies it beside the model, so a
 * model names exactly the rows that trained it and the page can offer them for prediction.
 */

const Label = z.string().min(1).max(200);
const Seed = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);

/** Methods leave-one-context-out validation compares (the baselines of issue 15). */
export const GIM_METHODS = ['gim', 'no-change', 'mlp', 'nearest', 'context-targets'] as const;
export const GimMethodId = z.enum(GIM_METHODS);
export type GimMethodId = z.infer<typeof GimMethodId>;

/** Defaults the page and the CLI share (and explain). */
export const GIM_DEFAULTS = {
  observationalLabel: 'obs',
  /**
   * Genes modelled when none are named: the 50 most variable across all cells. The causal model has a
   * weight per gene pair and each context a target probability per gene, so a few dozen genes train in
   * seconds and stay identifiable from tens of cells per context; with a discovery run, its genes.
   */
  genes: 50,
  // The trainer's own defaults (compute/gim/train-gim.ts), so the app, the CLI and the benchmark agree.
  epochs: 1500,
  hiddenUnits: 32,
  seed: 1,
} as const;

/** What the page and `causeway gim --help` say about the choices (one wording for both). */
export const GIM_HELP = {
  genes: `Without a choice, the ${GIM_DEFAULTS.genes} most variable genes across all cells (with a discovery run: its genes). The causal model has a weight per gene pair and a target probability per gene, so a few dozen genes train in seconds and stay identifiable from tens of cells per context.`,
  networkLearned:
    'Learned jointly: the DAG is learned from these cells together with the interventions (a NOTEARS acyclicity penalty), then kept fixed while the intervention model trains. Up to 100 genes (its cost grows with the cube of the gene count).',
  networkRun:
    "From a discovery run: the run's DAG is kept fixed (undirected edges are oriented along its directed part's order) and only the mechanisms' weights and the interventions are learned.",
  observational: `Cells whose context is "${GIM_DEFAULTS.observationalLabel}" (or the label you give) or empty are observational: the unperturbed baseline every shift is measured from.`,
} as const;

/** The data every GIM job reads: a dataset with a context column, a feature table, the genes and the DAG. */
const GimDataFields = {
  datasetId: SafeId,
  /** Sample column naming each cell's perturbation context. */
  contextColumn: Label,
  /** The value of `contextColumn` that marks observational (unperturbed) cells; empty cells are too. */
  observationalLabel: z.string().max(200).default(GIM_DEFAULTS.observationalLabel),
  /** One row per perturbation context (path or upload): a `context` column (else the first) and features. */
  features: FileRef,
  /** The N most variable genes (GIM_DEFAULTS.genes when neither this nor geneList is given). */
  genes: z.number().int().min(2).max(500).optional(),
  /** Exactly these genes, in this order. */
  geneList: z.array(Label).min(2).max(500).optional(),
  /**
   * A network.discover run whose DAG the causal model keeps fixed (its genes, unless genes are named);
   * absent: the DAG is learned jointly with the intervention model.
   */
  networkRunId: SafeId.optional(),
};

const oneGeneChoice = (s: { genes?: number | undefined; geneList?: string[] | undefined }): boolean =>
  s.genes === undefined || s.geneList === undefined;
const ONE_GENE_CHOICE = { message: 'give a gene count or a gene list, not both', path: ['geneList'] };

/** Train a GIM; saved in the project (gim/<modelId>/) with its model card. */
export const GimTrainSpec = z
  .object({
    kind: z.literal('gim.train'),
    ...GimDataFields,
    epochs: z.number().int().min(1).max(20_000).default(GIM_DEFAULTS.epochs),
    /** Width of the intervention network's hidden layer (features → targets and shifts). */
    hiddenUnits: z.number().int().min(1).max(512).default(GIM_DEFAULTS.hiddenUnits),
    seed: Seed,
    name: Label,
    /** The model's id; made from the name and the run id when absent. */
    modelId: ModelId.optional(),
  })
  .strict()
  .refine(oneGeneChoice, ONE_GENE_CHOICE);
export type GimTrainSpec = z.infer<typeof GimTrainSpec>;

/** A feature value as typed on the page or the command line: numbers for numeric features, text for categories. */
export const GimFeatureValues = z.record(Label, z.union([z.string().max(200), z.number()]));
export type GimFeatureValues = z.infer<typeof GimFeatureValues>;

/** Predict an unseen perturbation's interventional distribution from its feature values. */
export const GimPredictSpec = z
  .object({
    kind: z.literal('gim.predict'),
    modelId: ModelId,
    features: GimFeatureValues,
    /** What the prediction is called (in the run list and when sent to Drug ranking). */
    name: Label.optional(),
    /**
     * Recorded with the run. The intervals come from a fixed random stream of the model's own seed, so a
     * prediction is a pure function of the model and the feature values.
     */
    seed: Seed.default(GIM_DEFAULTS.seed),
  })
  .strict();
export type GimPredictSpec = z.infer<typeof GimPredictSpec>;

/** Leave-one-context-out validation of GIM and the baselines on the user's own data. */
export const GimValidateSpec = z
  .object({
    kind: z.literal('gim.validate'),
    ...GimDataFields,
    methods: z
      .array(GimMethodId)
      .min(1)
      .max(GIM_METHODS.length)
      .default([...GIM_METHODS]),
    epochs: z.number().int().min(1).max(20_000).default(GIM_DEFAULTS.epochs),
    hiddenUnits: z.number().int().min(1).max(512).default(GIM_DEFAULTS.hiddenUnits),
    seed: Seed,
  })
  .strict()
  .refine(oneGeneChoice, ONE_GENE_CHOICE);
export type GimValidateSpec = z.infer<typeof GimValidateSpec>;

/** One feature as the model encodes it: numeric with its training range, or categorical with its levels. */
export const GimFeatureInfo = z.discriminatedUnion('kind', [
  z.object({ name: z.string(), kind: z.literal('numeric'), min: z.number(), max: z.number() }),
  z.object({ name: z.string(), kind: z.literal('categorical'), levels: z.array(z.string()) }),
]);
export type GimFeatureInfo = z.infer<typeof GimFeatureInfo>;

export const GimLossPoint = z.object({ epoch: z.number(), loss: z.number() });
export type GimLossPoint = z.infer<typeof GimLossPoint>;

/** What a saved GIM is and what trained it (gim/<modelId>/card.json). */
export const GimModelCard = z.object({
  id: z.string(),
  name: z.string(),
  dataset: z.object({ id: z.string(), name: z.string() }),
  contextColumn: z.string(),
  observationalLabel: z.string(),
  /** The feature table's file name (its rows are kept beside the model). */
  featureTable: z.string(),
  features: z.array(GimFeatureInfo),
  genes: z.array(z.string()),
  /** Training contexts with their cell counts; observational cells counted apart. */
  contexts: z.array(z.object({ name: z.string(), cells: z.number() })),
  observationalCells: z.number(),
  /** The DAG: fixed from a discovery run, or learned with the intervention model. */
  network: z.discriminatedUnion('source', [
    z.object({ source: z.literal('learned'), edges: z.number() }),
    z.object({ source: z.literal('run'), runId: z.string(), edges: z.number() }),
  ]),
  seed: z.number(),
  epochs: z.number(),
  hiddenUnits: z.number(),
  finalLoss: z.number().nullable(),
  runId: z.string(),
  appVersion: z.string(),
  createdAt: z.string(),
});
export type GimModelCard = z.infer<typeof GimModelCard>;

/** One row of the feature table that trained a model (the page's "pick a feature row"). */
export const GimFeatureRow = z.object({ context: z.string(), values: GimFeatureValues });
export type GimFeatureRow = z.infer<typeof GimFeatureRow>;

/** A model with what the page shows beside it: its card, its loss curve and its training feature rows. */
export const GimModelDetail = z.object({
  card: GimModelCard,
  lossCurve: z.array(GimLossPoint),
  featureRows: z.array(GimFeatureRow),
});
export type GimModelDetail = z.infer<typeof GimModelDetail>;

/** The stored result of gim.train. */
export const GimTrainResult = z.object({
  kind: z.literal('gim.train'),
  modelId: z.string(),
  genes: z.array(z.string()),
  contexts: z.array(z.string()),
  finalLoss: z.number().nullable(),
  lossCurve: z.array(GimLossPoint),
  elapsedMs: z.number(),
  appVersion: z.string(),
  createdAt: z.string(),
});
export type GimTrainResult = z.infer<typeof GimTrainResult>;

/** The stored result of gim.predict. Arrays are per gene, in `genes` order. */
export const GimPrediction = z.object({
  kind: z.literal('gim.predict'),
  modelId: z.string(),
  name: z.string(),
  features: GimFeatureValues,
  genes: z.array(z.string()),
  /** Predicted mean expression of the perturbed cells. */
  mean: z.array(z.number()),
  /** Mean of the observational cells the model was trained on. */
  observationalMean: z.array(z.number()),
  /** Predicted mean − observational mean, with a central interval of level `intervalLevel`. */
  shift: z.array(z.number()),
  shiftLow: z.array(z.number()),
  shiftHigh: z.array(z.number()),
  intervalLevel: z.number(),
  /** Probability that each gene is targeted directly. */
  targetProbability: z.array(z.number()),
  /** Genes most likely targeted, most likely first, with the shift applied to them if targeted. */
  topTargets: z.array(z.object({ gene: z.string(), probability: z.number(), shift: z.number() })),
  /** The path of the effect: DAG edges downstream of the top targets, with their weights. */
  paths: z.array(z.object({ source: z.string(), target: z.string(), weight: z.number() })),
  /** Values outside the training range, unseen combinations… */
  warnings: z.array(z.string()),
  seed: z.number(),
  appVersion: z.string(),
  createdAt: z.string(),
});
export type GimPrediction = z.infer<typeof GimPrediction>;

/** The report line per method (meanError: RMS over genes of predicted − observed mean, averaged). */
export const GimMethodScore = z.object({
  method: z.string(),
  meanError: z.number().nullable(),
  energyDistance: z.number().nullable(),
  /** Target recovery is not scored here: held-out contexts of real data have no known targets. */
  elapsedMs: z.number(),
  /** The method could not run on these data. */
  error: z.string().nullable(),
});
export type GimMethodScore = z.infer<typeof GimMethodScore>;

/** The stored result of gim.validate: the JSON shape plus per-context rows. */
export const GimValidationResult = z.object({
  kind: z.literal('gim.validate'),
  dataset: z.object({ id: z.string(), name: z.string() }),
  params: z.object({
    contextColumn: z.string(),
    observationalLabel: z.string(),
    featureTable: z.string(),
    network: z.string(),
    epochs: z.number(),
    hiddenUnits: z.number(),
    seed: z.number(),
  }),
  genes: z.array(z.string()),
  methods: z.array(GimMethodScore),
  /** The GIM's top predicted target gene per held-out context. */
  targets: z.record(z.string(), z.string()),
  /** One row per (held-out context, method). */
  contexts: z.array(
    z.object({
      context: z.string(),
      method: z.string(),
      meanError: z.number().nullable(),
      energyDistance: z.number().nullable(),
    }),
  ),
  appVersion: z.string(),
  createdAt: z.string(),
});
export type GimValidationResult = z.infer<typeof GimValidationResult>;

/** A prediction sent to Drug ranking: as a disease-style query (a signature) or a one-member collection. */
export const GimSignatureRole = z.enum(['query', 'collection']);
export type GimSignatureRole = z.infer<typeof GimSignatureRole>;

export const gimMethods = {
  /** The project's GIMs with their model cards, newest first. */
  'gim.models': { input: z.object({}).strict(), output: z.array(GimModelCard) },
  /** One model: card, loss curve and the feature rows that trained it. */
  'gim.model': { input: z.object({ modelId: ModelId }).strict(), output: GimModelDetail },
  'gim.deleteModel': {
    input: z.object({ modelId: ModelId }).strict(),
    output: z.object({ deleted: z.boolean() }),
  },
  /**
   * Stores a gim.predict run's predicted shift as a project dataset Drug ranking can use: a signature
   * (column `log2fc` = the shift; a query) or a drug-signature collection of that one signature.
   */
  'gim.toSignature': {
    input: z.object({ runId: SafeId, name: Label, as: GimSignatureRole }).strict(),
    output: z.object({ datasetId: SafeId, name: z.string(), kind: z.enum(['signature', 'drug-signatures']) }),
  },
} as const;

/** A saved GIM is a folder gim/<modelId>/ in the project holding these files (written by gim.train). */
export const GIM_FOLDER = 'gim';
export const GIM_MODEL_FILES = {
  /** The model itself (compute/gim/model-file.ts). */
  model: 'model.json',
  /** GimModelDetail: card, loss curve and training feature rows; small, read by the host to list models. */
  card: 'card.json',
  /** The feature table as given, byte for byte. */
  features: 'features.csv',
} as const;
