import { parseArgs } from 'node:util';
import { DatasetSummaryResult } from '#shared/domain/summary.ts';
import type { Io } from '../cli-error.ts';
import { usage } from '../cli-error.ts';
import { runJob, withBackend } from '../backend.ts';

export const summaryHelp = `causeway summary <project-dir> --dataset <id> [--json]
  Per-gene mean, variance and missing fraction of a dataset, computed in a worker and recorded
  as a run in the project (the same job as Data → Summarise in the app).`;

export async function summaryCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { dataset: { type: 'string' }, json: { type: 'boolean' } },
    allowPositionals: true,
  });
  const dir = positionals[0];
  if (!dir) throw usage('summary needs a project folder: causeway summary <project-dir> --dataset <id>');
  if (!values.dataset) throw usage('summary needs --dataset <id>');
  const datasetId = values.dataset;
  return withBackend(async (backend) => {
    backend.projects.open(dir);
    const record = await runJob(backend, { kind: 'dataset.summary', datasetId });
    const result = DatasetSummaryResult.parse(backend.projects.runResult(record.runId));
    if (values.json) {
      io.out(`${JSON.stringify({ runId: record.runId, ...result })}\n`);
    } else {
      const finite = result.mean.filter((m): m is number => m !== null);
      const avg = finite.reduce((a, b) => a + b, 0) / Math.max(1, finite.length);
      io.out(
        `run ${record.runId}: ${result.nGenes} genes × ${result.nSamples} samples, ` +
          `missing ${(100 * result.overallMissingFraction).toFixed(2)}%, mean of gene means ${avg.toFixed(4)}\n`,
      );
    }
    return 0;
  });
}
