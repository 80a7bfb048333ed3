// How a reader tells a streamed writer (dataset-store/dataset-writer.ts) how far it has got.
// Readers that fill the sample-major result in sample order (Arrow record batches or row blocks,
// Parquet pages, GCTX sample blocks) call begin() once the names and the result buffer are fixed,
// then progress(k) whenever samples [0, k) of that buffer hold their final values. The writer
// copies those bytes to disk while the reader keeps parsing, so a reader must never touch a sample
// again after reporting it. Readers that cannot promise that (genes × samples text, decoders that
// fall back to another library) report nothing, or report only at the end; the writer then simply
// writes everything afterwards.
import type { ReadOptions } from './types.ts';

export interface SampleStream {
  /**
   * The result buffer for `values` floats (default: a plain one), which the reader then fills and passes to begin(): the
   * writer's is shared with its hash thread (dataset-store/store-hash.ts), which then reads it in place.
   */
  buffer?(values: number): Float32Array;
  begin(genes: readonly string[], samples: readonly string[], data: Float32Array): void;
  progress(samplesDone: number): void;
  /** The reader is about to rewrite samples it already reported (a fallback decoder): stop streaming. */
  abandon(): void;
}

export interface StreamingReadOptions extends ReadOptions {
  /** Receives the sample watermark of readers that fill the result in sample order. */
  samples?: SampleStream | undefined;
}
