/**
 * Which decision for a CI test the sample is too small for (n − |S| − 3 ≤ 0) learns better graphs in
 * the regime of the covid causal step: `node --import tsx bench/causal-small-sample.ts [--seeds 8]`
 *
 * Simulations shaped like the data (the A549 cells: 204 genes expressed in > 10% of 74 cells, 51 cells
 * per reference subsample, GSP restricted to the PPI subnetwork), n = 50 throughout:
 *  - "ppi": the demo's 252-node PPI subnetwork on those 204 genes; the true DAG keeps each PPI edge with
 *    the probability that gives expected degree 2 (or 4), oriented by a random order, weights ±U[0.25, 1]
 *    and unit noise (as simulate.ts); the allowed skeleton is the whole PPI, hubs included (the hubs are
 *    where conditioning sets outgrow 50 cells).
 *  - "er": random Erdős–Rényi DAGs (simulate.ts), p = 200; allowed skeleton = true skeleton plus three
 *    random non-edges per true edge.
 * "dropout" sets half the observations to 0, as single-cell zeros do. GSP depth 4, 5 runs, at the α of
 * the stability grid. Score: SHD to the true CPDAG (metrics.ts), mean over seeds, for smallSampleCi
 * keep-edge vs independent, with the number of untestable tests the keep-edge runs met.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { networkSkeleton } from '../src-main/compute/causal/discover/project-data.ts';
import { Dag } from '../src-main/compute/causal/graph/dag.ts';
import type { LinearGaussianSem } from '../src-main/compute/causal/testing/simulate.ts';
import { readMatrixArrow } from '../src-main/compute/io/arrow-matrix.ts';
import { demoDir } from '../src-main/services/paths.ts';
import { GaussianCiTester } from '../src-main/compute/causal/ci-tests/gaussian-ci.ts';
import type { SmallSampleCi } from '../src-main/compute/causal/ci-tests/ci-tester.ts';
import { dagToCpdag } from '../src-main/compute/causal/graph/essential-graph.ts';
import { structuralHammingDistance } from '../src-main/compute/causal/graph/metrics.ts';
import { gsp } from '../src-main/compute/causal/gsp/gsp.ts';
import { randomLinearSem, sampleSem } from '../src-main/compute/causal/testing/simulate.ts';
import { correlationMatrix } from '../src-main/compute/numeric/covariance.ts';
import { SeededRng } from '../src-main/compute/numeric/rng.ts';

const { values } = parseArgs({ options: { seeds: { type: 'string' } } });
const seeds = Number(values.seeds ?? 8);
const n = 50;
const ALPHAS = [1e-4, 1e-2, 0.1, 0.3];
const MODES: SmallSampleCi[] = ['keep-edge', 'independent'];

// The covid genes: expressed (> 0) in more than 10% of the demo's 74 A549 cells, and their PPI edges.
const m = readMatrixArrow(join(demoDir(), 'datasets', 'a549_cells', 'matrix.arrow'));
const cells = m.samples.length;
const genes = m.genes.filter((_, g) => {
  let expressed = 0;
  for (let j = 0; j < cells; j++) if (m.values[g * cells + j]! > 0) expressed++;
  return expressed > 0.1 * cells;
});
const ppi = networkSkeleton(join(demoDir(), 'networks', 'ppi_252.json'), genes);

interface Scenario {
  sem: LinearGaussianSem;
  allowed: [number, number][];
}

function ppiScenario(degree: number, rng: SeededRng): Scenario {
  const p = genes.length;
  const order = rng.shuffle(Array.from({ length: p }, (_, v) => v));
  const rank = new Int32Array(p);
  order.forEach((v, k) => (rank[v] = k));
  const dag = new Dag(p);
  const weights = new Float64Array(p * p);
  const keep = Math.min(1, (degree * p) / 2 / ppi.length);
  for (const [a, b] of ppi) {
    if (rng.uniform() >= keep) continue;
    const [u, v] = rank[a]! < rank[b]! ? [a, b] : [b, a];
    dag.addArc(u, v);
    weights[u * p + v] = rng.uniformIn(0.25, 1) * (rng.uniform() < 0.5 ? -1 : 1);
  }
  return { sem: { dag, weights, order }, allowed: ppi };
}

function erScenario(degree: number, rng: SeededRng): Scenario {
  const p = 200;
  const sem = randomLinearSem(p, degree, rng);
  const allowed: [number, number][] = sem.dag.arcs().map(([a, b]) => [a, b]);
  const decoys = 3 * allowed.length;
  for (let k = 0; k < decoys; k++) {
    const a = rng.integer(p);
    const b = rng.integer(p);
    if (a !== b) allowed.push([a, b]);
  }
  return { sem, allowed };
}

console.log(
  `n = ${n}, ${seeds} seeds; covid PPI: ${genes.length} genes, ${ppi.length} PPI edges. ` +
    'Mean SHD to the true CPDAG (mean arcs learned)',
);
console.log('graph degree data     α        keep-edge       independent     untestable tests (keep-edge)');
const totals = { 'keep-edge': 0, independent: 0 };
for (const kind of ['ppi', 'er'] as const) {
  for (const degree of [2, 4]) {
    for (const dropout of [false, true]) {
      for (const alpha of ALPHAS) {
        const shd = { 'keep-edge': 0, independent: 0 };
        const arcs = { 'keep-edge': 0, independent: 0 };
        let untestable = 0;
        for (let s = 0; s < seeds; s++) {
          const rng = new SeededRng(1000 * degree + s);
          const { sem, allowed } = kind === 'ppi' ? ppiScenario(degree, rng) : erScenario(degree, rng);
          const p = sem.dag.p;
          const x = sampleSem(sem, n, rng);
          if (dropout) for (let t = 0; t < x.data.length; t++) if (rng.uniform() < 0.5) x.data[t] = 0;
          const truth = dagToCpdag(sem.dag.toPdag());
          const stat = { correlation: correlationMatrix(x), p, n };
          for (const mode of MODES) {
            const ci = new GaussianCiTester(stat, Number.POSITIVE_INFINITY, mode);
            const r = gsp(stat, {
              alpha,
              seed: s,
              depth: 4,
              nruns: 5,
              ciTester: ci,
              knowledge: { allowedAdjacencies: allowed },
            });
            shd[mode] += structuralHammingDistance(r.graph, truth) / seeds;
            arcs[mode] += r.arcCount / seeds;
            if (mode === 'keep-edge') untestable += countUntestable(ci) / seeds;
          }
        }
        for (const mode of MODES) totals[mode] += shd[mode];
        console.log(
          `${kind.padEnd(6)}${String(degree).padEnd(7)}${(dropout ? 'dropout' : 'gauss').padEnd(9)}` +
            `${String(alpha).padEnd(9)}` +
            `${shd['keep-edge'].toFixed(1).padStart(6)} (${arcs['keep-edge'].toFixed(0).padStart(4)})   ` +
            `${shd.independent.toFixed(1).padStart(6)} (${arcs.independent.toFixed(0).padStart(4)})   ` +
            `${untestable.toFixed(1)}`,
        );
      }
    }
  }
}
console.log(
  `sum of mean SHD over all rows: keep-edge ${totals['keep-edge'].toFixed(1)}, independent ${totals.independent.toFixed(1)}`,
);

/** Untestable tests the keep-edge run asked for (memoised p-values that are NaN). */
function countUntestable(ci: GaussianCiTester): number {
  const cache = (ci as unknown as { cache: Map<string, number> }).cache;
  let k = 0;
  for (const v of cache.values()) if (Number.isNaN(v)) k++;
  return k;
}
