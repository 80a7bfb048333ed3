import { z } from 'zod';
import { JobSpec } from './jobs.ts';

/**
 * How fanned-out jobs are submitted to a SLURM cluster: what every array task asks for, the command a
 * compute node runs (with a prefix such as `module load nodejs`), and where the chunks live. The work
 * folder must be on a file system the compute nodes share (home or project space, not /tmp). One schema
 * for the CLI's reader and the app's Settings, so a profile saved in one is valid in the other.
 */
export const ClusterProfile = z.object({
  partition: z.string().min(1).optional(),
  account: z.string().min(1).optional(),
  /** SLURM time limit per array task, e.g. "01:00:00". */
  time: z.string().min(1).optional(),
  /** Memory per array task, e.g. "4G". */
  memory: z.string().min(1).optional(),
  cpusPerTask: z.number().int().min(1).max(1024).default(1),
  /** At most this many array tasks run at once (`--array …%N`). */
  maxConcurrent: z.number().int().min(1).optional(),
  /** Extra `#SBATCH` options, one per entry, e.g. "--qos=short". */
  sbatchOptions: z
    .array(z.string().regex(/^--?[A-Za-z]/, 'an sbatch option starts with - or --'))
    .default([]),
  /** Shell lines run before the task on the compute node, e.g. "module load nodejs/20". */
  prefix: z.array(z.string()).default([]),
  /** The causeway command on the compute nodes; default: this Node and this installation's bin/causeway.mjs. */
  command: z.string().min(1).optional(),
  /**
   * Stability runs per chunk (discover): one array task each. Default: the desktop's ~16 chunks, which
   * leaves a large allocation idle; set it so that runs ÷ runsPerChunk is about the cores you get.
   */
  runsPerChunk: z.number().int().min(1).optional(),
  /** Null draws per array task of a drug ranking (rank); default 100. */
  permutationsPerChunk: z.number().int().min(1).optional(),
  /** Planner chunks per array task: larger amortises each task's start-up over more work. */
  chunksPerTask: z.number().int().min(1).default(1),
  /** Submissions of one task before the job fails (first run + retries). */
  attempts: z.number().int().min(1).max(10).default(3),
  /** How often squeue is asked for the array's state. */
  pollMs: z.number().int().min(50).default(2000),
  /** Where specs, logs and chunk outputs go (shared file system); default: the project's cluster folder. */
  workDir: z.string().min(1).optional(),
});
export type ClusterProfile = z.infer<typeof ClusterProfile>;
/** A profile as typed in a form: defaults not yet applied. */
export type ClusterProfileInput = z.input<typeof ClusterProfile>;

/** A profile's name: a word that is safe in a file, a flag (`--profile NAME`) and a menu. */
export const ProfileName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][\w.-]*$/, 'a profile name is letters, digits, ".", "_" or "-"');

/** Profiles by name: `{ "profiles": { "default": {…}, "bigmem": {…} } }`. */
export const ClusterProfiles = z.object({ profiles: z.record(ProfileName, ClusterProfile) });
export type ClusterProfiles = z.infer<typeof ClusterProfiles>;

/** Where a job runs: the local worker pool (default) or a SLURM job array under a named profile. */
export const JobExecutorChoice = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local') }).strict(),
  z.object({ kind: z.literal('slurm'), profile: ProfileName }).strict(),
]);
export type JobExecutorChoice = z.infer<typeof JobExecutorChoice>;

export const ClusterState = z.object({
  /** The config file the CLI reads too. */
  file: z.string(),
  profiles: z.record(z.string(), ClusterProfile),
  /** sbatch is on this host's PATH: only then can a job be submitted from here. */
  sbatch: z.boolean(),
  /** Why the file could not be read (it is then left alone until fixed or overwritten). */
  error: z.string().nullable(),
});
export type ClusterState = z.infer<typeof ClusterState>;

export const ClusterEstimate = z.object({
  chunks: z.number().int().min(0),
  arrayTasks: z.number().int().min(0),
  /** Cost of one chunk on one core, from the per-kind model (README "Running on a SLURM cluster"). */
  chunkCostMs: z.number().min(0).nullable(),
  /** Idle cores of the profile's partition (sinfo); null when sinfo gave none. */
  availableCores: z.number().int().min(0).nullable(),
  /** Expected wall time of the array, queue wait not included; null without a cost or cores. */
  wallMs: z.number().min(0).nullable(),
  /** How the estimate was made, in a sentence. */
  model: z.string(),
  /** The array's batch script, as it would be submitted (for users who submit by hand). */
  script: z.string(),
});
export type ClusterEstimate = z.infer<typeof ClusterEstimate>;

export const clusterMethods = {
  /** The cluster profiles of the shared config file, and whether sbatch is reachable from this host. */
  'cluster.profiles': { input: z.object({}).strict(), output: ClusterState },
  /** Adds or replaces a profile (renaming when `previousName` differs); atomic write of the file. */
  'cluster.saveProfile': {
    input: z
      .object({ name: ProfileName, profile: ClusterProfile, previousName: ProfileName.optional() })
      .strict(),
    output: ClusterState,
  },
  'cluster.deleteProfile': { input: z.object({ name: ProfileName }).strict(), output: ClusterState },
  /** Plans the job without running it: its chunks, the expected wall time on the cluster, the script. */
  'cluster.estimate': {
    input: z.object({ spec: JobSpec, profile: ProfileName }).strict(),
    output: ClusterEstimate,
  },
} as const;
