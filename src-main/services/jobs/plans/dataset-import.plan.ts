import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetDescriptor } from '#shared/domain/project.ts';
import { CausewayError } from '#shared/lib/result.ts';
import type { TaskParams } from '#shared/contracts/tasks.ts';
import { datasetIdFor, displayName, geneMapPath, sourceFile } from '../../datasets/import-paths.ts';
import { fanOut, type Planner } from './plan.ts';

/**
 * dataset.import: the worker reads, checks and writes the dataset into a hidden staging folder of the
 * project and the summary into results/; `reduce` (in main) renames the folder into place and registers
 * the dataset. A failure or cancel at any point removes the staging folder and the summary, so the
 * project never holds half an import; the source file is only ever read.
 */
export const planDatasetImport: Planner<'dataset.import'> = (spec, projects, runId) => {
  const summary = projects.summary();
  if (!summary) throw new CausewayError('E_NOT_FOUND', 'No project is open.');
  if (summary.readOnly)
    throw new CausewayError('E_IO', `${summary.dir} is read-only; save a copy elsewhere.`);
  const file = sourceFile(spec.source, 'file');
  const sheet = spec.samplesSheet ? sourceFile(spec.samplesSheet, 'sample sheet') : undefined;
  const fileName = displayName(file);
  const name = (spec.name ?? fileName).slice(0, 200);
  const id = datasetIdFor(name);
  const datasetsDir = join(summary.dir, 'datasets');
  mkdirSync(datasetsDir, { recursive: true });
  const tmpDir = join(datasetsDir, `.import-${id}`);
  const finalDir = join(datasetsDir, id);
  const result = projects.prepareResultFile(runId, 'json');
  const params: TaskParams<'dataset.import'> = {
    file,
    fileName,
    ...(sheet ? { samplesSheet: sheet } : {}),
    datasetId: id,
    name,
    tmpDir,
    resultPath: result.absPath,
    ...(spec.orientation ? { orientation: spec.orientation } : {}),
    ...(spec.layer ? { layer: spec.layer } : {}),
    roles: spec.roles,
    ...(spec.suggestRoles ? { suggestRoles: true } : {}),
    ...(spec.summary === false ? { summary: false } : {}),
    ...(spec.geneColumn ? { geneColumn: spec.geneColumn } : {}),
    ...(spec.mapGenesTo ? { mapGenesTo: spec.mapGenesTo } : {}),
    ...(spec.duplicates ? { duplicates: spec.duplicates } : {}),
    seed: spec.seed,
    geneMapPath: geneMapPath(),
  };
  const label = `Import of ${name}`.slice(0, 300);
  return fanOut({
    label,
    chunks: [{ task: 'dataset.import', params }],
    reduce: (values) => {
      const out = values[0]!;
      if (existsSync(finalDir))
        throw new CausewayError('E_IO', `datasets/${id} already exists in the project.`);
      renameSync(tmpDir, finalDir);
      const dataset: DatasetDescriptor = {
        id,
        name,
        kind: out.format === 'signature' ? 'signature' : 'expression',
        description: `Imported from ${fileName} (${out.format}, ${out.orientation}).`.slice(0, 5000),
        matrixFile: `datasets/${id}/matrix.arrow`,
        samplesFile: `datasets/${id}/samples.arrow`,
        nGenes: out.nGenes,
        nSamples: out.nSamples,
        source: { fileName: fileName.slice(0, 1000), sha256: out.sha256 },
        createdAt: new Date().toISOString(),
      };
      try {
        projects.addDataset(dataset);
      } catch (e) {
        rmSync(finalDir, { recursive: true, force: true });
        throw e;
      }
      // The roles applied (the guessed ones too) replace the mapped ones; the warnings are for the CLI.
      return {
        nGenes: out.nGenes,
        nSamples: out.nSamples,
        format: out.format,
        roles: JSON.stringify(out.roles),
        warnings: warningsParam(out.warnings),
      };
    },
    discard: () => {
      rmSync(tmpDir, { recursive: true, force: true });
      rmSync(result.absPath, { force: true });
    },
    run: {
      id: runId,
      kind: spec.kind,
      label,
      inputs: { datasetId: id },
      params: {
        fileName: fileName.slice(0, 1000),
        orientation: spec.orientation ?? null,
        layer: spec.layer ?? null,
        duplicates: spec.duplicates ?? null,
        suggestRoles: spec.suggestRoles ?? false,
        summary: spec.summary ?? true,
        geneColumn: spec.geneColumn ?? null,
        mapGenesTo: spec.mapGenesTo ?? null,
        roles: JSON.stringify(spec.roles).slice(0, 10_000),
        samplesSheet: sheet ? displayName(sheet) : null,
      },
      seed: spec.seed,
      resultFile: result.relPath,
    },
  });
};

/** The warnings as a JSON list within a run parameter's 10,000 characters; the run's result has them all. */
function warningsParam(warnings: readonly string[]): string {
  const kept = [...warnings];
  let json = JSON.stringify(kept);
  while (json.length > 10_000 && kept.length > 0) {
    kept.pop();
    json = JSON.stringify([...kept, `${warnings.length - kept.length} more warnings: see the run's result`]);
  }
  return json;
}
