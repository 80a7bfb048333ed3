import type { PrizePreview, TargetsExport, TargetsExportFormat } from '#shared/contracts/targets.ts';
import type { MethodInput } from '#shared/contracts/api.ts';
import { newId } from '#shared/lib/ids.ts';
import { CausewayError } from '#shared/lib/result.ts';
import type { InteractiveLane } from '../jobs/worker-supervisor.ts';
import { resolveInteractome, resolvePrizes } from '../jobs/plans/targets-steiner.plan.ts';
import type { ProjectService } from '../projects/project-service.ts';

/**
 * The Targets page's reads (prize preview, export): main resolves the project's files and routes each
 * read to the interactive worker, which parses them (compute/targets/jobs, compute/targets/export).
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
