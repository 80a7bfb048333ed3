/**
 * The correlation hot loop through onnxruntime: a batch of signatures (rows × genes) times the query and
 * its K label-permuted copies as ONE MatMul, with the centring (Pearson, Spearman on mid-ranks) and the
 * normalisation done in the graph, so the whole loop runs on whatever execution provider onnxruntime
 * started — a GPU when one is there, else the CPU (the fallback and its reason are recorded, session.ts).
 *
 * The graph, for x = the batch [B, n] and Q = [query | permuted queries] laid out [n, 1 + K]:
 *
 *     xc    = x − mean(x, genes)            (Pearson / Spearman; cosine: xc = x)
 *     denom = sqrt(Σ_genes xc²) · |q|       [B, 1]
 *     out   = MatMul(xc, Q) / denom         [B, 1 + K]: column 0 the score, columns 1…K the null draws
 *
 * The statistics around it (permutations drawn from the same seeded RNG as the JavaScript path, p-values,
 * drug aggregation) are shared, so both backends give the same ranking up to float32 rounding: products
 * accumulate in float32 here, in float64 in the JavaScript kernels (matrix-product.ts).
 *
 * Imports onnxruntime-node: worker-side only (compute runs in workers; rank-signatures.ts loads this module
 * lazily, so the native runtime starts only when the ONNX backend is chosen).
 */
import * as ort from 'onnxruntime-node';
import { CausewayError } from '#shared/lib/result.ts';
import { GraphBuilder } from '../inference/onnx-builder.ts';
import type { ProviderSetting } from '../inference/providers.ts';
import { type LoadedSession, createSession } from '../inference/session.ts';
import { SharedGeneRows, prepareQuery } from './correlation.ts';
import type { GeneAlignment } from './gene-alignment.ts';
import { permutedQueries } from './permutation-null.ts';
import { DescendingRanker, centredMidRanks } from './rank-order.ts';
import type { SeededRng } from '../numeric/rng.ts';
import type { BatchScorer } from './scoring-types.ts';

export type OnnxScoreKind = 'cosine' | 'pearson' | 'spearman';

export const SCORING_GRAPH = { input: 'signatures', output: 'scaled', denominator: 'denominator' } as const;

/**
 * The scoring graph. `queries` is [n, columns] row-major (column 0 the query, then the permuted queries);
 * `queryNorm` = |q| (every permutation has the same norm).
 */
export function buildScoringModel(
  centre: boolean,
  queries: Float32Array,
  n: number,
  columns: number,
  queryNorm: number,
): Uint8Array {
  const g = new GraphBuilder('causeway_signature_scoring');
  const x = g.input(SCORING_GRAPH.input, 'float', ['batch', n]);
  const q = g.initializer('queries', 'float', [n, columns], queries);
  const norm = g.scalar('query_norm', 'float', queryNorm);
  const axes = { axes: { ints: [1] }, keepdims: { i: 1 } };
  const xc = centre ? g.op('Sub', [x, g.op('ReduceMean', [x], axes)], {}, 'centred') : x;
  const spread = g.op('Sqrt', [g.op('ReduceSumSquare', [xc], axes)]);
  const denom = g.op('Mul', [spread, norm], {}, SCORING_GRAPH.denominator);
  g.op('Div', [g.op('MatMul', [xc, q], {}, 'dots'), denom], {}, SCORING_GRAPH.output);
  g.output(SCORING_GRAPH.output, 'float', ['batch', columns]);
  g.output(SCORING_GRAPH.denominator, 'float', ['batch', 1]);
  return g.toModel({ docString: 'signatures · [query | permuted queries], centred and normalised' });
}

/** [query; K permuted queries] (row-major, K + 1 rows of n) transposed into the graph's [n, K + 1]. */
export function queryColumns(query: Float64Array, nulls: Float64Array, n: number): Float32Array {
  const columns = 1 + nulls.length / n;
  const out = new Float32Array(n * columns);
  for (let j = 0; j < n; j++) {
    out[j * columns] = query[j]!;
    for (let k = 1; k < columns; k++) out[j * columns + k] = nulls[(k - 1) * n + j]!;
  }
  return out;
}

export class OnnxCorrelationScorer implements BatchScorer {
  private readonly ranker: DescendingRanker | null;
  private readonly ranks: Float32Array;

  private constructor(
    private readonly loaded: LoadedSession,
    private readonly rowsSource: SharedGeneRows,
    readonly maxRows: number,
    readonly permutations: number,
    spearman: boolean,
  ) {
    const n = rowsSource.n;
    this.ranker = spearman ? new DescendingRanker(n) : null;
    this.ranks = new Float32Array(spearman ? maxRows * n : 0);
  }

  get provider(): LoadedSession['provider'] {
    return this.loaded.provider;
  }

  get fallbacks(): LoadedSession['fallbacks'] {
    return this.loaded.fallbacks;
  }

  /**
   * @param reversedDisease −disease on the shared genes, canonical order
   * @param rng permutation source, drawn exactly as the JavaScript scorers draw it (same seed → same nulls)
   */
  static async open(
    kind: OnnxScoreKind,
    alignment: GeneAlignment,
    reversedDisease: Float64Array,
    maxRows: number,
    permutations: number,
    rng: SeededRng | null,
    setting: ProviderSetting,
  ): Promise<OnnxCorrelationScorer> {
    // Mid-ranks and moments do not depend on the order genes are read in: rows are read in place.
    const rowsSource = new SharedGeneRows(alignment, maxRows, true);
    const spearman = kind === 'spearman';
    const base = spearman ? centredMidRanks(reversedDisease) : reversedDisease;
    const { query, norm } = prepareQuery(kind === 'cosine' ? 'cosine' : 'pearson', base);
    const k = rng ? permutations : 0;
    const nulls = rng ? permutedQueries(query, k, rng) : new Float64Array(0);
    const n = rowsSource.n;
    const columns = queryColumns(rowsSource.layout(query), rowsSource.layout(nulls), n);
    const model = buildScoringModel(kind !== 'cosine', columns, n, 1 + k, norm);
    const loaded = await createSession(model, { setting, label: `the ${kind} scoring graph` });
    return new OnnxCorrelationScorer(loaded, rowsSource, maxRows, k, spearman);
  }

  async scoreRows(
    batch: Float32Array,
    firstRow: number,
    rows: number,
    scores: Float64Array,
    nulls: Float32Array | null,
  ): Promise<void> {
    const { values, offset } = this.rowsSource.read(batch, firstRow, rows);
    const n = this.rowsSource.n;
    let input = values.subarray(offset, offset + rows * n);
    if (this.ranker) {
      for (let r = 0; r < rows; r++) {
        if (this.ranker.sort(values, offset + r * n))
          this.ranker.centredMidRanks(values, offset + r * n, this.ranks, r * n);
        else this.ranks.fill(Number.NaN, r * n, (r + 1) * n);
      }
      input = this.ranks.subarray(0, rows * n);
    }
    const feed = new ort.Tensor('float32', input, [rows, n]);
    const out = await this.loaded.session.run({ [SCORING_GRAPH.input]: feed });
    const scaled = out[SCORING_GRAPH.output]?.data;
    const denominators = out[SCORING_GRAPH.denominator]?.data;
    if (!(scaled instanceof Float32Array) || !(denominators instanceof Float32Array)) {
      throw new CausewayError('E_INTERNAL', 'The scoring graph gave no float32 outputs.');
    }
    const k = this.permutations;
    const columns = 1 + k;
    for (let r = 0; r < rows; r++) {
      // Zero spread (a constant signature) or a non-finite value: unscorable, as in the JavaScript path.
      const ok = denominators[r]! > 0;
      scores[r] = ok ? scaled[r * columns]! : Number.NaN;
      if (nulls && k > 0) {
        const row = scaled.subarray(r * columns + 1, (r + 1) * columns);
        if (ok) nulls.set(row, r * k);
        else nulls.fill(Number.NaN, r * k, (r + 1) * k);
      }
    }
  }

  async release(): Promise<void> {
    await this.loaded.session.release();
  }
}
