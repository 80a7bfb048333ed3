import { basename } from 'node:path';
import {
  InspectReport,
  ReferenceImportSummary,
  type FileRef,
  type ReferenceImportSpec,
  type ReferenceKind,
} from '#shared/contracts/data-import.ts';
import type { JobRecord, JobSpec } from '#shared/contracts/jobs.ts';
import { newId } from '#shared/lib/ids.ts';
import { CausewayError } from '#shared/lib/result.ts';
import type { TaskParams } from '#shared/contracts/tasks.ts';
import type { JobService } from '../jobs/job-service.ts';
import type { InteractiveLane } from '../jobs/worker-supervisor.ts';
import type { UploadService } from '../uploads/upload-service.ts';
import type { ProjectService } from '../projects/project-service.ts';
import { geneMapPath, sourceFile } from './import-paths.ts';
import { projectDatasetRefs } from './import-reference.ts';

/**
 * The wizard's backend: inspect a file in a worker (main never parses data), and start imports whose
 * files may be browser uploads — resolved to their temp path here and removed once the job settles.
 */
export class ImportService {
  constructor(
    private readonly supervisor: InteractiveLane,
    private readonly jobs: JobService,
    private readonly uploads: UploadService,
    /** The open project: a network's or drug–target table's genes are checked against its datasets. */
    private readonly projects: ProjectService | null = null,
  ) {}

  /** A path the worker can read, and the name the user knows the file by. */
  resolve(ref: FileRef, what: string): { path: string; fileName: string } {
    if ('uploadId' in ref)
      return { path: this.uploads.path(ref.uploadId), fileName: this.uploads.fileName(ref.uploadId) };
    const path = sourceFile(ref, what);
    return { path, fileName: basename(path) };
  }

  async inspect(
    ref: FileRef,
    options: { orientation?: TaskParams<'dataset.inspect'>['orientation']; layer?: string },
  ): Promise<InspectReport> {
    const { path, fileName } = this.resolve(ref, 'file');
    const params: TaskParams<'dataset.inspect'> = {
      file: path,
      fileName,
      ...(options.orientation ? { orientation: options.orientation } : {}),
      ...(options.layer ? { layer: options.layer } : {}),
      geneMapPath: geneMapPath(),
      ...(this.projects ? { datasets: projectDatasetRefs(this.projects) } : {}),
    };
    try {
      const report = await this.supervisor.run('dataset.inspect', params, { jobId: newId('inspect') });
      return InspectReport.parse({ ...report, file: 'uploadId' in ref ? fileName : path });
    } catch (e) {
      // An upload's temp path means nothing to the user: name the file they chose.
      if (e instanceof CausewayError && 'uploadId' in ref) {
        throw new CausewayError(e.code, e.message.split(path).join(fileName), e.details);
      }
      throw e;
    }
  }

  /**
   * `dataset.importReference` and `causeway import` of a network or drug–target table: the same
   * `reference.import` job the wizard starts (progress, cancel, Jobs panel), awaited to its result.
   */
  async importReference(
    projects: ProjectService,
    input: { file: FileRef; kind: ReferenceKind; name?: string },
    jobId: string = newId('job'),
  ): Promise<ReferenceImportSummary> {
    const spec: ReferenceImportSpec = {
      kind: 'reference.import',
      source: input.file,
      referenceKind: input.kind,
      ...(input.name ? { name: input.name } : {}),
    };
    this.start(jobId, spec);
    const job = await this.jobs.wait(jobId);
    if (job.error || !job.runId) {
      throw new CausewayError(job.error?.code ?? 'E_INTERNAL', job.error?.message ?? 'The import failed.');
    }
    return ReferenceImportSummary.parse(projects.runResult(job.runId));
  }

  /** Starts a job; an import whose files are browser uploads reads them by path, then discards them. */
  start(jobId: string, spec: JobSpec): JobRecord {
    if (spec.kind === 'reference.import') return this.startReference(jobId, spec);
    if (spec.kind !== 'dataset.import') return this.jobs.start(jobId, spec);
    const used: string[] = [];
    const asPath = (ref: FileRef, what: string): FileRef => {
      if (!('uploadId' in ref)) return ref;
      used.push(ref.uploadId);
      return { path: this.resolve(ref, what).path };
    };
    const resolved: JobSpec = {
      ...spec,
      source: asPath(spec.source, 'file'),
      ...(spec.samplesSheet ? { samplesSheet: asPath(spec.samplesSheet, 'sample sheet') } : {}),
    };
    const name =
      spec.name ?? ('uploadId' in spec.source ? this.uploads.fileName(spec.source.uploadId) : undefined);
    const record = this.jobs.start(jobId, name ? { ...resolved, name } : resolved);
    if (used.length > 0) {
      const cleanup = (): void => used.forEach((id) => this.uploads.discard(id));
      void this.jobs.wait(jobId).then(cleanup, cleanup);
    }
    return record;
  }

  private startReference(jobId: string, spec: ReferenceImportSpec): JobRecord {
    if (!('uploadId' in spec.source)) return this.jobs.start(jobId, spec);
    const { uploadId } = spec.source;
    const resolved: ReferenceImportSpec = {
      ...spec,
      source: { path: this.resolve(spec.source, 'file').path },
      name: spec.name ?? this.uploads.fileName(uploadId),
    };
    let record: JobRecord;
    try {
      record = this.jobs.start(jobId, resolved);
    } catch (e) {
      this.uploads.discard(uploadId);
      throw e;
    }
    const cleanup = (): void => void this.uploads.discard(uploadId);
    void this.jobs.wait(jobId).then(cleanup, cleanup);
    return record;
  }
}
