import { geneValues, sampleColumns } from '../../compute/summary/dataset-reads.ts';
import type { Task } from '../runtime.ts';

// The UI's small dataset reads, on the interactive worker.
export const datasetSampleColumnsTask: Task<'dataset.sampleColumns'> = (p) =>
  Promise.resolve(sampleColumns(p));
export const datasetGeneValuesTask: Task<'dataset.geneValues'> = (p) => Promise.resolve(geneValues(p));
