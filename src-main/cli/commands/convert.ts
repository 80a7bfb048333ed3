import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeDelimited } from '../../compute/io/delimited-write.ts';
import { writeGct } from '../../compute/io/gct.ts';
import { writeSampleMajorArrow } from '../../compute/io/arrow-matrix.ts';
import { writeParquet } from '../../compute/io/parquet.ts';
import { readMatrixFile } from '../../compute/io/read-matrix.ts';
import type { Io } from '../cli-error.ts';
import { usage } from '../cli-error.ts';
import { parseOrientation } from './inspect.ts';

export const convertHelp = `causeway convert <in> <out.(arrow|feather|parquet|gct|csv|tsv)> [--orientation …] [--layer <name>]
  Convert an expression matrix between formats (genes × samples in every output). The input is only read.`;

export async function convertCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { orientation: { type: 'string' }, layer: { type: 'string' } },
    allowPositionals: true,
  });
  const [input, output] = positionals;
  if (!input || !output)
    throw usage('convert needs an input and an output file: causeway convert <in> <out.arrow>');
  const ext = /\.(arrow|feather|parquet|gct|csv|tsv)$/i.exec(output)?.[1]?.toLowerCase();
  if (!ext)
    throw usage(
      `cannot tell the output format of ${output}; use .arrow, .feather, .parquet, .gct, .csv or .tsv`,
    );
  if (resolve(input) === resolve(output)) throw usage('the output must not overwrite the input file');
  const orientation = parseOrientation(values.orientation);
  const r = await readMatrixFile(input, {
    ...(orientation ? { orientation } : {}),
    ...(values.layer ? { layer: values.layer } : {}),
  });
  if (ext === 'arrow' || ext === 'feather') writeSampleMajorArrow(output, r.matrix);
  else if (ext === 'parquet') writeParquet(output, r.matrix);
  else if (ext === 'gct') writeGct(output, r.matrix, r.geneMeta, r.sampleMeta);
  else writeDelimited(output, r.matrix, ext === 'tsv' ? '\t' : ',');
  io.out(`${output}: ${r.matrix.genes.length} genes × ${r.matrix.samples.length} samples (${ext})\n`);
  return 0;
}
