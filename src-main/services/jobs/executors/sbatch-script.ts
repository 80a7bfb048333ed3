import { join } from 'node:path';
import { appRoot } from '../../paths.ts';
import type { ClusterProfile } from './cluster-profile.ts';

/** Quote for a POSIX shell: the script must survive spaces and quotes in paths. */
export const shellQuote = (s: string): string =>
  /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;

/** This Node running this installation's CLI: right when login and compute nodes share the install. */
export const defaultCommand = (): string =>
  [process.execPath, join(appRoot(), 'bin', 'causeway.mjs')].map(shellQuote).join(' ');

export interface ArrayScript {
  jobName: string;
  /** Array indices (groups of chunks) this submission runs. */
  indices: number[];
  specPath: string;
  /** Log path pattern; %a becomes the array index. */
  logPattern: string;
}

/** SLURM's compact array list: 0-3,7,9-10. */
export function arrayList(indices: number[]): string {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/**
 * The batch script of one job array: every task runs `causeway run-task <spec> $SLURM_ARRAY_TASK_ID`,
 * the same worker code as the local pool, on its chunks. Users who submit by hand get this text.
 */
export function sbatchScript(profile: ClusterProfile, a: ArrayScript): string {
  const option = (flag: string, v: string | number | undefined): string[] =>
    v === undefined ? [] : [`#SBATCH --${flag}=${v}`];
  const throttle = profile.maxConcurrent ? `%${profile.maxConcurrent}` : '';
  return [
    '#!/bin/bash',
    ...option('job-name', a.jobName),
    ...option('array', arrayList(a.indices) + throttle),
    ...option('output', a.logPattern),
    ...option('cpus-per-task', profile.cpusPerTask),
    ...option('partition', profile.partition),
    ...option('account', profile.account),
    ...option('time', profile.time),
    ...option('mem', profile.memory),
    ...profile.sbatchOptions.map((o) => `#SBATCH ${o}`),
    'set -e',
    ...profile.prefix,
    `exec ${profile.command ?? defaultCommand()} run-task ${shellQuote(a.specPath)} "$SLURM_ARRAY_TASK_ID"`,
    '',
  ].join('\n');
}
