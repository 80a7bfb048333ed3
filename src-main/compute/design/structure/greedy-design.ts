/**
 * Greedy batch design of single-gene interventions that orient a causal network, over a DAG ensemble
 * (the kept subsample DAGs of a stability run, equally weighted).
 *
 * Two objectives for a set S of intervened genes:
 *  - edges: the expected number of edges the I-essential graph of S orients, averaged over the ensemble
 *    (Hauser & Bühlmann, "Two optimal strategies for active learning of causal models from
 *    interventional data", Int. J. Approx. Reason. 55:926, 2014; the objective is submodular: Ghassami,
 *    Salehkaleybar, Kiyavash & Bareinboim, "Budgeted experiment design for causal structure learning",
 *    ICML 2018);
 *  - information: the ABCD mutual information (Agrawal et al., AISTATS 2019), here the entropy of the
 *    ensemble's partition by what the experiments show (ensemble-partition.ts).
 * Both are monotone submodular, so adding, k times per round, the gene of largest marginal gain is
 * within (1 − 1/e) of the best k-set (Nemhauser, Wolsey & Fisher 1978). Each pick records both gains,
 * so the trade-off between the objectives, and the shrinking gain of each further experiment, show.
 *
 * Rounds: no outcome of round r is known when the plan is made, so round r + 1 is planned as if rounds
 * 1…r were done (the greedy sequence continues); rerunning the design on the network learned after a
 * round gives the adaptive strategy. Ties are broken by a seeded order of the pool.
 */
import { SeededRng } from '../../numeric/rng.ts';
import type { CompactDag } from '../../targets/ranking/dag-ensemble.ts';
import { EnsemblePartition } from './ensemble-partition.ts';
import { EssentialOrientation } from './essential-orientation.ts';

export type DesignObjective = 'edges' | 'information';

export interface DesignOptions {
  /** Genes (indices) that can be perturbed. */
  pool: readonly number[];
  /** Single-gene interventions per round, and rounds. */
  budget: number;
  rounds: number;
  objective: DesignObjective;
  seed: number;
  /** Called after each pick (e.g. to report progress and let a cancel arrive). */
  onPick?: (picked: number, total: number) => Promise<void> | void;
}

export interface DesignPick {
  gene: number;
  /** 1-based round, and rank within the round (greedy order). */
  round: number;
  rank: number;
  /** Expected edges newly oriented (mean over the ensemble) and information gained (bits). */
  edgesGain: number;
  informationBits: number;
  /** After this pick: expected oriented edges and the partition's entropy. */
  expectedOriented: number;
  entropyBits: number;
  /** Arcs newly oriented, with the fraction of DAGs in which this pick orients them, most frequent first. */
  arcs: { source: number; target: number; frequency: number }[];
}

export interface StructureDesign {
  dags: number;
  /** Mean edges per DAG, and oriented before any experiment (observational essential graphs). */
  meanEdges: number;
  baselineOriented: number;
  picks: DesignPick[];
  /** Why fewer than budget × rounds picks were made (null: all made). */
  stoppedEarly: string | null;
}

/** Each DAG's I-essential graph and the partition by what the experiments so far show. */
export class DesignEnsemble {
  readonly states: EssentialOrientation[];
  readonly partition: EnsemblePartition;

  constructor(dags: readonly CompactDag[]) {
    if (dags.length === 0) throw new RangeError('the DAG ensemble is empty');
    this.states = dags.map((d) => new EssentialOrientation(d));
    this.partition = new EnsemblePartition(dags.length);
  }

  get meanOriented(): number {
    return mean(this.states.map((s) => s.orientedCount));
  }

  /** Marginal gains of intervening on v: expected newly oriented edges, and information (bits). */
  gains(v: number, objective: DesignObjective): { edges: number; bits: number } {
    if (objective === 'information') {
      const h = this.partition.entropyIf(this.states.map((s) => s.armKey(v)));
      return { edges: 0, bits: h - this.partition.entropyBits };
    }
    let edges = 0;
    for (const s of this.states) if (s.undirectedAt(v) > 0) edges += s.trial(v).length;
    return { edges: edges / this.states.length, bits: 0 };
  }

  /** Adds the intervention on v to every DAG; returns the arcs it oriented with their frequency. */
  commit(v: number): { edges: number; bits: number; arcs: DesignPick['arcs'] } {
    const counts = new Map<number, number>();
    const p = this.states[0]!.dag.p;
    let edges = 0;
    for (const s of this.states) {
      for (const k of s.intervene(v)) {
        const key = s.tail[k]! * p + s.head[k]!;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        edges++;
      }
    }
    const bits = this.partition.refine(this.states.map((s) => s.armKey(v)));
    const n = this.states.length;
    const arcs = [...counts]
      .map(([key, c]) => ({ source: Math.floor(key / p), target: key % p, frequency: c / n }))
      .sort((x, y) => y.frequency - x.frequency || x.source - y.source || x.target - y.target);
    return { edges: edges / n, bits, arcs };
  }
}

export async function greedyDesign(
  dags: readonly CompactDag[],
  options: DesignOptions,
): Promise<StructureDesign> {
  const ensemble = new DesignEnsemble(dags);
  const baselineOriented = ensemble.meanOriented;
  const total = options.budget * options.rounds;
  const candidates = new SeededRng(options.seed).shuffle([...new Set(options.pool)]);
  const picks: DesignPick[] = [];
  let stoppedEarly: string | null = null;
  for (let i = 0; i < total; i++) {
    let best = -1;
    let bestGain = 0;
    for (let c = 0; c < candidates.length; c++) {
      const g = ensemble.gains(candidates[c]!, options.objective);
      const gain = options.objective === 'edges' ? g.edges : g.bits;
      if (gain > bestGain + 1e-12) {
        bestGain = gain;
        best = c;
      }
    }
    if (best < 0) {
      stoppedEarly =
        candidates.length === 0
          ? 'every gene of the pool is already in the plan'
          : options.objective === 'edges'
            ? 'no further experiment on the pool orients an edge in any DAG of the ensemble'
            : 'no further experiment on the pool tells the remaining DAGs of the ensemble apart ' +
              '(keep more subsample DAGs, or plan by edges)';
      break;
    }
    const gene = candidates.splice(best, 1)[0]!;
    const done = ensemble.commit(gene);
    picks.push({
      gene,
      round: Math.floor(i / options.budget) + 1,
      rank: (i % options.budget) + 1,
      edgesGain: done.edges,
      informationBits: done.bits,
      expectedOriented: ensemble.meanOriented,
      entropyBits: ensemble.partition.entropyBits,
      arcs: done.arcs,
    });
    await options.onPick?.(i + 1, total);
  }
  return {
    dags: dags.length,
    meanEdges: mean(ensemble.states.map((s) => s.arcCount)),
    baselineOriented,
    picks,
    stoppedEarly,
  };
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
}
