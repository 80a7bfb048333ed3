import { z } from 'zod';
import { SafeId } from '../domain/project.ts';
import { ERROR_CODES } from '../lib/result.ts';
import { FileRef } from './data-import.ts';

/**
 * Transport of drug effects between cell types and the autoencoder behind latent shift (scGen's
 * latent-space arithmetic, Lotfollahi et al., Nature Methods 2019): job specs, their results, models
 * and the execution-provider setting.
 */
export const TRANSPORT_METHODS = ['none', 'nearest', 'additive', 'latent-shift', 'ntk', 'si'] as const;
export const TransportMethodId = z.enum(TRANSPORT_METHODS);
export type TransportMethodId = z.infer<typeof TransportMethodId>;

/** onnxruntime execution providers; `auto` follows the platform order, a named one pins it (CPU backs it). */
export const EXECUTION_PROVIDERS = ['auto', 'cpu', 'cuda', 'dml', 'coreml', 'webgpu'] as const;
export const ExecutionProviderSetting = z.enum(EXECUTION_PROVIDERS);
export type ExecutionProviderSetting = z.infer<typeof ExecutionProviderSetting>;

/** Arithmetic of autoencoder inference: float32 as trained (default), or int8 (faster on CPUs, ≈ same R²). */
export const InferencePrecisionSetting = z.enum(['float32', 'int8']);
export type InferencePrecisionSetting = z.infer<typeof InferencePrecisionSetting>;

/** A model id as model cards spell it. */
export const ModelId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'lower-case letters, digits, ".", "_", "-"');

const Label = z.string().min(1).max(200);
const Seed = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);

/** Leave-one-out validation of transport methods on a project dataset (`causeway transport --validate`). */
export const TransportValidateSpec = z
  .object({
    kind: z.literal('transport.validate'),
    datasetId: SafeId,
    cellTypeColumn: Label,
    conditionColumn: Label,
    control: Label,
    /** Perturbed conditions to hold out and predict. */
    perturbed: z.array(Label).min(1).max(200),
    /** Only this cell type's pairs are held out; every cell type's when absent. */
    targetCellType: Label.optional(),
    methods: z
      .array(TransportMethodId)
      .min(1)
      .max(TRANSPORT_METHODS.length)
      .default([...TRANSPORT_METHODS]),
    /** Latent shift: a registered or project model; without one an autoencoder is trained per fold. */
    modelId: ModelId.optional(),
    /** Latent shift trained in place: epochs per fold. */
    epochs: z.number().int().min(1).max(1_000).optional(),
    /** Pins the execution provider for this job; the app setting when absent. */
    provider: ExecutionProviderSetting.optional(),
    /** Latent shift: inference precision (float32 when absent). */
    precision: InferencePrecisionSetting.optional(),
    seed: Seed,
  })
  .strict();
export type TransportValidateSpec = z.infer<typeof TransportValidateSpec>;

/**
 * Transport one perturbation's effect to a cell type (`causeway transport --out`): the target's own
 * profiles of that perturbation, if any, are never shown to the method.
 */
export const TransportPredictSpec = z
  .object({
    kind: z.literal('transport.predict'),
    datasetId: SafeId,
    cellTypeColumn: Label,
    conditionColumn: Label,
    control: Label,
    perturbed: Label,
    targetCellType: Label,
    method: TransportMethodId,
    /** Latent shift: a registered or project model; without one an autoencoder is trained on the data. */
    modelId: ModelId.optional(),
    provider: ExecutionProviderSetting.optional(),
    precision: InferencePrecisionSetting.optional(),
    seed: Seed,
  })
  .strict();
export type TransportPredictSpec = z.infer<typeof TransportPredictSpec>;

/** The stored result of transport.predict: the transported mean profile, genes × 1. */
export const TransportPrediction = z.object({
  kind: z.literal('transport.predict'),
  dataset: z.object({ id: z.string(), name: z.string() }),
  method: z.string(),
  /** The execution provider that ran it (cpu for the closed-form methods). */
  provider: z.string(),
  precision: InferencePrecisionSetting.nullable(),
  /** "<target cell type>|<perturbation>" */
  profile: z.string(),
  genes: z.array(z.string()),
  /** JSON has no NaN: a value the method could not predict is null. */
  values: z.array(z.number().nullable()),
  seed: z.number(),
  elapsedMs: z.number(),
  appVersion: z.string(),
  createdAt: z.string(),
});
export type TransportPrediction = z.infer<typeof TransportPrediction>;

/**
 * Train an autoencoder on a project dataset; the model is saved in the project's models/ folder. The app's
 * form and `causeway model train` build this spec.
 */
export const ModelTrainSpec = z
  .object({
    kind: z.literal('model.train'),
    datasetId: SafeId,
    /** Sample columns labelling each sample's (cell type, condition): both or neither. */
    cellTypeColumn: Label.optional(),
    conditionColumn: Label.optional(),
    /** (cell type, condition) groups kept out of training, so the model can be scored on them later. */
    exclude: z
      .array(z.object({ cellType: Label, condition: Label }).strict())
      .max(10_000)
      .default([]),
    /** Genes: the N most variable (2,000 when neither this nor a gene list is given). */
    genes: z.number().int().min(2).max(50_000).optional(),
    /** Genes: exactly these, in this order (the model's input order). */
    geneList: z.array(Label).min(2).max(50_000).optional(),
    hidden: z.number().int().min(2).max(8192).optional(),
    epochs: z.number().int().min(1).max(10_000),
    batchSize: z.number().int().min(1).max(65_536).optional(),
    /** Early stopping: epochs without a validation improvement. */
    patience: z.number().int().min(1).max(1_000),
    learningRate: z.number().positive().max(1).optional(),
    provider: ExecutionProviderSetting.optional(),
    seed: Seed,
    name: Label,
    /** The model's id; made from the name and the run id when absent. */
    modelId: ModelId.optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if ((s.cellTypeColumn === undefined) !== (s.conditionColumn === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['conditionColumn'],
        message: 'give both label columns or neither',
      });
    if (s.exclude.length > 0 && s.cellTypeColumn === undefined)
      ctx.addIssue({ code: 'custom', path: ['exclude'], message: 'held-out groups need the label columns' });
    if (s.genes !== undefined && s.geneList !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['geneList'],
        message: 'give a gene count or a gene list, not both',
      });
  });
export type ModelTrainSpec = z.infer<typeof ModelTrainSpec>;

/**
 * Rank drugs on signatures transported to a cell type first (a `drugs.rank` option). Signatures are
 * effects (vs each cell type's control), so the closed-form methods apply; latent shift needs expression
 * profiles and is validated on datasets instead.
 */
export const DRUGS_TRANSPORT_METHODS = ['additive', 'nearest', 'ntk', 'si'] as const;
export const DrugsTransport = z
  .object({
    /** Cell type the collection's signatures are carried to. */
    targetCellType: Label,
    method: z.enum(DRUGS_TRANSPORT_METHODS),
  })
  .strict();
export type DrugsTransport = z.infer<typeof DrugsTransport>;

const Num = z.number().nullable();
export const MetricSet = z.object({ pearson: Num, r2: Num, cosine: Num });
export type MetricSet = z.infer<typeof MetricSet>;

export const MethodValidationResult = z.object({
  method: z.string(),
  label: z.string(),
  /** The execution provider that ran it (cpu for the closed-form methods). */
  provider: z.string(),
  /** Latent shift: the inference precision it ran in; null for the closed-form methods. */
  precision: InferencePrecisionSetting.nullable().optional(),
  /** Why a requested GPU provider was not used, when it was not. */
  fallback: z.string().nullable(),
  metrics: MetricSet.extend({ top100: MetricSet, nProfiles: z.number(), nGenes: z.number() }).nullable(),
  folds: z.array(z.object({ cellType: z.string(), perturbation: z.string(), r2: Num, r2Top100: Num })),
  elapsedMs: z.number(),
  /** The method could not run on these data (e.g. a model trained on every held-out pair). */
  error: z.string().nullable(),
  /** Held-out pairs left out for this method only (a registered model trained on them), with why. */
  skipped: z
    .array(z.object({ cellType: z.string(), perturbation: z.string(), reason: z.string() }))
    .optional(),
});
export type MethodValidationResult = z.infer<typeof MethodValidationResult>;

export const TransportValidationResult = z.object({
  kind: z.literal('transport.validate'),
  dataset: z.object({ id: z.string(), name: z.string() }),
  params: z.object({
    cellTypeColumn: z.string(),
    conditionColumn: z.string(),
    control: z.string(),
    perturbed: z.array(z.string()),
    targetCellType: z.string().nullable(),
    modelId: z.string().nullable(),
    providerSetting: z.string(),
    seed: z.number(),
  }),
  pairs: z.array(z.object({ cellType: z.string(), perturbation: z.string() })),
  methods: z.array(MethodValidationResult),
  recommendation: z.object({ method: z.string(), rule: z.string(), reason: z.string() }),
  appVersion: z.string(),
  createdAt: z.string(),
});
export type TransportValidationResult = z.infer<typeof TransportValidationResult>;

export const EpochPoint = z.object({
  epoch: z.number(),
  trainLoss: z.number(),
  validationLoss: z.number().nullable(),
});
export type EpochPoint = z.infer<typeof EpochPoint>;

export const ModelTrainResult = z.object({
  modelId: z.string(),
  provider: z.string(),
  fallbacks: z.array(z.object({ provider: z.string(), reason: z.string() })),
  history: z.array(EpochPoint),
  bestEpoch: z.number(),
  /** The loss early stopping judged the kept weights by (validation, or training without a held-out slice). */
  bestLoss: z.number().nullable().optional(),
  stoppedEarly: z.boolean(),
  samples: z.number(),
  genes: z.number(),
});
export type ModelTrainResult = z.infer<typeof ModelTrainResult>;

/** A model card's kind: an autoencoder (encoder + decoder around a latent space) or any other model. */
export const MODEL_KINDS = ['autoencoder', 'other'] as const;
export const ModelKind = z.enum(MODEL_KINDS);
export type ModelKind = z.infer<typeof ModelKind>;

export const ModelInfo = z.object({
  id: z.string(),
  name: z.string(),
  origin: z.enum(['bundled', 'project']),
  genes: z.number(),
  /** (cell type, condition) groups that trained it: it cannot be scored on them. */
  trainedOn: z.array(z.object({ cellType: z.string(), condition: z.string() })),
  samples: z.number().nullable(),
  provider: z.string().nullable(),
  /** What its card says it is; only autoencoders whose card names the latent output run latent shift. */
  kind: z.enum(MODEL_KINDS),
  /** Why it cannot run latent shift; null when it can. */
  latentShiftUnusable: z.string().nullable(),
});
export type ModelInfo = z.infer<typeof ModelInfo>;

/** Where an imported model's gene list (the input's last dimension, in order) comes from. */
export const ModelGenesSource = z.discriminatedUnion('source', [
  z.object({ source: z.literal('file'), path: z.string().min(1).max(4096) }).strict(),
  z.object({ source: z.literal('dataset'), datasetId: SafeId }).strict(),
  z
    .object({ source: z.literal('list'), genes: z.array(z.string().min(1).max(100)).min(1).max(200_000) })
    .strict(),
]);
export type ModelGenesSource = z.infer<typeof ModelGenesSource>;

export const MODEL_NORMALISATIONS = ['log2p1-minmax', 'minmax', 'none'] as const;

/**
 * The names inside a single-graph autoencoder file that latent shift needs: the latent output (z = x·W1,
 * pre-activation), the reconstruction output, and the encoder (genes × hidden) and decoder (hidden ×
 * genes) weights. Causeway's own autoencoders use z, reconstruction, w1 and w2.
 */
export const AutoencoderDeclaration = z
  .object({
    latentOutput: z.string().min(1).max(200),
    reconstructionOutput: z.string().min(1).max(200),
    encoderWeight: z.string().min(1).max(200),
    decoderWeight: z.string().min(1).max(200),
  })
  .strict();
export type AutoencoderDeclaration = z.infer<typeof AutoencoderDeclaration>;

/** What a user's model card says beyond what the file itself tells. */
export const ModelCardInput = z
  .object({
    name: Label,
    normalisation: z.enum(MODEL_NORMALISATIONS),
    genes: ModelGenesSource,
    /** The input fed with expression and the output read; the file's first ones when absent. */
    inputName: z.string().min(1).max(200).optional(),
    outputName: z.string().min(1).max(200).optional(),
    licence: z.string().min(1).max(500),
    provenance: z.string().min(1).max(5000),
    training: z.string().min(1).max(2000),
    /** What the model is; detected from the file's layout when absent. */
    kind: ModelKind.optional(),
    /** A single-graph autoencoder's latent output and weights, when they are not named as Causeway names them. */
    autoencoder: AutoencoderDeclaration.optional(),
  })
  .strict();
export type ModelCardInput = z.infer<typeof ModelCardInput>;

/**
 * What a model-card JSON file next to an `.onnx` offers the import wizard: every field optional (a card
 * may say only some of them), plus what was ignored in it.
 */
export const ModelCardDraft = z.object({
  name: Label.optional(),
  normalisation: z.enum(MODEL_NORMALISATIONS).optional(),
  genes: z.array(z.string().min(1).max(100)).min(1).max(200_000).optional(),
  inputName: z.string().min(1).max(200).optional(),
  outputName: z.string().min(1).max(200).optional(),
  licence: z.string().min(1).max(500).optional(),
  provenance: z.string().min(1).max(5000).optional(),
  training: z.string().min(1).max(2000).optional(),
  kind: ModelKind.optional(),
  autoencoder: AutoencoderDeclaration.optional(),
  fileName: z.string(),
  warnings: z.array(z.string()),
});
export type ModelCardDraft = z.infer<typeof ModelCardDraft>;

const onePlace = (x: { path?: string | undefined; uploadId?: string | undefined }): boolean =>
  (x.path === undefined) !== (x.uploadId === undefined);
const ONE_PLACE = { message: 'Give the model file as a path or as an upload, not both.' };

/** Import a user's `.onnx` with its card into the project's models/ folder (validated in a worker). */
export const ModelImportSpec = z
  .object({
    kind: z.literal('model.import'),
    /** Absolute path of the `.onnx` file (or `uploadId`: a finished browser upload of it). */
    path: z.string().min(1).max(4096).optional(),
    uploadId: SafeId.optional(),
    card: ModelCardInput,
    /** Gene overlap is reported against this dataset. */
    overlapDatasetId: SafeId.optional(),
    provider: ExecutionProviderSetting.optional(),
  })
  .strict()
  .refine(onePlace, ONE_PLACE);
export type ModelImportSpec = z.infer<typeof ModelImportSpec>;

const TensorDesc = z.object({
  name: z.string(),
  type: z.string(),
  shape: z.array(z.union([z.number(), z.string(), z.null()])),
});

/** `causeway model validate` and the import wizard: errors block an import, warnings explain. */
export const ModelValidationReport = z.object({
  file: z.string(),
  ok: z.boolean(),
  bytes: z.number(),
  sha256: z.string().nullable(),
  irVersion: z.number().nullable(),
  opset: z.number().nullable(),
  inputs: z.array(TensorDesc),
  outputs: z.array(TensorDesc),
  errors: z.array(z.object({ code: z.enum(ERROR_CODES), message: z.string() })),
  warnings: z.array(z.string()),
  /** Genes the card lists (null without a gene list). */
  genes: z.number().nullable(),
  overlap: z
    .object({
      dataset: z.string(),
      shared: z.number(),
      total: z.number(),
      fraction: z.number(),
      missing: z.array(z.string()),
    })
    .nullable(),
  /** The provider that ran the dummy inference; null when the session was not reached. */
  provider: z.string().nullable(),
  inference: z.boolean(),
});
export type ModelValidationReport = z.infer<typeof ModelValidationReport>;

export const ModelValidateInput = z
  .object({
    path: z.string().min(1).max(4096).optional(),
    uploadId: SafeId.optional(),
    genes: ModelGenesSource.optional(),
    inputName: z.string().min(1).max(200).optional(),
    overlapDatasetId: SafeId.optional(),
  })
  .strict()
  .refine(onePlace, ONE_PLACE);
export type ModelValidateInput = z.infer<typeof ModelValidateInput>;

export const AppSettings = z.object({ provider: ExecutionProviderSetting }).strict();
export type AppSettings = z.infer<typeof AppSettings>;
export const DEFAULT_SETTINGS: AppSettings = { provider: 'auto' };

export const transportMethods = {
  /** Shipped models and the models trained in the open project. */
  'model.list': { input: z.object({}).strict(), output: z.array(ModelInfo) },
  /** Checks a user's `.onnx` (structure, session load, one dummy inference, gene overlap) in a worker. */
  'model.validate': { input: ModelValidateInput, output: ModelValidationReport },
  /** Reads a model-card JSON (a path or an upload, which is then removed) into the import wizard's fields. */
  'model.readCard': { input: z.object({ file: FileRef }).strict(), output: ModelCardDraft },
  'settings.get': { input: z.object({}).strict(), output: AppSettings },
  'settings.set': { input: AppSettings, output: AppSettings },
} as const;
