// The CLI's file imports (`causeway import` and the inputs of rank, transport, model train, discover):
// the app's dataset.import job, run through JobService, so the file is read, checked and written in a
// worker (compute/import/stage-dataset.ts) and this process never opens it. The job stages the dataset
// in a hidden folder and renames it into place only when everything is written, so a failed import
// leaves the project as it was; the original file is only ever read.
import {
  DatasetImportSpec,
  type DuplicateMerge,
  type Orientation,
  type RoleMapping,
} from '#shared/contracts/data-import.ts';
import type { DatasetDescriptor } from '#shared/domain/project.ts';
import { CausewayError } from '#shared/lib/result.ts';
import type { Backend } from '../services/backend.ts';
import { runJob } from './backend.ts';

export interface ImportOptions {
  name?: string | undefined;
  /** A CSV/TSV sample sheet, one row per matrix sample; its columns join the file's own sample annotations. */
  samplesSheet?: string | undefined;
  orientation?: Orientation | undefined;
  /** h5ad: import this layer instead of X. */
  layer?: string | undefined;
  /** A gene-table column whose values become the gene names (the wizard's gene column). */
  geneColumn?: string | undefined;
  /** Role → sample column; roles not named here are guessed by column name. */
  roles?: RoleMapping | undefined;
  /** How to merge duplicate gene names; without it a file with duplicates is refused. */
  duplicates?: DuplicateMerge | undefined;
  /** Aborting cancels the job (the staged files are removed). */
  signal?: AbortSignal | undefined;
}

export interface ImportResult {
  /** The import run: its result is the dataset's ImportRecord. */
  runId: string;
  dataset: DatasetDescriptor;
  /** The roles applied: the mapped ones and the guessed ones. */
  roles: RoleMapping;
  warnings: string[];
}

/** The job spec of one CLI import: the CLI's choices; the roles it was not told are guessed. */
export function importSpec(file: string, options: ImportOptions = {}): DatasetImportSpec {
  return DatasetImportSpec.parse({
    kind: 'dataset.import',
    source: { path: file },
    ...(options.samplesSheet ? { samplesSheet: { path: options.samplesSheet } } : {}),
    ...(options.name ? { name: options.name.slice(0, 200) } : {}),
    ...(options.orientation ? { orientation: options.orientation } : {}),
    ...(options.layer ? { layer: options.layer } : {}),
    roles: options.roles ?? {},
    suggestRoles: true,
    summary: false,
    ...(options.geneColumn ? { geneColumn: options.geneColumn } : {}),
    ...(options.duplicates ? { duplicates: options.duplicates } : {}),
  });
}

/** Imports `file` into the backend's open project by the dataset.import job; resolves once it is registered. */
export async function importDataset(
  backend: Backend,
  file: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const { runId } = await runJob(backend, importSpec(file, options), undefined, options.signal);
  const run = backend.projects.summary()?.manifest.runs.find((r) => r.id === runId);
  const datasetId = run?.inputs['datasetId'];
  if (!run || typeof datasetId !== 'string')
    throw new CausewayError('E_INTERNAL', `The import run ${runId} names no dataset.`);
  return {
    runId,
    dataset: backend.projects.dataset(datasetId),
    roles: JSON.parse(String(run.params['roles'])) as RoleMapping,
    warnings: JSON.parse(String(run.params['warnings'])) as string[],
  };
}
