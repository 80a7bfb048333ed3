import { z } from 'zod';
import { SafeId } from '../domain/project.ts';
import { ColourBy, SamplePca } from '../domain/summary.ts';

/**
 * The data-import wizard's contract (issue 3): inspecting a file, uploading one from a browser, the
 * `dataset.import` and `signature.build` jobs, and the summaries they leave behind.
 */
const Path = z.string().min(1).max(4_096);
const ColumnName = z.string().min(1).max(200);

/** Chunks of a browser upload: small enough that base64 + JSON stays under the WebSocket's 1 MB cap. */
export const UPLOAD_CHUNK_BYTES = 512 * 1024;
/** The largest file a browser may upload; bigger files are imported by a path on the server. */
export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

/** A file to read: a path the backend can open, or a finished browser upload. */
export const FileRef = z.union([z.object({ path: Path }).strict(), z.object({ uploadId: SafeId }).strict()]);
export type FileRef = z.infer<typeof FileRef>;

export const SAMPLE_ROLES = [
  'condition',
  'cell_type',
  'perturbation',
  'dose',
  'time',
  'replicate',
  'intervention_targets',
] as const;
export const SampleRole = z.enum(SAMPLE_ROLES);
export type SampleRole = z.infer<typeof SampleRole>;

export const Orientation = z.enum(['genes-x-samples', 'samples-x-genes']);
export type Orientation = z.infer<typeof Orientation>;

export const DuplicateMerge = z.enum(['mean', 'max-variance', 'first']);
export type DuplicateMerge = z.infer<typeof DuplicateMerge>;

export const GeneIdKind = z.enum(['symbol', 'entrez', 'ensembl']);
export type GeneIdKind = z.infer<typeof GeneIdKind>;

export const InspectOptions = z
  .object({ orientation: Orientation.optional(), layer: ColumnName.optional() })
  .strict();

export const MetaColumnInfo = z.object({
  name: z.string(),
  nDistinct: z.number().int().min(0),
  numeric: z.boolean(),
  /** Up to 12 distinct values, in order of first appearance. */
  examples: z.array(z.string()),
});
export type MetaColumnInfo = z.infer<typeof MetaColumnInfo>;

/** How the file's gene identifiers relate to the offline symbol ↔ Entrez ↔ Ensembl table. */
export const GeneIdReport = z.object({
  /** Which gene column this report is about: "" for the row names. */
  column: z.string(),
  kind: z.enum(['symbol', 'entrez', 'ensembl', 'mixed']),
  mapped: z.number().int().min(0),
  unmapped: z.number().int().min(0),
  unmappedExamples: z.array(z.string()),
  /** Names that occur more than once, and how many rows they take. */
  duplicateNames: z.number().int().min(0),
  duplicateRows: z.number().int().min(0),
  duplicateExamples: z.array(z.string()),
});
export type GeneIdReport = z.infer<typeof GeneIdReport>;

/**
 * How the gene/protein ids of a network or drug–target table meet the genes of the project's datasets:
 * by name (symbols compared case-insensitively) or through the offline symbol ↔ Entrez ↔ Ensembl table.
 */
export const ReferenceGeneMatch = z.object({
  /** Distinct gene ids in the file. */
  total: z.number().int().min(0),
  matched: z.number().int().min(0),
  bySymbol: z.number().int().min(0),
  viaGeneMap: z.number().int().min(0),
  unmatched: z.number().int().min(0),
  unmatchedExamples: z.array(z.string()),
  /** Datasets and distinct genes the ids were checked against (0 datasets: nothing to check). */
  datasets: z.number().int().min(0),
  projectGenes: z.number().int().min(0),
});
export type ReferenceGeneMatch = z.infer<typeof ReferenceGeneMatch>;

/** What `dataset.inspect` returns: inspect.ts's result plus what the wizard's later steps need. */
export const InspectReport = z.object({
  file: z.string(),
  fileName: z.string(),
  bytes: z.number().min(0),
  format: z.string(),
  kind: z.enum(['matrix', 'signature', 'network', 'drug-targets']),
  shape: z.tuple([z.number().int(), z.number().int()]),
  orientationGuess: Orientation.nullable(),
  orientationSource: z.enum(['format', 'guess', 'user']).nullable(),
  nGenes: z.number().int().min(0),
  nSamples: z.number().int().min(0),
  metadataColumns: z.object({ samples: z.array(z.string()), genes: z.array(z.string()) }),
  preview: z.object({
    genes: z.array(z.string()),
    samples: z.array(z.string()),
    values: z.array(z.array(z.number().nullable())),
  }),
  sampleColumns: z.array(MetaColumnInfo),
  geneColumns: z.array(MetaColumnInfo),
  suggestedRoles: z.partialRecord(SampleRole, z.string()),
  geneIds: z.array(GeneIdReport),
  layers: z.array(z.string()),
  missingValues: z.number().int().min(0),
  /** Problems that block the import (each names the file and, where it applies, row and column). */
  errors: z.array(z.string()),
  warnings: z.array(z.string()),
  /** Networks and drug–target tables only: their ids against the project's genes. */
  geneMatch: ReferenceGeneMatch.optional(),
  /** True when a big file was inspected from its first rows and a scan (values are checked on import). */
  quick: z.boolean().optional(),
});
export type InspectReport = z.infer<typeof InspectReport>;

/** Files that are not matrices but project references: interaction networks and drug–target tables. */
export const ReferenceKind = z.enum(['network', 'drug-targets']);
export type ReferenceKind = z.infer<typeof ReferenceKind>;

/** Role → source column; a role left out is not set. */
export const RoleMapping = z.partialRecord(SampleRole, ColumnName);
export type RoleMapping = z.infer<typeof RoleMapping>;

export const DatasetImportSpec = z
  .object({
    kind: z.literal('dataset.import'),
    source: FileRef,
    samplesSheet: FileRef.optional(),
    name: z.string().min(1).max(200).optional(),
    orientation: Orientation.optional(),
    layer: ColumnName.optional(),
    roles: RoleMapping,
    /** Fill the roles not mapped in `roles` with guesses from the column names (as the CLI does). */
    suggestRoles: z.boolean().optional(),
    /** A gene-table column whose values become the gene names (e.g. h5ad var "gene_symbol"). */
    geneColumn: ColumnName.optional(),
    /** Rename genes to this identifier kind with the offline table; unmapped genes keep their name. */
    mapGenesTo: GeneIdKind.optional(),
    /**
     * false: the run records only the ImportRecord, without the wizard's statistics (missing values,
     * library sizes, distribution, PCA: a pass over every value and ~1.5 s of PCA). For the CLI.
     */
    summary: z.boolean().optional(),
    /** How to merge duplicate gene names; left out, a file with duplicate names is refused. */
    duplicates: DuplicateMerge.optional(),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .default(1),
  })
  .strict();
export type DatasetImportSpec = z.infer<typeof DatasetImportSpec>;

/** Import a network (edge list, SIF, GraphML) or a drug–target table into the project, as a job. */
export const ReferenceImportSpec = z
  .object({
    kind: z.literal('reference.import'),
    source: FileRef,
    /** What the file must be (inspect's finding); a file of another kind fails the job. */
    referenceKind: ReferenceKind,
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type ReferenceImportSpec = z.infer<typeof ReferenceImportSpec>;

/** The `reference.import` run's result: what was added and how its genes meet the project's. */
export const ReferenceImportSummary = z.object({
  kind: ReferenceKind,
  id: SafeId,
  name: z.string(),
  format: z.string(),
  /** Networks: nodes and edges; drug–target tables: drug–gene pairs (nEdges 0). */
  nNodes: z.number().int().min(0),
  nEdges: z.number().int().min(0),
  nRows: z.number().int().min(0),
  geneMatch: ReferenceGeneMatch,
  warnings: z.array(z.string()),
});
export type ReferenceImportSummary = z.infer<typeof ReferenceImportSummary>;

/** Differential expression between two sample groups, stored as a signature dataset (issue 3). */
export const SignatureBuildSpec = z
  .object({
    kind: z.literal('signature.build'),
    datasetId: SafeId,
    column: ColumnName,
    /** Values of `column` making up the case group (e.g. "stimulated"). */
    caseValues: z.array(z.string().max(500)).min(1).max(1_000),
    controlValues: z.array(z.string().max(500)).min(1).max(1_000),
    /**
     * log2(x + 1) before testing: for counts or intensities, not for data already on a log scale. 'auto'
     * decides from the values (compute/signatures/value-scale.ts) and the result's warnings say why.
     */
    log2: z.union([z.boolean(), z.literal('auto')]),
    name: z.string().min(1).max(200).optional(),
  })
  .strict()
  .refine((s) => !s.caseValues.some((v) => s.controlValues.includes(v)), {
    message: 'a value cannot be in both groups',
    path: ['controlValues'],
  });
export type SignatureBuildSpec = z.infer<typeof SignatureBuildSpec>;

const Num = z.number().nullable();

/** What every import run records (its result without `summary: false` is the fuller ImportSummary). */
export const ImportRecord = z.object({
  datasetId: z.string(),
  name: z.string(),
  format: z.string(),
  orientation: Orientation,
  nGenes: z.number().int(),
  nSamples: z.number().int(),
  samples: z.array(z.string()),
  genes: z.object({ merged: z.number().int(), renamed: z.number().int(), unmapped: z.number().int() }),
  roles: RoleMapping,
  warnings: z.array(z.string()),
});
export type ImportRecord = z.infer<typeof ImportRecord>;

/** The import run's result: what the wizard's summary step shows. */
export const ImportSummary = ImportRecord.extend({
  missing: z.object({ cells: z.number().int(), fraction: z.number(), genesWithMissing: z.number().int() }),
  librarySizes: z.array(Num),
  /** Every finite value (subsampled, seeded, beyond 200 000) for the distribution plot. */
  values: z.array(z.number()),
  valuesSubsampled: z.boolean(),
  pca: SamplePca,
  /** Sample columns to colour the PCA by: values of the plotted samples. */
  colourBy: ColourBy,
});
export type ImportSummary = z.infer<typeof ImportSummary>;

export const SignatureSummary = z.object({
  datasetId: z.string(),
  name: z.string(),
  caseSamples: z.number().int(),
  controlSamples: z.number().int(),
  genes: z.array(z.string()),
  log2fc: z.array(Num),
  p: z.array(Num),
  fdr: z.array(Num),
  significant: z.number().int(),
  warnings: z.array(z.string()),
});
export type SignatureSummary = z.infer<typeof SignatureSummary>;

export const uploadMethods = {
  /** Start a browser upload (server mode); the file lands in a temp folder of the app's data dir. */
  'upload.begin': {
    input: z
      // size 0 passes the schema so that the upload service can say "the file is empty" in words.
      .object({ fileName: z.string().min(1).max(255), size: z.number().int().min(0).max(MAX_UPLOAD_BYTES) })
      .strict(),
    output: z.object({ uploadId: SafeId, chunkBytes: z.number().int() }),
  },
  /** One chunk, base64, at the byte offset already received (chunks arrive in order). */
  'upload.chunk': {
    input: z
      .object({
        uploadId: SafeId,
        offset: z.number().int().min(0),
        base64: z
          .string()
          .min(1)
          .max(Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4),
      })
      .strict(),
    output: z.object({ received: z.number().int() }),
  },
  'upload.end': {
    input: z.object({ uploadId: SafeId }).strict(),
    output: z.object({ uploadId: SafeId, fileName: z.string(), bytes: z.number().int() }),
  },
  'upload.discard': {
    input: z.object({ uploadId: SafeId }).strict(),
    output: z.object({ discarded: z.boolean() }),
  },
} as const;

export const importMethods = {
  /** Read a file with the real reader and report format, shape, preview, columns, gene ids, problems. */
  'dataset.inspect': {
    input: z.object({ file: FileRef, options: InspectOptions.default({}) }).strict(),
    output: InspectReport,
  },
  /**
   * Import a file that inspect reported as a network or a drug–target table into the open project
   * (networks/<id>.json or tables/<id>.arrow) by running the `reference.import` job to its end; returns
   * the new network or table id. The wizard starts that job itself, to show progress and cancel.
   */
  'dataset.importReference': {
    input: z.object({ file: FileRef, kind: ReferenceKind, name: z.string().trim().min(1).max(200) }).strict(),
    output: z.object({ kind: ReferenceKind, id: SafeId, name: z.string() }),
  },
  /** A native file dialog (desktop only), filtered by what the wizard expects. */
  'dialog.pickFile': {
    input: z
      .object({ title: z.string().max(200), kind: z.enum(['matrix', 'sheet', 'model', 'model-card']) })
      .strict(),
    output: z.object({ path: z.string().nullable() }),
  },
  ...uploadMethods,
} as const;
