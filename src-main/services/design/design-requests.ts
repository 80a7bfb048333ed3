import type { DesignExport, DesignExportFormat } from '#shared/contracts/design-export.ts';
import { newId } from '#shared/lib/ids.ts';
import { CausewayError } from '#shared/lib/result.ts';
import type { InteractiveLane } from '../jobs/worker-supervisor.ts';
import type { ProjectService } from '../projects/project-service.ts';

/** Exports a design.plan run's plate plan on the interactive worker (compute/design/export-plan.ts). */
export function exportDesignRun(
  projects: ProjectService,
  interactive: InteractiveLane,
  input: { runId: string; format: DesignExportFormat; path?: string | undefined },
): Promise<DesignExport> {
  const run = projects.summary()?.manifest.runs.find((r) => r.id === input.runId);
  if (!run) throw new CausewayError('E_NOT_FOUND', `No run "${input.runId}" in this project.`);
  if (run.kind !== 'design.plan')
    throw new CausewayError('E_INVALID_INPUT', `Run "${run.label}" is not an experiment plan.`);
  return interactive.run(
    'design.export',
    {
      resultPath: projects.resolveFile(run.resultFile),
      runId: run.id,
      format: input.format,
      path: input.path ?? null,
    },
    { jobId: newId('export') },
  );
}
