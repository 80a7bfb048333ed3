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
  /** Per interactome edge: fraction of runs whose forest (not augmented) uses it. */
  edgeFrequency: Float64Array;
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

/** The genes and forest edges one run selected: what a worker sends back for aggregation. */
export interface RunSelection {
  nodes: Int32Array;
  forestEdges: Int32Array;
}

/**
 * Noisy-edges run `run` alone (one pure call, so a job can spread runs over workers). `baseCosts` are the
 * hub-penalised costs (computed when not given).
 */
export function robustnessRun(
  interactome: Interactome,
  prizes: Prizes,
  params: SteinerParams,
  opts: { noise: number; seed: number },
  run: number,
  baseCosts: Float64Array = hubPenalizedCosts(interactome, params.g),
): RunSelection {
  const forest = steinerForest(
    interactome,
    prizes,
    params,
    noisyCosts(baseCosts, opts.noise, opts.seed, run),
  );
  return { nodes: forest.nodes, forestEdges: forest.forestEdges };
}

/** Random-terminals run `run` alone. */
export function specificityRun(
  interactome: Interactome,
  prizes: Prizes,
  params: SteinerParams,
  opts: { seed: number },
  run: number,
  costs: Float64Array = hubPenalizedCosts(interactome, params.g),
  byDegree: Int32Array = genesByDegree(interactome),
): RunSelection {
  const moved = randomTerminalPrizes(interactome, prizes, opts.seed, run, byDegree);
  const forest = steinerForest(interactome, moved, params, costs);
  return { nodes: forest.nodes, forestEdges: forest.forestEdges };
}

/** Robustness of each gene: fraction of `runs` noisy-cost forests selecting it. */
export function robustness(
  interactome: Interactome,
  prizes: Prizes,
  params: SteinerParams,
  opts: { runs: number; noise: number; seed: number },
): RandomizationResult {
  const base = hubPenalizedCosts(interactome, params.g);
  const runs = Array.from({ length: opts.runs }, (_, r) =>
    robustnessRun(interactome, prizes, params, opts, r, base),
  );
  return aggregateRuns(interactome, 'robustness', runs, opts.seed, opts.noise);
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
  const runs = Array.from({ length: opts.runs }, (_, r) =>
    specificityRun(interactome, prizes, params, opts, r, costs, byDegree),
  );
  return aggregateRuns(interactome, 'specificity', runs, opts.seed);
}

/** Frequencies over runs (in run order), per gene and per interactome edge of the forests. */
export function aggregateRuns(
  interactome: Interactome,
  kind: RandomizationResult['kind'],
  runs: readonly RunSelection[],
  seed: number,
  noise?: number,
): RandomizationResult {
  const frequency = new Float64Array(interactome.genes.length);
  const edgeFrequency = new Float64Array(interactome.cost.length);
  const nodeCounts = new Int32Array(runs.length);
  runs.forEach((run, r) => {
    for (const v of run.nodes) frequency[v]!++;
    for (const e of run.forestEdges) edgeFrequency[e]!++;
    nodeCounts[r] = run.nodes.length;
  });
  if (runs.length > 0) {
    for (let i = 0; i < frequency.length; i++) frequency[i]! /= runs.length;
    for (let i = 0; i < edgeFrequency.length; i++) edgeFrequency[i]! /= runs.length;
  }
  return {
    kind,
    runs: runs.length,
    seed,
    ...(noise === undefined ? {} : { noise }),
    frequency,
    edgeFrequency,
    nodeCounts,
  };
}
