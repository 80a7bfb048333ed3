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
  let hash: { promise: Promise<string>; cancel(): void } | null = null;
  try {
    // prepareImport applies the wizard's choices (gene column, duplicate merge, sample sheet, roles) and
    // the common checks; the streamed file is kept only if they left names and values alone.
    const raw = await readRaw(file, { ...readOptions, samples: stream });
    // Hashed after the read, not during it: on two cores a concurrent hash starves the kernel's
    // writeback of the streamed file, and after the read it overlaps the checks and the final fsync.
    const pending = sha256InWorker(file);
    hash = pending;
    const prepared = prepareImport(raw, choices, geneMap);
    await onPhase?.('write');
    const { matrix, sampleMeta, geneMeta } = prepared.read;
    const matrixWritten = stream
      .commit(matrix)
      .then((streamed) => (streamed ? undefined : writeSampleMajorArrowAsync(matrixFile, matrix)));
    // The small tables are encoded while the matrix file's last writes and fsync run in the pool. Both
    // promises settle before leaving, so the caller never removes the folder under a pending write.
    let metaError: unknown = null;
    try {
      writeMetaArrow(join(stagingDir, 'samples.arrow'), 'sample', matrix.samples, sampleMeta);
      writeMetaArrow(join(stagingDir, 'genes.arrow'), 'gene', matrix.genes, geneMeta);
    } catch (e) {
      metaError = e;
    }
    const [hashed, written] = await Promise.allSettled([pending.promise, matrixWritten]);
    if (metaError) throw metaError;
    if (written.status === 'rejected') throw written.reason;
    if (hashed.status === 'rejected') throw hashed.reason;
    return { prepared, sha256: hashed.value };
  } catch (e) {
    hash?.cancel();
    await stream.discard();
    throw e;
  }
}
