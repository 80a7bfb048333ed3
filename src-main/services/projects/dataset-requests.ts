import type { SampleColumn, TaskResult } from '#shared/contracts/tasks.ts';
import { newId } from '#shared/lib/ids.ts';
import { CausewayError } from '#shared/lib/result.ts';
import type { InteractiveLane } from '../jobs/worker-supervisor.ts';
import type { ProjectService } from './project-service.ts';

/**
 * Small reads the UI needs without a job: main resolves the dataset's files and routes the read to the
 * interactive worker (compute/summary/dataset-reads.ts), which parses them.
 */

/** A per-gene table wider than this is an expression matrix, not a gene table: it needs a job. */
export const MAX_GENE_VALUE_SAMPLES = 64;
/**
 * An expression matrix still answers for this few genes: the gene panel shows one gene's values across
 * the samples of the dataset its network was learned from (nSamples values, not a matrix).
 */
export const MAX_PROFILE_GENES = 8;

/** The metadata columns of a dataset's sample table (none when it has no table). */
export async function sampleColumns(
  projects: ProjectService,
  interactive: InteractiveLane,
  datasetId: string,
): Promise<SampleColumn[]> {
  const dataset = projects.dataset(datasetId);
  if (!dataset.samplesFile) return [];
  const params = { name: dataset.name, samplesPath: projects.resolveFile(dataset.samplesFile) };
  return interactive.run('dataset.sampleColumns', params, { jobId: newId('columns') });
}

/**
 * Values of a per-gene table (a signature: one column per contrast) for the given genes, or of an
 * expression matrix for at most MAX_PROFILE_GENES genes; null where absent.
 */
export function geneValues(
  projects: ProjectService,
  interactive: InteractiveLane,
  datasetId: string,
  genes: string[],
): Promise<TaskResult<'dataset.geneValues'>> {
  const dataset = projects.dataset(datasetId);
  if (dataset.nSamples > MAX_GENE_VALUE_SAMPLES && genes.length > MAX_PROFILE_GENES) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${dataset.name} has ${dataset.nSamples} samples; colour by a signature or gene table (≤ ${MAX_GENE_VALUE_SAMPLES} columns), or ask for at most ${MAX_PROFILE_GENES} genes.`,
    );
  }
  const params = { matrixPath: projects.resolveFile(dataset.matrixFile), genes };
  return interactive.run('dataset.geneValues', params, { jobId: newId('gene-values') });
}
