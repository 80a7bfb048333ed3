// Import a file into the open project: read → validate → write datasets/<id>/{matrix,samples,genes}.arrow
// into a hidden temp folder → rename into place → register in project.json. Any failure removes the temp
// folder, so a project never holds half an import. The original file is only ever opened for reading.
// The staged files come from compute/import/stage-dataset.ts, shared with the app's dataset.import job.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { DatasetDescriptor } from '#shared/domain/project.ts';
import { CausewayError } from '#shared/lib/result.ts';
import type { DuplicateMerge } from '../../compute/genes/duplicates.ts';
import { GeneMap } from '../../compute/genes/gene-map.ts';
import type { PreparedImport } from '../../compute/import/prepare.ts';
import { stageDataset } from '../../compute/import/stage-dataset.ts';
import type { RoleName } from '../../compute/import/roles.ts';
import type { ReadOptions } from '../../compute/io/types.ts';
import type { ProjectService } from '../projects/project-service.ts';
import { datasetIdFor } from './import-paths.ts';
import { sha256File } from '../../compute/io/file-hash.ts';

export interface ImportOptions extends ReadOptions {
  name?: string;
  /** A CSV/TSV sample sheet, one row per matrix sample; its columns join the file's own sample annotations. */
  samplesSheet?: string;
  description?: string;
  /** A gene-table column whose values become the gene names (the wizard's gene column). */
  geneColumn?: string;
  /** Role → sample column, as mapped in the wizard; roles not named here are guessed by column name. */
  roles?: Partial<Record<RoleName, string>>;
  /** How to merge duplicate gene names; without it a file with duplicates is refused. */
  duplicates?: DuplicateMerge;
}

export interface ImportResult {
  dataset: DatasetDescriptor;
  roles: Partial<Record<RoleName, string>>;
  warnings: string[];
}

export { sha256File };

export async function importDataset(
  projects: ProjectService,
  file: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const summary = projects.summary();
  if (!summary) throw new CausewayError('E_NOT_FOUND', 'No project is open.');
  if (summary.readOnly)
    throw new CausewayError('E_IO', `${summary.dir} is read-only; save a copy elsewhere.`);
  const name = options.name ?? basename(file);
  const id = datasetIdFor(name);
  const datasetsDir = join(summary.dir, 'datasets');
  mkdirSync(datasetsDir, { recursive: true });
  const tmp = join(datasetsDir, `.import-${id}`);
  const final = join(datasetsDir, id);
  mkdirSync(tmp);
  let sha256: string;
  let prepared: PreparedImport;
  try {
    ({ prepared, sha256 } = await stageDataset(
      file,
      tmp,
      options,
      {
        geneColumn: options.geneColumn,
        duplicates: options.duplicates,
        roles: options.roles ?? {},
        suggestRoles: true,
        samplesSheet: options.samplesSheet,
      },
      new GeneMap(),
    ));
    if (existsSync(final)) throw new CausewayError('E_IO', `datasets/${id} already exists in the project.`);
    renameSync(tmp, final);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  const { read, roles } = prepared;
  const dataset: DatasetDescriptor = {
    id,
    name: name.slice(0, 200),
    kind: read.format === 'signature' ? 'signature' : 'expression',
    description: (
      options.description ?? `Imported from ${basename(file)} (${read.format}, ${read.orientation}).`
    ).slice(0, 5000),
    matrixFile: `datasets/${id}/matrix.arrow`,
    samplesFile: `datasets/${id}/samples.arrow`,
    nGenes: read.matrix.genes.length,
    nSamples: read.matrix.samples.length,
    source: { fileName: basename(file).slice(0, 1000), sha256 },
    createdAt: new Date().toISOString(),
  };
  try {
    projects.addDataset(dataset);
  } catch (e) {
    rmSync(final, { recursive: true, force: true });
    throw e;
  }
  return { dataset, roles, warnings: read.warnings };
}
