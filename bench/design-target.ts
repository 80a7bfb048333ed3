/**
 * Experiments that reach a target state (issue 14 §2), validated as in Zhang, Cammarata, Squires, Sapsis
 * & Uhler (Nat. Mach. Intell. 2023): random Erdős–Rényi and Barabási–Albert DAGs, linear-Gaussian SCMs
 * with weights ±U[0.25, 1] and unit noise, a target mean μ* = μ(a*) for a unit-norm shift a* on ¼ of the
 * nodes; each acquisition runs T rounds of one cell each (‖a‖ ≤ 1, no warm-up, prior precision 1, known
 * noise) and after every round the plug-in optimal shift â (projected into the ball) is scored against the
 * truth: ‖μ(â) − μ*‖ under the TRUE model, and ‖â − a*‖. Mean over repeats (each its own DAG, SCM, target).
 * Then the pool variant: 40 random unit-norm shifts (each on ¼ of the nodes) and a* itself.
 * Run: node --import tsx bench/design-target.ts [repeats=20] [rounds=30] [cells=1]
 */
import { performance } from 'node:perf_hooks';
import {
  ACQUISITIONS,
  distance,
  runActiveLoop,
  type Acquisition,
  type Feasible,
} from '../src-main/compute/design/target-shift/active-loop.ts';
import {
  interventionalMean,
  randomScm,
  randomShiftDag,
  randomTarget,
  sampleShifted,
  type RandomDagKind,
} from '../src-main/compute/design/target-shift/linear-scm.ts';
import { SeededRng, deriveSeed } from '../src-main/compute/numeric/rng.ts';

const REPEATS = Number(process.argv[2] ?? 20);
const ROUNDS = Number(process.argv[3] ?? 30);
const CELLS = Number(process.argv[4] ?? 1);
const POOL = 41;
const CASES: { kind: RandomDagKind; p: number; degree: number }[] = [
  { kind: 'er', p: 10, degree: 2 },
  { kind: 'ba', p: 10, degree: 2 },
  { kind: 'er', p: 20, degree: 2 },
  { kind: 'ba', p: 20, degree: 2 },
];
const SHOWN = [0, 1, 2, 5, 10, 20, 30, 50].filter((t) => t <= ROUNDS);
const started = performance.now();
const summary: string[] = [];

async function curves(kind: RandomDagKind, p: number, degree: number, pool: boolean): Promise<void> {
  const mu = new Map<Acquisition, number[]>(ACQUISITIONS.map((a) => [a, new Array(ROUNDS + 1).fill(0)]));
  const ad = new Map<Acquisition, number[]>(ACQUISITIONS.map((a) => [a, new Array(ROUNDS + 1).fill(0)]));
  const ms = new Map<Acquisition, number>(ACQUISITIONS.map((a) => [a, 0]));
  for (let rep = 1; rep <= REPEATS; rep++) {
    const rng = new SeededRng(deriveSeed(p, rep, kind === 'er' ? 1 : 2));
    const dag = randomShiftDag(kind, p, degree, rng);
    const truth = randomScm(dag, 1, rng);
    const support = Math.max(1, Math.round(p / 4));
    const target = randomTarget(truth, support, rng);
    let feasible: Feasible = { kind: 'ball' };
    if (pool) {
      // 40 random unit-norm shifts on ¼ of the genes each, and a* itself: the loop must find a* among them.
      const shifts = Array.from({ length: POOL - 1 }, () => randomTarget(truth, support, rng).shift);
      shifts.push(target.shift);
      feasible = { kind: 'pool', shifts: rng.shuffle(shifts) };
    }
    for (const acq of ACQUISITIONS) {
      const sim = new SeededRng(deriveSeed(p, rep, 99));
      const t = performance.now();
      const run = await runActiveLoop({
        dag,
        target: target.mean,
        rounds: ROUNDS,
        cellsPerRound: CELLS,
        acquisition: acq,
        feasible,
        posterior: { noiseVar: truth.noiseVar },
        observe: (a, n) => sampleShifted(truth, a, n, sim),
        seed: deriveSeed(rep, 3),
      });
      ms.set(acq, ms.get(acq)! + performance.now() - t);
      const bests = [run.start, ...run.rounds.map((r) => r.best)];
      bests.forEach((b, i) => {
        mu.get(acq)![i]! += distance(interventionalMean(truth, b.shift), target.mean) / REPEATS;
        ad.get(acq)![i]! += distance(b.shift, target.shift) / REPEATS;
      });
    }
  }
  const title = `${kind.toUpperCase()} ${p} nodes (degree ${degree}), ${pool ? `pool of ${POOL} shifts` : '‖a‖ ≤ 1'}`;
  console.log(`\n${title}; rounds →`);
  console.log(`${'acquisition'.padEnd(12)}${SHOWN.map((t) => String(t).padStart(8)).join('')}   ms/run`);
  for (const [label, table] of [
    ['‖μ(â)−μ*‖', mu],
    ['‖â−a*‖', ad],
  ] as const) {
    console.log(label);
    for (const acq of ACQUISITIONS)
      console.log(
        `  ${acq.padEnd(10)}${SHOWN.map((t) => table.get(acq)![t]!.toFixed(3).padStart(8)).join('')}` +
          `   ${(ms.get(acq)! / REPEATS).toFixed(0).padStart(6)}`,
      );
  }
  const mid = Math.min(10, ROUNDS);
  const m = (a: Acquisition, t: number): string => mu.get(a)![t]!.toFixed(3);
  summary.push(
    `${title}: ‖μ(â)−μ*‖ after ${mid} / ${ROUNDS} rounds: ` +
      ACQUISITIONS.map((a) => `${a} ${m(a, mid)} / ${m(a, ROUNDS)}`).join(', '),
  );
}

console.log(
  `design-target: ${REPEATS} repeats per case, ${ROUNDS} rounds of ${CELLS} cell(s), unit noise (known); ` +
    `numbers are means over repeats`,
);
for (const c of CASES) await curves(c.kind, c.p, c.degree, false);
for (const c of CASES.slice(0, 2)) await curves(c.kind, c.p, c.degree, true);
console.log(`\nsummary:\n${summary.join('\n')}`);
console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
