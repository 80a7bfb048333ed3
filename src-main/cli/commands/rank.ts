import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ImportRecord } from '#shared/contracts/data-import.ts';
import { DRUGS_RANK_DEFAULTS, DrugsRankSpec } from '#shared/contracts/drugs-rank.ts';
import type { Orientation } from '../../compute/io/types.ts';
import { exportRun, rankingResult } from '../../services/drugs/drug-requests.ts';
import type { Backend } from '../../services/backend.ts';
import { specFromFlags, usage, type Io } from '../cli-error.ts';
import {
  clusterFromFlags,
  EXECUTOR_OPTIONS,
  executorHelp,
  runJobOn,
  type ClusterChoice,
} from '../cluster-executor.ts';
import { importDataset } from '../import-dataset.ts';
import { withScratchProject } from '../scratch-project.ts';

export const rankHelp = `causeway rank --disease <sig> --signatures <collection> --out ranked.(csv|xlsx|json|html)
    [--score cosine|pearson|spearman|wtcs] [--query-size N] [--aggregate best|mean]
    [--permutations K] [--seed S] [--disease-column NAME] [--signature-table TABLE]
    [--cell-types A,B] [--orientation genes-x-samples|samples-x-genes] [--result run.json]
    [--executor local|slurm [--profile NAME] [--print-sbatch]]
  Ranks drugs by how strongly their signatures reverse the disease signature (higher = stronger
  reversal), with permutation p-values and BH-FDR per drug. --disease: a gene + log2FC table (or any
  matrix; --disease-column picks the column). --signatures: a genes × signatures matrix (TSV/CSV, GCT,
  GCTX, Arrow …); --signature-table: one row per signature with drug, cell type, dose, time columns
  (ids "drug__cell__type" are understood without one). Runs the same drugs.rank job as the app.
  Output columns: rank, drug, score, p_value, fdr, n_signatures, ncs, best signature, known_targets.
  --result writes the run's result document, exactly as the app stores it.
${executorHelp()}`;

const integer = (name: string, v: string | undefined, fallback: number): number => {
  if (v === undefined) return fallback;
  const x = Number(v);
  if (!Number.isSafeInteger(x)) throw usage(`--${name} "${v}" is not an integer.`);
  return x;
};

export async function rankCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      disease: { type: 'string' },
      'disease-column': { type: 'string' },
      signatures: { type: 'string' },
      'signature-table': { type: 'string' },
      'cell-types': { type: 'string' },
      orientation: { type: 'string' },
      score: { type: 'string' },
      'query-size': { type: 'string' },
      aggregate: { type: 'string' },
      permutations: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      result: { type: 'string' },
      ...EXECUTOR_OPTIONS,
    },
  });
  if (!values.disease) throw usage('rank needs --disease <signature file>.');
  if (!values.signatures) throw usage('rank needs --signatures <collection file>.');
  if (!values.out) throw usage('rank needs --out ranked.csv (or .xlsx, .json, .html).');
  const out = resolve(values.out);
  const format = /\.(csv|xlsx|json|html)$/i.exec(out)?.[1]?.toLowerCase() as
    'csv' | 'xlsx' | 'json' | 'html' | undefined;
  if (!format) throw usage('--out must end in .csv, .xlsx, .json or .html.');
  const orientation = values.orientation as Orientation | undefined;
  if (orientation && orientation !== 'genes-x-samples' && orientation !== 'samples-x-genes') {
    throw usage('--orientation is genes-x-samples or samples-x-genes.');
  }
  // Validate every parameter before any file is read.
  const draft = {
    kind: 'drugs.rank' as const,
    score: values.score ?? DRUGS_RANK_DEFAULTS.score,
    querySize: integer('query-size', values['query-size'], DRUGS_RANK_DEFAULTS.querySize),
    aggregate: values.aggregate ?? DRUGS_RANK_DEFAULTS.aggregate,
    permutations: integer('permutations', values.permutations, DRUGS_RANK_DEFAULTS.permutations),
    seed: integer('seed', values.seed, DRUGS_RANK_DEFAULTS.seed),
    ...(values['cell-types'] ? { cellTypes: values['cell-types'].split(',').map((s) => s.trim()) } : {}),
  };
  const checked = specFromFlags(DrugsRankSpec, {
    ...draft,
    diseaseDatasetId: 'disease',
    diseaseColumn: values['disease-column'] ?? 'log2FC',
    collectionDatasetId: 'signatures',
  });

  const cluster = clusterFromFlags(values);
  // A throw-away project holds the imported inputs and the run; only the export leaves it.
  return withScratchProject(
    'causeway rank',
    (backend) => rankInProject(backend, values, { out, format, orientation, spec: checked, cluster }, io),
    cluster ? { scratchRoot: cluster.workDir } : {},
  );
}

interface RankPlan {
  out: string;
  format: 'csv' | 'xlsx' | 'json' | 'html';
  orientation: Orientation | undefined;
  spec: DrugsRankSpec;
  cluster: ClusterChoice | null;
}

async function rankInProject(
  backend: Backend,
  values: {
    disease?: string;
    signatures?: string;
    'signature-table'?: string;
    'disease-column'?: string;
    result?: string;
  },
  { out, format, orientation, spec: checked, cluster }: RankPlan,
  io: Io,
): Promise<number> {
  const { projects } = backend;
  const disease = await importDataset(backend, resolve(values.disease!), { name: 'disease signature' });
  const collection = await importDataset(backend, resolve(values.signatures!), {
    name: 'drug signatures',
    ...(orientation ? { orientation } : {}),
    ...(values['signature-table'] ? { samplesSheet: resolve(values['signature-table']) } : {}),
  });
  // The disease signature's columns, from its import run's record: this process reads no matrix.
  const { samples: columns } = ImportRecord.parse(projects.runResult(disease.runId));
  const diseaseColumn = values['disease-column'] ?? columns[0];
  if (diseaseColumn === undefined || !columns.includes(diseaseColumn)) {
    throw usage(
      `--disease-column "${diseaseColumn}" is not a column of ${values.disease} (${columns.join(', ')}).`,
    );
  }
  const spec = DrugsRankSpec.parse({
    ...checked,
    diseaseDatasetId: disease.dataset.id,
    diseaseColumn,
    collectionDatasetId: collection.dataset.id,
  });
  const ran = await runJobOn(cluster, backend, spec, io);
  if (!ran) return 0; // --print-sbatch: the script is printed, nothing ran
  const { runId } = ran;
  await exportRun(projects, backend.supervisor, { runId, format, path: out });
  const result = rankingResult(projects, runId);
  if (values.result)
    writeFileSync(resolve(values.result), `${JSON.stringify(projects.runResult(runId), null, 2)}\n`);
  const top = result.drugs
    .slice(0, 3)
    .map((d) => d.drug)
    .join(', ');
  io.out(
    `${result.drugs.length} drugs ranked (${spec.score}, ${result.genes.shared} shared genes, ` +
      `${spec.permutations} permutations, seed ${spec.seed}); top: ${top}\nwritten to ${out}\n`,
  );
  return 0;
}
