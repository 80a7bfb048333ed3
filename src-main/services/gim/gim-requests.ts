import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { GimSignatureRole } from '#shared/contracts/gim.ts';
import type { JobRecord, JobSpec } from '#shared/contracts/jobs.ts';
import type { DatasetDescriptor } from '#shared/domain/project.ts';
import { newId } from '#shared/lib/ids.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { datasetIdFor } from '../datasets/import-paths.ts';
import type { InteractiveLane } from '../jobs/worker-supervisor.ts';
import type { ProjectService } from '../projects/project-service.ts';
import type { UploadService } from '../uploads/upload-service.ts';

/** What starting a job needs of the job service. */
interface JobStarter {
  start(jobId: string, spec: JobSpec): JobRecord;
  wait(jobId: string): Promise<JobRecord>;
}

type GimDataJob = Extract<JobSpec, { kind: 'gim.train' | 'gim.validate' }>;

export const isGimDataJob = (spec: JobSpec): spec is GimDataJob =>
  spec.kind === 'gim.train' || spec.kind === 'gim.validate';

/**
 * Starts gim.train / gim.validate with an uploaded feature table resolved to its temp file (the
 * training copies it beside the model); the upload is removed once the job ends, however it ends.
 */
export function startGimJob(
  jobs: JobStarter,
  uploads: UploadService,
  jobId: string,
  spec: GimDataJob,
): JobRecord {
  if (!('uploadId' in spec.features)) return jobs.start(jobId, spec);
  const { uploadId } = spec.features;
  const record = jobs.start(jobId, { ...spec, features: { path: uploads.path(uploadId) } });
  const cleanup = (): void => void uploads.discard(uploadId);
  void jobs.wait(jobId).then(cleanup, cleanup);
  return record;
}

/**
 * "Send to Drug ranking": a gim.predict run's predicted shift becomes a project dataset — a signature
 * (column `log2fc`, usable as the ranking's query) or a drug-signature collection holding just this
 * signature (a collection member). The interactive worker writes it into a hidden folder; main renames
 * it into place and registers it, so a failure leaves the project as it was.
 */
export async function gimToSignature(
  projects: ProjectService,
  interactive: InteractiveLane,
  input: { runId: string; name: string; as: GimSignatureRole },
): Promise<{ datasetId: string; name: string; kind: 'signature' | 'drug-signatures' }> {
  const summary = projects.summary();
  if (!summary) throw new CausewayError('E_NOT_FOUND', 'Open a project first.');
  if (summary.readOnly)
    throw new CausewayError('E_IO', `${summary.dir} is read-only; save a copy elsewhere.`);
  const run = summary.manifest.runs.find((r) => r.id === input.runId);
  if (!run) throw new CausewayError('E_NOT_FOUND', `No run "${input.runId}" in this project.`);
  if (run.kind !== 'gim.predict')
    throw new CausewayError('E_INVALID_INPUT', `Run "${run.label}" is not a GIM prediction.`);
  const kind = input.as === 'query' ? 'signature' : 'drug-signatures';
  const id = datasetIdFor(input.name, 'gim_');
  const datasetsDir = join(summary.dir, 'datasets');
  mkdirSync(datasetsDir, { recursive: true });
  const stagingDir = join(datasetsDir, `.gim-${id}`);
  const finalDir = join(datasetsDir, id);
  try {
    const out = await interactive.run(
      'gim.signature',
      { predictionPath: projects.resolveFile(run.resultFile), name: input.name, as: input.as, stagingDir },
      { jobId: newId('gim-signature') },
    );
    if (existsSync(finalDir))
      throw new CausewayError('E_IO', `datasets/${id} already exists in the project.`);
    renameSync(stagingDir, finalDir);
    const dataset: DatasetDescriptor = {
      id,
      name: input.name,
      kind,
      description:
        `Predicted shift (predicted mean − observational mean) of GIM prediction "${run.label}" (run ${run.id}).`.slice(
          0,
          5000,
        ),
      matrixFile: `datasets/${id}/matrix.arrow`,
      ...(kind === 'drug-signatures' ? { samplesFile: `datasets/${id}/samples.arrow` } : {}),
      nGenes: out.nGenes,
      nSamples: out.nSamples,
      source: { fileName: `${run.id}.json`, sha256: out.sha256 },
      createdAt: new Date().toISOString(),
    };
    projects.addDataset(dataset);
    return { datasetId: id, name: input.name, kind };
  } catch (e) {
    rmSync(stagingDir, { recursive: true, force: true });
    if (!projects.summary()?.manifest.datasets.some((d) => d.id === id))
      rmSync(finalDir, { recursive: true, force: true });
    throw e;
  }
}
