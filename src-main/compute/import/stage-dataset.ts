// The dataset files of one import, staged in a folder the caller owns and later renames into the
// project: matrix.arrow (the dataset store, docs/dataset-store.md; the name predates it), samples.arrow,
// genes.arrow. The dataset.import job's pipeline (the app's wizard and every CLI import run that job),
// with the overlap measured by bench/import.ts: the matrix file is written while the reader is still reading
// (dataset-store/dataset-writer.ts, direct I/O for big files) and the source is hashed on another
// thread meanwhile, so after the read only the checks, the small tables, the last writes and the fsync
// remain. On failure the caller removes the folder; this function first lets every pending write
// settle, so nothing writes into a removed folder.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GeneMap } from '../genes/gene-map.ts';
import { sha256InWorker } from '../io/hash-worker.ts';
import { DatasetWriter, writeDatasetStore } from '../io/dataset-store/dataset-writer.ts';
import { encodeMetaArrow } from '../io/meta-table.ts';
import { fsyncFile } from '../io/atomic-write.ts';
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
  const stream = new DatasetWriter(matrixFile);
  let hash: { promise: Promise<string>; cancel(): void } | null = null;
  try {
    // Hashed during the read: the reader keeps one core busy, the hash takes the other (~0.6 s per GB),
    // and the matrix writes, being direct, hardly need a core. (Before direct I/O, a concurrent hash
    // starved the kernel's writeback of the streamed file and was better started after the read.)
    const pending = sha256InWorker(file);
    hash = pending;
    // prepareImport applies the wizard's choices (gene column, duplicate merge, sample sheet, roles) and
    // the common checks; the streamed file is kept only if they left names and values alone.
    const raw = await readRaw(file, { ...readOptions, samples: stream });
    const prepared = prepareImport(raw, choices, geneMap);
    await onPhase?.('write');
    const { matrix, sampleMeta, geneMeta } = prepared.read;
    const matrixWritten = stream
      .commit(matrix)
      .then((streamed) => (streamed ? undefined : writeDatasetStore(matrixFile, matrix)));
    // The small tables are encoded while the matrix file's last writes run in the pool, and written
    // without waiting: a synchronous fsync here would wait for the matrix's data too (ext4 commits in
    // order) and stall the event loop that keeps the matrix writes going. They are fsynced once the
    // matrix is. The staging folder is renamed into the project only after everything settled, so
    // these files need no rename of their own. All promises settle before leaving, so the caller
    // never removes the folder under a pending write.
    const metaWritten = Promise.resolve().then(async () => {
      const files: [string, Uint8Array][] = [
        ['samples.arrow', encodeMetaArrow('sample', matrix.samples, sampleMeta)],
        ['genes.arrow', encodeMetaArrow('gene', matrix.genes, geneMeta)],
      ];
      await Promise.all(files.map(([f, bytes]) => writeFile(join(stagingDir, f), bytes, { flag: 'wx' })));
      await matrixWritten.catch(() => undefined);
      await Promise.all(files.map(([f]) => fsyncFile(join(stagingDir, f))));
    });
    const [hashed, written, meta] = await Promise.allSettled([pending.promise, matrixWritten, metaWritten]);
    if (written.status === 'rejected') throw written.reason;
    if (meta.status === 'rejected') throw meta.reason;
    if (hashed.status === 'rejected') throw hashed.reason;
    return { prepared, sha256: hashed.value };
  } catch (e) {
    hash?.cancel();
    await stream.discard();
    throw e;
  }
}
