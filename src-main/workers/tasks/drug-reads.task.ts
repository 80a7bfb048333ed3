import { diseasePreview, drugDetail, exportRankingRun } from '../../compute/drugs/drug-reads.ts';
import type { Task } from '../runtime.ts';

// The drug-ranking UI's reads, on the interactive worker: synchronous, each one signature or column.
export const drugsPreviewTask: Task<'drugs.preview'> = (p) => Promise.resolve(diseasePreview(p));
export const drugsDetailTask: Task<'drugs.detail'> = (p) => Promise.resolve(drugDetail(p));
export const rankingExportTask: Task<'ranking.export'> = (p) => Promise.resolve(exportRankingRun(p));
