// The dataset files of one import, staged in a folder the caller owns and later renames into the project:
// matrix.arrow, samples.arrow, genes.arrow. One pipeline for the CLI's importDataset and the app's
// dataset.import job, so both get the overlap measured by bench/import.ts: the matrix file is written
// while the reader is still reading (matrix-stream.ts) and the source is hashed on another thread, so
// after the read only the last writes and the fsync remain. On failure the caller removes the folder;
// this function first lets every pending write settle, so nothing writes into a removed folder.
import { join } from 'node:path';
import type { GeneMap } from '../genes/gene-map.ts';
import { sha256InWorker } from '../io/hash-worker.ts';
import { writeSampleMajorArrowAsync } from '../io/matrix-store.ts';
import { StreamedMatrixFile } from '../io/matrix-stream.ts';
import { writeMetaArrow } from '../io/meta-table.ts';
import type { ReadOptions } from '../io/types.ts';
import { prepareImport, type ImportChoices, type PreparedImport } from './prepare.ts';
import { readRaw } from './read-raw.ts';

export interface StagedDataset {
  prepared: PreparedImport;
  /** sha256 of the source file, as recorded in the project. */
  sha256: string;
}

export async function stageDataset(
  file: string,
  stagingDir: string,
  readOptions: ReadOptions,
  choices: ImportChoices,
  geneMap: GeneMap,
  onPhase?: (phase: 'read' | 'write') => void | Promise<void>,
): Promise<StagedDataset> {
  const matrixFile = join(stagingDir, 'matrix.arrow');
  const stream = new StreamedMatrixFile(matrixFile);
  const hash = sha256InWorker(file);
  try {
    // prepareImport applies the wizard's choices (gene column, duplicate merge, sample sheet, roles) and
    // the common checks; the streamed file is kept only if they left names and values alone.
    const prepared = prepareImport(
      await readRaw(file, { ...readOptions, samples: stream }),
      choices,
      geneMap,
    );
    await onPhase?.('write');
    const { matrix, sampleMeta, geneMeta } = prepared.read;
    const matrixWritten = stream
      .commit(matrix)
      .then((streamed) => (streamed ? undefined : writeSampleMajorArrowAsync(matrixFile, matrix)));
    // Settle both before leaving, so the caller never removes the folder under a pending write.
    const [hashed, written] = await Promise.allSettled([hash.promise, matrixWritten]);
    if (written.status === 'rejected') throw written.reason;
    if (hashed.status === 'rejected') throw hashed.reason;
    writeMetaArrow(join(stagingDir, 'samples.arrow'), 'sample', matrix.samples, sampleMeta);
    writeMetaArrow(join(stagingDir, 'genes.arrow'), 'gene', matrix.genes, geneMeta);
    return { prepared, sha256: hashed.value };
  } catch (e) {
    hash.cancel();
    await stream.discard();
    throw e;
  }
}
