/**
 * The ranked target table: every gene of the causal network with the drugs that hit it, the disease
 * genes it reaches on the stability graph (causal-reach.ts), and the predicted reversal of the disease
 * signature by inhibiting it over the DAG ensemble (knockdown-effects.ts). This is the last step of
 * Belyaeva et al. 2021 (Nat. Commun. 12:1024), who read targets off a drawn graph; here each row carries
 * the numbers that place it, and reachPaths draws its paths.
 *
 * Order: druggable genes first (a target without a drug is a finding, not a treatment), then by the
 * mean predicted reversal (cosine with the reversed signature, higher first), then by reach size, then
 * by name, so equal rows always come out in the same order.
 */
import type { DenseMatrix } from '../../numeric/matrix.ts';
import { type ReachPath, type StabilityGraph, bestPathsFrom, reachPaths } from './causal-reach.ts';
import type { CompactDag } from './dag-ensemble.ts';
import type { CovarianceSource } from './linear-sem.ts';
import { type DrugOnTarget, type DrugTargetRow, druggableGenes } from './druggable-genes.ts';
import {
  type DiseaseSignature,
  type KnockdownEffects,
  type KnockdownOptions,
  type Spread,
  knockdownEffects,
} from './knockdown-effects.ts';

export type Annotation = string | number | boolean | null;

export interface TargetRankingInput {
  /** A DagEnsemble (dag-ensemble.ts), whose seed is then recorded, or any genes + DAGs. */
  readonly ensemble: {
    readonly genes: readonly string[];
    readonly dags: readonly CompactDag[];
    readonly seed?: number;
  };
  /** Samples × genes, column-major, in ensemble.genes order (knockdown-effects.ts alignColumns). */
  readonly data: DenseMatrix | CovarianceSource;
  readonly signature: DiseaseSignature;
  /**
   * The disease genes (the Steiner terminals, or the signature genes passing a cut): those reached and
   * those whose predicted shift is compared with the signature; default: every signature gene with a
   * finite non-zero value in the network. Genes without a signature value count for reach only.
   */
  readonly diseaseGenes?: readonly string[];
  readonly stability: StabilityGraph;
  /** Drug–target rows after the affinity filter (druggable-genes.ts filterByAffinity). */
  readonly drugTargets: readonly DrugTargetRow[];
  /** Per-gene annotations from imported node tables (SARS-CoV-2 interactor, terminal, prize…). */
  readonly annotations?: ReadonlyMap<string, Readonly<Record<string, Annotation>>>;
}

/** The options a ranking ran with, recorded in its result (disease genes come with the input). */
export type TargetRankingSettings = Required<TargetRankingOptions> & {
  readonly diseaseGenes: readonly string[] | null;
};

export interface TargetRankingOptions extends Omit<KnockdownOptions, 'diseaseGenes'> {
  readonly druggableFirst?: boolean;
  /** Reach counts a disease gene only when its best path is at least this stable (default 0). */
  readonly minPathStability?: number;
}

export interface TargetRow {
  readonly rank: number;
  readonly gene: string;
  readonly annotations: Readonly<Record<string, Annotation>>;
  readonly drugs: readonly DrugOnTarget[];
  /** Disease genes downstream on the stability graph, most stable path first. */
  readonly reach: readonly { gene: string; stability: number }[];
  readonly reachSize: number;
  /** Best path stability over the reached disease genes (0 when none). */
  readonly pathStability: number;
  /** Cosine of the predicted knockdown shift with the reversed signature, over the DAGs. */
  readonly reversal: Spread;
  readonly rightWay: Spread;
  readonly wrongWay: Spread;
  /** Fraction of DAGs in which the gene has a disease gene among its descendants. */
  readonly reachFrequency: number;
}

export interface TargetRanking {
  readonly rows: TargetRow[];
  readonly diseaseGenes: string[];
  /** Per-gene predicted shifts of the compared disease genes (for predictedShifts). */
  readonly effects: KnockdownEffects;
  readonly dags: number;
  /** The seed that drew the ensemble's members of each run's equivalence class (null if not given). */
  readonly ensembleSeed: number | null;
  readonly ridgedEquations: number;
  readonly options: TargetRankingSettings;
}

export function rankTargets(
  input: TargetRankingInput,
  options: TargetRankingOptions = {},
  onFitted?: (done: number, total: number) => void,
): TargetRanking {
  const opts: TargetRankingSettings = {
    diseaseGenes: input.diseaseGenes ?? null,
    knockdown: options.knockdown ?? 1,
    includeSelf: options.includeSelf ?? false,
    druggableFirst: options.druggableFirst ?? true,
    minPathStability: options.minPathStability ?? 0,
  };
  const { genes } = input.ensemble;
  const effects = knockdownEffects(input.ensemble, input.data, input.signature, opts, onFitted);
  const disease = input.diseaseGenes ?? effects.diseaseGenes;
  const diseaseIdx: { gene: string; at: number }[] = [];
  for (const g of new Set(disease)) {
    const at = input.stability.index.get(g);
    if (at !== undefined) diseaseIdx.push({ gene: g, at });
  }
  const drugs = druggableGenes(input.drugTargets, genes);

  const unranked = genes.map((gene, j) => {
    const e = effects.effects[j]!;
    const source = input.stability.index.get(gene);
    const reach: { gene: string; stability: number }[] = [];
    if (source !== undefined) {
      const best = bestPathsFrom(input.stability, source);
      for (const d of diseaseIdx) {
        const st = best.stability[d.at]!;
        if (d.at !== source && st > 0 && st >= opts.minPathStability)
          reach.push({ gene: d.gene, stability: st });
      }
      reach.sort((a, b) => b.stability - a.stability || (a.gene < b.gene ? -1 : 1));
    }
    return {
      gene,
      annotations: input.annotations?.get(gene) ?? {},
      drugs: drugs.get(gene) ?? [],
      reach,
      reachSize: reach.length,
      pathStability: reach[0]?.stability ?? 0,
      reversal: e.reversal,
      rightWay: e.rightWay,
      wrongWay: e.wrongWay,
      reachFrequency: e.reachFrequency,
    };
  });
  unranked.sort(
    (a, b) =>
      (opts.druggableFirst ? Number(b.drugs.length > 0) - Number(a.drugs.length > 0) : 0) ||
      b.reversal.mean - a.reversal.mean ||
      b.reachSize - a.reachSize ||
      (a.gene < b.gene ? -1 : a.gene > b.gene ? 1 : 0),
  );
  return {
    rows: unranked.map((r, i) => ({ rank: i + 1, ...r })),
    diseaseGenes: diseaseIdx.map((d) => d.gene),
    effects,
    dags: effects.dags,
    ensembleSeed: input.ensemble.seed ?? null,
    ridgedEquations: effects.ridgedEquations,
    options: opts,
  };
}

/** The most stable path from a row's gene to each disease gene it reaches: what the row draws. */
export function explainTarget(ranking: TargetRanking, stability: StabilityGraph, gene: string): ReachPath[] {
  const min = ranking.options.minPathStability;
  return reachPaths(stability, gene, new Set(ranking.diseaseGenes)).filter((p) => p.stability >= min);
}

export interface PredictedShift {
  readonly gene: string;
  /** The disease signature's value (disease vs control). */
  readonly disease: number;
  /** Predicted shift under the knockdown, mean and SD over the DAGs. */
  readonly mean: number;
  readonly sd: number;
  /** Whether the mean shift moves the gene toward control. */
  readonly rightWay: boolean;
}

/** A row's predicted shift of each disease gene it moves (largest first): the effect half of its story. */
export function predictedShifts(ranking: TargetRanking, gene: string): PredictedShift[] {
  const j = ranking.effects.effects.findIndex((e) => e.gene === gene);
  if (j < 0) return [];
  const e = ranking.effects.effects[j]!;
  const out: PredictedShift[] = [];
  ranking.effects.diseaseGenes.forEach((g, d) => {
    const mean = e.shiftMean[d]!;
    const sd = e.shiftSd[d]!;
    if (mean === 0 && sd === 0) return;
    const disease = ranking.effects.diseaseValues[d]!;
    out.push({ gene: g, disease, mean, sd, rightWay: mean * disease < 0 });
  });
  return out.sort((a, b) => Math.abs(b.mean) - Math.abs(a.mean) || (a.gene < b.gene ? -1 : 1));
}
