import { execFile } from 'node:child_process';

/**
 * The per-kind cost model behind the estimate shown before a job goes to SLURM, with the unit costs
 * `npm run bench:cluster` measured on the 2-core development VM (README, "Running on a SLURM cluster"):
 * a GSP stability run costs ≈ 12 min at 2,000 genes and grows as genes^3 (fitted exponent 2.8–3.1); a
 * drug ranking costs 4.2 µs per signature × scored labelling (the observed one and each permutation);
 * an array task's start-up (`causeway run-task` and its compute worker) is ≈ 1.5 s. Other kinds have no
 * model, and their estimate says so instead of inventing one.
 */
export const COST_MODEL = {
  gspRunMsAt2000Genes: 12 * 60_000,
  gspGeneExponent: 3,
  rankUsPerSignaturePermutation: 4.2,
  taskStartupMs: 1_500,
} as const;

/** One GSP run on `genes` genes, in ms on one core. */
export const gspRunMs = (genes: number): number =>
  COST_MODEL.gspRunMsAt2000Genes * (genes / 2000) ** COST_MODEL.gspGeneExponent;

/** A drug ranking of `signatures` signatures with `permutations` null draws, in ms on one core. */
export const rankMs = (signatures: number, permutations: number): number =>
  (COST_MODEL.rankUsPerSignaturePermutation * signatures * (permutations + 1)) / 1000;

export interface WallEstimate {
  arrayTasks: number;
  /** Expected wall time; null when a chunk has no cost or the cores are unknown. */
  wallMs: number | null;
}

/**
 * Expected wall time of a job array: chunks grouped `chunksPerTask` to a task (as the executor groups
 * them), each task costing its chunks plus one start-up, started in index order on
 * ⌊available cores ÷ CPUs per task⌋ slots as they free up (how SLURM runs an array with room for only
 * some of it). With equal tasks this is the README's ceil(tasks ÷ slots) × task cost; queue wait is
 * not included.
 */
export function estimateWall(o: {
  chunkCostsMs: readonly (number | null)[];
  chunksPerTask: number;
  cpusPerTask: number;
  availableCores: number | null;
  startupMs?: number;
}): WallEstimate {
  const per = Math.max(1, o.chunksPerTask);
  const arrayTasks = Math.ceil(o.chunkCostsMs.length / per);
  if (arrayTasks === 0) return { arrayTasks, wallMs: 0 };
  if (o.availableCores === null || o.chunkCostsMs.some((c) => c === null))
    return { arrayTasks, wallMs: null };
  const slots = Math.min(arrayTasks, Math.floor(o.availableCores / Math.max(1, o.cpusPerTask)));
  if (slots < 1) return { arrayTasks, wallMs: null };
  const startup = o.startupMs ?? COST_MODEL.taskStartupMs;
  const free = new Float64Array(slots); // when each slot next becomes free
  for (let t = 0; t < arrayTasks; t++) {
    let cost = startup;
    for (let c = t * per; c < Math.min(o.chunkCostsMs.length, (t + 1) * per); c++) cost += o.chunkCostsMs[c]!;
    let slot = 0;
    for (let s = 1; s < slots; s++) if (free[s]! < free[slot]!) slot = s;
    free[slot]! += cost;
  }
  return { arrayTasks, wallMs: Math.max(...free) };
}

/** stdout of a command, or null when it is missing, fails or hangs (never blocks the caller's event loop). */
function output(cmd: string, args: string[], timeout: number): Promise<string | null> {
  return new Promise((resolve) =>
    execFile(cmd, args, { encoding: 'utf8', timeout }, (error, stdout) => resolve(error ? null : stdout)),
  );
}

/**
 * Idle CPUs of the partition (all partitions without one), from sinfo's allocated/idle/other/total;
 * null without SLURM. The estimate divides by these: cores another user holds do not run this job.
 */
export async function idleCpus(partition: string | undefined): Promise<number | null> {
  const out = await output('sinfo', ['-h', '-o', '%C', ...(partition ? ['-p', partition] : [])], 30_000);
  if (out === null || out.trim() === '') return null;
  const idle = out
    .trim()
    .split('\n')
    .map((line) => Number(line.split('/')[1]));
  return idle.every(Number.isFinite) ? idle.reduce((a, b) => a + b, 0) : null;
}

/** sbatch answers on this host: only then may the app offer to submit here. */
export async function sbatchReachable(): Promise<boolean> {
  return (await output('sbatch', ['--version'], 10_000)) !== null;
}
