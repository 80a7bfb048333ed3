/**
 * CLI start-up benchmark (issue 11): `npm run bench:cli [-- --runs N]`.
 *
 * Times whole processes, as a user or a cluster task sees them: `causeway --help` and `causeway inspect`
 * of a 10-row CSV, each the median of N runs, with the built bundle (out/cli, `npm run build:cli`) and
 * with the TypeScript sources through tsx (CAUSEWAY_CLI_TSX=1, what every start cost before). Target:
 * ≤ 0.5 s bundled on an idle machine. The load average is printed because a busy machine slows both.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' } } });
const runs = Math.max(1, Number(values.runs));
const root = join(import.meta.dirname, '..');
const bin = join(root, 'bin', 'causeway.mjs');

// Build first so the bundled rows time the current sources (the bin would otherwise fall back to tsx).
const built = spawnSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { encoding: 'utf8' });
if (built.status !== 0) throw new Error(`build-cli failed:\n${built.stderr}`);

const dir = mkdtempSync(join(tmpdir(), 'causeway-bench-cli-'));
const csv = join(dir, 'ten-rows.csv');
const samples = ['s1', 's2', 's3', 's4'];
const rows = Array.from({ length: 10 }, (_, g) => [
  `GENE${g + 1}`,
  ...samples.map((_, s) => (g * 0.37 + s * 1.1).toFixed(3)),
]);
writeFileSync(csv, [['gene', ...samples], ...rows].map((r) => r.join(',')).join('\n') + '\n');

function startTime(args: string[], tsx: boolean): number {
  const env = { ...process.env, CAUSEWAY_CLI_TSX: tsx ? '1' : '0' };
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`causeway ${args.join(' ')} failed:\n${r.stderr}`);
  return ms;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

console.log(`causeway start-up, median of ${runs} runs (load average ${loadavg()[0]!.toFixed(2)})`);
console.log('command                          bundled     tsx');
try {
  for (const [label, args] of [
    ['causeway --help', ['--help']],
    ['causeway inspect ten-rows.csv', ['inspect', csv]],
  ] as const) {
    const bundled = median(Array.from({ length: runs }, () => startTime([...args], false)));
    const tsx = median(Array.from({ length: runs }, () => startTime([...args], true)));
    console.log(`${label.padEnd(32)} ${(bundled / 1000).toFixed(3)} s   ${(tsx / 1000).toFixed(3)} s`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
