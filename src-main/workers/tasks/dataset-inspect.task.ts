import { statSync } from 'node:fs';
import { contentBytes } from '../../compute/io/gunzip-bounded.ts';
import {
  buildInspectReport,
  buildQuickInspectReport,
  buildReferenceReport,
} from '../../compute/import/inspect-report.ts';
import { readRaw } from '../../compute/import/read-raw.ts';
import { readReference, referenceGeneIds, referenceKindOf } from '../../compute/import/reference.ts';
import { GeneMap } from '../../compute/genes/gene-map.ts';
import { listLayers } from '../../compute/io/h5ad.ts';
import { detectFormat } from '../../compute/io/detect-format.ts';
import { openHdf5 } from '../../compute/io/hdf5.ts';
import { FULL_READ_BYTES, inspectFile } from '../../compute/io/inspect.ts';
import type { Task } from '../runtime.ts';
import { checkAgainstProject } from './reference-import.task.ts';

async function h5adLayers(file: string): Promise<string[]> {
  const f = await openHdf5(file);
  try {
    return listLayers(f, file);
  } finally {
    f.close();
  }
}

export const datasetInspectTask: Task<'dataset.inspect'> = async (p, ctx) => {
  await ctx.progress('Reading the file', 0);
  const bytes = statSync(p.file).size;
  const format = await detectFormat(p.file);
  if (referenceKindOf(format) !== null) {
    // Not a matrix: the wizard offers to import it as a network or a drug–target table instead, and
    // says beforehand how many of its genes the project's datasets know.
    const ref = await readReference(p.file, undefined, format);
    await ctx.progress('Checking genes against the project', 0.6);
    const match = checkAgainstProject(referenceGeneIds(ref), p.datasets, p.geneMapPath);
    return buildReferenceReport(ref, { file: p.file, fileName: p.fileName, bytes }, match);
  }
  const options = {
    signal: ctx.signal,
    ...(p.orientation ? { orientation: p.orientation } : {}),
    ...(p.layer ? { layer: p.layer } : {}),
  };
  const layers = format === 'h5ad' ? await h5adLayers(p.file) : [];
  const fullReadBytes = p.fullReadBytes ?? FULL_READ_BYTES;
  // Decompressed size: a small .gz can hold gigabytes, which must get the preview path too.
  if (contentBytes(p.file) > fullReadBytes) {
    // A big file: preview, shape, orientation and columns without reading the matrix (inspect.ts's
    // quick path); the full read, with every value check, happens only in the import job.
    const quick = await inspectFile(p.file, { ...options, fullReadBytes });
    return buildQuickInspectReport(
      quick,
      { fileName: p.fileName, bytes, layers },
      GeneMap.load(p.geneMapPath),
    );
  }
  const read = await readRaw(p.file, options, format);
  return buildInspectReport(read, { fileName: p.fileName, bytes, layers }, GeneMap.load(p.geneMapPath));
};
