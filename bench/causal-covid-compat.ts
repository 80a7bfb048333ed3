/**
 * The covid causal step, Causeway's defaults against the reference-compatible setting, and what each of
 * the four differences contributes: `node --import tsx bench/causal-covid-compat.ts [--subsamples 20]`
 *
 * The Belyaeva et al. 2021 setting on the demo: the 204 genes of the 252-node PPI subnetwork expressed
 * (> 0) in more than 10% of the 74 A549 cells, allowed skeleton = the subnetwork's edges, GSP (5 runs),
 * stability selection over α ∈ {1e-4, 1e-3, 1e-2, 0.1, 0.2, 0.3} × B subsamples (B = 20 for speed; the
 * paper: 100). Rows: Causeway as the issue measured it, each reference choice turned on alone (the
 * first of them is Causeway's default now), the reference setting
 * (compat 'belyaeva2021': all four), each for two seeds. Columns: pairs with stability above 0.3 and at
 * least 0.3, how many pairs the stability graph (≥ 0.3) orients (threshold-edges.ts), and the Jaccard of
 * the above-0.3 pair sets to the reference setting with the same seed and with the other seed (so the
 * seed-to-seed agreement is the yardstick).
 * Runs go through the worker task's own code (runStabilityChunk), in this process.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveDiscoverySearch } from '../src-main/compute/causal/discover/compat.ts';
import {
  networkSkeleton,
  readProjectDiscoveryData,
} from '../src-main/compute/causal/discover/project-data.ts';
import {
  runStabilityChunk,
  type DiscoveryParams,
} from '../src-main/compute/causal/discover/run-discovery.ts';
import { indexKnowledge } from '../src-main/compute/causal/knowledge/gene-knowledge.ts';
import {
  aggregateStability,
  DEFAULT_STABILITY_ALPHAS,
  stabilityTasks,
  type StabilityPlan,
  type StabilityScores,
} from '../src-main/compute/causal/stability/stability-selection.ts';
import { thresholdEdges } from '../src-main/compute/causal/stability/threshold-edges.ts';
import { readMatrixArrow } from '../src-main/compute/io/arrow-matrix.ts';
import { demoDir } from '../src-main/services/paths.ts';

const { values } = parseArgs({ options: { subsamples: { type: 'string' } } });
const subsamples = Number(values.subsamples ?? 20);
const THRESHOLD = 0.3;
const SEEDS = [1, 2];

const matrixPath = join(demoDir(), 'datasets', 'a549_cells', 'matrix.arrow');
const m = readMatrixArrow(matrixPath);
const cells = m.samples.length;
const genes = m.genes.filter((_, g) => {
  let expressed = 0;
  for (let j = 0; j < cells; j++) if (m.values[g * cells + j]! > 0) expressed++;
  return expressed > 0.1 * cells;
});
const data = readProjectDiscoveryData({ matrixPath, genes: { mode: 'list', genes } });
const skeleton = networkSkeleton(join(demoDir(), 'networks', 'ppi_252.json'), data.nodes);
const { knowledge } = indexKnowledge(undefined, data.nodes, skeleton);

// The base row is Causeway as the issue measured it (untestable tests keep the edge); each reference
// choice is then turned on alone. Causeway's default now decides untestable tests "independent"
// (compat.ts), which is the second row.
const base = { ...resolveDiscoverySearch({}), smallSampleCi: 'keep-edge' as const };
const reference = resolveDiscoverySearch({ compat: 'belyaeva2021' });
type Search = ReturnType<typeof resolveDiscoverySearch>;
const ROWS: { name: string; search: Search }[] = [
  { name: 'Causeway, keep-edge (issue)', search: base },
  { name: '+ untestable = independent (*)', search: { ...base, smallSampleCi: 'independent' } },
  { name: '+ reference covered-arc sets', search: { ...base, coveredArcUpdate: 'reference' } },
  { name: '+ floor(0.7·74) = 51 cells', search: { ...base, subsampleSize: 'floor' } },
  { name: '+ depth 5', search: { ...base, depth: 5 } },
  { name: 'reference (belyaeva2021)', search: reference },
];

async function stability(search: Search, seed: number): Promise<StabilityScores> {
  const plan: StabilityPlan = {
    alphas: [...DEFAULT_STABILITY_ALPHAS],
    subsamples,
    fraction: 0.7,
    seed,
    subsampleSize: search.subsampleSize,
  };
  const params: DiscoveryParams = {
    algorithm: 'gsp',
    alpha: 0.01,
    seed,
    nruns: search.nruns,
    depth: search.depth,
    smallSampleCi: search.smallSampleCi,
    coveredArcUpdate: search.coveredArcUpdate,
    ...(knowledge ? { knowledge } : {}),
  };
  const runs = await runStabilityChunk(data, params, plan, stabilityTasks(plan));
  return aggregateStability(data.nodes.length, plan, runs);
}

// "Above 0.3" as the issue counts it (strictly: with B = 20 every score is a multiple of 0.05, so many
// pairs sit at exactly 0.3); the stability graph the app shows takes ≥ 0.3 (threshold-edges.ts).
const pairs = (s: StabilityScores): Set<number> => {
  const out = new Set<number>();
  for (let t = 0; t < s.adjacency.length; t++) if (s.adjacency[t]! > THRESHOLD + 1e-12) out.add(t);
  return out;
};
const atLeast = (s: StabilityScores): number => s.adjacency.filter((x) => x >= THRESHOLD - 1e-12).length;
const jaccard = (a: Set<number>, b: Set<number>): number => {
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return both / (a.size + b.size - both || 1);
};

console.log(
  `covid causal step: ${data.nodes.length} genes × ${data.observational.rows} cells, ${skeleton.length} allowed PPI pairs, ` +
    `GSP, ${DEFAULT_STABILITY_ALPHAS.length} α × ${subsamples} subsamples, seeds ${SEEDS.join(', ')}; threshold ${THRESHOLD}`,
);
const t0 = performance.now();
const results = new Map<string, { scores: StabilityScores; pairs: Set<number> }[]>();
for (const row of [ROWS[ROWS.length - 1]!, ...ROWS.slice(0, -1)]) {
  const perSeed = [];
  for (const seed of SEEDS) {
    const scores = await stability(row.search, seed);
    perSeed.push({ scores, pairs: pairs(scores) });
  }
  results.set(row.name, perSeed);
}
const ref = results.get(ROWS[ROWS.length - 1]!.name)!;
console.log(
  'setting                          pairs > 0.3 (seed 1, 2)   ≥ 0.3      directed   Jaccard (> 0.3) vs reference (same seed, other seed)',
);
for (const row of ROWS) {
  const r = results.get(row.name)!;
  const directed = r.map((x) => thresholdEdges([], x.scores, THRESHOLD).filter((e) => e.directed).length);
  const same = r.map((x, k) => jaccard(x.pairs, ref[k]!.pairs));
  const other = r.map((x, k) => jaccard(x.pairs, ref[1 - k]!.pairs));
  console.log(
    `${row.name.padEnd(33)}${r
      .map((x) => x.pairs.size)
      .join(', ')
      .padEnd(26)}` +
      `${r
        .map((x) => atLeast(x.scores))
        .join(', ')
        .padEnd(11)}${directed.join(', ').padEnd(11)}` +
      `${same.map((j) => j.toFixed(2)).join(', ')}  (${other.map((j) => j.toFixed(2)).join(', ')})`,
  );
}
console.log(`(*) Causeway's default now. ${((performance.now() - t0) / 1000).toFixed(0)} s`);
