import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  TargetRankingResult,
  TargetsExportFormat,
  TargetsRankSpec,
  TARGETS_DEFAULTS,
} from '#shared/contracts/targets.ts';
import { DiscoveredGraph } from '#shared/domain/discovered-graph.ts';
import { DrugRankingResult } from '#shared/domain/drug-ranking.ts';
import { newId } from '#shared/lib/ids.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { readSmallFile, readTextTable } from '../../compute/io/text-table.ts';
import { exportTargets } from '../../compute/targets/export/export-targets.ts';
import { importDataset } from '../import-dataset.ts';
import { appVersion } from '../../services/paths.ts';
import type { ProjectService } from '../../services/projects/project-service.ts';
import { runJob } from '../backend.ts';
import { specFromFlags, usage, type Io } from '../cli-error.ts';
import { withScratchProject } from '../scratch-project.ts';
import { subsampleGraphsBeside } from './discover.ts';
import { importDiscoveryTable } from './discover-table.ts';

export const targetsHelp = `causeway targets --network graph.json --data <expression> --disease <sig.tsv>
    --drug-targets <table> --out targets.(csv|xlsx|html|json)
    [--threshold T] [--disease-column COL] [--disease-genes genes.txt] [--min-affinity ${TARGETS_DEFAULTS.minAffinity}]
    [--subsample-graphs graph.subsample-graphs.bin] [--drug-ranking run.json] [--seed S]
  Ranks the genes of a causal network as drug targets with the app's targets.rank job: the disease genes
  each gene reaches on the stability graph (best-path stability), the predicted effect of inhibiting it
  (a linear SEM fitted on every kept subsample DAG; total effects on the disease genes compared with the
  reversed signature: mean and spread over the DAGs), and the drugs that hit it. --network is the result
  of \`causeway discover --stability …\`, which keeps each subsample's graph beside it
  (graph.subsample-graphs.bin); --threshold keeps stability-graph pairs at least that stable. --data is
  the samples × genes table the network was learned from; --disease a gene,value table (e.g. log2FC,
  disease vs control; --disease-column picks the column, default the first); --drug-targets a
  DrugCentral-style table (DRUG_NAME, GENE, ACTION_TYPE[, ACT_VALUE]); rows with an activity below
  --min-affinity (pAct) are dropped, curated rows without one are kept. Disease genes: the signature's
  genes in the network, or those listed in --disease-genes (one per line). One row per gene in the CSV:
  rank, gene, drugs (with affinity), the disease genes it reaches, reach size, predicted reversal and its
  spread; XLSX and HTML (network and top targets' paths drawn) carry the provenance too.
  --drug-ranking takes the result document of \`causeway rank --result run.json\` and adds the graph-aware
  drug table (signature reversal combined with the causal standing of each drug's targets; both parts
  shown) to the XLSX, HTML and JSON outputs.`;

const OPTIONS = {
  network: { type: 'string' },
  'subsample-graphs': { type: 'string' },
  threshold: { type: 'string' },
  data: { type: 'string' },
  disease: { type: 'string' },
  'disease-column': { type: 'string' },
  'disease-genes': { type: 'string' },
  'drug-targets': { type: 'string' },
  'drug-ranking': { type: 'string' },
  'min-affinity': { type: 'string' },
  seed: { type: 'string' },
  workers: { type: 'string' },
  out: { type: 'string' },
} as const;

const num = (name: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x)) throw usage(`--${name} "${v}" is not a number.`);
  return x;
};

function mustExist(flag: string, file: string): string {
  const path = resolve(file);
  if (!existsSync(path)) throw new CausewayError('E_NOT_FOUND', `--${flag}: no file at ${path}.`);
  return path;
}

export async function targetsCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args: argv, options: OPTIONS });
  for (const flag of ['network', 'data', 'disease', 'drug-targets', 'out'] as const)
    if (!values[flag]) throw usage(`targets needs --${flag}.`);
  const format = TargetsExportFormat.safeParse(extname(values.out!).slice(1).toLowerCase());
  if (!format.success) throw usage('--out must end in .csv, .xlsx, .html or .json.');
  const networkFile = mustExist('network', values.network!);
  const graphsFile = mustExist(
    'subsample-graphs',
    values['subsample-graphs'] ?? subsampleGraphsBeside(networkFile),
  );
  const dataFile = mustExist('data', values.data!);
  const diseaseFile = mustExist('disease', values.disease!);
  const targetsFile = mustExist('drug-targets', values['drug-targets']!);
  const drugRanking = values['drug-ranking']
    ? readDrugRanking(mustExist('drug-ranking', values['drug-ranking']))
    : null;
  let graph: DiscoveredGraph;
  try {
    graph = DiscoveredGraph.parse(JSON.parse(readSmallFile(networkFile).toString('utf8')));
  } catch {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${networkFile} is not a network written by causeway discover.`,
    );
  }
  const header = readTextTable(diseaseFile).header;
  const column = values['disease-column'] ?? header[1];
  if (column === undefined || !header.slice(1).includes(column)) {
    throw usage(
      `--disease-column: ${basename(diseaseFile)} has no column "${column ?? ''}" (columns: ${header.slice(1).join(', ')}).`,
    );
  }
  const diseaseGenes = values['disease-genes']
    ? readSmallFile(mustExist('disease-genes', values['disease-genes']))
        .toString('utf8')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean)
    : null;
  const workers = num('workers', values.workers);
  // Every parameter is checked against the job's own schema before any data is read.
  const draft = specFromFlags(TargetsRankSpec, {
    kind: 'targets.rank',
    discoverRunId: 'network',
    datasetId: 'data',
    disease: { datasetId: 'disease', column },
    ...(diseaseGenes ? { diseaseGenes: { mode: 'list', genes: diseaseGenes } } : {}),
    drugTargetsTableId: 'targets',
    ...(values.threshold !== undefined ? { threshold: num('threshold', values.threshold) } : {}),
    ...(values['min-affinity'] !== undefined
      ? { minAffinity: num('min-affinity', values['min-affinity']) }
      : {}),
    seed: num('seed', values.seed) ?? TARGETS_DEFAULTS.seed,
  });
  const { doc, runId } = await withScratchProject(
    'causeway targets',
    async (backend, dir) => {
      const status = io.status;
      const progress =
        status &&
        ((p: { phase: string; fraction: number }) => status(`${p.phase}: ${Math.round(100 * p.fraction)}%`));
      const datasetId = await importDiscoveryTable(backend, dataFile, undefined, undefined, dir);
      const disease = await importDataset(backend, diseaseFile, {
        name: basename(diseaseFile),
        orientation: 'genes-x-samples',
      });
      await runJob(
        backend,
        {
          kind: 'reference.import',
          source: { path: targetsFile },
          referenceKind: 'drug-targets',
          name: basename(targetsFile),
        },
        progress,
      );
      const tableId = backend.projects.summary()!.manifest.tables![0]!.id;
      const discoverRunId = adoptNetwork(backend.projects, networkFile, graphsFile, graph, datasetId);
      const drugRankRunId = drugRanking ? adoptDrugRanking(backend.projects, drugRanking) : undefined;
      const ran = await runJob(
        backend,
        {
          ...draft,
          discoverRunId,
          datasetId,
          disease: { ...draft.disease, datasetId: disease.dataset.id },
          drugTargetsTableId: tableId,
          ...(drugRankRunId ? { drugRankRunId } : {}),
        },
        progress,
      );
      status?.('');
      return { doc: TargetRankingResult.parse(backend.projects.runResult(ran.runId)), runId: ran.runId };
    },
    workers !== undefined ? { poolSize: workers } : {},
  );
  writeFileSync(resolve(values.out!), exportTargets(doc, runId, format.data));
  const top = doc.rows[0];
  io.out(
    `targets: ${doc.rows.length} genes ranked over ${doc.dags} DAGs, ${doc.diseaseGenes.length} disease genes` +
      (top
        ? `; top ${top.gene} (reaches ${top.reachSize}, reversal ${top.reversal.mean.toFixed(3)} ± ${top.reversal.sd.toFixed(3)}${top.drugs.length ? `, ${top.drugs.length} drugs` : ''})`
        : '') +
      ` → ${values.out}\n`,
  );
  return 0;
}

/**
 * A discovery result written by `causeway discover` becomes a network.discover run of the scratch project
 * (its result file and kept subsample graphs copied in), so targets.rank reads it as it reads the app's.
 */
export function adoptNetwork(
  projects: ProjectService,
  graphJson: string,
  graphsBin: string,
  graph: DiscoveredGraph,
  datasetId?: string,
): string {
  const id = newId('run');
  const result = projects.prepareResultFile(id, 'json');
  copyFileSync(graphJson, result.absPath);
  const graphsRel = result.relPath.replace(/\.json$/, '.subsample-graphs.bin');
  copyFileSync(graphsBin, projects.resolveFile(graphsRel));
  projects.recordRun({
    id,
    kind: 'network.discover',
    label: `${basename(graphJson)} (causeway discover)`,
    inputs: datasetId ? { datasetId } : {},
    params: {
      dataHash: graph.dataHash,
      nGenes: graph.nodes.length,
      nEdges: graph.edges.length,
      subsampleGraphsFile: graphsRel,
    },
    seed: graph.seed,
    resultFile: result.relPath,
    createdAt: new Date().toISOString(),
    elapsedMs: graph.elapsedMs,
    appVersion: appVersion(),
  });
  return id;
}

function readDrugRanking(file: string): { file: string; doc: DrugRankingResult } {
  const parsed = DrugRankingResult.safeParse(JSON.parse(readSmallFile(file).toString('utf8')));
  if (!parsed.success) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${file} is not a drug ranking written by causeway rank --result.`,
    );
  }
  return { file, doc: parsed.data };
}

/** A `causeway rank --result` document becomes a drugs.rank run of the scratch project. */
function adoptDrugRanking(
  projects: ProjectService,
  ranking: { file: string; doc: DrugRankingResult },
): string {
  const id = newId('run');
  const result = projects.prepareResultFile(id, 'json');
  copyFileSync(ranking.file, result.absPath);
  const { doc } = ranking;
  projects.recordRun({
    id,
    kind: 'drugs.rank',
    label: `${basename(ranking.file)} (causeway rank)`,
    inputs: {},
    params: { score: doc.parameters.score, nDrugs: doc.drugs.length },
    seed: doc.parameters.seed,
    resultFile: result.relPath,
    createdAt: new Date().toISOString(),
    elapsedMs: doc.elapsedMs,
    appVersion: appVersion(),
  });
  return id;
}
