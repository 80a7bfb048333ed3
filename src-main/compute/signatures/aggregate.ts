/**
 * Per-drug aggregation of signature scores over doses, time points and cell types, with a drug-level
 * permutation null.
 *
 *  - best: the drug's highest-scoring signature (scores are oriented so that higher = stronger reversal);
 *    answers "is there a condition in which this drug reverses the disease?".
 *  - mean: the mean over its signatures; answers "does it reverse the disease consistently?".
 *
 * The drug-level null applies the same aggregation to the signatures' null scores draw by draw — all
 * signatures see the same K null draws (permutation-null.ts) — so a drug with many signatures is not
 * favoured by taking the best of many: its null is a best-of-many too. This is a max-statistic / mean-
 * statistic permutation test per drug (Westfall & Young 1993), not a combination of signature p-values.
 * Memory: drugs × K float32 accumulators, filled while the collection streams past.
 */
import { permutationPValue } from './permutation-null.ts';
import type { DrugAggregation } from '#shared/contracts/drugs-rank.ts';
import type { SignatureInfo } from './scoring-types.ts';

export interface DrugScore {
  drug: string;
  score: number;
  /** Drug-level permutation p-value; NaN when no permutations were run or the drug has no scorable signature. */
  pValue: number;
  /** Signatures that entered the aggregate (scorable ones). */
  nSignatures: number;
  /** Index (into the signature table) of the drug's highest-scoring signature; −1 if none was scorable. */
  bestSignature: number;
}

function indexDrugs(signatures: readonly SignatureInfo[]): { drugs: string[]; drugOf: Int32Array } {
  const slot = new Map<string, number>();
  const drugOf = new Int32Array(signatures.length);
  for (let i = 0; i < signatures.length; i++) {
    const drug = signatures[i]!.drug;
    let index = slot.get(drug);
    if (index === undefined) slot.set(drug, (index = slot.size));
    drugOf[i] = index;
  }
  return { drugs: [...slot.keys()], drugOf };
}

export class DrugAggregator {
  readonly drugs: string[];
  readonly drugOf: Int32Array;
  private readonly totals: Float64Array;
  private readonly bestScore: Float64Array;
  private readonly bestIndex: Int32Array;
  private readonly counts: Int32Array;
  private readonly nullAccumulators: Float32Array;

  constructor(
    signatures: readonly SignatureInfo[],
    private readonly how: DrugAggregation,
    private readonly permutations: number,
  ) {
    ({ drugs: this.drugs, drugOf: this.drugOf } = indexDrugs(signatures));
    const d = this.drugs.length;
    this.totals = new Float64Array(d);
    this.bestScore = new Float64Array(d).fill(Number.NEGATIVE_INFINITY);
    this.bestIndex = new Int32Array(d).fill(-1);
    this.counts = new Int32Array(d);
    this.nullAccumulators = new Float32Array(d * permutations).fill(
      how === 'best' ? Number.NEGATIVE_INFINITY : 0,
    );
  }

  /** Fold in signatures firstSignature … firstSignature+rows−1 (scores[r], nulls[r·K + k]). */
  add(firstSignature: number, rows: number, scores: Float64Array, nulls: Float32Array | null): void {
    const k = nulls ? this.permutations : 0;
    for (let r = 0; r < rows; r++) {
      const score = scores[r]!;
      if (Number.isNaN(score)) continue;
      const drug = this.drugOf[firstSignature + r]!;
      this.counts[drug]!++;
      this.totals[drug]! += score;
      if (score > this.bestScore[drug]!) {
        this.bestScore[drug] = score;
        this.bestIndex[drug] = firstSignature + r;
      }
      const accumulator = drug * k;
      const source = r * k;
      if (this.how === 'best') {
        for (let draw = 0; draw < k; draw++) {
          const value = nulls![source + draw]!;
          if (value > this.nullAccumulators[accumulator + draw]!)
            this.nullAccumulators[accumulator + draw] = value;
        }
      } else {
        for (let draw = 0; draw < k; draw++)
          this.nullAccumulators[accumulator + draw]! += nulls![source + draw]!;
      }
    }
  }

  /** Drug d's null draws on the score's scale (mean: divided by its signature count); empty if none. */
  nullDraws(d: number): Float32Array {
    const k = this.permutations;
    const n = this.counts[d]!;
    const draws = this.nullAccumulators.slice(d * k, (d + 1) * k);
    if (n === 0) return new Float32Array(0);
    if (this.how === 'mean') for (let i = 0; i < k; i++) draws[i] = draws[i]! / n;
    return draws;
  }

  /** Per drug, its null draws ≥ its score (float32, as the draws); −1 when it has no scorable signature. */
  exceedances(): Int32Array {
    const k = this.permutations;
    return Int32Array.from(this.drugs, (_, d) => {
      const n = this.counts[d]!;
      if (n === 0) return -1;
      const divisor = this.how === 'best' ? 1 : n;
      const threshold = Math.fround(this.how === 'best' ? this.bestScore[d]! : this.totals[d]! / n);
      let exceedances = 0;
      for (let draw = 0; draw < k; draw++) {
        if (this.nullAccumulators[d * k + draw]! / divisor >= threshold) exceedances++;
      }
      return exceedances;
    });
  }

  /**
   * Drug scores with p-values from `exceedances` over `permutations` draws — this aggregator's own by
   * default; the summed counts of every permutation range when a ranking was split (permutation-chunks.ts).
   */
  finish(
    exceedances = this.permutations > 0 ? this.exceedances() : null,
    permutations = this.permutations,
  ): DrugScore[] {
    return this.drugs.map((drug, d) => {
      const n = this.counts[d]!;
      const score = n === 0 ? Number.NaN : this.how === 'best' ? this.bestScore[d]! : this.totals[d]! / n;
      const count = exceedances ? exceedances[d]! : -1;
      const pValue = n > 0 && count >= 0 ? permutationPValue(count, permutations) : Number.NaN;
      return { drug, score, pValue, nSignatures: n, bestSignature: this.bestIndex[d]! };
    });
  }
}

/** Aggregate any per-signature value (e.g. NCS) per drug the same way, skipping NaN. */
export function aggregateByDrug(
  values: Float64Array,
  drugOf: Int32Array,
  drugCount: number,
  how: DrugAggregation,
): Float64Array {
  const totals = new Float64Array(drugCount);
  const best = new Float64Array(drugCount).fill(Number.NEGATIVE_INFINITY);
  const counts = new Int32Array(drugCount);
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (Number.isNaN(value)) continue;
    const d = drugOf[i]!;
    counts[d]!++;
    totals[d]! += value;
    if (value > best[d]!) best[d] = value;
  }
  return Float64Array.from(totals, (total, d) =>
    counts[d] === 0 ? Number.NaN : how === 'best' ? best[d]! : total / counts[d]!,
  );
}

/**
 * Drug indices best first: higher score, then smaller p-value, then drug name; unscorable drugs last.
 * Sorted through numeric keys, which matters at CMap scale (tens of thousands of drugs).
 */
export function rankDrugs(drugScores: readonly DrugScore[]): Int32Array {
  const score = Float64Array.from(drugScores, (d) =>
    Number.isNaN(d.score) ? Number.NEGATIVE_INFINITY : d.score,
  );
  const pValue = Float64Array.from(drugScores, (d) => (Number.isNaN(d.pValue) ? 1 : d.pValue));
  return Int32Array.from(drugScores.keys()).sort((a, b) => {
    const byScore = score[b]! - score[a]! || pValue[a]! - pValue[b]!;
    if (byScore !== 0 && !Number.isNaN(byScore)) return byScore;
    const nameA = drugScores[a]!.drug;
    const nameB = drugScores[b]!.drug;
    return nameA < nameB ? -1 : nameA > nameB ? 1 : 0;
  });
}
