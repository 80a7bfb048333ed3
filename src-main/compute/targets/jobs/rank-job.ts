/**
 * The targets.rank job body: reads a network.discover stability run (its stability graph and the kept
 * subsample graphs, compute/causal/stability/subsample-graphs.ts), the expression data, the disease
 * signature and a drug–target table, and writes the ranked target table (ranking/rank-targets.ts) with
 * each row's explaining paths and predicted shifts, plus the graph-aware drug table when a drug-ranking
 * run is given (ranking/graph-aware-drugs.ts). Everything the rows need to explain themselves is in the
 * document, so the UI and the exports never recompute.
 */
import { readFileSync } from 'node:fs';
import type { ParsedTaskParams } from '#shared/contracts/tasks.ts';
import {
  type GraphAwareDrug,
  SteinerResult,
  type TargetRankingResult,
  type TargetRow,
} from '#shared/contracts/targets.ts';
import { DiscoveredGraph } from '#shared/domain/discovered-graph.ts';
import { DrugRankingResult } from '#shared/domain/drug-ranking.ts';
import { fromDiscoveredGraph } from '#shared/domain/grn/from-documents.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { readMatrixArrow } from '../../io/arrow-matrix.ts';
import { readNetworkFile } from '../../causal/discover/project-data.ts';
import { stabilityGraphFromNetwork, type StabilityGraph } from '../ranking/causal-reach.ts';
import { readRunEnsemble } from '../ranking/dag-ensemble.ts';
import { readTextTable } from '../../io/text-table.ts';
import { DrugNameIndex, lincsMapping } from '../ranking/drug-names.ts';
import { filterByAffinity } from '../ranking/druggable-genes.ts';
import { readDrugTargetFile } from './drug-target-file.ts';
import { rankDrugsWithTargets } from '../ranking/graph-aware-drugs.ts';
import { alignColumns } from '../ranking/knockdown-effects.ts';
import { type Annotation, explainTarget, predictedShifts, rankTargets } from '../ranking/rank-targets.ts';

type Params = ParsedTaskParams<'targets.rank'>;
type Progress = (phase: string, fraction: number) => Promise<void>;

/** Paths and shifts kept per row: enough to draw and explain it, bounded for a 2,000-gene network. */
const MAX_PATHS = 25;
const MAX_SHIFTS = 25;

function readJson(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new CausewayError('E_CORRUPT_PROJECT', `The ${what} (${path}) is missing or not valid JSON.`);
  }
}

/** The stability graph of the run, keeping adjacencies at least `threshold` stable. */
export function thresholdedStabilityGraph(doc: DiscoveredGraph, threshold: number): StabilityGraph {
  const kept = { ...doc, edges: doc.edges.filter((e) => (e.stability ?? 1) >= threshold) };
  return stabilityGraphFromNetwork(fromDiscoveredGraph(kept));
}

/** The arcs of a stability graph by name (for drawing paths in the UI and the report). */
function graphArcs(g: StabilityGraph): TargetRankingResult['graph'] {
  const arcs: TargetRankingResult['graph']['arcs'] = [];
  for (let v = 0; v < g.genes.length; v++)
    for (let k = g.outStart[v]!; k < g.outStart[v + 1]!; k++)
      arcs.push({ source: g.genes[v]!, target: g.genes[g.target[k]!]!, stability: g.stability[k]! });
  return { genes: [...g.genes], arcs };
}

function signatureColumn(matrixPath: string, column: string, name: string): Map<string, number> {
  const m = readMatrixArrow(matrixPath);
  const j = m.samples.indexOf(column);
  if (j < 0) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${name} has no column "${column}" (columns: ${m.samples.slice(0, 20).join(', ')}).`,
    );
  }
  const out = new Map<string, number>();
  m.genes.forEach((g, i) => out.set(g, m.values[i * m.samples.length + j]!));
  return out;
}

/** Boolean node attributes (SARS-CoV-2 interactor, terminal …) and prizes annotate the rows. */
function annotationsOf(path: string): Map<string, Record<string, Annotation>> {
  const out = new Map<string, Record<string, Annotation>>();
  for (const n of readNetworkFile(path).nodes) {
    const kept: Record<string, Annotation> = {};
    for (const [k, v] of Object.entries(n.attributes))
      if (typeof v === 'boolean' || k === 'prize') kept[k] = v;
    out.set(n.id, kept);
  }
  return out;
}

export async function runTargetRanking(p: Params, progress: Progress): Promise<TargetRankingResult> {
  const started = Date.now();
  await progress('Reading the network and its subsample graphs', 0);
  const doc = DiscoveredGraph.safeParse(readJson(p.discover.graphPath, 'network result'));
  if (!doc.success)
    throw new CausewayError('E_CORRUPT_PROJECT', `${p.discover.label} is not a network result.`);
  const ensemble = readRunEnsemble(p.discover, p.seed);
  // The run's own threshold already shaped its graph; recording it says which pairs the table saw.
  const own = doc.data.params['threshold'];
  const threshold = p.threshold ?? (typeof own === 'number' ? own : 0);
  const stability = thresholdedStabilityGraph(doc.data, threshold);

  await progress('Reading expression, signature and drug targets', 0.1);
  const m = readMatrixArrow(p.expression.matrixPath);
  const all = { rows: m.samples.length, cols: m.genes.length, data: Float64Array.from(m.values) };
  let data;
  try {
    // A gene-major matrix is the samples × genes column-major layout DenseMatrix wants.
    data = alignColumns(all, m.genes, ensemble.genes);
  } catch (e) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${p.expression.name} does not match the network: ${(e as Error).message}.`,
    );
  }
  const sig = signatureColumn(p.disease.matrixPath, p.disease.column, p.disease.name);
  const signature = { genes: [...sig.keys()], values: [...sig.values()] };
  const inNetwork = new Set(ensemble.genes);
  let diseaseGenes: string[] | undefined;
  let diseaseLabel: string;
  const dg = p.diseaseGenes;
  if (dg.mode === 'list') {
    diseaseGenes = dg.genes;
    diseaseLabel = `list of ${dg.genes.length}`;
  } else if (dg.mode === 'steinerTerminals') {
    const st = SteinerResult.safeParse(readJson(dg.resultPath, 'Steiner result'));
    if (!st.success) throw new CausewayError('E_CORRUPT_PROJECT', `Run ${dg.runId} is not a Steiner result.`);
    diseaseGenes = st.data.nodes.filter((n) => n.terminal).map((n) => n.gene);
    diseaseLabel = `terminals of ${dg.runId}`;
  } else {
    const min = dg.minAbs ?? 0;
    diseaseGenes = signature.genes.filter((g, i) => {
      const v = signature.values[i]!;
      return inNetwork.has(g) && Number.isFinite(v) && v !== 0 && Math.abs(v) >= min;
    });
    diseaseLabel = `signature genes with |${p.disease.column}| ≥ ${min}`;
  }
  if (!diseaseGenes.some((g) => inNetwork.has(g))) {
    throw new CausewayError('E_INVALID_INPUT', `No disease gene (${diseaseLabel}) is in the network.`);
  }
  const table = readDrugTargetFile(p.drugTargets.path);
  const drugTargets = filterByAffinity(table, {
    minAffinity: p.minAffinity,
    keepUnmeasured: p.keepUnmeasured,
  });

  await progress(`Fitting linear SEMs on ${ensemble.dags.length} DAGs`, 0.2);
  const ranking = rankTargets(
    {
      ensemble,
      data,
      signature,
      diseaseGenes,
      stability,
      drugTargets,
      ...(p.annotations ? { annotations: annotationsOf(p.annotations.path) } : {}),
    },
    { knockdown: p.knockdown, minPathStability: p.minPathStability },
    // The fits run without yielding: report each one (the message goes out at once); a cancel kills
    // this job's process, so a refused report can be ignored here.
    (done, total) =>
      void progress(`Fitting linear SEMs: ${done} of ${total} DAGs`, 0.2 + (0.65 * done) / total).catch(
        () => undefined,
      ),
  );

  await progress('Explaining each target', 0.85);
  const rows: TargetRow[] = ranking.rows.map((r) => ({
    rank: r.rank,
    gene: r.gene,
    annotations: { ...r.annotations },
    drugs: r.drugs.map((d) => ({ ...d })),
    reach: r.reach.map((x) => ({ ...x })),
    reachSize: r.reachSize,
    pathStability: r.pathStability,
    reversal: { ...r.reversal },
    rightWay: { ...r.rightWay },
    wrongWay: { ...r.wrongWay },
    reachFrequency: r.reachFrequency,
    paths: r.reachSize > 0 ? explainTarget(ranking, stability, r.gene).slice(0, MAX_PATHS) : [],
    shifts: predictedShifts(ranking, r.gene).slice(0, MAX_SHIFTS),
  }));

  let drugs: GraphAwareDrug[] | null = null;
  if (p.drugRanking) {
    const dr = DrugRankingResult.safeParse(readJson(p.drugRanking.resultPath, 'drug ranking'));
    if (!dr.success) {
      throw new CausewayError('E_CORRUPT_PROJECT', `Run ${p.drugRanking.runId} is not a drug ranking.`);
    }
    // Name matching runs on the whole table: a drug's targets outside the network still identify it.
    const mapping = p.lincsMappingPath ? lincsMapping(readTextTable(p.lincsMappingPath)) : undefined;
    const names = new DrugNameIndex(table.rows, mapping);
    drugs = rankDrugsWithTargets(dr.data.drugs, ranking, names, { reversalWeight: p.reversalWeight }).map(
      (d) => ({
        ...d,
        match: d.match ? { ...d.match } : null,
        targets: d.targets.map((t) => ({ ...t, reversal: { ...t.reversal } })),
      }),
    );
  }

  return {
    kind: 'targets.rank',
    rows,
    diseaseGenes: ranking.diseaseGenes,
    graph: graphArcs(stability),
    dags: ranking.dags,
    ensembleSeed: ranking.ensembleSeed,
    ridgedEquations: ranking.ridgedEquations,
    settings: {
      threshold,
      minAffinity: p.minAffinity,
      keepUnmeasured: p.keepUnmeasured,
      knockdown: p.knockdown,
      minPathStability: p.minPathStability,
      reversalWeight: p.reversalWeight,
      diseaseGenes: diseaseLabel,
    },
    drugs,
    provenance: {
      appVersion: p.appVersion,
      createdAt: new Date().toISOString(),
      elapsedMs: Date.now() - started,
      inputs: p.inputs,
      spec: p.spec,
    },
  };
}
