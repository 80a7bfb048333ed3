import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize } from 'node:v8';
import type { JobProgress } from '#shared/contracts/jobs.ts';
import type { RunRecord } from '#shared/domain/project.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { writeFileAtomic } from '../../../compute/io/atomic-write.ts';
import type { PoolTask } from '../worker-pool.ts';
import { ChunkMeta, metaPath, type ArraySpec } from './array-spec.ts';
import type { ChunkExecutor } from './chunk-executor.ts';
import type { ClusterProfile } from './cluster-profile.ts';
import { sbatchScript } from './sbatch-script.ts';

/** squeue states in which a task will still run (or is running); any other state means it has left. */
const ACTIVE = new Set([
  'PENDING',
  'CONFIGURING',
  'RUNNING',
  'COMPLETING',
  'REQUEUED',
  'RESIZING',
  'SUSPENDED',
]);
/** Null draws per array task of a drug ranking: ~10 tasks for the usual 1,000, each minutes at CMap scale. */
const DEFAULT_PERMUTATIONS_PER_CHUNK = 100;
/** A task that left the queue without output is failed only after this many polls (shared-FS caching). */
const MISSING_POLLS = 2;

interface Prepared {
  spec: ArraySpec;
  specPath: string;
  jobDir: string;
}

interface ChunkRecord {
  index: number;
  attempts: number;
  reused: boolean;
  meta: ChunkMeta | null;
}

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(cmd, args, { encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      reject(
        new CausewayError(
          missing ? 'E_UNSUPPORTED' : 'E_IO',
          missing
            ? `${cmd} was not found: run Causeway on a SLURM login node (or choose the local executor).`
            : `${cmd} ${args.join(' ')} failed: ${(stderr || error.message).trim()}`,
        ),
      );
    }),
  );
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** The last lines of a task's log, for the error that names it. */
function logTail(path: string, lines = 6): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log was written)';
  }
}

/**
 * Fan-out chunks as one SLURM job array: each array task runs `causeway run-task` on its chunks (the same
 * worker code as the local pool), writing outputs atomically to the shared work folder; `map` returns
 * them in chunk order once all exist, and the caller reduces where the job started. Progress comes from
 * squeue; abort is scancel; a task that leaves the queue without its output (failed, killed, pre-empted,
 * timed out) is resubmitted up to `attempts` submissions, then the job fails naming the task and its log.
 * Chunk outputs are keyed by task and params, so resubmitting a failed or cancelled job reuses them.
 */
export class SlurmExecutor implements ChunkExecutor {
  readonly name = 'slurm';
  readonly runsPerChunk: number | undefined;
  readonly permutationsPerChunk: number;
  private readonly arrays: string[] = [];
  private records: ChunkRecord[] = [];
  /** Array index → the state squeue last showed it in before it left without output (TIMEOUT, FAILED…). */
  private readonly lastState = new Map<number, string>();

  constructor(
    private readonly profile: ClusterProfile,
    /** On a file system the compute nodes share. */
    private readonly workDir: string,
    private readonly jobName = 'causeway',
  ) {
    this.runsPerChunk = profile.runsPerChunk;
    this.permutationsPerChunk = profile.permutationsPerChunk ?? DEFAULT_PERMUTATIONS_PER_CHUNK;
  }

  /** Writes the array spec and returns the batch script of the whole array, for users who submit by hand. */
  printScript(tasks: PoolTask[]): string {
    const { spec, specPath, jobDir } = this.prepare(tasks);
    return this.script(
      spec,
      specPath,
      jobDir,
      spec.groups.map((_, g) => g),
      1,
    );
  }

  async map(
    tasks: PoolTask[],
    onDone?: (index: number, done: number) => void,
    options: { signal?: AbortSignal; onProgress?: (index: number, progress: JobProgress) => void } = {},
  ): Promise<unknown[]> {
    const { spec, specPath, jobDir } = this.prepare(tasks);
    const outs = spec.tasks.map((t) => t.out);
    const groupDone = (g: number): boolean => spec.groups[g]!.every((t) => existsSync(outs[t]!));
    // One executor may serve several jobs: provenance is of the latest.
    this.records = tasks.map((_, index) => ({ index, attempts: 0, reused: false, meta: null }));
    this.arrays.length = 0;
    this.lastState.clear();
    let doneChunks = 0;
    const finish = (g: number): void => {
      for (const t of spec.groups[g]!) onDone?.(t, ++doneChunks);
    };
    let waiting: number[] = [];
    spec.groups.forEach((group, g) => {
      if (!groupDone(g)) return waiting.push(g);
      for (const t of group) this.records[t]!.reused = true;
      finish(g);
    });

    for (let attempt = 1; waiting.length > 0; attempt++) {
      if (options.signal?.aborted) throw new CausewayError('E_CANCELLED', 'The job was cancelled.');
      if (attempt > this.profile.attempts) {
        const g = waiting[0]!;
        const log = this.logPath(jobDir, g, attempt - 1);
        throw new CausewayError(
          'E_WORKER_CRASHED',
          `SLURM array task ${g} (chunks ${spec.groups[g]!.join(', ')}) failed ${this.profile.attempts} ` +
            `time(s) (last state ${this.lastState.get(g) ?? 'unknown'}); its last log is ${log}:\n${logTail(log)}`,
        );
      }
      for (const g of waiting) for (const t of spec.groups[g]!) this.records[t]!.attempts = attempt;
      waiting = await this.runArray(spec, specPath, jobDir, waiting, attempt, finish, groupDone, options);
    }
    this.records.forEach((r, t) => {
      const path = metaPath(outs[t]!);
      if (existsSync(path)) r.meta = ChunkMeta.parse(JSON.parse(readFileSync(path, 'utf8')));
    });
    const values = outs.map((out) => deserialize(readFileSync(out)) as unknown);
    // The run has its values: its chunks and logs are not needed to reproduce or resume anything.
    for (const out of outs) for (const f of [out, metaPath(out)]) rmSync(f, { force: true });
    rmSync(jobDir, { recursive: true, force: true });
    return values;
  }

  provenance(): RunRecord['params'] {
    return {
      executor: 'slurm',
      slurmArrayIds: this.arrays.join(','),
      // Every chunk: the node and times it ran, its submissions, and whether an earlier submission made it.
      slurmTasks: JSON.stringify(
        this.records.map((r) => ({
          chunk: r.index,
          node: r.meta?.node ?? null,
          arrayJob: r.meta?.arrayJobId ?? null,
          arrayTask: r.meta?.arrayTaskId ?? null,
          start: r.meta?.startedAt ?? null,
          end: r.meta?.endedAt ?? null,
          attempts: r.attempts,
          reused: r.reused,
        })),
      ),
    };
  }

  /** One submission of the `groups` still missing; resolves with those that left the queue without output. */
  private async runArray(
    spec: ArraySpec,
    specPath: string,
    jobDir: string,
    groups: number[],
    attempt: number,
    finish: (g: number) => void,
    groupDone: (g: number) => boolean,
    options: { signal?: AbortSignal; onProgress?: (index: number, progress: JobProgress) => void },
  ): Promise<number[]> {
    const { signal, onProgress } = options;
    const scriptPath = join(jobDir, `submit.try${attempt}.sh`);
    writeFileSync(scriptPath, this.script(spec, specPath, jobDir, groups, attempt), { mode: 0o755 });
    const arrayId = (await run('sbatch', ['--parsable', scriptPath])).trim().split(';')[0]!;
    this.arrays.push(arrayId);
    const live = new Set(groups);
    const absent = new Map<number, number>();
    const failed: number[] = [];
    try {
      while (live.size > 0) {
        await sleep(this.profile.pollMs, signal);
        signal?.throwIfAborted();
        const queue = await squeue(arrayId);
        const active = new Map<number, boolean>(); // group → running (else pending)
        for (const g of [...live]) {
          if (groupDone(g)) {
            live.delete(g);
            finish(g);
            continue;
          }
          const state = queue.get(g);
          if (state) this.lastState.set(g, state);
          if (state && ACTIVE.has(state)) {
            absent.delete(g);
            active.set(g, state !== 'PENDING');
            continue;
          }
          const polls = (absent.get(g) ?? 0) + 1;
          absent.set(g, polls);
          if (polls >= MISSING_POLLS) {
            live.delete(g);
            failed.push(g);
          }
        }
        const running = [...active.values()].filter(Boolean).length;
        const done = spec.groups.length - live.size - failed.length;
        const phase =
          `SLURM array ${arrayId}: ${active.size - running} pending, ${running} running, ` +
          `${done} of ${spec.groups.length} tasks done`;
        // A running task reports no fraction of its own: count it half done, a pending one not started.
        for (const [g, isRunning] of active) {
          for (const t of spec.groups[g]!)
            onProgress?.(t, { phase, fraction: isRunning ? 0.5 : 0, etaMs: null });
        }
      }
    } catch (e) {
      // Cancelled (or squeue failed): nothing of this array may keep running on the cluster.
      await run('scancel', [arrayId]).catch(() => undefined);
      if (signal?.aborted) throw new CausewayError('E_CANCELLED', 'The job was cancelled.');
      throw e;
    }
    return failed;
  }

  private prepare(tasks: PoolTask[]): Prepared {
    const jobId = (tasks[0]?.jobId ?? 'job').split('~')[0]!;
    const jobDir = join(this.workDir, 'jobs', jobId);
    const chunkDir = join(this.workDir, 'chunks');
    mkdirSync(join(jobDir, 'logs'), { recursive: true });
    mkdirSync(chunkDir, { recursive: true });
    const key = (t: PoolTask): string =>
      createHash('sha256')
        .update(JSON.stringify([t.task, t.params]))
        .digest('hex')
        .slice(0, 32);
    const per = this.profile.chunksPerTask;
    const spec: ArraySpec = {
      version: 1,
      jobId,
      tasks: tasks.map((t) => ({ task: t.task, params: t.params, out: join(chunkDir, `${key(t)}.v8`) })),
      groups: Array.from({ length: Math.ceil(tasks.length / per) }, (_, g) =>
        Array.from({ length: Math.min(per, tasks.length - g * per) }, (_, i) => g * per + i),
      ),
    };
    const specPath = join(jobDir, 'spec.json');
    writeFileAtomic(specPath, JSON.stringify(spec));
    return { spec, specPath, jobDir };
  }

  private logPath(jobDir: string, group: number, attempt: number): string {
    return join(jobDir, 'logs', `task-${group}.try${attempt}.log`);
  }

  private script(
    spec: ArraySpec,
    specPath: string,
    jobDir: string,
    groups: number[],
    attempt: number,
  ): string {
    return sbatchScript(this.profile, {
      jobName: `${this.jobName}-${spec.jobId}`,
      indices: groups,
      specPath,
      logPattern: this.logPath(jobDir, 0, attempt).replace(/task-0\./, 'task-%a.'),
    });
  }
}

/** Array index → state of every task of one array (all states: a finished task shows until purged). */
async function squeue(arrayId: string): Promise<Map<number, string>> {
  let out = '';
  try {
    out = await run('squeue', ['-h', '-r', '-t', 'all', '-j', arrayId, '-o', '%K|%T']);
  } catch (e) {
    // squeue rejects a job id the controller has purged: every task of it has left the queue.
    if (e instanceof CausewayError && /Invalid job id/i.test(e.message)) return new Map();
    throw e;
  }
  const states = new Map<number, string>();
  for (const line of out.split('\n')) {
    const [index, state] = line.trim().split('|');
    if (index && state && /^\d+$/.test(index)) states.set(Number(index), state);
  }
  return states;
}
