// One entry point: detect the format, read with its reader, run the common checks.
import { readArrow } from './arrow-table.ts';
import { readDelimited } from './delimited.ts';
import { detectFormat } from './detect-format.ts';
import { readGct } from './gct.ts';
import { readGctx } from './gctx.ts';
import { readH5ad } from './h5ad.ts';
import { readHdf5Matrix } from './hdf5-matrix.ts';
import { readMtx } from './mtx.ts';
import { readParquet } from './parquet.ts';
import { readSignature } from './signature.ts';
import type { StreamingReadOptions } from './sample-stream.ts';
import { invalid, type FileFormat, type MatrixRead, type ReadOptions } from './types.ts';
import { validateMatrix } from './validate.ts';

export const NETWORK_FORMATS: readonly FileFormat[] = ['edge-list', 'sif', 'graphml', 'drug-targets'];

export async function readMatrixFile(
  file: string,
  options: ReadOptions = {},
  format?: FileFormat,
): Promise<MatrixRead> {
  const read = await readMatrixUnchecked(file, options, format);
  validateMatrix(read);
  return read;
}

/**
 * The readers without the common checks: the import wizard must see duplicate gene names (to offer a
 * merge) instead of a refusal, so it reads here, merges, and then runs validate.ts itself.
 */
export async function readMatrixUnchecked(
  file: string,
  options: StreamingReadOptions = {},
  detected?: FileFormat,
): Promise<MatrixRead> {
  const format = detected ?? (await detectFormat(file));
  switch (format) {
    case 'csv':
    case 'tsv':
      return readDelimited(file, options);
    case 'arrow':
    case 'arrow-stream':
      return readArrow(file, options);
    case 'parquet':
      return readParquet(file, options);
    case 'gct':
      return readGct(file);
    case 'gctx':
      return readGctx(file, options);
    case 'h5ad':
      return readH5ad(file, options);
    case 'hdf5':
      return readHdf5Matrix(file, options);
    case 'mtx':
      return readMtx(file, options);
    case 'signature':
      return readSignature(file);
    default:
      throw invalid(
        file,
        `is a ${format} table, not an expression matrix; import it as a network or drug–target table.`,
      );
  }
}
