import { existsSync } from 'node:fs';
import type { DesignPlanSpec } from '#shared/contracts/design.ts';
import type { TaskParams } from '#shared/contracts/tasks.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { appVersion } from '../../paths.ts';
import type { Planner } from './plan.ts';
import { finishedRun } from './targets-rank.plan.ts';

/**
 * design.plan: one worker task reads the discovery run's kept subsample DAGs and proposes the
 * perturbations, round by round, that orient the most edges (or tell the DAGs apart best). Scoring every
 * candidate on every DAG shares the ensemble's state, so it stays in one process.
 */
/** The target in the run's parameters: "state on 3 genes", "condition treatment = drug on every gene". */
function targetLabel(t: DesignPlanSpec['target']): string {
  if (t?.kind !== 'condition') return `${t?.kind} on ${t?.genes.length} genes`;
  return `condition ${t.column} = ${t.value} on ${t.genes ? `${t.genes.length} genes` : 'every gene'}`.slice(
    0,
    300,
  );
}

export const planDesignPlan: Planner<'design.plan'> = (spec, projects, runId) => {
  const discover = finishedRun(projects, spec.discoverRunId, 'network.discover', 'a causal network');
  const graphs = discover.params['subsampleGraphsFile'];
  if (typeof graphs !== 'string' || !existsSync(projects.resolveFile(graphs))) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${discover.label} kept no subsample graphs: rerun the causal step with stability selection.`,
    );
  }
  const dataHash = discover.params['dataHash'];
  // goal target fits the network's weights on expression data: the discovery run's, unless named.
  const datasetId = spec.goal === 'target' ? (spec.datasetId ?? discover.inputs['datasetId']) : undefined;
  if (spec.goal === 'target' && !datasetId)
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${discover.label} names no dataset: choose the expression data.`,
    );
  const dataset = datasetId ? projects.dataset(datasetId) : null;
  const result = projects.prepareResultFile(runId, 'json');
  const params: TaskParams<'design.plan'> = {
    discover: {
      runId: discover.id,
      label: discover.label,
      subsampleGraphsPath: projects.resolveFile(graphs),
    },
    budget: spec.budget,
    rounds: spec.rounds,
    pool: spec.pool ?? null,
    interventionType: spec.interventionType,
    objective: spec.objective,
    seed: spec.seed,
    goal: spec.goal,
    target: spec.target ?? null,
    acquisition: spec.acquisition ?? 'civ',
    shiftSize: spec.shiftSize ?? 1,
    cellsPerRound: spec.cellsPerRound ?? 100,
    expression: dataset
      ? {
          label: dataset.name,
          matrixPath: projects.resolveFile(dataset.matrixFile),
          // A condition's samples are found in the worker, from the sample table.
          samplesPath: dataset.samplesFile ? projects.resolveFile(dataset.samplesFile) : null,
        }
      : null,
    spec: { ...spec },
    inputs: {
      network: {
        id: discover.id,
        name: discover.label,
        sha256: typeof dataHash === 'string' ? dataHash : null,
      },
      ...(dataset
        ? { expression: { id: dataset.id, name: dataset.name, sha256: dataset.source.sha256 } }
        : {}),
    },
    appVersion: appVersion(),
    resultPath: result.absPath,
  };
  const label = (
    spec.goal === 'target'
      ? `Shifts toward a target (${spec.rounds} rounds): ${discover.label}`
      : `Experiment plan (${spec.budget} × ${spec.rounds}): ${discover.label}`
  ).slice(0, 300);
  return {
    task: 'design.plan',
    params,
    label,
    run: {
      id: runId,
      kind: spec.kind,
      label,
      inputs: { discoverRunId: discover.id, ...(dataset ? { datasetId: dataset.id } : {}) },
      params: {
        goal: spec.goal,
        objective: spec.objective,
        budget: spec.budget,
        rounds: spec.rounds,
        interventionType: spec.interventionType,
        pool: spec.pool ? `list of ${spec.pool.length}` : 'all genes',
        ...(spec.goal === 'target'
          ? {
              acquisition: spec.acquisition ?? 'civ',
              shiftSize: spec.shiftSize ?? 1,
              cellsPerRound: spec.cellsPerRound ?? 100,
              target: targetLabel(spec.target),
            }
          : {}),
      },
      seed: spec.seed,
      resultFile: result.relPath,
    },
  };
};
