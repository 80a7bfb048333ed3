import { exportTargetsRun } from '../../compute/targets/export/export-run.ts';
import { druggableGeneList } from '../../compute/targets/jobs/drug-target-file.ts';
import { prizePreview } from '../../compute/targets/jobs/steiner-inputs.ts';
import type { Task } from '../runtime.ts';

// The Targets page's reads, on the interactive worker.
export const targetsPrizePreviewTask: Task<'targets.prizePreview'> = (p) => Promise.resolve(prizePreview(p));
export const targetsExportTask: Task<'targets.export'> = (p) => Promise.resolve(exportTargetsRun(p));
export const targetsDruggableGenesTask: Task<'targets.druggableGenes'> = (p) =>
  Promise.resolve(druggableGeneList(p));
