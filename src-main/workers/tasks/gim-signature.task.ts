import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GimPrediction } from '#shared/contracts/gim.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { writeDatasetStoreSync } from '../../compute/io/dataset-store/dataset-writer.ts';
import { sha256File } from '../../compute/io/file-hash.ts';
import { writeMetaArrow } from '../../compute/io/meta-table.ts';
import type { Task } from '../runtime.ts';

/** The column a predicted shift is stored under: the name Drug ranking's query picker expects of a signature. */
export const GIM_SIGNATURE_COLUMN = 'log2fc';

/**
 * Writes a gim.predict result's shift (predicted mean − observational mean, per gene) as a dataset in
 * the staging folder: a signature with one column, or a drug-signature collection of one signature whose
 * table names it as the "drug" (so the ranking lists it by the prediction's name).
 */
export const gimSignatureTask: Task<'gim.signature'> = async (p, ctx) => {
  await ctx.progress('Reading the prediction', 0.1);
  let prediction: GimPrediction;
  try {
    prediction = GimPrediction.parse(JSON.parse(readFileSync(p.predictionPath, 'utf8')));
  } catch {
    throw new CausewayError('E_INVALID_INPUT', 'The prediction result cannot be read; predict again.');
  }
  const sampleId = p.as === 'query' ? GIM_SIGNATURE_COLUMN : p.name;
  mkdirSync(p.stagingDir, { recursive: true });
  const matrixPath = join(p.stagingDir, 'matrix.arrow');
  writeDatasetStoreSync(matrixPath, {
    genes: prediction.genes,
    samples: [sampleId],
    data: Float32Array.from(prediction.shift),
  });
  if (p.as === 'collection') {
    writeMetaArrow(join(p.stagingDir, 'samples.arrow'), 'sample', [sampleId], {
      drug: [p.name],
      perturbation_type: ['gim-predicted'],
    });
  }
  return { nGenes: prediction.genes.length, nSamples: 1, sha256: await sha256File(matrixPath) };
};
