/**
 * The rows every targets export shares (CSV, XLSX, HTML): one table per result kind, and the provenance
 * rows (inputs with their hashes, parameters, seeds, versions) that travel with each of them.
 */
import type {
  SteinerResult,
  SteinerSweepResult,
  TargetRankingResult,
  TargetsProvenance,
} from '#shared/contracts/targets.ts';
import type { Cell } from '../../drugs/export/table-rows.ts';

export type { Cell };
export type TargetsDocument = SteinerResult | SteinerSweepResult | TargetRankingResult;

export interface Table {
  name: string;
  columns: string[];
  rows: Cell[][];
}

const round = (x: number, digits = 6): number => Number(x.toPrecision(digits));
const affinityText = (a: number | null): string => (a === null ? 'curated' : `pAct ${round(a, 3)}`);

/** The ranked target table: one row per gene, annotation columns after the fixed ones. */
export function targetTable(r: TargetRankingResult): Table {
  const keys = [...new Set(r.rows.flatMap((row) => Object.keys(row.annotations)))].sort();
  const columns = [
    'rank',
    'gene',
    'drugs',
    'n_drugs',
    'reached_disease_genes',
    'reach_size',
    'path_stability',
    'predicted_reversal_mean',
    'predicted_reversal_sd',
    'disease_genes_right_way_mean',
    'disease_genes_wrong_way_mean',
    'reach_frequency',
    ...keys,
  ];
  const rows = r.rows.map((row): Cell[] => [
    row.rank,
    row.gene,
    row.drugs
      .map((d) => `${d.drug} (${affinityText(d.affinity)}${d.action ? `, ${d.action}` : ''})`)
      .join('; '),
    row.drugs.length,
    row.reach.map((x) => x.gene).join('; '),
    row.reachSize,
    round(row.pathStability),
    round(row.reversal.mean),
    round(row.reversal.sd),
    round(row.rightWay.mean),
    round(row.wrongWay.mean),
    round(row.reachFrequency),
    ...keys.map((k) => {
      const v = row.annotations[k];
      return v === undefined || v === null ? null : typeof v === 'boolean' ? String(v) : v;
    }),
  ]);
  return { name: 'Ranked targets', columns, rows };
}

/** The graph-aware drug table (both parts beside the combination). */
export function drugTable(r: TargetRankingResult): Table | null {
  if (!r.drugs) return null;
  return {
    name: 'Graph-aware drugs',
    columns: [
      'rank',
      'drug',
      'combined',
      'signature_reversal_rank',
      'signature_reversal_score',
      'reversal_part',
      'causal_part',
      'best_target',
      'best_target_reversal',
      'targets_in_network',
      'matched_as',
    ],
    rows: r.drugs.map((d) => [
      d.rank,
      d.drug,
      round(d.combined),
      d.reversalRank,
      d.reversalScore === null ? null : round(d.reversalScore),
      round(d.reversalPart),
      round(d.causalPart),
      d.bestTarget,
      d.causalStanding === null ? null : round(d.causalStanding),
      d.targets.map((t) => t.gene).join('; '),
      d.match ? `${d.match.drug} (${d.match.matchedBy})` : null,
    ]),
  };
}

export function steinerNodeTable(r: SteinerResult): Table {
  return {
    name: 'Nodes',
    columns: ['gene', 'terminal', 'prize', 'degree', 'component', 'robustness', 'specificity'],
    rows: r.nodes.map((n) => [
      n.gene,
      n.terminal ? 'terminal' : 'steiner',
      round(n.prize),
      n.degree,
      n.component,
      n.robustness,
      n.specificity,
    ]),
  };
}

/** The augmented forest's edges (what `causeway steiner --out` writes). */
export function steinerEdgeTable(r: SteinerResult): Table {
  return {
    name: 'Edges',
    columns: ['protein1', 'protein2', 'cost', 'in_forest', 'robustness'],
    rows: r.edges.map((e) => [e.source, e.target, e.cost, e.inForest ? 'true' : 'false', e.robustness]),
  };
}

export function sweepTable(r: SteinerSweepResult): Table {
  return {
    name: 'Sweep',
    columns: ['g', 'w', 'b', 'nodes', 'edges', 'terminals_kept', 'steiner_nodes', 'components', 'objective'],
    rows: r.points.map((p) => [
      p.g,
      p.w,
      p.b,
      p.nodes,
      p.edges,
      p.terminalsKept,
      p.steinerNodes,
      p.components,
      round(p.objective),
    ]),
  };
}

/** The tables of a result, main table first. */
export function tablesOf(doc: TargetsDocument): Table[] {
  switch (doc.kind) {
    case 'targets.rank': {
      const drugs = drugTable(doc);
      return drugs ? [targetTable(doc), drugs] : [targetTable(doc)];
    }
    case 'targets.steiner':
      return [steinerNodeTable(doc), steinerEdgeTable(doc)];
    case 'targets.sweep':
      return [sweepTable(doc)];
  }
}

const flat = (v: unknown): Cell =>
  v === null || v === undefined
    ? null
    : typeof v === 'number' || typeof v === 'string'
      ? v
      : typeof v === 'boolean'
        ? String(v)
        : JSON.stringify(v).slice(0, 10_000);

/** Provenance as (key, value) rows: run, versions, inputs with hashes, the spec's parameters and seeds. */
export function provenanceRows(doc: TargetsDocument, runId: string): [string, Cell][] {
  const p: TargetsProvenance = doc.provenance;
  const rows: [string, Cell][] = [
    ['run', runId],
    ['result', doc.kind],
    ['app version', `Causeway ${p.appVersion}`],
    ['created', p.createdAt],
    ['elapsed (ms)', Math.round(p.elapsedMs)],
  ];
  for (const [role, input] of Object.entries(p.inputs)) {
    rows.push([`input: ${role}`, `${input.name} (${input.id})`]);
    rows.push([`input: ${role} sha256`, input.sha256]);
  }
  for (const [k, v] of Object.entries(p.spec)) if (k !== 'kind') rows.push([`parameter: ${k}`, flat(v)]);
  if (doc.kind === 'targets.rank') {
    for (const [k, v] of Object.entries(doc.settings)) rows.push([`setting: ${k}`, flat(v)]);
    rows.push(['DAGs in the ensemble', doc.dags]);
    rows.push(['ensemble seed', doc.ensembleSeed]);
    rows.push(['ridged equations', doc.ridgedEquations]);
    rows.push(['disease genes', doc.diseaseGenes.length]);
  } else if (doc.kind === 'targets.steiner') {
    for (const [k, v] of Object.entries(doc.summary)) rows.push([`summary: ${k}`, flat(v)]);
    rows.push(['prizes', doc.prizes.description]);
    rows.push(['prize genes not in the interactome', doc.prizes.unmatchedCount]);
    rows.push(['interactome', `${doc.interactome.genes} genes, ${doc.interactome.edges} edges`]);
    rows.push(['saved as network', doc.networkId]);
  } else {
    rows.push(['terminals given', doc.terminalsGiven]);
  }
  return rows;
}
