/**
 * Experiments that orient the network (issue 14 §1), validated in simulation: on sparse random DAGs of
 * 20–200 genes, how many TRUE edges are oriented after 0, 1, …, E single-gene experiments chosen by
 * greedy edge orientation, greedy ABCD information, random genes and highest-degree genes.
 *
 * Known truth: an Erdős–Rényi DAG (src-main/compute/causal/testing/simulate.ts, expected degree 2 by
 * default). Two ensembles the designs reason over: (1) `dags` members of the true DAG's Markov
 * equivalence class, each a seeded consistent extension of its CPDAG (simulation.ts; what unlimited
 * observational data would give), at 20–200 genes; (2) learned: one DAG of the app's GSP per bootstrap
 * resample of 1,000 observational samples, 20 DAGs, at 20 and 50 genes (with learning errors, so some
 * planned experiments target edges the truth does not have). The true DAG is scored with its own
 * I-essential graph after each experiment (Hauser & Bühlmann 2012). One gene per experiment, every gene
 * perturbable; a greedy plan that stops early (nothing left to learn in the ensemble) keeps its last value.
 * Last, the time one design takes at the app's scale (2,000 genes, 100 DAGs).
 * Run: node --import tsx bench/design-structure.ts [seeds=20] [experiments=10] [dags=30] [degree=2]
 */
import { performance } from 'node:perf_hooks';
import { gsp } from '../src-main/compute/causal/gsp/gsp.ts';
import {
  randomLinearSem,
  sampleSem,
  type LinearGaussianSem,
} from '../src-main/compute/causal/testing/simulate.ts';
import { greedyDesign, type DesignObjective } from '../src-main/compute/design/structure/greedy-design.ts';
import {
  equivalenceClassSample,
  highestDegreePicks,
  randomPicks,
  trueOrientedCurve,
} from '../src-main/compute/design/structure/simulation.ts';
import { correlationMatrix } from '../src-main/compute/numeric/covariance.ts';
import { createMatrix } from '../src-main/compute/numeric/matrix.ts';
import { SeededRng, deriveSeed } from '../src-main/compute/numeric/rng.ts';
import { dagFromArcs, type CompactDag } from '../src-main/compute/targets/ranking/dag-ensemble.ts';

const SEEDS = Number(process.argv[2] ?? 20);
const EXPERIMENTS = Number(process.argv[3] ?? 10);
const DAGS = Number(process.argv[4] ?? 30);
const DEGREE = Number(process.argv[5] ?? 2);
const SIZES = [20, 50, 100, 200];
const RANDOM_REPEATS = 5;
/** The learned-ensemble check: sizes, samples and bootstrap DAGs (GSP runs are the slow part). */
const GSP_SIZES = [20, 50];
const GSP_SAMPLES = 1_000;
const GSP_DAGS = 20;
const STRATEGIES = ['greedy edges', 'greedy information', 'random', 'highest degree'] as const;
type Strategy = (typeof STRATEGIES)[number];

function padded(curve: number[]): number[] {
  const out = curve.slice(0, EXPERIMENTS + 1);
  while (out.length < EXPERIMENTS + 1) out.push(out.at(-1)!);
  return out;
}

/** GSP (the app's learner) on a bootstrap resample of n observational samples: one DAG per resample. */
function gspBootstrap(sem: LinearGaussianSem, count: number, seed: number): CompactDag[] {
  const p = sem.dag.p;
  const rng = new SeededRng(seed);
  const data = sampleSem(sem, GSP_SAMPLES, rng);
  const n = data.rows;
  return Array.from({ length: count }, (_, b) => {
    const boot = createMatrix(n, p);
    const rows = Array.from({ length: n }, () => rng.integer(n));
    for (let c = 0; c < p; c++)
      for (let r = 0; r < n; r++) boot.data[c * n + r] = data.data[c * n + rows[r]!]!;
    const { dag } = gsp(
      { correlation: correlationMatrix(boot), p, n },
      { alpha: 1e-3, nruns: 2, depth: 3, seed: b },
    );
    const arcs: number[] = [];
    for (let a = 0; a < p; a++)
      for (let c = 0; c < p; c++) if (dag.marks[a * p + c] === 1) arcs.push(a * p + c);
    return dagFromArcs(p, arcs);
  });
}

type EnsembleKind = 'mec' | 'gsp';
const started = performance.now();
const summary: string[] = [];

async function curves(kind: EnsembleKind, sizes: number[]): Promise<void> {
  console.log(
    kind === 'mec'
      ? `\nEnsemble: ${DAGS} members of the true DAG's Markov equivalence class (seeded consistent extensions of its CPDAG)`
      : `\nEnsemble: ${GSP_DAGS} GSP DAGs (α = 1e-3), one per bootstrap resample of ${GSP_SAMPLES} observational samples`,
  );
  for (const p of sizes) {
    const sums = new Map<Strategy, number[]>(STRATEGIES.map((s) => [s, new Array(EXPERIMENTS + 1).fill(0)]));
    let edges = 0;
    const planMs: Record<DesignObjective, number> = { edges: 0, information: 0 };
    let stoppedEarly = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const sem = randomLinearSem(p, DEGREE, new SeededRng(deriveSeed(p, seed)));
      const truth = dagFromArcs(
        p,
        sem.dag.arcs().map(([a, b]) => a * p + b),
      );
      edges += truth.children.length;
      const ensemble =
        kind === 'mec'
          ? equivalenceClassSample(truth, DAGS, deriveSeed(p, seed, 1))
          : gspBootstrap(sem, GSP_DAGS, deriveSeed(p, seed, 2));
      const pool = Array.from({ length: p }, (_, v) => v);
      const add = (s: Strategy, curve: number[]): void => {
        const acc = sums.get(s)!;
        padded(curve).forEach((x, i) => (acc[i]! += x));
      };
      for (const objective of ['edges', 'information'] as const) {
        const t = performance.now();
        const plan = await greedyDesign(ensemble, { pool, budget: 1, rounds: EXPERIMENTS, objective, seed });
        planMs[objective] += performance.now() - t;
        if (plan.stoppedEarly) stoppedEarly++;
        add(
          objective === 'edges' ? 'greedy edges' : 'greedy information',
          trueOrientedCurve(
            truth,
            plan.picks.map((x) => x.gene),
          ),
        );
      }
      const random = new Array<number>(EXPERIMENTS + 1).fill(0);
      for (let r = 0; r < RANDOM_REPEATS; r++)
        padded(trueOrientedCurve(truth, randomPicks(pool, EXPERIMENTS, deriveSeed(seed, r)))).forEach(
          (x, i) => (random[i]! += x / RANDOM_REPEATS),
        );
      add('random', random);
      add('highest degree', trueOrientedCurve(truth, highestDegreePicks(ensemble, pool, EXPERIMENTS)));
    }
    const mean = (s: Strategy, i: number): number => sums.get(s)![i]! / SEEDS;
    const header = Array.from({ length: EXPERIMENTS + 1 }, (_, i) => String(i).padStart(7)).join('');
    console.log(`\n${p} genes, ${(edges / SEEDS).toFixed(1)} true edges on average; experiments →`);
    console.log(`${'strategy'.padEnd(20)}${header}`);
    for (const s of STRATEGIES)
      console.log(
        `${s.padEnd(20)}${Array.from({ length: EXPERIMENTS + 1 }, (_, i) => mean(s, i).toFixed(1).padStart(7)).join('')}`,
      );
    console.log(
      `plan time per design (${EXPERIMENTS} picks): edges ${(planMs.edges / SEEDS).toFixed(0)} ms, ` +
        `information ${(planMs.information / SEEDS).toFixed(0)} ms; greedy plans that stopped early: ${stoppedEarly} of ${2 * SEEDS}`,
    );
    const at = (s: Strategy, i: number): string => mean(s, i).toFixed(1);
    const mid = Math.min(3, EXPERIMENTS);
    summary.push(
      `${kind} ${String(p).padStart(4)} genes: after ${mid} / ${EXPERIMENTS} experiments, greedy edges ${at('greedy edges', mid)} / ` +
        `${at('greedy edges', EXPERIMENTS)}, greedy information ${at('greedy information', mid)} / ` +
        `${at('greedy information', EXPERIMENTS)}, random ${at('random', mid)} / ${at('random', EXPERIMENTS)}, ` +
        `highest degree ${at('highest degree', mid)} / ${at('highest degree', EXPERIMENTS)} ` +
        `(0 experiments: ${at('random', 0)} of ${(edges / SEEDS).toFixed(1)})`,
    );
  }
}

console.log(
  `design-structure: ${SEEDS} seeds per size, ${EXPERIMENTS} experiments (1 gene each, every gene perturbable), ` +
    `ER DAGs of expected degree ${DEGREE}; numbers are true edges oriented (mean over seeds)`,
);
await curves('mec', SIZES);
await curves('gsp', GSP_SIZES);
console.log(`\nsummary (true edges oriented):\n${summary.join('\n')}`);

// Scale of the app's job: a 2,000-gene network, 100 DAGs, every gene perturbable, 5 genes × 2 rounds.
{
  const p = 2_000;
  const sem = randomLinearSem(p, DEGREE, new SeededRng(deriveSeed(p, 1)));
  const truth = dagFromArcs(
    p,
    sem.dag.arcs().map(([a, b]) => a * p + b),
  );
  const ensemble = equivalenceClassSample(truth, 100, 2);
  const pool = Array.from({ length: p }, (_, v) => v);
  for (const objective of ['edges', 'information'] as const) {
    const t = performance.now();
    const plan = await greedyDesign(ensemble, { pool, budget: 5, rounds: 2, objective, seed: 1 });
    console.log(
      `scale: ${p} genes, 100 DAGs, 5 × 2 picks, ${objective}: ${((performance.now() - t) / 1000).toFixed(1)} s ` +
        `(${plan.picks.length} picks; expected oriented ${plan.baselineOriented.toFixed(1)} → ` +
        `${(plan.picks.at(-1)?.expectedOriented ?? plan.baselineOriented).toFixed(1)} of ${plan.meanEdges.toFixed(1)})`,
    );
  }
}
console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
