import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { serialize } from 'node:v8';
import { z } from 'zod';
import { CausewayError } from '#shared/lib/result.ts';
import { writeFileAtomic } from '../../../compute/io/atomic-write.ts';

/**
 * What one job array runs, written beside its logs on the shared file system: every chunk (task name,
 * params, where its output goes) and which chunks each array index runs. Outputs are keyed by the
 * chunk's content, so a resubmitted job finds the chunks a previous submission finished.
 */
export const ArraySpec = z.object({
  version: z.literal(1),
  jobId: z.string(),
  tasks: z.array(z.object({ task: z.string(), params: z.unknown(), out: z.string() })),
  /** Array index → indices into `tasks`. */
  groups: z.array(z.array(z.number().int().min(0))),
});
export type ArraySpec = z.infer<typeof ArraySpec>;

/** Where and when a chunk ran; written before its output, so an output always has one. */
export const ChunkMeta = z.object({
  node: z.string(),
  arrayJobId: z.string().nullable(),
  arrayTaskId: z.string().nullable(),
  startedAt: z.string(),
  endedAt: z.string(),
});
export type ChunkMeta = z.infer<typeof ChunkMeta>;

export const metaPath = (out: string): string => `${out}.meta.json`;

export function readArraySpec(path: string): ArraySpec {
  if (!existsSync(path)) throw new CausewayError('E_NOT_FOUND', `No array spec ${path}.`);
  const parsed = ArraySpec.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new CausewayError('E_INVALID_INPUT', `${path} is not a Causeway array spec.`);
  return parsed.data;
}

/**
 * One array task: run each of its chunks that has no output yet with `runTask` (the worker code the
 * local pool runs) and write the result atomically (v8 serialisation, as worker IPC carries it), so a
 * task killed mid-write leaves no output and the chunk simply runs again.
 */
export async function runArrayTask(
  specPath: string,
  index: number,
  runTask: (task: string, params: unknown, jobId: string) => Promise<unknown>,
): Promise<number> {
  const spec = readArraySpec(specPath);
  const group = spec.groups[index];
  if (!group) throw new CausewayError('E_INVALID_INPUT', `${specPath} has no array index ${index}.`);
  let ran = 0;
  for (const t of group) {
    const chunk = spec.tasks[t];
    if (!chunk) throw new CausewayError('E_INVALID_INPUT', `${specPath} has no chunk ${t}.`);
    if (existsSync(chunk.out)) continue;
    const startedAt = new Date().toISOString();
    const value = await runTask(chunk.task, chunk.params, `${spec.jobId}~${t}`);
    const meta: ChunkMeta = {
      node: process.env['SLURMD_NODENAME'] ?? hostname(),
      arrayJobId: process.env['SLURM_ARRAY_JOB_ID'] ?? null,
      arrayTaskId: process.env['SLURM_ARRAY_TASK_ID'] ?? null,
      startedAt,
      endedAt: new Date().toISOString(),
    };
    writeFileAtomic(metaPath(chunk.out), JSON.stringify(meta));
    writeFileAtomic(chunk.out, serialize(value));
    ran++;
  }
  return ran;
}
