import { mkdirSync, rmSync } from 'node:fs';
import type { ImportRecord } from '#shared/contracts/data-import.ts';
import type { DatasetImportOutput } from '#shared/contracts/tasks.ts';
import { GeneMap } from '../../compute/genes/gene-map.ts';
import { stageDataset } from '../../compute/import/stage-dataset.ts';
import { writeFileAtomic } from '../../compute/io/atomic-write.ts';
import { summariseImport } from '../../compute/summary/import-summary.ts';
import type { Task } from '../runtime.ts';

/** Main resolves every path; the worker reads the source and writes only inside `tmpDir` and `resultPath`. */
export const datasetImportTask: Task<'dataset.import'> = async (p, ctx) => {
  mkdirSync(p.tmpDir);
  try {
    await ctx.progress('Reading the file', 0.02);
    const { prepared, sha256: hash } = await stageDataset(
      p.file,
      p.tmpDir,
      {
        signal: ctx.signal,
        ...(p.orientation ? { orientation: p.orientation } : {}),
        ...(p.layer ? { layer: p.layer } : {}),
      },
      {
        geneColumn: p.geneColumn,
        mapGenesTo: p.mapGenesTo,
        duplicates: p.duplicates,
        roles: p.roles,
        suggestRoles: p.suggestRoles,
        samplesSheet: p.samplesSheet,
      },
      // The offline table (~50 ms to load) only renames genes: not needed without mapGenesTo.
      p.mapGenesTo ? GeneMap.load(p.geneMapPath) : new GeneMap(),
      (phase) => (phase === 'write' ? ctx.progress('Writing the matrix', 0.5) : undefined),
    );
    const read = prepared.read;
    const { matrix, sampleMeta } = read;
    const record: ImportRecord = {
      datasetId: p.datasetId,
      name: p.name,
      format: read.format,
      orientation: read.orientation,
      nGenes: matrix.genes.length,
      nSamples: matrix.samples.length,
      samples: matrix.samples,
      genes: prepared.genes,
      roles: prepared.roles,
      warnings: read.warnings,
    };
    let summary: ImportRecord = record;
    if (p.summary !== false) {
      await ctx.progress('Summarising (PCA)', 0.65);
      summary = summariseImport(matrix, sampleMeta, record, { seed: p.seed });
    }
    await ctx.progress('Writing the summary', 0.95);
    writeFileAtomic(p.resultPath, JSON.stringify(summary));
    const out: DatasetImportOutput = {
      nGenes: matrix.genes.length,
      nSamples: matrix.samples.length,
      sha256: hash,
      format: read.format,
      orientation: read.orientation,
      roles: prepared.roles,
      warnings: read.warnings,
    };
    return out;
  } catch (e) {
    rmSync(p.tmpDir, { recursive: true, force: true });
    rmSync(p.resultPath, { force: true });
    throw e;
  }
};
