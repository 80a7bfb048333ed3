/**
 * Spearman rank correlation of drug signatures with the reversed disease signature, on shared genes:
 * Pearson correlation of mid-ranks (tied values share the mean of their ranks — the standard tie
 * correction, so rounded z-scores such as signatureSearch's two-decimal values are handled exactly).
 * Rank-based, hence insensitive to the scale differences between a microarray/RNA-seq disease signature and
 * L1000 z-scores; the connectivity measure of e.g. signatureSearch's `gess_cor`.
 */
import { CorrelationKernel, SharedGeneRows, pearson } from './correlation.ts';
import type { GeneAlignment } from './gene-alignment.ts';
import { DescendingRanker, centredMidRanks } from './rank-order.ts';
import type { SeededRng } from '../numeric/rng.ts';
import type { BatchScorer } from './scoring-types.ts';

/** Spearman correlation of two equal-length vectors, with mid-ranks for ties. */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return pearson(centredMidRanks(Float64Array.from(a)), centredMidRanks(Float64Array.from(b)));
}

export class SpearmanBatchScorer implements BatchScorer {
  readonly permutations: number;
  private readonly rowsSource: SharedGeneRows;
  private readonly ranker: DescendingRanker;
  private readonly ranks: Float32Array;
  private readonly kernel: CorrelationKernel;

  constructor(
    alignment: GeneAlignment,
    reversedDisease: Float64Array,
    readonly maxRows: number,
    permutations: number,
    rng: SeededRng | null,
  ) {
    // Mid-ranks do not depend on the order genes are read in, so rows can be read without gathering.
    this.rowsSource = new SharedGeneRows(alignment, maxRows, true);
    const n = this.rowsSource.n;
    this.ranker = new DescendingRanker(n);
    this.ranks = new Float32Array(maxRows * n);
    const query = centredMidRanks(reversedDisease);
    this.kernel = new CorrelationKernel('pearson', this.rowsSource, query, maxRows, permutations, rng);
    this.permutations = this.kernel.permutations;
  }

  scoreRows(
    batch: Float32Array,
    firstRow: number,
    rows: number,
    scores: Float64Array,
    nulls: Float32Array | null,
  ): void {
    const { values, offset } = this.rowsSource.read(batch, firstRow, rows);
    const n = this.rowsSource.n;
    for (let r = 0; r < rows; r++) {
      if (this.ranker.sort(values, offset + r * n))
        this.ranker.centredMidRanks(values, offset + r * n, this.ranks, r * n);
      else this.ranks.fill(Number.NaN, r * n, (r + 1) * n);
    }
    this.kernel.score(this.ranks, 0, rows, n, scores, nulls);
  }
}
