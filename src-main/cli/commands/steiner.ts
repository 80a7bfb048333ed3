import { existsSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  SteinerPruning,
  SteinerResult,
  SteinerSweepResult,
  TARGETS_DEFAULTS,
  TargetsSteinerSpec,
  TargetsSweepSpec,
} from '#shared/contracts/targets.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { tableTsv } from '../../compute/targets/export/csv.ts';
import { steinerEdgeTable } from '../../compute/targets/export/table-rows.ts';
import { readSmallFile } from '../../compute/io/text-table.ts';
import { parsePrizeTable } from '../../compute/targets/steiner/prizes.ts';
import { runJob } from '../backend.ts';
import { specFromFlags, usage, type Io } from '../cli-error.ts';
import { clusterFromFlags, EXECUTOR_OPTIONS, executorHelp, runJobOn } from '../cluster-executor.ts';
import { withScratchProject } from '../scratch-project.ts';

const D = TARGETS_DEFAULTS;
export const steinerHelp = `causeway steiner --interactome <edges.tsv> --prizes <gene,prize table> --out sub.tsv
    [--w ${D.w}] [--b ${D.b}] [--g ${D.g}] [--pruning ${SteinerPruning.options.join('|')}]
    [--noise ${D.noise} --runs ${D.runs}] [--specificity-runs N] [--seed S] [--json result.json] [--workers N]
    [--sweep-w 1,1.4,2 --sweep-b 10,40 [--sweep-g 0]]
    [--executor local|slurm [--profile NAME] [--print-sbatch]]
  The prize-collecting Steiner forest of an interactome as OmicsIntegrator2 builds it (docs/steiner-forest.md),
  with the app's targets.steiner job. The interactome is an edge table with a header naming protein1,
  protein2 and cost (OmicsIntegrator2's format, e.g. iRefIndex v14); prizes are a gene,prize table (tab or
  comma, header; a prize is e.g. |log2FC|). w is the price of one more tree, b scales the prizes, g is the
  hub-penalty exponent; the defaults are Belyaeva et al. 2021's covid setting. --noise with --runs reruns
  with N(0, noise) edge-cost noise and reports how often each gene is selected (robustness);
  --specificity-runs reruns with the prizes moved to genes of similar degree (lower = more specific).
  Writes the subnetwork's edges (protein1, protein2, cost, in_forest, robustness) to --out and prints one
  summary line; --json writes the whole result document the app stores (nodes with flags, provenance).
  With --sweep-w/--sweep-b (and --sweep-g), the forest is solved for every (w, b, g) of the grid instead (the
  app's targets.sweep job, one setting per chunk: on SLURM, one array task per chunk) and --out gets one row
  per setting: w, b, g, nodes, edges, components, terminals kept, Steiner nodes, objective.
${executorHelp()}`;

const OPTIONS = {
  interactome: { type: 'string' },
  prizes: { type: 'string' },
  w: { type: 'string' },
  b: { type: 'string' },
  g: { type: 'string' },
  pruning: { type: 'string' },
  noise: { type: 'string' },
  runs: { type: 'string' },
  'specificity-runs': { type: 'string' },
  seed: { type: 'string' },
  json: { type: 'string' },
  workers: { type: 'string' },
  out: { type: 'string' },
  'sweep-w': { type: 'string' },
  'sweep-b': { type: 'string' },
  'sweep-g': { type: 'string' },
} as const;

const num = (name: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x)) throw usage(`--${name} "${v}" is not a number.`);
  return x;
};

function readPrizes(file: string): { gene: string; prize: number }[] {
  if (!existsSync(file)) throw new CausewayError('E_NOT_FOUND', `No prize table at ${file}.`);
  const text = readSmallFile(file).toString('utf8');
  if (text.trim() === '') throw new CausewayError('E_INVALID_INPUT', `${file}: the prize table is empty.`);
  try {
    return parsePrizeTable(text);
  } catch (e) {
    throw new CausewayError('E_INVALID_INPUT', `${file}: ${(e as Error).message}`);
  }
}

/** The Steiner spec the flags describe, for a given project network id (checked before any data is read). */
export function steinerSpecFromFlags(
  values: Record<string, string | undefined>,
  networkId: string,
): TargetsSteinerSpec {
  const runs = num('runs', values['runs']);
  const noise = num('noise', values['noise']);
  if ((runs === undefined) !== (noise === undefined))
    throw usage('robustness needs both --noise and --runs.');
  const seed = num('seed', values['seed']) ?? D.seed;
  const specRuns = num('specificity-runs', values['specificity-runs']);
  const file = resolve(values['prizes']!);
  return specFromFlags(
    TargetsSteinerSpec,
    {
      kind: 'targets.steiner',
      interactome: { networkId },
      prizes: { from: 'table', name: basename(file), entries: readPrizes(file) },
      w: num('w', values['w']) ?? D.w,
      b: num('b', values['b']) ?? D.b,
      g: num('g', values['g']) ?? D.g,
      pruning: values['pruning'] ?? D.pruning,
      ...(runs !== undefined && noise !== undefined ? { robustness: { runs, noise, seed } } : {}),
      ...(specRuns !== undefined ? { specificity: { runs: specRuns, seed } } : {}),
    },
    STEINER_FLAGS,
  );
}

const list = (name: string, v: string | undefined): number[] | undefined =>
  v === undefined ? undefined : v.split(',').map((x) => num(name, x.trim())!);

/** The sweep spec the flags describe (--sweep-w and --sweep-b, optionally --sweep-g), or null without them. */
export function sweepSpecFromFlags(
  values: Record<string, string | undefined>,
  networkId: string,
): TargetsSweepSpec | null {
  const ws = list('sweep-w', values['sweep-w']);
  const bs = list('sweep-b', values['sweep-b']);
  const gs = list('sweep-g', values['sweep-g']);
  if (ws === undefined && bs === undefined && gs === undefined) return null;
  if (ws === undefined || bs === undefined) throw usage('a sweep needs both --sweep-w and --sweep-b.');
  const file = resolve(values['prizes']!);
  return specFromFlags(
    TargetsSweepSpec,
    {
      kind: 'targets.sweep',
      interactome: { networkId },
      prizes: { from: 'table', name: basename(file), entries: readPrizes(file) },
      ws,
      bs,
      gs: gs ?? [D.g],
      pruning: values['pruning'] ?? D.pruning,
    },
    { ws: 'sweep-w', bs: 'sweep-b', gs: 'sweep-g' },
  );
}

/** The sweep grid as a table: one row per setting, in the job's order (g slowest, then w, then b). */
function sweepTsv(doc: SteinerSweepResult): string {
  const columns = [
    'w',
    'b',
    'g',
    'nodes',
    'edges',
    'components',
    'terminals_kept',
    'steiner_nodes',
    'objective',
  ];
  const rows = doc.points.map((p) => [
    p.w,
    p.b,
    p.g,
    p.nodes,
    p.edges,
    p.components,
    p.terminalsKept,
    p.steinerNodes,
    p.objective,
  ]);
  return tableTsv(columns, rows);
}

/** Spec fields whose flag has another name, for the error message. */
const STEINER_FLAGS = {
  'robustness.runs': 'runs',
  'robustness.noise': 'noise',
  'robustness.seed': 'seed',
  'specificity.runs': 'specificity-runs',
  'specificity.seed': 'seed',
};

export async function steinerCommand(argv: string[], io: Io): Promise<number> {
  const parsed = parseArgs({ args: argv, options: { ...OPTIONS, ...EXECUTOR_OPTIONS } }).values;
  const { executor, profile, 'print-sbatch': printSbatch, ...values } = parsed;
  const cluster = clusterFromFlags({ executor, profile, 'print-sbatch': printSbatch });
  if (!values.interactome) throw usage('steiner needs --interactome <edges.tsv>.');
  if (!values.prizes) throw usage('steiner needs --prizes <gene,prize table>.');
  if (!values.out) throw usage('steiner needs --out sub.tsv.');
  const interactome = resolve(values.interactome);
  if (!existsSync(interactome)) throw new CausewayError('E_NOT_FOUND', `No interactome at ${interactome}.`);
  const workers = num('workers', values.workers);
  if (workers !== undefined && !(Number.isInteger(workers) && workers > 0))
    throw usage('--workers must be ≥ 1.');
  // Checked in full before the interactome is imported (the network id is the scratch project's).
  const sweep = sweepSpecFromFlags(values, 'interactome');
  const draft = sweep ?? steinerSpecFromFlags(values, 'interactome');
  const doc = await withScratchProject(
    'causeway steiner',
    async (backend) => {
      const status = io.status;
      const progress =
        status &&
        ((p: { phase: string; fraction: number }) => status(`${p.phase}: ${Math.round(100 * p.fraction)}%`));
      status?.('Reading the interactome');
      await runJob(
        backend,
        {
          kind: 'reference.import',
          source: { path: interactome },
          referenceKind: 'network',
          name: 'interactome',
        },
        progress,
      );
      const networkId = backend.projects.summary()!.manifest.networks[0]!.id;
      // The interactome import above runs here; the Steiner runs (robustness, specificity) may run on SLURM.
      const ran = await runJobOn(cluster, backend, { ...draft, interactome: { networkId } }, io, progress);
      status?.('');
      if (!ran) return null;
      const result = backend.projects.runResult(ran.runId);
      return draft.kind === 'targets.sweep' ? SteinerSweepResult.parse(result) : SteinerResult.parse(result);
    },
    {
      ...(workers !== undefined ? { poolSize: workers } : {}),
      ...(cluster ? { scratchRoot: cluster.workDir } : {}),
    },
  );
  if (!doc) return 0; // --print-sbatch: the script is printed, nothing ran
  if (doc.kind === 'targets.sweep') {
    writeFileSync(resolve(values.out), sweepTsv(doc));
    if (values.json) writeFileSync(resolve(values.json), `${JSON.stringify(doc, null, 2)}\n`);
    io.out(
      `steiner sweep: ${doc.points.length} settings (${doc.terminalsGiven} terminals given) → ${values.out}\n`,
    );
    return 0;
  }
  const edges = steinerEdgeTable(doc);
  writeFileSync(resolve(values.out), tableTsv(edges.columns, edges.rows));
  if (values.json) writeFileSync(resolve(values.json), `${JSON.stringify(doc, null, 2)}\n`);
  const s = doc.summary;
  if (doc.prizes.unmatchedCount > 0)
    io.err(
      `${doc.prizes.unmatchedCount} prize genes are not in the interactome (e.g. ${doc.prizes.unmatched.slice(0, 5).join(', ')})\n`,
    );
  io.out(
    `steiner: ${s.nodes} nodes, ${s.edges} edges, ${s.components} component${s.components === 1 ? '' : 's'} (${s.terminalsKept} of ${s.terminalsGiven} terminals, ${s.steinerNodes} Steiner nodes) → ${values.out}\n`,
  );
  return 0;
}
