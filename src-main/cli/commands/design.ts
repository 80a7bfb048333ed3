import { existsSync, writeFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  DesignObjective,
  DesignPlanResult,
  DesignPlanSpec,
  InterventionType,
  type OrientPlanResult,
  type TargetPlanResult,
} from '#shared/contracts/design.ts';
import { DiscoveredGraph } from '#shared/domain/discovered-graph.ts';
import { SafeId } from '#shared/domain/project.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { plateCsv } from '../../compute/design/plate-plan.ts';
import { targetPlanCsv } from '../../compute/design/target-shift/target-plan-csv.ts';
import { readSmallFile } from '../../compute/io/text-table.ts';
import { runJob, withBackend } from '../backend.ts';
import type { Backend } from '../../services/backend.ts';
import { specFromFlags, usage, type Io } from '../cli-error.ts';
import { withScratchProject } from '../scratch-project.ts';
import { integer, readPool, readTargetFlags } from './design-target-flags.ts';
import { subsampleGraphsBeside } from './discover.ts';
import { adoptNetwork } from './targets.ts';

export const designHelp = `causeway design (--project <dir> --run <stability run id> | --network graph.json)
    --goal orient --budget k --rounds m --seed S --out plan.(csv|json) [--pool genes.txt]
    [--type knockout|knockdown] [--objective edges|information] [--subsample-graphs file]
causeway design --project <dir> --run <stability run id> --goal target
    (--target state.tsv [--target-kind state|reverse] | --target-condition column=value [--target-genes genes.txt])
    --rounds m --seed S --out plan.(csv|json) [--pool genes.txt]
    [--budget k] [--acquisition civ|greedy|maxv|random] [--shift-size s] [--cells n] [--dataset id]
  Plans the next perturbation experiments with the app's design.plan job: which genes to perturb, k per
  round for m rounds, so that the interventional essential graph of the network learned by the run
  (a network.discover run with stability selection: its kept subsample DAGs are the ensemble) orients
  the most edges, averaged over the DAGs (--objective edges, the default), or tells the DAGs apart best
  (--objective information: the ABCD ensemble mutual information, in bits). Genes are picked greedily;
  a later round is planned as if the earlier ones were done. --network takes the result of
  \`causeway discover --stability …\` instead of a project run (its graph.subsample-graphs.bin beside it,
  or --subsample-graphs). --pool lists the genes that can be perturbed
  (one per line, e.g. a CRISPR library; default every gene of the network); --type is recorded in the
  plan (knockouts and knockdowns orient the same edges). With --project the plan is recorded as a run of
  the project.
  The CSV plate plan has one row per perturbation: gene, perturbation type, round, rank, expected gain
  (edges), information (bits), and the edges it would orient with the fraction of DAGs that agree;
  provenance as "# key: value" lines. plan.json is the whole result document.
  --goal target plans shift interventions that move the cells toward a target state (Zhang et al., Nat.
  Mach. Intell. 2023): state.tsv lists gene and value per line (tab or comma); --target-kind state (the
  default) reads the values as the wanted levels, reverse as the disease signature (disease − control) to
  undo; unlisted genes should stay where they are. --target-condition column=value instead takes a state
  observed in another condition: the wanted levels are the mean of the expression data's samples whose
  sample-table column equals value (e.g. treatment=drugX), on the genes of --target-genes (one per line)
  or, without it, on every gene of the network; those samples are perturbed cells, so the network is
  fitted on the other samples only (the output says how many made the target and how many were fitted).
  The network's consensus DAG is fitted on the run's expression data (or --dataset) in standard
  deviations; each of m rounds proposes the shift the
  acquisition picks (default civ), of norm ≤ --shift-size (default 1 SD), or with --pool the pool genes
  shifted up or down by it (the best --budget listed per round), planned as if the earlier rounds had
  measured --cells cells (default 100). The CSV lists per round the proposed shifts (data units), the
  predicted distance to the target and the largest predicted changes.`;

const OPTIONS = {
  project: { type: 'string' },
  run: { type: 'string' },
  network: { type: 'string' },
  'subsample-graphs': { type: 'string' },
  goal: { type: 'string' },
  budget: { type: 'string' },
  rounds: { type: 'string' },
  pool: { type: 'string' },
  type: { type: 'string' },
  objective: { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
  target: { type: 'string' },
  'target-kind': { type: 'string' },
  'target-condition': { type: 'string' },
  'target-genes': { type: 'string' },
  acquisition: { type: 'string' },
  'shift-size': { type: 'string' },
  cells: { type: 'string' },
  dataset: { type: 'string' },
} as const;

export async function designCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args: argv, options: OPTIONS });
  if (!values.network === !values.project)
    throw usage('design needs either --project <dir> --run <id> or --network graph.json.');
  if (values.project && !values.run) throw usage('--project needs --run <stability run id>.');
  if (values.network && values.run)
    throw usage('--run names a run of --project; with --network leave it out.');
  const goal = values.goal ?? 'orient';
  if (goal !== 'orient' && goal !== 'target') throw usage(`--goal "${goal}" must be orient or target.`);
  const flags =
    goal === 'orient' ? (['budget', 'rounds', 'seed', 'out'] as const) : (['rounds', 'seed', 'out'] as const);
  for (const flag of flags) if (!values[flag]) throw usage(`design needs --${flag}.`);
  const target = goal === 'target' ? readTargetFlags(values) : null;
  if (goal !== 'target')
    for (const flag of ['target', 'target-kind', 'target-condition', 'target-genes'] as const)
      if (values[flag] !== undefined) throw usage(`--${flag} is for --goal target.`);
  if (target && values.network)
    throw usage('--goal target fits the network on expression data: use --project <dir> --run <id>.');
  const type = InterventionType.safeParse(values.type ?? 'knockout');
  if (!type.success) throw usage(`--type must be ${InterventionType.options.join(' or ')}.`);
  const objective = DesignObjective.safeParse(values.objective ?? 'edges');
  if (!objective.success) throw usage(`--objective must be ${DesignObjective.options.join(' or ')}.`);
  const format = extname(values.out!).slice(1).toLowerCase();
  if (format !== 'csv' && format !== 'json') throw usage('--out must end in .csv or .json.');
  if (values.run !== undefined && !SafeId.safeParse(values.run).success)
    throw usage(`--run "${values.run}" is not a run id (run_…, as the app and causeway list them).`);
  const pool = values.pool ? readPool(values.pool) : undefined;
  const network = values.network ? readNetwork(values.network, values['subsample-graphs']) : null;
  // Every parameter is checked against the job's own schema before the project is opened.
  const spec = specFromFlags(DesignPlanSpec, {
    kind: 'design.plan',
    discoverRunId: values.run ?? 'network',
    goal,
    budget: integer('budget', values.budget) ?? 1,
    rounds: integer('rounds', values.rounds),
    ...(pool ? { pool } : {}),
    interventionType: type.data,
    objective: objective.data,
    seed: integer('seed', values.seed),
    ...(target ?? {}),
  });
  const plan = async (
    backend: Backend,
    discoverRunId: string,
  ): Promise<{ doc: DesignPlanResult; runId: string }> => {
    const status = io.status;
    const ran = await runJob(
      backend,
      { ...spec, discoverRunId },
      status && ((p) => status(`${p.phase}: ${Math.round(100 * p.fraction)}%`)),
    );
    status?.('');
    return { doc: DesignPlanResult.parse(backend.projects.runResult(ran.runId)), runId: ran.runId };
  };
  const { doc, runId } = network
    ? await withScratchProject('causeway design', (backend) =>
        plan(backend, adoptNetwork(backend.projects, network.file, network.graphsFile, network.graph)),
      )
    : await withBackend(async (backend) => {
        backend.projects.open(values.project!);
        return plan(backend, spec.discoverRunId);
      });
  const out = resolve(values.out!);
  const csv = doc.goal === 'target' ? targetPlanCsv(doc, runId) : plateCsv(doc, runId);
  writeFileSync(out, format === 'csv' ? csv : `${JSON.stringify(doc, null, 2)}\n`);
  if (doc.goal === 'target') {
    reportTarget(doc, io, network ? null : runId, values.out!);
    return 0;
  }
  reportOrient(doc, io, network ? null : runId, values.out!);
  return 0;
}

function reportOrient(doc: OrientPlanResult, io: Io, runId: string | null, out: string): void {
  if (doc.pool.notInNetworkCount > 0)
    io.err(`${doc.pool.notInNetworkCount} pool genes are not in the network; ignored\n`);
  if (doc.stoppedEarly)
    io.err(`stopped after ${doc.perturbations.length} perturbations: ${doc.stoppedEarly}\n`);
  const last = doc.perturbations.at(-1);
  io.out(
    `design: ${doc.perturbations.length} perturbations over ${doc.rounds} round(s), ${doc.dags} DAGs; ` +
      `expected oriented edges ${doc.baselineOriented.toFixed(1)} → ${(last?.expectedOriented ?? doc.baselineOriented).toFixed(1)} ` +
      `of ${doc.meanEdges.toFixed(1)}${doc.perturbations[0] ? `; first ${doc.perturbations[0].gene}` : ''}` +
      `${runId ? ` (run ${runId} of the project)` : ''} → ${out}\n`,
  );
}

function reportTarget(doc: TargetPlanResult, io: Io, runId: string | null, out: string): void {
  if (doc.target.notInNetwork.length > 0)
    io.err(`${doc.target.notInNetwork.length} target genes are not in the network; ignored\n`);
  if (doc.pool && doc.pool.notInNetworkCount > 0)
    io.err(`${doc.pool.notInNetworkCount} pool genes cannot move the target genes; ignored\n`);
  const sim = doc.simulation;
  const first = doc.plan[0]?.shift
    .slice(0, 3)
    .map((x) => `${x.gene} ${x.value >= 0 ? '+' : ''}${x.value.toFixed(2)}`);
  io.out(
    `design: ${doc.plan.length} round(s) of ${doc.acquisition} shifts on ${doc.genes} genes; distance to the target ` +
      `${doc.startDistance.toFixed(2)} SD now; simulated best after ${doc.rounds} round(s) ${sim.planned.at(-1)!.toFixed(2)} ` +
      `(random ${sim.random.at(-1)!.toFixed(2)})${first ? `; first ${first.join(', ')}` : ''}` +
      `${runId ? ` (run ${runId} of the project)` : ''} → ${out}\n`,
  );
  const c = doc.target.condition;
  if (c)
    io.out(
      `target: the mean of the ${c.samples} samples with ${c.column} = ${c.value} on ${doc.target.genes} genes; ` +
        `the network fitted on the other ${doc.cells} samples\n`,
    );
}

/** A network written by `causeway discover --stability …`, with its kept subsample graphs. */
function readNetwork(
  networkFile: string,
  graphsFlag: string | undefined,
): { file: string; graphsFile: string; graph: DiscoveredGraph } {
  const file = resolve(networkFile);
  const graphsFile = resolve(graphsFlag ?? subsampleGraphsBeside(file));
  if (!existsSync(file)) throw new CausewayError('E_NOT_FOUND', `--network: no file at ${file}.`);
  if (!existsSync(graphsFile)) {
    throw new CausewayError(
      'E_NOT_FOUND',
      `No subsample graphs at ${graphsFile}: run causeway discover with --stability, or name them with --subsample-graphs.`,
    );
  }
  let parsed;
  try {
    parsed = DiscoveredGraph.safeParse(JSON.parse(readSmallFile(file).toString('utf8')));
  } catch (e) {
    if (e instanceof CausewayError) throw e;
    parsed = null;
  }
  if (!parsed?.success)
    throw new CausewayError('E_INVALID_INPUT', `${file} is not a network written by causeway discover.`);
  return { file, graphsFile, graph: parsed.data };
}
