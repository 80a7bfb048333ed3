import { z } from 'zod';
import { SAFE_ID } from '../lib/ids.ts';
import { NetworkVersionSummary } from './grn/versions.ts';

/** Bump when project.json changes shape; older apps refuse newer projects instead of corrupting them. */
export const PROJECT_SCHEMA_VERSION = 1;
export const PROJECT_FILE = 'project.json';
/** A manifest is metadata only; anything bigger is hostile or broken, and is refused before parsing. */
export const MAX_PROJECT_FILE_BYTES = 8 * 1024 * 1024;

const MAX_COUNT = 1_000_000_000;

export const SafeId = z.string().regex(SAFE_ID, 'ids are 1–64 letters, digits, "_" or "-"');

/**
 * A path inside the project folder: relative, forward slashes, no "..", no drive letters or NULs.
 * Checked again against the real folder when a file is opened (symlinks), see services/projects.
 */
export const ProjectRelativePath = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, 'project file paths are relative, with "/" separators')
  .refine(
    (p) => !p.split('/').some((seg) => seg === '..' || seg === '.'),
    'paths must not leave the project',
  );

const Count = z.number().int().min(0).max(MAX_COUNT);
const Timestamp = z.iso.datetime();
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const ParamValue = z.union([z.string().max(10_000), z.number().finite(), z.boolean(), z.null()]);

/** `drug-signatures`: a collection of drug-induced signatures (samples = signatures, with a signature table). */
export const DatasetKind = z.enum(['expression', 'signature', 'drug-signatures']);

export const DatasetDescriptor = z.object({
  id: SafeId,
  name: z.string().min(1).max(200),
  kind: DatasetKind,
  description: z.string().max(5_000).default(''),
  /** The dataset store (docs/dataset-store.md); older projects: Arrow, `gene` + one float32 column per sample. */
  matrixFile: ProjectRelativePath,
  /** Arrow IPC file: column `sample` plus metadata columns, one row per sample. */
  samplesFile: ProjectRelativePath.optional(),
  nGenes: Count,
  nSamples: Count,
  source: z.object({
    fileName: z.string().max(1_000),
    sha256: Sha256,
    citation: z.string().max(2_000).optional(),
  }),
  createdAt: Timestamp,
});
export type DatasetDescriptor = z.infer<typeof DatasetDescriptor>;

export const NetworkDescriptor = z.object({
  id: SafeId,
  name: z.string().min(1).max(200),
  /** JSON file: { nodes: [{ id, ...attributes }], edges: [{ source, target, ...attributes }] }. */
  file: ProjectRelativePath,
  nNodes: Count,
  nEdges: Count,
  source: z.object({
    fileName: z.string().max(1_000),
    sha256: Sha256,
    citation: z.string().max(2_000).optional(),
  }),
  createdAt: Timestamp,
});
export type NetworkDescriptor = z.infer<typeof NetworkDescriptor>;

/**
 * A reference table shipped with or imported into a project (e.g. DrugCentral drug–targets): an Arrow IPC
 * file of text columns. Optional in the manifest, so schema-1 projects without it stay readable.
 */
export const TableDescriptor = z.object({
  id: SafeId,
  name: z.string().min(1).max(200),
  kind: z.enum(['drug-targets']),
  description: z.string().max(5_000).default(''),
  file: ProjectRelativePath,
  nRows: Count,
  source: z.object({
    fileName: z.string().max(1_000),
    sha256: Sha256,
    citation: z.string().max(2_000).optional(),
  }),
  createdAt: Timestamp,
});
export type TableDescriptor = z.infer<typeof TableDescriptor>;

/** A saved network version: the summary plus the file holding its edit operations. */
export const NetworkVersionDescriptor = NetworkVersionSummary.extend({ file: ProjectRelativePath });
export type NetworkVersionDescriptor = z.infer<typeof NetworkVersionDescriptor>;

/** One finished computation, with what is needed to say how it was made. */
export const RunRecord = z.object({
  id: SafeId,
  kind: z.string().min(1).max(100),
  label: z.string().max(300),
  inputs: z.record(z.string().max(100), SafeId),
  params: z.record(z.string().max(100), ParamValue),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .optional(),
  resultFile: ProjectRelativePath,
  createdAt: Timestamp,
  elapsedMs: z.number().min(0).max(1e12),
  appVersion: z.string().max(50),
});
export type RunRecord = z.infer<typeof RunRecord>;

export const ProjectManifest = z.object({
  schemaVersion: z.literal(PROJECT_SCHEMA_VERSION),
  name: z.string().min(1).max(200),
  createdAt: Timestamp,
  modifiedAt: Timestamp,
  appVersion: z.string().max(50),
  datasets: z.array(DatasetDescriptor).max(10_000),
  networks: z.array(NetworkDescriptor).max(10_000).default([]),
  tables: z.array(TableDescriptor).max(1_000).optional(),
  /** Edited network versions (issue 13); optional so older projects stay readable. */
  networkVersions: z.array(NetworkVersionDescriptor).max(10_000).optional(),
  runs: z.array(RunRecord).max(100_000),
  notes: z.string().max(100_000).default(''),
});
export type ProjectManifest = z.infer<typeof ProjectManifest>;

/** What the UI sees of an open project. */
export const ProjectSummary = z.object({
  dir: z.string(),
  manifest: ProjectManifest,
  dirty: z.boolean(),
  readOnly: z.boolean(),
  /** What opening the project did on its own (e.g. removed an interrupted import's staging), to say once. */
  notices: z.array(z.string().max(2_000)).max(100).optional(),
});
export type ProjectSummary = z.infer<typeof ProjectSummary>;

export const RecentProject = z.object({ dir: z.string(), name: z.string(), openedAt: Timestamp });
export type RecentProject = z.infer<typeof RecentProject>;
