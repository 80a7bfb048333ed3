import { copyFileSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { NetworkDiscoverSpec } from '#shared/contracts/jobs.ts';
import { ALGORITHMS, CiTest, DiscoveryAlgorithm, algorithmInfo } from '#shared/domain/algorithms.ts';
import {
  DiscoveredGraph,
  DiscoveryCompat,
  SmallSampleCi,
  type DiscoveryKnowledge,
} from '#shared/domain/discovered-graph.ts';
import {
  KnowledgeFileError,
  mergeKnowledge,
  NetworkAsKnowledge,
  toDiscoveryKnowledge,
} from '#shared/domain/grn/knowledge-file.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { readKnowledgeSource } from '../../compute/causal/knowledge/knowledge-source.ts';
import { DEFAULT_STABILITY_ALPHAS } from '../../compute/causal/stability/stability-selection.ts';
import { readSmallFile, readTextTable } from '../../compute/io/text-table.ts';
import { specFromFlags, usage, type Io } from '../cli-error.ts';
import { clusterFromFlags, EXECUTOR_OPTIONS, executorHelp, runJobOn } from '../cluster-executor.ts';
import { adoptDataset, withScratchProject } from '../scratch-project.ts';
import { importDiscoveryTable } from './discover-table.ts';

const ids = DiscoveryAlgorithm.options.join('|');
export const discoverHelp = `causeway discover (--data <file> | --data <project-dir> --dataset <id>)
    --algorithm ${ids} (--alpha A | --stability B --alphas a,b,…) --out graph.json
    [--variables a,b,…] [--ci-test ${CiTest.options.join('|')}] [--alpha-inv A]
    [--intervention-column COL [--targets-unknown]]
    [--allowed-edges edges.tsv] [--forbidden-edges edges.tsv] [--required-edges edges.tsv]
    [--forbidden-arcs arcs.tsv] [--required-arcs arcs.tsv] [--tiers tiers.txt]
    [--knowledge knowledge.json|tetrad.txt|prior-network [--knowledge-as ${NetworkAsKnowledge.options.join('|')}]]
    [--stability B --subsample 0.7 --alphas a,b,… [--threshold T]] [--seed S] [--workers N]
    [--depth D] [--nruns R] [--compat ${DiscoveryCompat.options.join('|')}]
    [--small-sample-ci ${SmallSampleCi.options.join('|')}] [--min-expressed F]
    [--executor local|slurm [--profile NAME] [--print-sbatch]]
  Learns a causal graph (${ALGORITHMS.map((a) => a.name).join(', ')}) with the app's network.discover job, and writes
  the same result document the app stores. Data: a samples × genes table (CSV/TSV; variables default
  to the numeric columns, text columns are sample annotations) or a dataset of a Causeway project
  (--data <dir> --dataset <id>, or --project <dir>; genes default to all usable ones, --variables picks
  some; --intervention-column names a column of its sample table). The project is not changed.
  Rows whose intervention value is empty, obs, control or none are observational.
  --ci-test hsic uses the HSIC kernel test (non-Gaussian data; slower, at most 1,000 samples are used).
  Background knowledge: --allowed-edges (only these pairs may be adjacent), --forbidden-edges,
  --required-edges, --forbidden-arcs and --required-arcs are source<TAB>target gene pairs (a header
  line is allowed); --tiers lists one tier per line, earliest first (genes separated by commas or
  spaces): no arc points from a later tier into an earlier one. --knowledge reads all of these from one
  file: JSON in the shape the result records under "knowledge" (a result itself will do), or Tetrad's
  knowledge file (addtemporal tiers 1, 2, … with "*" forbidding edges within a tier, forbiddirect and
  requiredirect arcs, forbiddengroup/requiredgroup); its lists are added to the flags' lists. A prior
  network (edge list, SIF, GraphML) given to --knowledge needs --knowledge-as: its edges as required
  arcs (undirected edges: adjacencies), as forbidden ones, or as the allowed skeleton.
  Genes that are not variables are ignored.
  With --stability, B subsamples per α run over N worker processes; an edge's stability is its maximum
  selection frequency over the α grid, identical for any N. Without --alpha the run on all samples uses
  the middle α of --alphas. --threshold T then reports every edge with stability ≥ T, including edges
  found only across subsamples (directed when that orientation's stability is ≥ T and the reverse's
  is not): the stability graph of Belyaeva et al. 2021 (they report T = 0.3).
  --depth and --nruns set GSP's search depth and restarts (Causeway: 4 and 5). --compat belyaeva2021
  reproduces the reference run of Belyaeva et al. 2021 as a whole: untestable CI tests (conditioning
  set too large for the sample) decided "independent", the reference's covered-arc conditioning sets,
  subsamples of floor(fraction·n) rows, depth 5. --small-sample-ci overrides the first (Causeway's
  default: independent, chosen by SHD on simulations; keep-edge keeps such edges). The result records
  every choice under "search". --min-expressed F keeps only genes expressed (non-zero) in more than
  a fraction F of the samples (Belyaeva et al. 2021: 0.1 of the cells). Each subsample's graph is kept beside --out as
  graph.subsample-graphs.bin (for causeway targets).
${executorHelp()}`;

/** Where `--out graph.json` keeps each subsample's graph (compute/causal/stability/subsample-graphs.ts). */
export const subsampleGraphsBeside = (graphJson: string): string =>
  graphJson.replace(/(\.json)?$/i, '.subsample-graphs.bin');

const number = (name: string, v: string | undefined, check: (x: number) => boolean): number | undefined => {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!Number.isFinite(x) || !check(x)) throw usage(`--${name} "${v}" is out of range.`);
  return x;
};
const probability = (x: number): boolean => x > 0 && x < 1;

const OPTIONS = {
  data: { type: 'string' },
  project: { type: 'string' },
  dataset: { type: 'string' },
  'ci-test': { type: 'string' },
  threshold: { type: 'string' },
  algorithm: { type: 'string' },
  alpha: { type: 'string' },
  'alpha-inv': { type: 'string' },
  'intervention-column': { type: 'string' },
  variables: { type: 'string' },
  'targets-unknown': { type: 'boolean' },
  'allowed-edges': { type: 'string' },
  'forbidden-edges': { type: 'string' },
  'required-edges': { type: 'string' },
  'forbidden-arcs': { type: 'string' },
  'required-arcs': { type: 'string' },
  tiers: { type: 'string' },
  knowledge: { type: 'string' },
  'knowledge-as': { type: 'string' },
  stability: { type: 'string' },
  subsample: { type: 'string' },
  alphas: { type: 'string' },
  seed: { type: 'string' },
  workers: { type: 'string' },
  depth: { type: 'string' },
  nruns: { type: 'string' },
  compat: { type: 'string' },
  'small-sample-ci': { type: 'string' },
  'min-expressed': { type: 'string' },
  out: { type: 'string' },
  ...EXECUTOR_OPTIONS,
} as const;

export async function discoverCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args: argv, options: OPTIONS });
  // `--data <project-dir> --dataset <id>` is the issue's "--data <file|project dataset>" spelling.
  if (values.data && values.dataset && !values.project && isProjectDir(values.data)) {
    values.project = values.data;
    delete values.data;
  }
  if (!values.data === !values.project) {
    throw usage('discover needs either --data <file> or --project <dir> --dataset <id>.');
  }
  if (values.project && !values.dataset) throw usage('--project needs --dataset <id>.');
  if (values.dataset && !values.project) throw usage('--dataset needs --project <dir>.');
  const ciTest = CiTest.safeParse(values['ci-test'] ?? 'gaussian');
  if (!ciTest.success) throw usage(`--ci-test must be ${CiTest.options.join(' or ')}.`);
  if (values.stability === undefined) {
    for (const flag of ['threshold', 'alphas', 'subsample'] as const)
      if (values[flag] !== undefined) throw usage(`--${flag} needs --stability B.`);
  }
  if (!values.out) throw usage('discover needs --out graph.json.');
  const algorithm = DiscoveryAlgorithm.safeParse(values.algorithm);
  if (!algorithm.success) throw usage(`--algorithm must be one of ${DiscoveryAlgorithm.options.join(', ')}.`);
  const info = algorithmInfo(algorithm.data);
  if (info.interventional && !values['intervention-column']) {
    throw usage(`--algorithm ${info.id} needs --intervention-column naming each row's setting.`);
  }
  if (values['targets-unknown'] && !info.learnsTargets) {
    const learners = ALGORITHMS.filter((a) => a.learnsTargets).map((a) => a.id);
    throw usage(`--targets-unknown applies to ${learners.join(', ')} only.`);
  }
  const alphas = values.alphas?.split(',').map((a) => number('alphas', a.trim(), probability)!);
  const alpha = number('alpha', values.alpha, probability) ?? middle(alphas);
  if (alpha === undefined) throw usage('discover needs --alpha (e.g. 0.01), or --stability with --alphas.');
  const seed = number('seed', values.seed ?? '0', Number.isInteger)!;
  const depth = number('depth', values.depth, (x) => Number.isInteger(x) && x >= 1 && x <= 50);
  const nruns = number('nruns', values.nruns, (x) => Number.isInteger(x) && x >= 1 && x <= 100);
  const compat = DiscoveryCompat.safeParse(values.compat ?? 'causeway');
  if (!compat.success) throw usage(`--compat must be ${DiscoveryCompat.options.join(' or ')}.`);
  const smallSampleCi =
    values['small-sample-ci'] === undefined ? undefined : SmallSampleCi.safeParse(values['small-sample-ci']);
  if (smallSampleCi && !smallSampleCi.success)
    throw usage(`--small-sample-ci must be ${SmallSampleCi.options.join(' or ')}.`);
  const workers = number('workers', values.workers, (x) => Number.isInteger(x) && x > 0);
  const variables = values.variables?.split(',').map((v) => v.trim());
  const pairs = (flag: keyof typeof values): [string, string][] | undefined => {
    const file = values[flag];
    return typeof file === 'string' ? readGenePairs(file) : undefined;
  };
  const fromFlags: DiscoveryKnowledge = Object.fromEntries(
    Object.entries({
      allowedAdjacencies: pairs('allowed-edges'),
      forbiddenAdjacencies: pairs('forbidden-edges'),
      requiredAdjacencies: pairs('required-edges'),
      forbiddenArcs: pairs('forbidden-arcs'),
      requiredArcs: pairs('required-arcs'),
      tiers: values.tiers ? readTiers(values.tiers) : undefined,
    }).filter(([, v]) => v !== undefined),
  );
  const knowledgeAs =
    values['knowledge-as'] === undefined ? undefined : NetworkAsKnowledge.safeParse(values['knowledge-as']);
  if (knowledgeAs && !knowledgeAs.success)
    throw usage(`--knowledge-as must be ${NetworkAsKnowledge.options.join(', ')}.`);
  if (knowledgeAs && !values.knowledge) throw usage('--knowledge-as needs --knowledge <network file>.');
  const knowledge = values.knowledge
    ? await withKnowledgeFile(fromFlags, values.knowledge, knowledgeAs?.data)
    : fromFlags;
  const stability =
    values.stability === undefined
      ? undefined
      : {
          subsamples: number('stability', values.stability, (x) => Number.isInteger(x) && x > 0)!,
          fraction: number('subsample', values.subsample ?? '0.7', (x) => x > 0 && x <= 1)!,
          alphas: alphas ?? [...DEFAULT_STABILITY_ALPHAS],
          ...(values.threshold !== undefined
            ? { threshold: number('threshold', values.threshold, (x) => x >= 0 && x <= 1)! }
            : {}),
        };
  // Every parameter is checked against the job's own schema before any data is read.
  const draft = {
    kind: 'network.discover' as const,
    datasetId: 'data',
    genes: variables ? { mode: 'list' as const, genes: variables } : { mode: 'all' as const },
    algorithm: algorithm.data,
    ...(ciTest.data !== 'gaussian' ? { ciTest: ciTest.data } : {}),
    alpha,
    ...(values['alpha-inv'] !== undefined
      ? { alphaInvariance: number('alpha-inv', values['alpha-inv'], probability)! }
      : {}),
    ...(values['intervention-column'] ? { interventionColumn: values['intervention-column'] } : {}),
    ...(values['min-expressed'] !== undefined
      ? {
          minExpressedFraction: number('min-expressed', values['min-expressed'], (x) => x >= 0 && x < 1)!,
        }
      : {}),
    ...(values['targets-unknown'] ? { targetsUnknown: true } : {}),
    ...(Object.keys(knowledge).length > 0 ? { knowledge } : {}),
    ...(stability ? { stability } : {}),
    ...(depth !== undefined ? { depth } : {}),
    ...(nruns !== undefined ? { nruns } : {}),
    ...(values.compat !== undefined ? { compat: compat.data } : {}),
    ...(smallSampleCi ? { smallSampleCi: smallSampleCi.data } : {}),
    seed,
  };
  const spec = specFromFlags(NetworkDiscoverSpec, draft);
  const out = resolve(values.out);
  const cluster = clusterFromFlags(values);
  const graph = await withScratchProject(
    'causeway discover',
    async (backend, dir) => {
      const datasetId = values.project
        ? adoptDataset(backend, values.project, values.dataset!).id
        : await importDiscoveryTable(
            backend,
            resolve(values.data!),
            values['intervention-column'],
            variables,
            dir,
          );
      const status = io.status;
      const ran = await runJobOn(
        cluster,
        backend,
        { ...spec, datasetId },
        io,
        status && ((p) => status(`${p.phase}: ${Math.round(100 * p.fraction)}%`)),
      );
      status?.('');
      if (!ran) return null; // --print-sbatch: the script is printed, nothing ran
      const { runId } = ran;
      // Each subsample's graph goes beside --out (causeway targets fits its SEMs on them).
      const run = backend.projects.summary()!.manifest.runs.find((r) => r.id === runId);
      const graphs = run?.params['subsampleGraphsFile'];
      if (typeof graphs === 'string')
        copyFileSync(backend.projects.resolveFile(graphs), subsampleGraphsBeside(out));
      return DiscoveredGraph.parse(backend.projects.runResult(runId));
    },
    {
      ...(workers !== undefined ? { poolSize: workers } : {}),
      ...(cluster ? { scratchRoot: cluster.workDir } : {}),
    },
  );
  if (!graph) return 0;
  const excluded = Number(graph.params['excludedGenes'] ?? 0);
  if (excluded > 0)
    io.err(
      `${excluded} selected genes left out (missing values, or constant in the observational samples)\n`,
    );
  const ignored = Number(graph.params['knowledgeIgnored'] ?? 0);
  if (ignored > 0)
    io.err(`${ignored} background-knowledge entries name genes that are not variables; ignored\n`);
  writeFileSync(out, `${JSON.stringify(graph, null, 2)}\n`);
  const s = graph.search;
  const how = s
    ? ` (${s.compat}: depth ${s.depth}, ${s.nruns} runs, untestable CI ${s.smallSampleCi}` +
      `${stability ? `, subsamples ${s.subsampleSize}(${stability.fraction}·n)` : ''})`
    : '';
  io.out(
    `${algorithm.data}: ${graph.edges.length} edges over ${graph.nodes.length} genes${how} → ${values.out}\n`,
  );
  return 0;
}

/** The flags' knowledge with a knowledge file's (knowledge-file.ts) added; two tier lists are an error. */
async function withKnowledgeFile(
  fromFlags: DiscoveryKnowledge,
  file: string,
  as: NetworkAsKnowledge | undefined,
): Promise<DiscoveryKnowledge> {
  const { knowledge } = await readKnowledgeSource(resolve(file), as).catch((e: unknown) => {
    if (e instanceof CausewayError && e.details?.['needsAs'])
      throw usage(`${e.message} Add --knowledge-as ${NetworkAsKnowledge.options.join('|')}.`);
    throw e;
  });
  try {
    return mergeKnowledge(fromFlags, toDiscoveryKnowledge(knowledge), ['the knowledge flags', file]);
  } catch (e) {
    if (e instanceof KnowledgeFileError) throw usage(`${e.message}.`);
    throw e;
  }
}

/** The middle of the α grid (the lower one of the two middles): the run on all samples without --alpha. */
function middle(alphas: number[] | undefined): number | undefined {
  if (!alphas || alphas.length === 0) return undefined;
  const sorted = [...alphas].sort((a, b) => a - b);
  return sorted[(sorted.length - 1) >> 1];
}

/** `source<TAB>target` (or comma) gene pairs; a header line (source/target, from/to, gene1/gene2 …) is skipped. */
function readGenePairs(file: string): [string, string][] {
  const table = readTextTable(resolve(file), { header: false });
  const pairs = table.rows
    .map((row) => [(row[0] ?? '').trim(), (row[1] ?? '').trim()] as [string, string])
    .filter(([a, b]) => a !== '' && b !== '');
  const header = /^(source|target|from|to|regulator|gene ?[12ab]?|node ?[12ab]?)$/i;
  if (pairs[0] && header.test(pairs[0][0]) && header.test(pairs[0][1])) pairs.shift();
  return pairs;
}

/** One tier per line, earliest first; genes separated by commas, tabs or spaces; # starts a comment. */
function readTiers(file: string): string[][] {
  return readSmallFile(resolve(file))
    .toString('utf8')
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line !== '')
    .map((line) => line.split(/[\s,;]+/).filter((g) => g !== ''));
}

function isProjectDir(path: string): boolean {
  try {
    return statSync(path).isDirectory() && existsSync(join(path, 'project.json'));
  } catch {
    return false;
  }
}
