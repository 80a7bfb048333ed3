/**
 * WTCS over a streamed collection: each signature is sorted once (radix sort, rank-order.ts) and then
 * scored against the reversal query and, for the permutation null, against K random up/down gene sets of
 * the query's sizes (the same K sets for every signature; permutation-null.ts).
 */
import { type GeneAlignment } from './gene-alignment.ts';
import { SharedGeneRows } from './correlation.ts';
import { randomQuerySets } from './permutation-null.ts';
import type { SeededRng } from '../numeric/rng.ts';
import type { BatchScorer } from './scoring-types.ts';
import { type QueryGeneSets, WtcsScorer } from './wtcs.ts';

export class WtcsBatchScorer implements BatchScorer {
  readonly permutations: number;
  private readonly rowsSource: SharedGeneRows;
  private readonly scorer: WtcsScorer;
  private readonly querySets: Int32Array;
  private readonly nullSets: Int32Array;
  private readonly upSize: number;
  private readonly downSize: number;

  constructor(
    alignment: GeneAlignment,
    query: QueryGeneSets,
    readonly maxRows: number,
    permutations: number,
    rng: SeededRng | null,
  ) {
    // Gathered into canonical order even when the collection covers the shared genes: ties in a signature
    // are broken by gene order, and that order must not depend on the file.
    this.rowsSource = new SharedGeneRows(alignment, maxRows, false);
    const n = this.rowsSource.n;
    this.scorer = new WtcsScorer(n);
    this.upSize = query.up.length;
    this.downSize = query.down.length;
    this.querySets = Int32Array.from([...query.up, ...query.down]);
    this.permutations = rng ? permutations : 0;
    this.nullSets = rng
      ? randomQuerySets(n, this.upSize, this.downSize, permutations, rng)
      : new Int32Array(0);
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
    const k = nulls ? this.permutations : 0;
    const width = this.upSize + this.downSize;
    for (let r = 0; r < rows; r++) {
      if (!this.scorer.prepare(values, offset + r * n)) {
        scores[r] = Number.NaN;
        if (nulls) nulls.fill(Number.NaN, r * k, (r + 1) * k);
        continue;
      }
      scores[r] = this.scorer.score(this.querySets, 0, this.upSize, this.downSize);
      for (let draw = 0; draw < k; draw++) {
        nulls![r * k + draw] = this.scorer.score(this.nullSets, draw * width, this.upSize, this.downSize);
      }
    }
  }
}
