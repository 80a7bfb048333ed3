import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetDescriptor } from '#shared/domain/project.ts';
import { CausewayError } from '#shared/lib/result.ts';
import type { TaskParams } from '#shared/contracts/tasks.ts';
import { datasetIdFor } from '../../datasets/import-paths.ts';
import { fanOut, type Planner } from './plan.ts';

/** signature.build: differential expression between two sample groups, stored as a signature dataset. */
export const planSignatureBuild: Planner<'signature.build'> = (spec, projects, runId) => {
  const summary = projects.summary();
  if (!summary) throw new CausewayError('E_NOT_FOUND', 'No project is open.');
  if (summary.readOnly)
    throw new CausewayError('E_IO', `${summary.dir} is read-only; save a copy elsewhere.`);
  const source = projects.dataset(spec.datasetId);
  if (!source.samplesFile) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${source.name} has no sample table, so it has no groups to compare.`,
    );
  }
  const name = (
    spec.name ?? `${source.name}: ${spec.caseValues.join('+')} vs ${spec.controlValues.join('+')}`
  ).slice(0, 200);
  const id = datasetIdFor(name, 'sig_');
  const datasetsDir = join(summary.dir, 'datasets');
  mkdirSync(datasetsDir, { recursive: true });
  const tmpDir = join(datasetsDir, `.signature-${id}`);
  const finalDir = join(datasetsDir, id);
  const result = projects.prepareResultFile(runId, 'json');
  const params: TaskParams<'signature.build'> = {
    matrixPath: projects.resolveFile(source.matrixFile),
    samplesPath: projects.resolveFile(source.samplesFile),
    sourceName: source.name,
    column: spec.column,
    caseValues: spec.caseValues,
    controlValues: spec.controlValues,
    log2: spec.log2,
    datasetId: id,
    name,
    tmpDir,
    resultPath: result.absPath,
  };
  const label = `Signature: ${name}`.slice(0, 300);
  return fanOut({
    label,
    chunks: [{ task: 'signature.build', params }],
    reduce: (values) => {
      const out = values[0]!;
      if (existsSync(finalDir))
        throw new CausewayError('E_IO', `datasets/${id} already exists in the project.`);
      renameSync(tmpDir, finalDir);
      const dataset: DatasetDescriptor = {
        id,
        name,
        kind: 'signature',
        description:
          `Differential expression in ${source.name} by "${spec.column}": ${spec.caseValues.join(', ')} (${out.caseSamples} samples) vs ${spec.controlValues.join(', ')} (${out.controlSamples} samples); Welch t, BH-FDR.`.slice(
            0,
            5000,
          ),
        matrixFile: `datasets/${id}/matrix.arrow`,
        nGenes: out.nGenes,
        nSamples: 4,
        source: { fileName: source.source.fileName, sha256: source.source.sha256 },
        createdAt: new Date().toISOString(),
      };
      try {
        projects.addDataset(dataset);
      } catch (e) {
        rmSync(finalDir, { recursive: true, force: true });
        throw e;
      }
      return { caseSamples: out.caseSamples, controlSamples: out.controlSamples };
    },
    discard: () => {
      rmSync(tmpDir, { recursive: true, force: true });
      rmSync(result.absPath, { force: true });
    },
    run: {
      id: runId,
      kind: spec.kind,
      label,
      inputs: { datasetId: source.id, signatureDatasetId: id },
      params: {
        column: spec.column,
        caseValues: spec.caseValues.join(',').slice(0, 10_000),
        controlValues: spec.controlValues.join(',').slice(0, 10_000),
        log2: spec.log2,
      },
      resultFile: result.relPath,
    },
  });
};
