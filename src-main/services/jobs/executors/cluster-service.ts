import type { ClusterEstimate, ClusterProfileInput, ClusterState } from '#shared/contracts/cluster.ts';
import type { JobKind, JobSpec } from '#shared/contracts/jobs.ts';
import { newId } from '#shared/lib/ids.ts';
import { CausewayError, toAppError } from '#shared/lib/result.ts';
import type { ProjectService } from '../../projects/project-service.ts';
import { isFanOut, planJob, type PlanEnv } from '../plans/index.ts';
import type { Chunk } from '../plans/plan.ts';
import { estimateWall, gspRunMs, idleCpus, rankMs, sbatchReachable } from './cluster-estimate.ts';
import {
  clusterProfilesPath,
  deleteClusterProfile,
  loadClusterProfile,
  readClusterProfiles,
  saveClusterProfile,
  type ClusterProfile,
} from './cluster-profile.ts';
import { SlurmExecutor } from './slurm-executor.ts';

/** The job kinds the CLI sends to SLURM too (their fan-outs, or one task as an array of one). */
export const CLUSTER_KINDS: readonly JobKind[] = [
  'network.discover',
  'drugs.rank',
  'targets.steiner',
  'targets.sweep',
  'transport.validate',
];

/**
 * The app's side of the cluster profiles and the SLURM executor: the profiles of the one config file
 * the CLI reads (`~/.causeway/cluster.json` or $CAUSEWAY_CLUSTER_PROFILES), the estimate and batch
 * script shown before a submission, and the executor a job started from the UI runs on.
 */
export class ClusterService {
  constructor(
    private readonly projects: ProjectService,
    private readonly env: () => PlanEnv,
    private readonly file: () => string = clusterProfilesPath,
    private readonly canSubmit: () => Promise<boolean> = sbatchReachable,
  ) {}

  /** Asked once per backend: whether this host has sbatch does not change while the app runs. */
  private reachable: Promise<boolean> | null = null;
  private sbatch(): Promise<boolean> {
    return (this.reachable ??= this.canSubmit());
  }

  async state(): Promise<ClusterState> {
    const file = this.file();
    const sbatch = await this.sbatch();
    try {
      return { file, profiles: readClusterProfiles(file), sbatch, error: null };
    } catch (e) {
      return { file, profiles: {}, sbatch, error: toAppError(e).message };
    }
  }

  save(name: string, profile: ClusterProfileInput, previousName?: string): Promise<ClusterState> {
    saveClusterProfile(name, profile, previousName, this.file());
    return this.state();
  }

  remove(name: string): Promise<ClusterState> {
    deleteClusterProfile(name, this.file());
    return this.state();
  }

  /** The executor of a job the UI sends to the cluster under profile `name`. */
  async executor(name: string, spec: JobSpec): Promise<SlurmExecutor> {
    if (!CLUSTER_KINDS.includes(spec.kind)) {
      throw new CausewayError('E_UNSUPPORTED', `A ${spec.kind} job runs on this computer only.`);
    }
    if (!(await this.sbatch())) {
      throw new CausewayError(
        'E_UNSUPPORTED',
        'sbatch is not reachable from this computer: run Causeway (server mode) on a SLURM login node.',
      );
    }
    const profile = this.profile(name);
    return new SlurmExecutor(profile, this.workDir(profile), `causeway-${spec.kind}`);
  }

  /**
   * Plans the job (without running it) under profile `name`: its chunks, their cost from the per-kind
   * model, the partition's idle cores from sinfo, and the array's batch script. The script's array spec
   * is written to the work folder, so that the saved script can be submitted by hand as it is.
   */
  async estimate(spec: JobSpec, name: string): Promise<ClusterEstimate> {
    if (!CLUSTER_KINDS.includes(spec.kind)) {
      throw new CausewayError('E_UNSUPPORTED', `A ${spec.kind} job runs on this computer only.`);
    }
    const profile = this.profile(name);
    const executor = new SlurmExecutor(profile, this.workDir(profile), `causeway-${spec.kind}`);
    const plan = planJob(spec, this.projects, newId('run'), {
      ...this.env(),
      ...(profile.runsPerChunk !== undefined ? { runsPerChunk: profile.runsPerChunk } : {}),
      permutationsPerChunk: executor.permutationsPerChunk,
    });
    try {
      const chunks: Chunk[] = isFanOut(plan) ? plan.chunks : [{ task: plan.task, params: plan.params }];
      const jobId = newId('job');
      const script = executor.printScript(
        chunks.map((c, i) => ({ task: c.task, params: c.params, jobId: `${jobId}~${i}` })),
      );
      const chunkCostsMs = chunks.map((c) => this.chunkCost(spec, c));
      const availableCores = await idleCpus(profile.partition);
      const { arrayTasks, wallMs } = estimateWall({
        chunkCostsMs,
        chunksPerTask: profile.chunksPerTask,
        cpusPerTask: profile.cpusPerTask,
        availableCores,
      });
      const costs = chunkCostsMs.filter((c): c is number => c !== null);
      const chunkCostMs = costs.length === chunks.length && costs.length > 0 ? Math.max(...costs) : null;
      return {
        chunks: chunks.length,
        arrayTasks,
        chunkCostMs,
        availableCores,
        wallMs,
        model:
          chunkCostMs === null
            ? `No measured cost for ${spec.kind}${spec.kind === 'network.discover' ? ` with ${spec.algorithm}` : ''}: bench:cluster in the README measures GSP stability runs and drug rankings.`
            : availableCores === null
              ? 'sinfo gave no idle cores, so no wall time: the cost per chunk is from bench:cluster (README).'
              : `Array tasks in order on ${availableCores} idle core(s) (sinfo), ${profile.cpusPerTask} per task, each ` +
                'costing its chunks plus 1.5 s start-up; chunk cost from bench:cluster (README); queue wait not included.',
        script,
      };
    } finally {
      plan.discard?.();
    }
  }

  private profile(name: string): ClusterProfile {
    return loadClusterProfile(name, this.file());
  }

  /** Default work folder: the project's own `cluster` folder (a project on shared storage is shared). */
  private workDir(profile: ClusterProfile): string {
    return profile.workDir ?? this.projects.resolveFile('cluster');
  }

  /** One chunk's cost on one core from the per-kind model; null where the model has none. */
  private chunkCost(spec: JobSpec, chunk: Chunk): number | null {
    if (spec.kind === 'network.discover') {
      if (spec.algorithm !== 'gsp') return null;
      const genes = this.geneCount(spec);
      const params = chunk.params as { part?: { kind: string; runs?: unknown[] } };
      const runs = params.part?.kind === 'stability' ? (params.part.runs?.length ?? 0) : 1;
      return genes === null ? null : runs * gspRunMs(genes);
    }
    if (spec.kind === 'drugs.rank') {
      // A split ranking's chunk scores the observed labelling and its own range of draws.
      const split = (chunk.params as { split?: { count: number } | null }).split;
      return rankMs(
        this.projects.dataset(spec.collectionDatasetId).nSamples,
        split?.count ?? spec.permutations,
      );
    }
    return null;
  }

  private geneCount(spec: Extract<JobSpec, { kind: 'network.discover' }>): number | null {
    const g = spec.genes;
    if (g.mode === 'topVariable') return g.n;
    if (g.mode === 'list') return g.genes.length;
    if (g.mode === 'all') return this.projects.dataset(spec.datasetId).nGenes;
    if (g.mode === 'network') return this.projects.network(g.networkId).nNodes;
    return null;
  }
}
