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

/** Vector minus its mean (Pearson) or unchanged (cosine), with the result's Euclidean norm. */
export function prepareQuery(
  kind: 'cosine' | 'pearson',
  vector: Float64Array,
): { query: Float64Array; norm: number } {
  const mean = kind === 'pearson' ? vector.reduce((s, v) => s + v, 0) / vector.length : 0;
  const query = vector.map((v) => v - mean);
  return { query, norm: Math.sqrt(query.reduce((s, v) => s + v * v, 0)) };
}

/**
 * The one-pass correlation of signature rows with the query and its label-permuted copies, shared by the
 * cosine/Pearson scorer and the Spearman scorer (which feeds it mid-ranks).
 */
export class CorrelationKernel {
  readonly permutations: number;
  /** Query in the layout rows are read in (centred for Pearson), and its norm. */
  private readonly query: Float64Array;
  private readonly queryNorm: number;
  private readonly nullQueries: Float64Array;
  private readonly dots: Float64Array;
  private readonly sums: Float64Array;
  /** Σx² per row, then overwritten with the row's denominator, reused to scale the null dots. */
  private readonly squares: Float64Array;

  /**
   * @param vector the query on the shared genes, canonical order
   * @param rng permutation source; the K draws are made here, once, and reused for every signature
   */
  constructor(
    private readonly kind: 'cosine' | 'pearson',
    rowsSource: SharedGeneRows,
    vector: Float64Array,
    maxRows: number,
    permutations: number,
    rng: SeededRng | null,
  ) {
    const { query, norm } = prepareQuery(kind, vector);
    this.query = rowsSource.layout(query);
    this.queryNorm = norm;
    this.dots = new Float64Array(maxRows);
    this.sums = new Float64Array(maxRows);
    this.squares = new Float64Array(maxRows);
    this.permutations = rng ? permutations : 0;
    this.nullQueries = rng
      ? rowsSource.layout(permutedQueries(query, permutations, rng))
      : new Float64Array(0);
  }

  /** Scores (and, when `nulls` is given, null scores) of `rows` rows of n values from `offset`. */
  score(
    values: Float32Array,
    offset: number,
    rows: number,
    n: number,
    scores: Float64Array,
    nulls: Float32Array | null,
  ): void {
    const { dots, sums, squares } = this;
    rowMoments(values, offset, rows, n, this.query, dots, sums, squares, 0);
    for (let r = 0; r < rows; r++) {
      // Σx² − (Σx)²/n loses precision only when |mean| ≫ sd, which standardised expression changes never are.
      const spread = this.kind === 'cosine' ? squares[r]! : squares[r]! - (sums[r]! * sums[r]!) / n;
      const denominator = Math.sqrt(Math.max(spread, 0)) * this.queryNorm;
      squares[r] = denominator;
      scores[r] = denominator > 0 ? dots[r]! / denominator : Number.NaN;
    }
    const k = this.permutations;
    if (!nulls || k === 0) return;
    rowsTimesQueries(values, offset, rows, n, this.nullQueries, k, nulls);
    for (let r = 0; r < rows; r++) {
      const scale = Number.isNaN(scores[r]!) ? Number.NaN : 1 / squares[r]!;
      for (let j = r * k; j < (r + 1) * k; j++) nulls[j] = nulls[j]! * scale;
    }
  }
}

export class CorrelationBatchScorer implements BatchScorer {
  readonly permutations: number;
  private readonly rowsSource: SharedGeneRows;
  private readonly kernel: CorrelationKernel;

  /**
   * @param reversedDisease −disease on the shared genes, canonical order
   * @param rng permutation source (see CorrelationKernel)
   */
  constructor(
    kind: 'cosine' | 'pearson',
    alignment: GeneAlignment,
    reversedDisease: Float64Array,
    readonly maxRows: number,
    permutations: number,
    rng: SeededRng | null,
  ) {
    this.rowsSource = new SharedGeneRows(alignment, maxRows, true);
    this.kernel = new CorrelationKernel(kind, this.rowsSource, reversedDisease, maxRows, permutations, rng);
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
    this.kernel.score(values, offset, rows, this.rowsSource.n, scores, nulls);
  }
}
