import type { RankingExport, TaskParams } from '#shared/contracts/tasks.ts';
import {
  type DiseasePreview,
  type DrugDetail,
  DrugRankingResult,
  type ExportFormat,
} from '#shared/domain/drug-ranking.ts';
import { newId } from '#shared/lib/ids.ts';
import { CausewayError } from '#shared/lib/result.ts';
import type { InteractiveLane } from '../jobs/worker-supervisor.ts';
import type { ProjectService } from '../projects/project-service.ts';

/**
 * The drug-ranking UI's reads (wizard preview, a drug's detail, export): main resolves the project's
 * files and routes each read to the interactive worker, which parses the data (compute/drugs/drug-reads.ts).
 */

type DatasetFiles = TaskParams<'drugs.detail'>['datasets'][number];

function datasetFiles(projects: ProjectService, id: string): DatasetFiles {
  const d = projects.dataset(id);
  return {
    id: d.id,
    name: d.name,
    matrixPath: projects.resolveFile(d.matrixFile),
    samplesPath: d.samplesFile ? projects.resolveFile(d.samplesFile) : null,
  };
}

function resultPath(projects: ProjectService, runId: string): string {
  const run = projects.summary()?.manifest.runs.find((r) => r.id === runId);
  if (!run) throw new CausewayError('E_NOT_FOUND', `No run "${runId}" in this project.`);
  return projects.resolveFile(run.resultFile);
}

export function diseasePreview(
  projects: ProjectService,
  interactive: InteractiveLane,
  input: { diseaseDatasetId: string; column: string; collectionDatasetId: string; querySize: number },
): Promise<DiseasePreview> {
  const params: TaskParams<'drugs.preview'> = {
    disease: { ...datasetFiles(projects, input.diseaseDatasetId), column: input.column },
    collection: datasetFiles(projects, input.collectionDatasetId),
    querySize: input.querySize,
  };
  return interactive.run('drugs.preview', params, { jobId: newId('preview') });
}

export function drugDetail(
  projects: ProjectService,
  interactive: InteractiveLane,
  input: { runId: string; drug: string },
): Promise<DrugDetail> {
  const datasets = (projects.summary()?.manifest.datasets ?? []).map((d) => datasetFiles(projects, d.id));
  const params: TaskParams<'drugs.detail'> = {
    resultPath: resultPath(projects, input.runId),
    runId: input.runId,
    drug: input.drug,
    datasets,
  };
  return interactive.run('drugs.detail', params, { jobId: newId('detail') });
}

/** Writes the export to `path` (desktop, CLI) or returns it base64-encoded for a browser download. */
export function exportRun(
  projects: ProjectService,
  interactive: InteractiveLane,
  input: { runId: string; format: ExportFormat; path?: string | undefined },
): Promise<RankingExport> {
  const params: TaskParams<'ranking.export'> = {
    resultPath: resultPath(projects, input.runId),
    runId: input.runId,
    format: input.format,
    path: input.path ?? null,
  };
  return interactive.run('ranking.export', params, { jobId: newId('export') });
}

/** A finished ranking's result document (the run's JSON, as `run.result` returns it). */
export function rankingResult(projects: ProjectService, runId: string): DrugRankingResult {
  const parsed = DrugRankingResult.safeParse(projects.runResult(runId));
  if (!parsed.success) throw new CausewayError('E_INVALID_INPUT', `Run ${runId} is not a drug ranking.`);
  return parsed.data;
}
