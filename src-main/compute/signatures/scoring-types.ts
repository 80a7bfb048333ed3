/** Types shared by the signature-scoring modules. */

/** One row of the signature table that accompanies a drug-signature matrix. */
export interface SignatureInfo {
  id: string;
  drug: string;
  cellType: string;
  dose: string;
  time: string;
  perturbationType: string;
}

/**
 * Scores consecutive signatures of a batch. Implementations own their scratch memory (sized for at most
 * `maxRows` rows), so a whole collection is scored with memory bounded by the chunk size.
 */
export interface BatchScorer {
  readonly maxRows: number;
  /** Number of null draws written per signature (0 when no permutations were asked for). */
  readonly permutations: number;
  /**
   * Score `rows` (≤ maxRows) signatures starting at row `firstRow` of `batch` (row-major, collection gene
   * columns). Writes scores[r] for r < rows (NaN when the signature cannot be scored: non-finite values,
   * zero variance) and, when `nulls` is given, nulls[r·permutations + k], the k-th null score of row r.
   * Asynchronous where the rows are scored by onnxruntime (onnx-scoring.ts).
   */
  scoreRows(
    batch: Float32Array,
    firstRow: number,
    rows: number,
    scores: Float64Array,
    nulls: Float32Array | null,
  ): void | Promise<void>;
  /** Frees native resources (an onnxruntime session); the scorer is not used afterwards. */
  release?(): Promise<void>;
}

export interface DiseaseSignature {
  genes: readonly string[];
  /** e.g. log2 fold change or a moderated t, case vs control; NaN = not measured. */
  values: ArrayLike<number>;
}

export interface SignatureBatch {
  /** Row-major rows × collection genes. */
  values: Float32Array;
  rows: number;
}

export interface SignatureCollection {
  genes: readonly string[];
  /** One entry per signature, in the order rows arrive. */
  signatures: readonly SignatureInfo[];
  batches: Iterable<SignatureBatch> | AsyncIterable<SignatureBatch>;
}
