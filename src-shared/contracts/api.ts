import { z } from 'zod';
import { ProjectSummary, RecentProject, SafeId } from '../domain/project.ts';
import { JobProgress, JobRecord, JobSpec } from './jobs.ts';
import { AppErrorSchema } from './errors.ts';
import { NetworkGraph } from '../domain/network.ts';
import { DiseasePreview, DrugDetail, ExportFormat } from '../domain/drug-ranking.ts';
import { MAX_QUERY_SIZE } from './drugs-rank.ts';
import { importMethods } from './data-import.ts';
import { transportMethods } from './transport.ts';
import { targetsMethods } from './targets.ts';
import { networkVersionMethods } from './network-versions.ts';
import { tablesMethods } from './tables.ts';
import { designMethods } from './design-export.ts';
import { clusterMethods, JobExecutorChoice } from './cluster.ts';
import { gimMethods } from './gim.ts';

/**
 * The one API between the UI and the backend. Electron's preload, the server's WebSocket and the
 * renderer's client are all generated from these tables; nothing else crosses the boundary.
 */
const Empty = z.object({}).strict();
const Path = z.string().min(1).max(4_096);

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  host: z.enum(['desktop', 'server']),
  platform: z.string(),
  /** Folder picking needs a native dialog; in a browser the user types a server path instead. */
  canPickFolders: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const methods = {
  'app.info': { input: Empty, output: AppInfo },
  'dialog.pickFolder': {
    input: z.object({ title: z.string().max(200) }).strict(),
    output: z.object({ path: z.string().nullable() }),
  },
  'project.create': {
    input: z.object({ dir: Path, name: z.string().min(1).max(200) }).strict(),
    output: ProjectSummary,
  },
  'project.open': { input: z.object({ dir: Path }).strict(), output: ProjectSummary },
  'project.openDemo': { input: Empty, output: ProjectSummary },
  'project.current': { input: Empty, output: ProjectSummary.nullable() },
  'project.save': { input: Empty, output: ProjectSummary },
  'project.rename': {
    input: z.object({ name: z.string().min(1).max(200) }).strict(),
    output: ProjectSummary,
  },
  'project.close': { input: Empty, output: z.object({ closed: z.boolean() }) },
  'project.recent': { input: Empty, output: z.array(RecentProject) },
  /** `executor` (default local) sends a fan-out job's chunks to a SLURM cluster under a named profile. */
  'job.start': {
    input: z.object({ jobId: SafeId, spec: JobSpec, executor: JobExecutorChoice.optional() }).strict(),
    output: JobRecord,
  },
  'job.cancel': { input: z.object({ jobId: SafeId }).strict(), output: z.object({ cancelled: z.boolean() }) },
  'job.list': { input: Empty, output: z.array(JobRecord) },
  'run.result': { input: z.object({ runId: SafeId }).strict(), output: z.unknown() },
  'network.get': { input: z.object({ networkId: SafeId }).strict(), output: NetworkGraph },
  /** Metadata columns of a dataset's sample table, with their values (to pick an intervention column). */
  'dataset.sampleColumns': {
    input: z.object({ datasetId: SafeId }).strict(),
    output: z.array(
      z.object({ name: z.string(), nDistinct: z.number().int().min(0), values: z.array(z.string()) }),
    ),
  },
  /** Per-gene values of a small gene table (a signature's log2FC), e.g. to colour a network. */
  'dataset.geneValues': {
    input: z.object({ datasetId: SafeId, genes: z.array(z.string().min(1).max(200)).max(100_000) }).strict(),
    output: z.object({ columns: z.array(z.string()), values: z.array(z.array(z.number().nullable())) }),
  },
  /** The disease signature with the up/down gene sets a WTCS ranking against this collection will use. */
  'drugs.preview': {
    input: z
      .object({
        diseaseDatasetId: SafeId,
        column: z.string().min(1).max(200),
        collectionDatasetId: SafeId,
        querySize: z.number().int().min(1).max(MAX_QUERY_SIZE),
      })
      .strict(),
    output: DiseasePreview,
  },
  /** A ranked drug's best signature against the disease signature, on their shared genes. */
  'drugs.detail': {
    input: z.object({ runId: SafeId, drug: z.string().min(1).max(500) }).strict(),
    output: DrugDetail,
  },
  /** Export a drug ranking: written to `path` when given, else returned base64 for a browser download. */
  'run.export': {
    input: z.object({ runId: SafeId, format: ExportFormat, path: Path.optional() }).strict(),
    output: z.object({
      fileName: z.string(),
      mime: z.string(),
      bytes: z.number().int().min(0),
      base64: z.string().nullable(),
      path: z.string().nullable(),
    }),
  },
  ...importMethods,
  ...transportMethods,
  ...targetsMethods,
  ...networkVersionMethods,
  ...tablesMethods,
  ...designMethods,
  ...clusterMethods,
  ...gimMethods,
} as const;

export const events = {
  'job.updated': JobRecord,
  'job.progressed': z.object({ jobId: SafeId, progress: JobProgress }),
  'job.finished': z.object({ jobId: SafeId, runId: SafeId }),
  'job.failed': z.object({ jobId: SafeId, error: AppErrorSchema }),
  'project.changed': ProjectSummary.nullable(),
  // Raised by the browser's WebSocket bridge itself (server mode), never by the backend: the connection
  // dropped / came back. Events sent meanwhile are lost, so state reloads on `restored`.
  'connection.dropped': z.null(),
  'connection.restored': z.null(),
} as const;

export type MethodName = keyof typeof methods;
export type EventName = keyof typeof events;
export type MethodInput<M extends MethodName> = z.input<(typeof methods)[M]['input']>;
export type MethodOutput<M extends MethodName> = z.infer<(typeof methods)[M]['output']>;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;

export const METHOD_NAMES = Object.keys(methods) as MethodName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** Channel names on the Electron IPC and the WebSocket: one prefix so nothing else can collide. */
export const methodChannel = (m: MethodName): string => `causeway:${m}`;
export const eventChannel = (e: EventName): string => `causeway-event:${e}`;
