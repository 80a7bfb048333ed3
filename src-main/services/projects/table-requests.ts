import type { TaskResult } from '#shared/contracts/tasks.ts';
import { newId } from '#shared/lib/ids.ts';
import { CausewayError } from '#shared/lib/result.ts';
import type { InteractiveLane } from '../jobs/worker-supervisor.ts';
import type { ProjectService } from './project-service.ts';

/**
 * The drugs hitting each gene in one of the project's drug–target tables: main finds the table's file
 * and routes the read to the interactive worker (compute/summary/gene-drugs.ts), which parses it.
 */
export function geneDrugs(
  projects: ProjectService,
  interactive: InteractiveLane,
  tableId: string,
  genes: string[],
): Promise<TaskResult<'tables.geneDrugs'>> {
  const table = (projects.summary()?.manifest.tables ?? []).find((t) => t.id === tableId);
  if (!table) throw new CausewayError('E_NOT_FOUND', `No drug–target table "${tableId}" in this project.`);
  const params = { name: table.name, tablePath: projects.resolveFile(table.file), genes };
  return interactive.run('tables.geneDrugs', params, { jobId: newId('gene-drugs') });
}
