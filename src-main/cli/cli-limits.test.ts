// CLI numbers are checked against the same bounds as the API (the job's zod spec), negative values
// reach those checks, and OS errors on outputs come back in words, never as E_INTERNAL.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { joinNegativeValues } from './cli-error.ts';

const bin = join(import.meta.dirname, '../../bin/causeway.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'causeway-cli-limits-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

const data = join(tmp, 'cells.csv');
const rows = Array.from({ length: 30 }, (_, i) => `s${i},${(i * 7) % 11},${(i * 5) % 13},${(i * 3) % 17}`);
writeFileSync(data, `sample,A,B,C\n${rows.join('\n')}\n`);
const discover = (...extra: string[]) =>
  run('discover', '--data', data, '--algorithm', 'pc', '--out', join(tmp, 'g.json'), ...extra);

describe('CLI limits and errors in words', () => {
  it('joins a negative number to the flag before it', () => {
    expect(joinNegativeValues(['--alpha', '-0.5', '--seed', '-3', '-x', '--', '-1'])).toEqual([
      '--alpha=-0.5',
      '--seed=-3',
      '-x',
      '--',
      '-1',
    ]);
  });

  it.each([
    [['--alpha', '-0.5'], /--alpha "-0\.5" is out of range/],
    [['--alpha', '0.05', '--seed', '-3'], /--seed must be at least 0 \(it was -3\)/],
    [['--stability', '1e9', '--alphas', '0.01'], /--stability must be at most 1000 \(it was 1000000000\)/],
    [['--alpha', '0.05', '--bogus', '1'], /Unknown option '--bogus'\. Run with --help/],
  ])('%j → E_INVALID_INPUT', (flags, pattern) => {
    const r = discover(...flags);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error E_INVALID_INPUT: /);
    expect(r.stderr).toMatch(pattern);
  });

  it('an output in a missing folder or onto a folder is said in words', () => {
    const missing = run(
      'discover',
      '--data',
      data,
      '--algorithm',
      'pc',
      '--alpha',
      '0.05',
      '--out',
      join(tmp, 'no', 'g.json'),
    );
    expect(missing.stderr).toMatch(
      /^error E_INVALID_INPUT: No such file or folder .*create its folder first/,
    );
    const folder = run('discover', '--data', data, '--algorithm', 'pc', '--alpha', '0.05', '--out', tmp);
    expect(folder.stderr).toMatch(/^error E_INVALID_INPUT: A folder was given where a file is needed/);
  }, 60_000);

  it('an intervention target that names no gene is an input error naming it', () => {
    const file = join(tmp, 'perturbed.csv');
    const label = (i: number): string => (i < 20 ? 'observational' : i < 30 ? 'ZZZ9' : 'A');
    const lines = Array.from(
      { length: 40 },
      (_, i) => `s${i},${label(i)},${(i * 7) % 11},${(i * 5) % 13},${(i * 3) % 17}`,
    );
    writeFileSync(file, `sample,target,A,B,C\n${lines.join('\n')}\n`);
    const r = run(
      'discover',
      '--data',
      file,
      '--algorithm',
      'igsp',
      '--alpha',
      '0.05',
      '--intervention-column',
      'target',
      '--out',
      join(tmp, 'g2.json'),
    );
    expect(r.stderr).toMatch(
      /^error E_INVALID_INPUT: IGSP needs every interventional setting .* "ZZZ9" names no gene/,
    );
  }, 60_000);

  it.skipIf(process.platform === 'win32')(
    'a FIFO given as a tiers file is refused, not waited on',
    () => {
      const fifo = join(tmp, 'tiers.txt');
      execFileSync('mkfifo', [fifo]);
      const r = spawnSync(
        process.execPath,
        [
          bin,
          'discover',
          '--data',
          data,
          '--algorithm',
          'pc',
          '--alpha',
          '0.05',
          '--tiers',
          fifo,
          '--out',
          join(tmp, 'g3.json'),
        ],
        {
          encoding: 'utf8',
          timeout: 30_000,
        },
      );
      expect(r.signal).toBeNull(); // not killed by the timeout: it did not hang
      expect(r.stderr).toMatch(/^error E_INVALID_INPUT: .*tiers\.txt: is not a regular file/);
    },
    60_000,
  );

  it('a nested spec field is reported by the flag the user typed', () => {
    const edges = join(tmp, 'ppi.sif');
    writeFileSync(edges, 'A pp B\nB pp C\n');
    const prizes = join(tmp, 'prizes.csv');
    writeFileSync(prizes, 'gene,prize\nA,1\nC,2\n');
    const r = run(
      'steiner',
      '--interactome',
      edges,
      '--prizes',
      prizes,
      '--out',
      join(tmp, 'sub.tsv'),
      '--runs',
      '1e9',
      '--noise',
      '0.1',
    );
    expect(r.stderr).toMatch(/^error E_INVALID_INPUT: --runs must be at most 10000 \(it was 1000000000\)/);
  }, 60_000);
});
