import { rmSync } from 'node:fs';
import type { ReferenceGeneMatch } from '#shared/contracts/data-import.ts';
import type { ParsedTaskParams, ReferenceImportOutput } from '#shared/contracts/tasks.ts';
import { GeneMap } from '../../compute/genes/gene-map.ts';
import { geneMatchWarnings, matchProjectGenes, readDatasetGenes } from '../../compute/import/gene-match.ts';
import {
  readReference,
  referenceGeneIds,
  referenceShape,
  writeReference,
} from '../../compute/import/reference.ts';
import { writeFileAtomic } from '../../compute/io/atomic-write.ts';
import { sha256File } from '../../compute/io/file-hash.ts';
import type { Task } from '../runtime.ts';

/**
 * Main resolves every path: the source, the project's dataset matrices (for the gene check), and the
 * two files the worker may write, a hidden staging file inside the project and the run's result file.
 */
/** The project's genes, one list per dataset; a dataset that cannot be read is skipped, not fatal. */
export function projectGeneLists(datasets: ParsedTaskParams<'reference.import'>['datasets']): string[][] {
  const lists: string[][] = [];
  for (const d of datasets) {
    try {
      lists.push(readDatasetGenes(d.matrixPath));
    } catch {
      // A damaged dataset is reported where it is used; it must not block importing a reference.
    }
  }
  return lists;
}

/** Gene ids against the project's datasets; without datasets there is nothing to load the gene map for. */
export function checkAgainstProject(
  ids: string[],
  datasets: ParsedTaskParams<'reference.import'>['datasets'],
  geneMapPath: string,
): ReferenceGeneMatch {
  const lists = projectGeneLists(datasets);
  return matchProjectGenes(ids, lists, lists.length > 0 ? GeneMap.load(geneMapPath) : new GeneMap());
}

/** reference.import: read → check the genes against the project → write the staging and result files. */
export const referenceImportTask: Task<'reference.import'> = async (p, ctx) => {
  try {
    await ctx.progress('Reading the file', 0.02);
    const [read, sha256] = await Promise.all([
      readReference(p.file, p.expect),
      sha256File(p.file, ctx.signal),
    ]);
    await ctx.progress('Checking genes against the project', 0.45);
    const geneMatch = checkAgainstProject(referenceGeneIds(read), p.datasets, p.geneMapPath);
    const warnings = geneMatchWarnings(geneMatch, read.kind === 'network' ? 'network' : 'drug–target table');
    await ctx.progress('Writing into the project', 0.75);
    writeReference(read, p.stagingPath);
    const shape = referenceShape(read);
    const summary = {
      kind: read.kind,
      id: p.id,
      name: p.name,
      format: read.format,
      ...shape,
      geneMatch,
      warnings,
    };
    writeFileAtomic(p.resultPath, JSON.stringify(summary));
    await ctx.progress('Writing into the project', 0.95);
    const out: ReferenceImportOutput = {
      kind: read.kind,
      format: read.format,
      ...shape,
      sha256,
      geneMatch,
      warnings,
    };
    return out;
  } catch (e) {
    // Main's discard removes these too; removing them here keeps a failed worker from racing it.
    rmSync(p.stagingPath, { force: true });
    rmSync(p.resultPath, { force: true });
    throw e;
  }
};
