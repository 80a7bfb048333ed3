/**
 * The plate plan of a target design.plan result: one row per proposed perturbation per round (with a pool:
 * the ranked pool genes, the first being the one the plan runs; without: the genes of the round's shift),
 * with the shift in the data's units, the predicted distance to the target, and the largest predicted
 * changes; `# key: value` provenance lines first (pandas: read_csv(..., comment='#')), as plate-plan.ts.
 */
import type { TargetPlanResult } from '#shared/contracts/design.ts';
import { csvCell } from '../../drugs/export/csv.ts';

export const TARGET_PLAN_COLUMNS = [
  'round',
  'rank',
  'gene',
  'shift',
  'acquisition_score',
  'run_in_plan',
  'predicted_distance',
  'best_distance_after',
  'predicted_changes',
] as const;

const round = (x: number): number => Math.round(x * 1e4) / 1e4;

export function targetPlanCsv(doc: TargetPlanResult, runId: string): string {
  const head: [string, string | number][] = [
    ['run', runId],
    ['goal', doc.goal],
    ['acquisition', doc.acquisition],
    ['target', `${doc.target.kind} on ${doc.target.genes} genes`],
    ...(doc.target.condition
      ? ([
          ['target condition', `${doc.target.condition.column} = ${doc.target.condition.value}`],
          ['samples in the target condition (not fitted)', doc.target.condition.samples],
        ] as [string, string | number][])
      : []),
    ['genes modelled (targets and their ancestors)', doc.genes],
    ['arcs of the consensus DAG', doc.arcs],
    ['cells fitted', doc.cells],
    ['shift size (SD)', doc.shiftSize],
    ['cells per round', doc.cellsPerRound],
    ['distance to the target now (SD)', round(doc.startDistance)],
    ['simulated best distance by round, plan', doc.simulation.planned.map(round).join(' ')],
    ['simulated best distance by round, random', doc.simulation.random.map(round).join(' ')],
    ['seed', doc.simulation.seed],
    ['app version', doc.provenance.appVersion],
    ['created', doc.provenance.createdAt],
  ];
  const rows: (string | number)[][] = [];
  for (const r of doc.plan) {
    const changes = r.predicted
      .slice(0, 10)
      .map((x) => `${x.gene} ${x.shift >= 0 ? '+' : ''}${x.shift.toFixed(3)}`)
      .join('; ');
    const common = [round(r.distance), round(r.bestDistance), changes];
    if (r.candidates.length > 0)
      r.candidates.forEach((c, k) =>
        rows.push([
          r.round,
          k + 1,
          c.gene,
          round(c.value),
          round(c.score),
          k === 0 ? 'yes' : 'no',
          ...common,
        ]),
      );
    else r.shift.forEach((s, k) => rows.push([r.round, k + 1, s.gene, round(s.value), '', 'yes', ...common]));
  }
  const lines = [
    ...head.map(([k, v]) => `# ${k}: ${String(v).replace(/[\r\n]+/g, ' ')}`),
    TARGET_PLAN_COLUMNS.join(','),
    ...rows.map((r) => r.map(csvCell).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
