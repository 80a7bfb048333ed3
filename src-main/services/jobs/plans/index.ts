import type { JobKind, JobSpec } from '#shared/contracts/jobs.ts';
import type { ProjectService } from '../../projects/project-service.ts';
import { planDesignPlan } from './design-plan.plan.ts';
import { planDatasetImport } from './dataset-import.plan.ts';
import { planDatasetSummary } from './dataset-summary.plan.ts';
import { planDrugsRank } from './drugs-rank.plan.ts';
import { planNetworkDiscover } from './network-discover.plan.ts';
import { planModelImport } from './model-import.plan.ts';
import { planModelTrain } from './model-train.plan.ts';
import type { Plan, PlanEnv, Planner } from './plan.ts';
import { planReferenceImport } from './reference-import.plan.ts';
import { planSignatureBuild } from './signature-build.plan.ts';
import { planTargetsRank } from './targets-rank.plan.ts';
import { planTargetsSteiner } from './targets-steiner.plan.ts';
import { planTargetsSweep } from './targets-sweep.plan.ts';
import { planTransportPredict } from './transport-predict.plan.ts';
import { planTransportValidate } from './transport-validate.plan.ts';
import { planGimPredict, planGimTrain, planGimValidate } from '../../gim/gim-plans.ts';

/** One planner per job kind; the mapped type makes a missing kind a compile error. */
const planners: { [K in JobKind]: Planner<K> } = {
  'dataset.summary': planDatasetSummary,
  'drugs.rank': planDrugsRank,
  'network.discover': planNetworkDiscover,
  'dataset.import': planDatasetImport,
  'reference.import': planReferenceImport,
  'signature.build': planSignatureBuild,
  'transport.validate': planTransportValidate,
  'transport.predict': planTransportPredict,
  'model.train': planModelTrain,
  'model.import': planModelImport,
  'targets.steiner': planTargetsSteiner,
  'targets.sweep': planTargetsSweep,
  'targets.rank': planTargetsRank,
  'design.plan': planDesignPlan,
  'gim.train': planGimTrain,
  'gim.predict': planGimPredict,
  'gim.validate': planGimValidate,
};

export function planJob(
  spec: JobSpec,
  projects: ProjectService,
  runId: string,
  env: PlanEnv = { provider: 'auto' },
): Plan {
  const planner = planners[spec.kind] as Planner<JobKind>;
  return planner(spec, projects, runId, env);
}

export { isFanOut, type Chunk, type FanOutPlan, type Plan, type PlanEnv } from './plan.ts';
