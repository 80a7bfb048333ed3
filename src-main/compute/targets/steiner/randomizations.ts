/**
 * OmicsIntegrator2's two randomizations of a Steiner forest (Tuncbag et al. 2016, PLoS Comput Biol
 * 12:e1004879, "robustness" and "specificity"):
 *
 *  - robustness: rerun with Gaussian noise on the (hub-penalised) edge costs, N(c, σ) clipped below at
 *    1e-4 as OmicsIntegrator2 does; a gene's robustness is the fraction of runs that select it. Genes that
 *    survive noisy costs are not an artefact of near-tied paths.
 *  - specificity: rerun with the prizes moved to random genes of similar degree (each terminal's rank in
 *    the degree order is jittered by N(0, 10) and rounded, as OmicsIntegrator2 does); a gene's value is the
 *    fraction of those runs that select it. A hub that appears whatever the prizes is not specific to this
 *    disease: lower is more specific.
 *
 * Run r draws from its own stream deriveSeed(seed, kind, r), so a run's result does not depend on how
 * many runs came before it or on which worker ran it; the same seed gives the same frequencies.
 */
import { deriveSeed, SeededRng } from '../../numeric/rng.ts';
import { hubPenalizedCosts, steinerForest, type SteinerParams } from './forest.ts';
import type { Interactome } from './interactome.ts';
import type { MappedPrizes } from './prizes.ts';

type Prizes = Pick<MappedPrizes, 'bare' | 'terminals'>;

/** Stream ids, so that robustness and specificity runs with the same seed never share draws. */
const NOISY_EDGES = 1;
const RANDOM_TERMINALS = 2;

export interface RandomizationResult {
  kind: 'robustness' | 'specificity';
  runs: number;
  seed: number;
  /** Noise σ (robustness) — recorded with the result. */
  noise?: number;
  /** Per interactome gene: fraction of runs selecting it. */
  frequency: Float64Array;
  /** Per run: genes selected (for the union network and per-run summaries). */
  nodeCounts: Int32Array;
}

/** Costs of noisy-edges run `run`: N(c', σ) clipped at 1e-4 (OmicsIntegrator2 _noisy_edges). */
export function noisyCosts(base: Float64Array, noise: number, seed: number, run: number): Float64Array {
  const rng = new SeededRng(deriveSeed(seed, NOISY_EDGES, run));
  const out = new Float64Array(base.length);
  for (let e = 0; e < base.length; e++) out[e] = Math.max(1e-4, base[e]! + noise * rng.normal());
  return out;
}

/** Prizes of random-terminals run `run`: each terminal's prize moved to a gene of similar degree rank. */
export function randomTerminalPrizes(
  interactome: Interactome,
  prizes: Prizes,
  seed: number,
  run: number,
  byDegree: Int32Array = genesByDegree(interactome),
): Prizes {
  const n = byDegree.length;
  const rankOf = new Int32Array(n);
  for (let r = 0; r < n; r++) rankOf[byDegree[r]!] = r;
  const rng = new SeededRng(deriveSeed(seed, RANDOM_TERMINALS, run));
  const bare = prizes.bare.slice();
  const chosen = new Set<number>();
  // Sequential moves, as OmicsIntegrator2: a later move may zero a gene an earlier move filled.
  for (const old of prizes.terminals) {
    const jittered = Math.round(rankOf[old]! + 10 * rng.normal());
    const target = byDegree[Math.min(n - 1, Math.max(0, jittered))]!;
    bare[old] = 0;
    bare[target] = prizes.bare[old]!;
    chosen.add(target);
  }
  return { bare, terminals: Int32Array.from([...chosen].sort((a, b) => a - b)) };
}

/** Gene indices sorted by degree (ties by index, a stable order). */
export function genesByDegree(interactome: Interactome): Int32Array {
  const order = Int32Array.from(interactome.genes.keys());
  const d = interactome.degree;
  return order.sort((a, b) => d[a]! - d[b]! || a - b);
}

/** Robustness of each gene: fraction of `runs` noisy-cost forests selecting it. */
export function robustness(
  interactome: Interactome,
  prizes: Prizes,
  params: SteinerParams,
  opts: { runs: number; noise: number; seed: number },
): RandomizationResult {
  const base = hubPenalizedCosts(interactome, params.g);
  const counts = new Float64Array(interactome.genes.length);
  const nodeCounts = new Int32Array(opts.runs);
  for (let r = 0; r < opts.runs; r++) {
    const forest = steinerForest(interactome, prizes, params, noisyCosts(base, opts.noise, opts.seed, r));
    for (const v of forest.nodes) counts[v]!++;
    nodeCounts[r] = forest.nodes.length;
  }
  return finish('robustness', counts, nodeCounts, opts.seed, opts.noise);
}

/** Specificity of each gene: fraction of `runs` random-terminal forests selecting it (lower = more specific). */
export function specificity(
  interactome: Interactome,
  prizes: Prizes,
  params: SteinerParams,
  opts: { runs: number; seed: number },
): RandomizationResult {
  const costs = hubPenalizedCosts(interactome, params.g);
  const byDegree = genesByDegree(interactome);
  const counts = new Float64Array(interactome.genes.length);
  const nodeCounts = new Int32Array(opts.runs);
  for (let r = 0; r < opts.runs; r++) {
    const moved = randomTerminalPrizes(interactome, prizes, opts.seed, r, byDegree);
    const forest = steinerForest(interactome, moved, params, costs);
    for (const v of forest.nodes) counts[v]!++;
    nodeCounts[r] = forest.nodes.length;
  }
  return finish('specificity', counts, nodeCounts, opts.seed);
}

function finish(
  kind: RandomizationResult['kind'],
  counts: Float64Array,
  nodeCounts: Int32Array,
  seed: number,
  noise?: number,
): RandomizationResult {
  const runs = nodeCounts.length;
  if (runs > 0) for (let i = 0; i < counts.length; i++) counts[i]! /= runs;
  return { kind, runs, seed, ...(noise === undefined ? {} : { noise }), frequency: counts, nodeCounts };
}
