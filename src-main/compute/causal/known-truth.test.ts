/**
 * Known-truth simulations (docs/methods.md §2.8): random ER linear-Gaussian DAGs, large n.
 * PC and GSP must recover the true CPDAG, IGSP and UT-IGSP the true I-essential graph, in ≥ 90% of
 * seeds; UT-IGSP must also recover the hidden intervention targets.
 */
import { describe, expect, it } from 'vitest';
import { correlationMatrix } from '../numeric/covariance.ts';
import { deriveSeed, SeededRng } from '../numeric/rng.ts';
import { GaussianInvarianceTester, settingStatistic } from './invariance-tests/gaussian-invariance.ts';
import { dagToCpdag, interventionalEssentialGraph } from './graph/essential-graph.ts';
import { skeletonShd, structuralHammingDistance } from './graph/metrics.ts';
import { gsp } from './gsp/gsp.ts';
import { igsp } from './gsp/igsp.ts';
import { utigsp } from './gsp/utigsp.ts';
import { pc } from './pc/pc.ts';
import { isRestrictedStronglyFaithful, populationCorrelation } from './testing/faithfulness.ts';
import { randomLinearSem, sampleSem } from './testing/simulate.ts';

const SEEDS = 10;
const N = 20_000;
const ALPHA = 1e-3;
const SEARCH = { nruns: 10, depth: 6 } as const;

/** λ for PC's draws: |r| ≥ 0.03 is detected at n = 20,000, α = 1e-3 with z ≈ 4.2 (power ≈ 0.85 per test). */
const PC_LAMBDA = 0.03;

/**
 * `strongFaithfulness`: redraw (deterministically, from derived seeds) until the SEM is restricted
 * λ-strongly faithful; see testing/faithfulness.ts for why PC needs it and GSP does not.
 */
function scenario(seed: number, strongFaithfulness?: number) {
  const p = 10 + (seed % 11); // 10–20 nodes
  let rng = new SeededRng(seed);
  let sem = randomLinearSem(p, 1.5 + (seed % 2) * 0.5, rng);
  for (
    let attempt = 1;
    strongFaithfulness !== undefined && !isRestrictedStronglyFaithful(sem, strongFaithfulness);
    attempt++
  ) {
    rng = new SeededRng(deriveSeed(seed, attempt));
    sem = randomLinearSem(p, 1.5 + (seed % 2) * 0.5, rng);
  }
  const obs = sampleSem(sem, N, rng);
  const stat = { correlation: correlationMatrix(obs), p, n: N };
  // three single-node perfect interventions on distinct random nodes
  const targets = rng
    .shuffle(Array.from({ length: p }, (_, v) => v))
    .slice(0, 3)
    .map((t) => [t]);
  const ivData = targets.map((t) => sampleSem(sem, N, rng, { targets: t, mean: 1, sd: 0.5 }));
  const inv = new GaussianInvarianceTester(p, settingStatistic(obs), ivData.map(settingStatistic));
  return { sem, stat, targets, inv, truthDag: sem.dag.toPdag() };
}

describe('known-truth linear-Gaussian simulations', () => {
  it('GSP recovers the true CPDAG in ≥ 90% of seeds', () => {
    let gspOk = 0;
    for (let seed = 0; seed < SEEDS; seed++) {
      const { stat, truthDag } = scenario(seed);
      if (
        structuralHammingDistance(
          gsp(stat, { alpha: ALPHA, seed, ...SEARCH }).graph,
          dagToCpdag(truthDag),
        ) === 0
      )
        gspOk++;
    }
    expect(gspOk).toBeGreaterThanOrEqual(0.9 * SEEDS);
  });

  it('PC with exact (population) CI decisions recovers the true CPDAG of every draw', () => {
    // Same draws as the GSP test, most of them nearly unfaithful for PC: PC's logic (sepsets, colliders,
    // Meek) is exact here, so sample-level failures come from the CI decisions alone.
    for (let seed = 0; seed < SEEDS; seed++) {
      const { sem, truthDag } = scenario(seed);
      const pop = { correlation: populationCorrelation(sem), p: sem.dag.p, n: Number.MAX_SAFE_INTEGER };
      expect(structuralHammingDistance(pc(pop, { alpha: ALPHA }).graph, dagToCpdag(truthDag))).toBe(0);
    }
  });

  it('PC recovers the true CPDAG in ≥ 90% of restricted-strongly-faithful draws (n = 20,000)', () => {
    let pcOk = 0;
    for (let seed = 0; seed < SEEDS; seed++) {
      const { stat, truthDag } = scenario(seed, PC_LAMBDA);
      const cpdag = dagToCpdag(truthDag);
      const g = pc(stat, { alpha: ALPHA }).graph;
      expect(skeletonShd(g, cpdag)).toBeLessThanOrEqual(1);
      if (structuralHammingDistance(g, cpdag) === 0) pcOk++;
    }
    expect(pcOk).toBeGreaterThanOrEqual(0.9 * SEEDS);
  });

  it('IGSP (known targets) and UT-IGSP (hidden targets) recover the I-essential graph and the targets', () => {
    let igspOk = 0;
    let utOk = 0;
    let targetsOk = 0;
    for (let seed = 0; seed < SEEDS; seed++) {
      const { stat, truthDag, targets, inv } = scenario(seed);
      const ieg = interventionalEssentialGraph(truthDag, targets);
      const r1 = igsp(stat, inv, targets, { alpha: ALPHA, alphaInvariance: 1e-4, seed, ...SEARCH });
      if (structuralHammingDistance(r1.graph, ieg) === 0) igspOk++;
      const r2 = utigsp(stat, inv, { alpha: ALPHA, alphaInvariance: 1e-4, seed, ...SEARCH });
      if (structuralHammingDistance(r2.graph, ieg) === 0) utOk++;
      if (JSON.stringify(r2.learnedTargets) === JSON.stringify(targets)) targetsOk++;
    }
    expect(igspOk).toBeGreaterThanOrEqual(0.9 * SEEDS);
    expect(utOk).toBeGreaterThanOrEqual(0.9 * SEEDS);
    expect(targetsOk).toBeGreaterThanOrEqual(0.9 * SEEDS);
  });
});
