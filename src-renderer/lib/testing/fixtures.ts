import type { ProjectSummary, RunRecord } from '@shared/domain/project.ts';
import type { DatasetSummaryResult } from '@shared/domain/summary.ts';

const SHA = 'a'.repeat(64);
const T = '2024-05-01T10:00:00.000Z';

/** `app.info` of a server-mode host. */
export const APP_INFO = {
  name: 'Causeway',
  version: '0.1.0',
  host: 'server' as const,
  platform: 'linux',
  canPickFolders: false,
};

export function summaryRun(id: string, datasetId: string, createdAt = T): RunRecord {
  return {
    id,
    kind: 'dataset.summary',
    label: 'Dataset summary',
    inputs: { datasetId },
    params: {},
    resultFile: `runs/${id}.json`,
    createdAt,
    elapsedMs: 1200,
    appVersion: '0.1.0',
  };
}

export function projectSummary(
  over: { name?: string; runs?: RunRecord[]; dir?: string } = {},
): ProjectSummary {
  return {
    dir: over.dir ?? '/tmp/p1',
    dirty: false,
    readOnly: false,
    manifest: {
      schemaVersion: 1,
      name: over.name ?? 'Airway study',
      createdAt: T,
      modifiedAt: T,
      appVersion: '0.1.0',
      notes: '',
      datasets: [
        {
          id: 'ds_airway',
          name: 'Airway',
          kind: 'expression',
          description: '',
          matrixFile: 'data/airway.arrow',
          nGenes: 3,
          nSamples: 8,
          source: { fileName: 'airway.csv', sha256: SHA },
          createdAt: T,
        },
      ],
      networks: [],
      runs: over.runs ?? [],
    },
  };
}

export function summaryResult(over: Partial<DatasetSummaryResult> = {}): DatasetSummaryResult {
  return {
    datasetId: 'ds_airway',
    nGenes: 5,
    nSamples: 8,
    genes: ['TP53', 'GAPDH', 'ACTB', 'IL6', 'BRCA1'],
    mean: [5, 12, null, 1.5, 5],
    variance: [0.5, 2, null, 4, 0.1],
    missingFraction: [0, 0, 1, 0.25, 0],
    overallMissingFraction: 0.15625,
    ...over,
  };
}
