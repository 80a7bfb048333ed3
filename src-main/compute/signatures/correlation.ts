/**
 * Cosine similarity and Pearson correlation of drug signatures with the reversed disease signature
 * (−disease), on shared genes: the signature-reversion idea of Lamb et al. (Science 2006) and Sirota et al.
 * (Sci Transl Med 2011), measured as a correlation instead of a rank enrichment. +1 = the drug moves every
 * shared gene opposite to the disease, in proportion.
 *
 * Batch form: one matrix–vector pass (matrix-product.ts) yields Σx·q, Σx and Σx² per signature, from which
 * both scores follow; Pearson uses the centred query, so Σx·q_c = Σ(x − x̄)·q_c and one pass suffices.
 * Permutation nulls are dots with label-permuted queries (same norms, so the same denominators).
 */
import { type GeneAlignment, gatherSharedColumns, scatterToCollectionColumns } from './gene-alignment.ts';
import { rowMoments, rowsTimesQueries } from './matrix-product.ts';
import { permutedQueries } from './permutation-null.ts';
import type { SeededRng } from '../numeric/rng.ts';
import type { BatchScorer } from './scoring-types.ts';

/** Cosine similarity of two equal-length vectors (NaN if either is all zeros). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return aa > 0 && bb > 0 ? dot / Math.sqrt(aa * bb) : Number.NaN;
}

/** Pearson correlation, two-pass (NaN if either vector is constant). */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let meanA = 0;
  let meanB = 0;
  for (let i = 0; i < n; i++) {
    meanA += a[i]!;
    meanB += b[i]!;
  }
  meanA /= n;
  meanB /= n;
  const centredA = Float64Array.from({ length: n }, (_, i) => a[i]! - meanA);
  const centredB = Float64Array.from({ length: n }, (_, i) => b[i]! - meanB);
  return cosine(centredA, centredB);
}

/**
 * Where a batch scorer reads its rows: straight from the collection batch when every collection column is a
 * shared gene (then the query is laid out in column order — no copy, the bandwidth-bound case), otherwise
 * from a gathered copy of the shared columns in canonical order.
 */
export class SharedGeneRows {
  readonly direct: boolean;
  readonly n: number;
  private readonly gathered: Float32Array;

  constructor(
    private readonly alignment: GeneAlignment,
    maxRows: number,
    allowDirect: boolean,
  ) {
    this.direct = allowDirect && alignment.coversCollection;
    this.n = alignment.genes.length;
    this.gathered = new Float32Array(this.direct ? 0 : maxRows * this.n);
  }

  /** Vectors (row-major, canonical order) in the layout rows will be read in. */
  layout(vectors: Float64Array): Float64Array {
    return this.direct ? scatterToCollectionColumns(this.alignment, vectors) : vectors;
  }

  /** The rows as a buffer plus the offset of the first one. */
  read(batch: Float32Array, firstRow: number, rows: number): { values: Float32Array; offset: number } {
    if (this.direct) return { values: batch, offset: firstRow * this.n };
    const width = this.alignment.collectionWidth;
    const view = batch.subarray(firstRow * width, (firstRow + rows) * width);
    return { values: gatherSharedColumns(this.alignment, view, rows, this.gathered), offset: 0 };
  }
}

/** Query and per-row scratch of the one-pass correlation kernel. */
export interface CorrelationWork {
  /** Query vector in the layout rows are read in (centred for Pearson). */
  query: Float64Array;
  queryNorm: number;
  dots: Float64Array;
  sums: Float64Array;
  squares: Float64Array;
}

export function correlationWork(query: Float64Array, queryNorm: number, maxRows: number): CorrelationWork {
  return {
    query,
    queryNorm,
    dots: new Float64Array(maxRows),
    sums: new Float64Array(maxRows),
    squares: new Float64Array(maxRows),
  };
}

/** Vector minus its mean (Pearson) or unchanged (cosine), with the result's Euclidean norm. */
export function prepareQuery(
  kind: 'cosine' | 'pearson',
  vector: Float64Array,
): { query: Float64Array; norm: number } {
  const mean = kind === 'pearson' ? vector.reduce((s, v) => s + v, 0) / vector.length : 0;
  const query = vector.map((v) => v - mean);
  return { query, norm: Math.sqrt(query.reduce((s, v) => s + v * v, 0)) };
}

export class CorrelationBatchScorer implements BatchScorer {
  readonly permutations: number;
  private readonly rowsSource: SharedGeneRows;
  private readonly work: CorrelationWork;
  private readonly nullQueries: Float64Array;

  /**
   * @param reversedDisease −disease on the shared genes, canonical order
   * @param rng permutation source; the K draws are made here, once, and reused for every signature
   */
  constructor(
    private readonly kind: 'cosine' | 'pearson',
    alignment: GeneAlignment,
    reversedDisease: Float64Array,
    readonly maxRows: number,
    permutations: number,
    rng: SeededRng | null,
  ) {
    this.rowsSource = new SharedGeneRows(alignment, maxRows, true);
    const { query, norm } = prepareQuery(kind, reversedDisease);
    this.work = correlationWork(this.rowsSource.layout(query), norm, maxRows);
    this.permutations = rng ? permutations : 0;
    this.nullQueries = rng
      ? this.rowsSource.layout(permutedQueries(query, permutations, rng))
      : new Float64Array(0);
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
    scoreCorrelationRows(this.kind, values, offset, rows, n, this.work, scores);
    if (nulls && this.permutations > 0) {
      rowsTimesQueries(values, offset, rows, n, this.nullQueries, this.permutations, nulls);
      scaleNulls(scores, this.work.squares, nulls, rows, this.permutations);
    }
  }
}

/**
 * Scores from the one-pass moments. `squares` is overwritten with each row's denominator |x| (cosine) or
 * |x − x̄| (Pearson) times |q|, reused to scale the null dots.
 */
export function scoreCorrelationRows(
  kind: 'cosine' | 'pearson',
  values: Float32Array,
  offset: number,
  rows: number,
  n: number,
  work: CorrelationWork,
  scores: Float64Array,
): void {
  const { dots, sums, squares } = work;
  rowMoments(values, offset, rows, n, work.query, dots, sums, squares, 0);
  for (let r = 0; r < rows; r++) {
    // Σx² − (Σx)²/n loses precision only when |mean| ≫ sd, which standardised expression changes never are.
    const spread = kind === 'cosine' ? squares[r]! : squares[r]! - (sums[r]! * sums[r]!) / n;
    const denominator = Math.sqrt(Math.max(spread, 0)) * work.queryNorm;
    squares[r] = denominator;
    scores[r] = denominator > 0 ? dots[r]! / denominator : Number.NaN;
  }
}

export function scaleNulls(
  scores: Float64Array,
  denominators: Float64Array,
  nulls: Float32Array,
  rows: number,
  permutations: number,
): void {
  for (let r = 0; r < rows; r++) {
    const scale = Number.isNaN(scores[r]!) ? Number.NaN : 1 / denominators[r]!;
    const base = r * permutations;
    for (let k = 0; k < permutations; k++) nulls[base + k] = nulls[base + k]! * scale;
  }
}
