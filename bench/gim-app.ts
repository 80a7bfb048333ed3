/**
 * What the user waits for with perturbation prediction (issue 15): `causeway gim train` from the files
 * (cells × genes CSV with a context column, a feature table) to a saved model, `causeway gim predict` of an
 * unseen dose from that folder, and `causeway gim validate` on the shipped fixture — each a fresh CLI
 * process running the app's gim.* jobs. The yardstick, measured in the same run: the in-process fit of the
 * same data (trainGim on GimData already in memory), i.e. the kernel without reading, job and process costs.
 *
 * `npm run bench:gim` runs it after bench/gim.ts (building the CLI bundle first, so no process runs the
 * TypeScript sources through tsx). Data: the paper-scale training split of the synthetic
 * design (src-main/compute/gim/synthetic.ts, seed 1: 20 genes, 40 types × 4 doses × 50 cells + 800
 * observational cells = 8,800 cells) written to CSV, and resources/fixtures/gim-small.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainGim } from '../src-main/compute/gim/train-gim.ts';
import { generateSyntheticGim } from '../src-main/compute/gim/synthetic.ts';
import type { GimData } from '../src-main/compute/gim/types.ts';

const root = join(import.meta.dirname, '..');
const cli = join(root, 'bin/causeway.mjs');
const work = mkdtempSync(join(tmpdir(), 'causeway-bench-gim-'));

/** Writes a GimData as the files a user brings: one row per cell, and one feature row per context. */
function writeFiles(data: GimData, dir: string): { expr: string; features: string } {
  const p = data.genes.length;
  const lines = [['context', ...data.genes].join(',')];
  const addCells = (label: string, samples: Float64Array, n: number) => {
    for (let i = 0; i < n; i++)
      lines.push([label, ...Array.from(samples.subarray(i * p, (i + 1) * p), (v) => v.toFixed(5))].join(','));
  };
  addCells('obs', data.observational.samples, data.observational.n);
  for (const c of data.contexts) addCells(c.name, c.samples, c.n);
  const expr = join(dir, 'expression.csv');
  writeFileSync(expr, lines.join('\n') + '\n');
  const feats = [['context', ...data.featureNames].join(',')];
  for (const c of data.contexts) feats.push([c.name, ...Array.from(c.features, String)].join(','));
  const features = join(dir, 'features.csv');
  writeFileSync(features, feats.join('\n') + '\n');
  return { expr, features };
}

function timeCli(args: string[]): { s: number; out: string } {
  const t0 = performance.now();
  const out = execFileSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { s: (performance.now() - t0) / 1000, out };
}

const synthetic = generateSyntheticGim({ seed: 1 });
const files = writeFiles(synthetic.train, work);
const genes = synthetic.train.genes.length;
console.log(
  `GIM, what the user waits for (load ${loadavg()[0]!.toFixed(1)}): ${synthetic.train.contexts.length} contexts, ` +
    `${synthetic.train.observational.n + synthetic.train.contexts.reduce((s, c) => s + c.n, 0)} cells × ${genes} genes`,
);

// Yardstick: the same fit in process (network learned jointly, as the CLI does without a discovery run).
const t0 = performance.now();
trainGim(synthetic.train, { seed: 1 });
const kernel = (performance.now() - t0) / 1000;

const model = join(work, 'model');
const train = timeCli([
  'gim',
  'train',
  '--data',
  files.expr,
  '--context-column',
  'context',
  '--features',
  files.features,
  '--genes',
  String(genes),
  '--seed',
  '1',
  '--out',
  model,
]);
const first = synthetic.train.contexts[0]!;
const dose = synthetic.train.featureNames.indexOf('dose');
const featureArgs = synthetic.train.featureNames.flatMap((name, j) => [
  '--feature',
  `${name}=${j === dose ? 1.25 : first.features[j]}`,
]);
const predict = timeCli(['gim', 'predict', '--model', model, ...featureArgs, '--json']);
const fixture = join(root, 'resources/fixtures/gim-small');
const validate = timeCli([
  'gim',
  'validate',
  '--data',
  join(fixture, 'expression.csv'),
  '--context-column',
  'context',
  '--features',
  join(fixture, 'features.csv'),
  '--seed',
  '1',
  '--json',
]);
const methods = (JSON.parse(validate.out) as { methods: unknown[] }).methods.length;

console.log(`  causeway gim train (files → saved model)        ${train.s.toFixed(1)} s`);
console.log(
  `    yardstick: in-process trainGim, same data      ${kernel.toFixed(1)} s (${(train.s / kernel).toFixed(2)}×)`,
);
console.log(`  causeway gim predict (model folder → shift)     ${predict.s.toFixed(2)} s`);
console.log(`  causeway gim validate, gim-small (${methods} methods, 18 folds) ${validate.s.toFixed(1)} s`);
rmSync(work, { recursive: true, force: true });
