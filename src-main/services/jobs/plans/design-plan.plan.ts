import { existsSync } from 'node:fs';
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
    spec: { ...spec },
    inputs: {
      network: {
        id: discover.id,
        name: discover.label,
        sha256: typeof dataHash === 'string' ? dataHash : null,
      },
    },
    appVersion: appVersion(),
    resultPath: result.absPath,
  };
  const label = `Experiment plan (${spec.budget} × ${spec.rounds}): ${discover.label}`.slice(0, 300);
  return {
    task: 'design.plan',
    params,
    label,
    run: {
      id: runId,
      kind: spec.kind,
      label,
      inputs: { discoverRunId: discover.id },
      params: {
        goal: spec.goal,
        objective: spec.objective,
        budget: spec.budget,
        rounds: spec.rounds,
        interventionType: spec.interventionType,
        pool: spec.pool ? `list of ${spec.pool.length}` : 'all genes',
      },
      seed: spec.seed,
      resultFile: result.relPath,
    },
  };
};
