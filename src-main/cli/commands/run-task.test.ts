import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ArraySpec } from '../../services/jobs/executors/array-spec.ts';
import { helpText, main } from '../main.ts';

const dir = mkdtempSync(join(tmpdir(), 'causeway-run-task-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A small samples × genes table: 6 genes, 120 samples of a chain g0 → g1 → … plus noise.
const genes = ['g0', 'g1', 'g2', 'g3', 'g4', 'g5'];
const rows = [genes.join(',')];
let state = 12345;
const noise = (): number => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 2;
for (let i = 0; i < 120; i++) {
  const x: number[] = [];
  for (let g = 0; g < genes.length; g++) x.push((g > 0 ? 0.8 * x[g - 1]! : 0) + noise());
  rows.push(x.map((v) => v.toFixed(6)).join(','));
}
const dataFile = join(dir, 'data.csv');
writeFileSync(dataFile, `${rows.join('\n')}\n`);

async function cli(args: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
    return { code, out, err };
  } finally {
    process.env = saved;
  }
}

const discover = (out: string, ...more: string[]): string[] => [
  'discover',
  '--data',
  dataFile,
  '--algorithm',
  'gsp',
  '--stability',
  '3',
  '--alphas',
  '0.01,0.05',
  '--seed',
  '5',
  '--out',
  join(dir, out),
  ...more,
];

function profiles(name: string, profile: object): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ profiles: { [name]: { workDir: join(dir, name), ...profile } } }));
  return file;
}

describe('causeway run-task and --executor slurm', () => {
  it('run-task is hidden from --help and needs an array index', async () => {
    expect(helpText()).not.toMatch(/run-task/);
    const r = await cli(['run-task', join(dir, 'spec.json')], { SLURM_ARRAY_TASK_ID: '' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/needs an array index/);
  });

  it('--print-sbatch prints the array script with the profile and submits nothing', async () => {
    const file = profiles('short', {
      partition: 'bio',
      account: 'lab42',
      time: '00:30:00',
      memory: '2G',
      prefix: ['module load nodejs/20'],
      sbatchOptions: ['--qos=short'],
      chunksPerTask: 4,
    });
    const r = await cli(
      discover('never.json', '--executor', 'slurm', '--profile', 'short', '--print-sbatch'),
      {
        CAUSEWAY_CLUSTER_PROFILES: file,
      },
    );
    expect(r.err).toMatch(/^7 chunk\(s\) in 2 array task\(s\)/);
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'never.json'))).toBe(false);
    // 1 full run + 3 subsamples × 2 α = 7 chunks, 4 per task: array tasks 0 and 1.
    for (const line of [
      '--array=0-1',
      '--partition=bio',
      '--account=lab42',
      '--time=00:30:00',
      '--mem=2G',
      '--qos=short',
    ])
      expect(r.out).toContain(`#SBATCH ${line}\n`);
    expect(r.out).toContain('\nmodule load nodejs/20\n');
    const specPath = /run-task (\S+) "\$SLURM_ARRAY_TASK_ID"/.exec(r.out)?.[1];
    expect(specPath?.startsWith(join(dir, 'short'))).toBe(true);
    const spec = ArraySpec.parse(JSON.parse(readFileSync(specPath!, 'utf8')));
    expect(spec.groups).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6],
    ]);
    expect(new Set(spec.tasks.map((t) => t.task))).toEqual(new Set(['network.discover']));
  });

  it('--executor errors: an unknown executor, a profile without slurm, a missing profile', async () => {
    expect((await cli(discover('x.json', '--executor', 'pbs'))).err).toMatch(
      /--executor must be local or slurm/,
    );
    expect((await cli(discover('x.json', '--profile', 'a'))).err).toMatch(/need --executor slurm/);
    const file = profiles('only', {});
    const missing = await cli(discover('x.json', '--executor', 'slurm', '--profile', 'other'), {
      CAUSEWAY_CLUSTER_PROFILES: file,
    });
    expect(missing.err).toMatch(/E_NOT_FOUND: No cluster profile "other" .*profiles: only/);
  });

  const hasSlurm = spawnSync('sinfo', ['-h']).status === 0;
  it.skipIf(!hasSlurm)(
    'discover --executor slurm writes the same graph as the local workers',
    async () => {
      const local = await cli(discover('local.json'));
      expect(local.code).toBe(0);
      // Other chunks than the local pool's (full run + 4 runs + 2 runs): the result must not depend on them.
      const file = profiles('test', { pollMs: 200, chunksPerTask: 2, runsPerChunk: 4 });
      const slurm = await cli(discover('slurm.json', '--executor', 'slurm', '--profile', 'test'), {
        CAUSEWAY_CLUSTER_PROFILES: file,
      });
      expect(slurm.err).toBe('');
      expect(slurm.code).toBe(0);
      const graph = (f: string): unknown =>
        JSON.parse(readFileSync(join(dir, f), 'utf8'), (k, v: unknown) =>
          k === 'elapsedMs' ? undefined : v,
        );
      expect(graph('slurm.json')).toEqual(graph('local.json'));
      const bin = (f: string): Buffer => readFileSync(join(dir, f));
      expect(bin('slurm.subsample-graphs.bin').equals(bin('local.subsample-graphs.bin'))).toBe(true);
    },
    120_000,
  );

  it.skipIf(!hasSlurm)(
    'steiner --executor slurm: the robustness runs give the local result',
    async () => {
      const repo = join(import.meta.dirname, '../../..');
      const args = (json: string): string[] => [
        'steiner',
        ...['--interactome', join(repo, 'resources/demo/source/ppi_network_252nodes.edges.tsv')],
        ...['--prizes', join(repo, 'src-main/compute/targets/steiner/fixtures/terminals_ppi_analysis.tsv')],
        ...['--w', '1.4', '--b', '10', '--g', '0', '--noise', '0.1', '--runs', '4', '--seed', '9'],
        ...['--out', join(dir, `${json}.tsv`), '--json', join(dir, `${json}.json`)],
      ];
      expect((await cli(args('steiner-local'))).code).toBe(0);
      const file = profiles('steiner', { pollMs: 200, chunksPerTask: 4 });
      const slurm = await cli([...args('steiner-slurm'), '--executor', 'slurm', '--profile', 'steiner'], {
        CAUSEWAY_CLUSTER_PROFILES: file,
      });
      expect(slurm.err).toBe('');
      expect(slurm.code).toBe(0);
      // Ids are random per project (the interactome's, the run's); everything the Steiner runs found must match.
      const doc = (f: string): unknown =>
        JSON.parse(readFileSync(join(dir, f), 'utf8'), (k, v: unknown) =>
          /elapsedMs|createdAt/.test(k)
            ? undefined
            : typeof v === 'string'
              ? v.replace(/_[a-z0-9]{12}\b/g, '_ID')
              : v,
        );
      expect(doc('steiner-slurm.json')).toEqual(doc('steiner-local.json'));
      expect(readFileSync(join(dir, 'steiner-slurm.tsv'), 'utf8')).toBe(
        readFileSync(join(dir, 'steiner-local.tsv'), 'utf8'),
      );
    },
    120_000,
  );

  it('steiner --sweep-w/--sweep-b --executor slurm: one array task per setting, the local grid', async () => {
    const repo = join(import.meta.dirname, '../../..');
    const args = (name: string): string[] => [
      'steiner',
      ...['--interactome', join(repo, 'resources/demo/source/ppi_network_252nodes.edges.tsv')],
      ...['--prizes', join(repo, 'src-main/compute/targets/steiner/fixtures/terminals_ppi_analysis.tsv')],
      ...['--sweep-w', '1,1.4', '--sweep-b', '10,40', '--sweep-g', '0'],
      ...['--out', join(dir, `${name}.tsv`)],
    ];
    const local = await cli(args('sweep-local'));
    expect(local.code).toBe(0);
    expect(local.out).toMatch(/steiner sweep: 4 settings/);
    const file = profiles('sweep', { pollMs: 200, chunksPerTask: 1 });
    const slurm = await cli([...args('sweep-slurm'), '--executor', 'slurm', '--profile', 'sweep'], {
      CAUSEWAY_CLUSTER_PROFILES: file,
    });
    expect(slurm.err).toBe('');
    expect(slurm.code).toBe(0);
    const grid = readFileSync(join(dir, 'sweep-local.tsv'), 'utf8');
    expect(grid.trim().split('\n')).toHaveLength(5); // header + 2 w × 2 b
    expect(grid.split('\n')[0]).toBe(
      'w\tb\tg\tnodes\tedges\tcomponents\tterminals_kept\tsteiner_nodes\tobjective',
    );
    expect(readFileSync(join(dir, 'sweep-slurm.tsv'), 'utf8')).toBe(grid);
  }, 120_000);
});
