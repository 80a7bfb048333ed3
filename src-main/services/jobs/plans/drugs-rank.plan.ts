import { CausewayError } from '#shared/lib/result.ts';
import type { TaskParams } from '#shared/contracts/tasks.ts';
import { appVersion, lincsMappingPath } from '../../paths.ts';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fanOut, type Planner, type SinglePlan } from './plan.ts';

const SCORE_NAME = { cosine: 'cosine', pearson: 'Pearson', spearman: 'Spearman', wtcs: 'WTCS' } as const;

/**
 * drugs.rank: one worker task streams the collection through the scorer and writes the result JSON. On an
 * executor that sets permutationsPerChunk (SLURM), the null draws are split into ranges, one chunk each,
 * that write their counts beside the result; a final worker task here combines them into the same result
 * document as one task would write (compute/signatures/permutation-parts.ts). Transport runs as one task.
 */
export const planDrugsRank: Planner<'drugs.rank'> = (spec, projects, runId, env) => {
  const disease = projects.dataset(spec.diseaseDatasetId);
  const collection = projects.dataset(spec.collectionDatasetId);
  if (disease.id === collection.id) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      'Choose a drug-signature collection other than the disease signature.',
    );
  }
  if (disease.kind === 'drug-signatures') {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${disease.name} is a drug-signature collection, not a disease signature.`,
    );
  }
  const tables = (projects.summary()?.manifest.tables ?? []).filter((t) => t.kind === 'drug-targets');
  const table = spec.targetsTableId ? tables.find((t) => t.id === spec.targetsTableId) : tables[0];
  if (spec.targetsTableId && !table) {
    throw new CausewayError('E_NOT_FOUND', `No drug–target table "${spec.targetsTableId}" in this project.`);
  }
  const result = projects.prepareResultFile(runId, 'json');
  const cellTypes = spec.cellTypes ? [...new Set(spec.cellTypes)].sort() : null;
  const params: TaskParams<'drugs.rank'> = {
    disease: {
      datasetId: disease.id,
      name: disease.name,
      path: projects.resolveFile(disease.matrixFile),
      column: spec.diseaseColumn,
    },
    collection: {
      datasetId: collection.id,
      name: collection.name,
      path: projects.resolveFile(collection.matrixFile),
      samplesPath: collection.samplesFile ? projects.resolveFile(collection.samplesFile) : null,
    },
    targets: table
      ? {
          tableId: table.id,
          name: table.name,
          path: projects.resolveFile(table.file),
          lincsMappingPath: lincsMappingPath(),
        }
      : null,
    cellTypes,
    score: spec.score,
    querySize: spec.querySize,
    aggregate: spec.aggregate,
    permutations: spec.permutations,
    seed: spec.seed,
    transport: spec.transport ?? null,
    appVersion: appVersion(),
    resultPath: result.absPath,
    split: null,
    merge: null,
  };
  const label = `Drug ranking (${SCORE_NAME[spec.score]}): ${disease.name} vs ${collection.name}`;
  const single: SinglePlan = {
    task: 'drugs.rank',
    params,
    label: label.slice(0, 300),
    run: {
      id: runId,
      kind: spec.kind,
      label: label.slice(0, 300),
      inputs: {
        diseaseDatasetId: disease.id,
        collectionDatasetId: collection.id,
        ...(table ? { targetsTableId: table.id } : {}),
      },
      params: {
        diseaseColumn: spec.diseaseColumn,
        score: spec.score,
        querySize: spec.score === 'wtcs' ? spec.querySize : null,
        aggregate: spec.aggregate,
        permutations: spec.permutations,
        cellTypes: cellTypes ? cellTypes.join(',').slice(0, 10_000) : null,
        transportTo: spec.transport?.targetCellType ?? null,
        transportMethod: spec.transport?.method ?? null,
      },
      seed: spec.seed,
      resultFile: result.relPath,
    },
  };
  const size = env.permutationsPerChunk;
  if (!size || spec.permutations <= size || spec.transport) return single;
  // On the project's (shared) file system: the array tasks write here, the combining step reads it.
  const partsDir = `${result.absPath}.parts`;
  mkdirSync(partsDir, { recursive: true });
  const ranges: { first: number; count: number; partPath: string }[] = [];
  for (let first = 0; first < spec.permutations; first += size) {
    const count = Math.min(size, spec.permutations - first);
    ranges.push({ first, count, partPath: join(partsDir, `${first}-${first + count - 1}.bin`) });
  }
  return fanOut({
    label: single.label,
    run: single.run,
    chunks: ranges.map((split) => ({
      task: 'drugs.rank',
      params: { ...params, split },
      weight: split.count,
    })),
    finish: {
      task: 'drugs.rank',
      params: { ...params, merge: { partPaths: ranges.map((r) => r.partPath) } },
    },
    reduce: () => {
      rmSync(partsDir, { recursive: true, force: true });
      return { permutationChunks: ranges.length };
    },
    discard: () => rmSync(partsDir, { recursive: true, force: true }),
  });
};
