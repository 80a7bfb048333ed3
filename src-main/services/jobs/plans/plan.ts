import type { JobKind, JobSpec } from '#shared/contracts/jobs.ts';
import type { RunRecord } from '#shared/domain/project.ts';
import type { ExecutionProviderSetting } from '#shared/contracts/transport.ts';
import type { TaskName, TaskParams, TaskResult } from '#shared/contracts/tasks.ts';
import type { ProjectService } from '../../projects/project-service.ts';

type ParamValue = RunRecord['params'][string];

interface PlanBase {
  label: string;
  run: Omit<RunRecord, 'createdAt' | 'elapsedMs' | 'appVersion'>;
  /** Removes what a failed or cancelled job may have left (temp folders), even when its worker was killed. */
  discard?: () => void;
}

/** One worker task does the whole job and writes the result file itself. */
export type SinglePlan = { [K in TaskName]: PlanBase & { task: K; params: TaskParams<K> } }[TaskName];

/** One independent piece of a fan-out job; `weight` is its share of the progress bar (default 1). */
export interface Chunk<K extends TaskName = TaskName> {
  task: K;
  params: TaskParams<K>;
  weight?: number;
}

/**
 * Independent chunks (stability subsamples, batches) run over the worker pool in any order; `reduce`
 * runs in main once all have finished, with their values in chunk order, combines them (cheap work
 * only: counting, merging) and writes the result file. What it returns is added to the run's params.
 */
export interface FanOutPlan<K extends TaskName = TaskName> extends PlanBase {
  chunks: Chunk<K>[];
  /**
   * A worker task run where the job started once every chunk is done, before `reduce`: combining that
   * reads large outputs (a split drug ranking's parts) belongs in a worker, not in main.
   */
  finish?: { [T in TaskName]: { task: T; params: TaskParams<T> } }[TaskName];
  reduce(values: TaskResult<K>[]): Record<string, ParamValue> | undefined;
}

/** How a job spec becomes worker work: which tasks, with what (path-checked) params, recorded how. */
export type Plan = SinglePlan | FanOutPlan;

export const isFanOut = (plan: Plan): plan is FanOutPlan => 'chunks' in plan;

/** A fan-out plan whose `reduce` gets its task's results, typed (K is inferred from the chunks). */
export const fanOut = <K extends TaskName>(plan: FanOutPlan<K>): FanOutPlan => plan;

/** App-wide settings a planner may need (model-backed jobs use the pinned execution provider). */
export interface PlanEnv {
  provider: ExecutionProviderSetting;
  /** Stability runs per chunk, when the executor sets it (a cluster wants many small chunks); default ~16 chunks. */
  runsPerChunk?: number;
  /** Null draws per chunk of a drug ranking, when the executor sets it; unset: one task does them all. */
  permutationsPerChunk?: number;
}

export type Planner<K extends JobKind> = (
  spec: Extract<JobSpec, { kind: K }>,
  projects: ProjectService,
  runId: string,
  env: PlanEnv,
) => Plan;
