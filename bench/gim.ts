/**
 * GIM benchmark (issue 15): `npm run bench:gim [-- --seeds 1,2,3,4,5] [--dims 4] [--json out.json]`.
 *
 * The synthetic design of Schneider et al. (ICML 2025, §6.1; src-main/compute/gim/synthetic.ts, where our
 * own choices are listed): a random sparse DAG over 20 genes, 40 Hill dose–response perturbation types ×
 * 4 doses × 50 cells + 800 observational cells for training; partially out of distribution = the same 40
 * types at 5 unseen doses, fully out of distribution = 20 new types at 4 doses. Every method is fitted
 * once per seed on the training split and scored per test context: energy distance and mean error of its
 * predicted distribution against the held-out cells, and the AUROC of its target scores against the true
 * targets (methods without target scores: "–"). Printed: mean ± sd over seeds of the per-seed averages,
 * and the wall time of fit and of prediction (mean, samples and target scores for all 280 test contexts).
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { BASELINE_METHODS } from '../src-main/compute/gim/baselines/index.ts';
import { fitGim, gimFitter } from '../src-main/compute/gim/gim-predictor.ts';
import { meanSd } from '../src-main/compute/gim/metrics.ts';
import { generateSyntheticGim, type SyntheticGim } from '../src-main/compute/gim/synthetic.ts';
import type { PerturbationPredictor } from '../src-main/compute/gim/types.ts';
import { evaluateHeldOut, type MethodSpec } from '../src-main/compute/gim/validate.ts';

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const seeds = (arg('--seeds') ?? '1,2,3,4,5').split(',').map(Number);
const jsonOut = arg('--json');
const embeddingDims = Number(arg('--dims') ?? 4);

/** Wraps a predictor so that the time spent predicting is counted. */
function timed(pred: PerturbationPredictor, clock: { ms: number }): PerturbationPredictor {
  const time =
    <A extends unknown[], R>(f: (...a: A) => R) =>
    (...a: A): R => {
      const t0 = performance.now();
      const r = f(...a);
      clock.ms += performance.now() - t0;
      return r;
    };
  return {
    method: pred.method,
    predictMean: time(pred.predictMean.bind(pred)),
    sample: time(pred.sample.bind(pred)),
    targetScores: time(pred.targetScores.bind(pred)),
  };
}

interface Row {
  method: string;
  seed: number;
  split: 'partial' | 'full';
  energyDistance: number;
  meanError: number;
  targetAuroc: number;
  fitMs: number;
  predictMs: number;
}

/**
 * The methods of one seed. "gim (true DAG)" is a reference, not a competitor: the GIM given the generating
 * DAG, which separates the error of learning the structure from that of learning the interventions.
 */
const methodsFor = (syn: SyntheticGim): MethodSpec[] => [
  { method: 'gim', fit: fitGim },
  { method: 'gim (true DAG)', fit: gimFitter({ parents: syn.scm.dag.parents }) },
  ...BASELINE_METHODS,
];
console.log(
  `GIM synthetic benchmark: seeds ${seeds.join(', ')}; ${availableParallelism()} cores, load ${loadavg()[0]!.toFixed(1)}`,
);
const rows: Row[] = [];
for (const seed of seeds) {
  const syn = generateSyntheticGim({ seed, embeddingDims });
  const truthTargets = new Map([...syn.truth].map(([k, v]) => [k, v.targets]));
  for (const { method, fit } of methodsFor(syn)) {
    const t0 = performance.now();
    const fitted = fit(syn.train, { seed });
    const fitMs = performance.now() - t0;
    for (const split of ['partial', 'full'] as const) {
      const clock = { ms: 0 };
      const test = split === 'partial' ? syn.partialOod : syn.fullOod;
      const r = evaluateHeldOut([timed(fitted, clock)], test, { seed, truthTargets }).methods[0]!;
      rows.push({ method, seed, split, ...pick(r), fitMs, predictMs: clock.ms });
    }
    process.stdout.write(`  seed ${seed}: ${method} fitted in ${(fitMs / 1000).toFixed(1)} s\n`);
  }
}

function pick(r: { energyDistance: number; meanError: number; targetAuroc: number }) {
  return { energyDistance: r.energyDistance, meanError: r.meanError, targetAuroc: r.targetAuroc };
}

const fmt = (values: number[], digits = 3): string => {
  const s = meanSd(values);
  return s.n === 0 ? '–'.padEnd(13) : `${s.mean.toFixed(digits)} ± ${s.sd.toFixed(digits)}`;
};
for (const split of ['partial', 'full'] as const) {
  console.log(
    `\n${split === 'partial' ? 'Partially OOD (40 training types, 5 unseen doses, 200 contexts)' : 'Fully OOD (20 new types, 4 doses, 80 contexts)'}`,
  );
  console.log('  method           | energy distance | mean error    | target AUROC  | fit s  | predict ms');
  for (const method of [...new Set(rows.map((r) => r.method))]) {
    const mine = rows.filter((r) => r.method === method && r.split === split);
    console.log(
      `  ${method.padEnd(16)} | ${fmt(mine.map((r) => r.energyDistance)).padEnd(15)} | ${fmt(mine.map((r) => r.meanError))} | ${fmt(mine.map((r) => r.targetAuroc))} | ${(meanSd(mine.map((r) => r.fitMs)).mean / 1000).toFixed(1).padStart(6)} | ${meanSd(
        mine.map((r) => r.predictMs),
      )
        .mean.toFixed(0)
        .padStart(6)}`,
    );
  }
}
if (jsonOut) {
  writeFileSync(jsonOut, JSON.stringify({ seeds, rows }, null, 2));
  console.log(`\nwrote ${jsonOut}`);
}
