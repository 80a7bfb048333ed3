import { mkdirSync, rmSync } from 'node:fs';
import { z } from 'zod';
import { DuplicateMerge, GeneIdKind, Orientation, RoleMapping } from '#shared/contracts/data-import.ts';
import { GeneMap } from '../../compute/genes/gene-map.ts';
import { stageDataset } from '../../compute/import/stage-dataset.ts';
import { writeFileAtomic } from '../../compute/io/atomic-write.ts';
import { summariseImport } from '../../compute/summary/import-summary.ts';
import type { Task } from '../runtime.ts';

/** Main resolves every path; the worker reads the source and writes only inside `tmpDir` and `resultPath`. */
export const DatasetImportParams = z.object({
  file: z.string(),
  fileName: z.string(),
  samplesSheet: z.string().optional(),
  datasetId: z.string(),
  name: z.string(),
  tmpDir: z.string(),
  resultPath: z.string(),
  orientation: Orientation.optional(),
  layer: z.string().optional(),
  roles: RoleMapping,
  geneColumn: z.string().optional(),
  mapGenesTo: GeneIdKind.optional(),
  duplicates: DuplicateMerge,
  seed: z.number().int().min(0),
  geneMapPath: z.string(),
});
export type DatasetImportParams = z.infer<typeof DatasetImportParams>;

export interface DatasetImportOutput {
  nGenes: number;
  nSamples: number;
  sha256: string;
  format: string;
  orientation: string;
  warnings: string[];
}

export const datasetImportTask: Task = async (raw, ctx) => {
  const p = DatasetImportParams.parse(raw);
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
        samplesSheet: p.samplesSheet,
      },
      GeneMap.load(p.geneMapPath),
      (phase) => (phase === 'write' ? ctx.progress('Writing the matrix', 0.5) : undefined),
    );
    const read = prepared.read;
    const { matrix, sampleMeta } = read;
    await ctx.progress('Summarising (PCA)', 0.65);
    const summary = summariseImport(
      matrix,
      sampleMeta,
      {
        datasetId: p.datasetId,
        name: p.name,
        format: read.format,
        orientation: read.orientation,
        genes: prepared.genes,
        roles: p.roles,
        warnings: read.warnings,
      },
      { seed: p.seed },
    );
    await ctx.progress('Writing the summary', 0.95);
    writeFileAtomic(p.resultPath, JSON.stringify(summary));
    const out: DatasetImportOutput = {
      nGenes: matrix.genes.length,
      nSamples: matrix.samples.length,
      sha256: hash,
      format: read.format,
      orientation: read.orientation,
      warnings: read.warnings,
    };
    return out;
  } catch (e) {
    rmSync(p.tmpDir, { recursive: true, force: true });
    rmSync(p.resultPath, { force: true });
    throw e;
  }
};
