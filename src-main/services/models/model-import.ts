import type { FileRef } from '#shared/contracts/data-import.ts';
import type { JobRecord, JobSpec } from '#shared/contracts/jobs.ts';
import type {
  ModelCardDraft,
  ModelGenesSource,
  ModelImportSpec,
  ModelValidateInput,
  ModelValidationReport,
} from '#shared/contracts/transport.ts';
import { newId } from '#shared/lib/ids.ts';
import { readModelCardFile } from '../../compute/inference/model-card-file.ts';
import type { ProviderSetting } from '../../compute/inference/providers.ts';
import type { TaskParams } from '#shared/contracts/tasks.ts';
import { sourceFile } from '../datasets/import-paths.ts';
import type { InteractiveLane } from '../jobs/worker-supervisor.ts';
import type { ProjectService } from '../projects/project-service.ts';
import type { UploadService } from '../uploads/upload-service.ts';

type DatasetRefs = TaskParams<'model.validate'>['datasets'];

/** What starting a job needs of the job service (an interface: the service's planners import this file). */
interface JobStarter {
  start(jobId: string, spec: JobSpec): JobRecord;
  wait(jobId: string): Promise<JobRecord>;
}

/** The model file as a path: a path as given, or a finished browser upload's temp file. */
function modelFilePath(
  input: { path?: string | undefined; uploadId?: string | undefined },
  uploads?: UploadService,
): string {
  if (input.uploadId !== undefined) {
    if (!uploads) return sourceFile({ uploadId: input.uploadId }, 'model');
    return sourceFile({ path: uploads.path(input.uploadId) }, 'model');
  }
  return sourceFile({ path: input.path ?? '' }, 'model');
}

/** Paths checked and datasets resolved to their matrix files, for the worker. */
export function resolveModelInputs(
  projects: ProjectService,
  input: {
    path?: string | undefined;
    uploadId?: string | undefined;
    genes?: ModelGenesSource | undefined;
    overlapDatasetId?: string | undefined;
  },
  uploads?: UploadService,
): { path: string; genes?: ModelGenesSource; datasets: NonNullable<DatasetRefs> } {
  const path = modelFilePath(input, uploads);
  const ids = new Set<string>();
  if (input.genes?.source === 'dataset') ids.add(input.genes.datasetId);
  if (input.overlapDatasetId) ids.add(input.overlapDatasetId);
  const datasets = [...ids].map((id) => {
    const d = projects.dataset(id);
    return { id: d.id, name: d.name, matrixPath: projects.resolveFile(d.matrixFile) };
  });
  const genes: ModelGenesSource | undefined =
    input.genes?.source === 'file'
      ? { source: 'file', path: sourceFile({ path: input.genes.path }, 'gene list') }
      : input.genes;
  return { path, ...(genes ? { genes } : {}), datasets };
}

/** `model.validate`: the whole check runs in a worker (onnxruntime never loads in main). */
export async function validateModelFile(
  supervisor: InteractiveLane,
  projects: ProjectService,
  input: ModelValidateInput,
  provider: ProviderSetting = 'cpu',
  uploads?: UploadService,
): Promise<ModelValidationReport> {
  const resolved = resolveModelInputs(projects, input, uploads);
  const params: TaskParams<'model.validate'> = {
    ...resolved,
    ...(input.inputName ? { inputName: input.inputName } : {}),
    ...(input.overlapDatasetId ? { overlapDatasetId: input.overlapDatasetId } : {}),
    provider,
  };
  const report = await supervisor.run('model.validate', params, { jobId: newId('validate') });
  // The report names the file the user chose, not the upload's temp path.
  return input.uploadId !== undefined && uploads
    ? { ...report, file: uploads.fileName(input.uploadId) }
    : report;
}

/** `model.readCard`: a card JSON's fields for the wizard (main-side: JSON only, no onnxruntime). */
export function readModelCard(file: FileRef, uploads: UploadService): ModelCardDraft {
  if (!('uploadId' in file)) return readModelCardFile(sourceFile(file, 'model card'));
  try {
    return readModelCardFile(uploads.path(file.uploadId), uploads.fileName(file.uploadId));
  } finally {
    // Its fields now live in the wizard; the temp copy has no further use.
    uploads.discard(file.uploadId);
  }
}

/**
 * Starts `model.import`; an uploaded `.onnx` is resolved to its temp file for the planner and removed
 * once the job settles, whatever the outcome (the project keeps its own copy).
 */
export function startModelImport(
  jobs: JobStarter,
  uploads: UploadService,
  jobId: string,
  spec: ModelImportSpec,
): JobRecord {
  if (spec.uploadId === undefined) return jobs.start(jobId, spec);
  const uploadId = spec.uploadId;
  const { uploadId: _upload, ...rest } = spec;
  const record = jobs.start(jobId, { ...rest, path: uploads.path(uploadId) });
  const cleanup = (): void => void uploads.discard(uploadId);
  void jobs.wait(jobId).then(cleanup, cleanup);
  return record;
}
