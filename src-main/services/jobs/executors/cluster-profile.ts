import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { CausewayError } from '#shared/lib/result.ts';

/**
 * How fanned-out jobs are submitted to a SLURM cluster: what every array task asks for, the command a
 * compute node runs (with a prefix such as `module load nodejs`), and where the chunks live. The work
 * folder must be on a file system the compute nodes share (home or project space, not /tmp).
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

/** Profiles by name: `{ "profiles": { "default": {…}, "bigmem": {…} } }`. */
const ClusterProfiles = z.object({ profiles: z.record(z.string(), ClusterProfile) });

/** ~/.causeway/cluster.json unless CAUSEWAY_CLUSTER_PROFILES names another file: one file for app and CLI. */
export const clusterProfilesPath = (): string =>
  process.env['CAUSEWAY_CLUSTER_PROFILES'] ?? join(homedir(), '.causeway', 'cluster.json');

/** The named profile; with no file at all, "default" is SLURM's defaults (fine on most clusters). */
export function loadClusterProfile(name = 'default', file = clusterProfilesPath()): ClusterProfile {
  if (!existsSync(file)) {
    if (name === 'default') return ClusterProfile.parse({});
    throw new CausewayError('E_NOT_FOUND', `No cluster profile file ${file}, so no profile "${name}".`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CausewayError('E_INVALID_INPUT', `${file} is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = ClusterProfiles.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${file}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid cluster profile'}`,
    );
  }
  const profile = parsed.data.profiles[name];
  if (!profile) {
    const names = Object.keys(parsed.data.profiles).join(', ') || 'none';
    throw new CausewayError('E_NOT_FOUND', `No cluster profile "${name}" in ${file} (profiles: ${names}).`);
  }
  return profile;
}
