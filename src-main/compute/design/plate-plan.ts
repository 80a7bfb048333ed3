/**
 * The plate plan of a design.plan result: one row per proposed perturbation (gene, perturbation type,
 * round, expected gain, the edges it would orient), RFC 4180 CSV preceded by `# key: value` provenance
 * lines (pandas: read_csv(..., comment='#')), as the targets exports do.
 */
import type { OrientPlanResult } from '#shared/contracts/design.ts';
import { csvCell } from '../drugs/export/csv.ts';

export const PLATE_PLAN_COLUMNS = [
  'gene',
  'perturbation_type',
  'round',
  'rank',
  'expected_gain',
  'information_bits',
  'edges_oriented',
] as const;

/** An arc and how often it is oriented, e.g. "TP53>MDM2 (0.85)". */
const arcText = (a: { source: string; target: string; frequency: number }): string =>
  `${a.source}>${a.target} (${a.frequency.toFixed(2)})`;

export function plateCsv(doc: OrientPlanResult, runId: string): string {
  const head: [string, string | number][] = [
    ['run', runId],
    ['goal', doc.goal],
    ['objective', doc.objective],
    ['budget per round', doc.budget],
    ['rounds', doc.rounds],
    ['network genes', doc.genes],
    ['DAGs in the ensemble', doc.dags],
    ['mean edges per DAG', round(doc.meanEdges)],
    ['oriented before any perturbation', round(doc.baselineOriented)],
    ['seed', doc.ensembleSeed],
    ['app version', doc.provenance.appVersion],
    ['created', doc.provenance.createdAt],
    ...(doc.stoppedEarly ? ([['stopped early', doc.stoppedEarly]] as [string, string][]) : []),
  ];
  const rows = doc.perturbations.map((x) => [
    x.gene,
    x.interventionType,
    x.round,
    x.rank,
    round(x.expectedGain),
    round(x.informationBits),
    x.edgesOriented.map(arcText).join('; ') + (x.arcsTotal > x.edgesOriented.length ? '; …' : ''),
  ]);
  const lines = [
    ...head.map(([k, v]) => `# ${k}: ${String(v).replace(/[\r\n]+/g, ' ')}`),
    PLATE_PLAN_COLUMNS.join(','),
    ...rows.map((r) => r.map(csvCell).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

const round = (x: number): number => Math.round(x * 1e4) / 1e4;
