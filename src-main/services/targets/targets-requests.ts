import type {
  DruggableGenes,
  PrizePreview,
  TargetsExport,
  TargetsExportFormat,
} from '#shared/contracts/targets.ts';
import type { MethodInput } from '#shared/contracts/api.ts';
import { newId } from '#shared/lib/ids.ts';
import { CausewayError } from '#shared/lib/result.ts';
import type { InteractiveLane } from '../jobs/worker-supervisor.ts';
import { resolveInteractome, resolvePrizes } from '../jobs/plans/targets-steiner.plan.ts';
import type { ProjectService } from '../projects/project-service.ts';

/**
 * The Targets page's reads (prize preview, drug targets of a subnetwork, export): main resolves the
 * project's files and routes each read to the interactive worker, which parses them (compute/targets/jobs,
 * compute/targets/export).
 */

const TARGET_KINDS = new Set(['targets.steiner', 'targets.sweep', 'targets.rank']);

export function prizePreview(
  projects: ProjectService,
  interactive: InteractiveLane,
  input: MethodInput<'targets.prizePreview'>,
): Promise<PrizePreview> {
  const interactome = resolveInteractome(projects, input.interactome);
  const prizes = resolvePrizes(projects, input.prizes);
  return interactive.run(
    'targets.prizePreview',
    { interactome: interactome.params, prizes: prizes.params },
    { jobId: newId('prizes') },
  );
}

/** Which of the genes a project drug–target table's drugs hit; the worker reads the table. */
export function druggableGenes(
  projects: ProjectService,
  interactive: InteractiveLane,
  input: { tableId: string; genes: string[]; minAffinity: number; keepUnmeasured: boolean },
): Promise<DruggableGenes> {
  const table = (projects.summary()?.manifest.tables ?? []).find((t) => t.id === input.tableId);
  if (!table || table.kind !== 'drug-targets') {
    throw new CausewayError('E_NOT_FOUND', `No drug–target table "${input.tableId}" in this project.`);
  }
  return interactive.run(
    'targets.druggableGenes',
    {
      path: projects.resolveFile(table.file),
      genes: input.genes,
      minAffinity: input.minAffinity,
      keepUnmeasured: input.keepUnmeasured,
    },
    { jobId: newId('druggable') },
  );
}

/** Writes the export to `path` (desktop, CLI) or returns it base64-encoded for a browser download. */
export function exportTargetsRun(
  projects: ProjectService,
  interactive: InteractiveLane,
  input: { runId: string; format: TargetsExportFormat; path?: string | undefined },
): Promise<TargetsExport> {
  const run = projects.summary()?.manifest.runs.find((r) => r.id === input.runId);
  if (!run) throw new CausewayError('E_NOT_FOUND', `No run "${input.runId}" in this project.`);
  if (!TARGET_KINDS.has(run.kind)) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `Run "${run.label}" is not a Steiner, sweep or target result.`,
    );
  }
  return interactive.run(
    'targets.export',
    {
      resultPath: projects.resolveFile(run.resultFile),
      runId: run.id,
      format: input.format,
      path: input.path ?? null,
    },
    { jobId: newId('export') },
  );
}
