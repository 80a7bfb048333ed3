// The wizard reads through the same dispatch as every other import, minus validate.ts (see prepare.ts):
// it must see duplicate gene names to offer a merge instead of a refusal. `samples` (sample-stream.ts)
// lets the import write the matrix file while the reader is still reading.
import { readMatrixUnchecked } from '../io/read-matrix.ts';
import type { StreamingReadOptions } from '../io/sample-stream.ts';
import type { FileFormat, MatrixRead } from '../io/types.ts';

export function readRaw(
  file: string,
  options: StreamingReadOptions,
  format?: FileFormat,
): Promise<MatrixRead> {
  return readMatrixUnchecked(file, options, format);
}
