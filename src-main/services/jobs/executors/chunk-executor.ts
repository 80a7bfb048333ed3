import type { JobProgress } from '#shared/contracts/jobs.ts';
import type { RunRecord } from '#shared/domain/project.ts';
import type { PoolTask } from '../worker-pool.ts';

/**
 * Runs a fan-out job's chunks somewhere other than the local worker pool (a SLURM cluster), with the
 * pool's `map` contract: results in input order, `onDone` per finished chunk, abort cancels.
 */
export interface ChunkExecutor {
  /** Recorded in the run's provenance as `executor`. */
  readonly name: string;
  /** Stability runs per chunk the planner should make (PlanEnv.runsPerChunk); unset: the pool's default. */
  readonly runsPerChunk?: number;
  /** Null draws per chunk of a drug ranking (PlanEnv.permutationsPerChunk); unset: one task does them all. */
  readonly permutationsPerChunk?: number;
  map(
    tasks: PoolTask[],
    onDone?: (index: number, done: number) => void,
    options?: { signal?: AbortSignal; onProgress?: (index: number, progress: JobProgress) => void },
  ): Promise<unknown[]>;
  /** What the run records about where it ran (array ids, each task's node and time). */
  provenance(): RunRecord['params'];
}
