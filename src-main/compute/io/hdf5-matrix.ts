// A plain HDF5 matrix as written by R/rhdf5 or h5py (e.g. signatureSearch's sample_db.h5): one 2-D
// dataset (`assay`, or the only 2-D one) plus 1-D name datasets (`rownames`, `colnames`) whose lengths
// tell which side is which. HDF5 dims are listed slowest first: shape [a, b] = a rows of b values.
import {
  checkFilters,
  isDataset,
  openHdf5,
  readSlice,
  readStrings,
  type H5Dataset,
  type H5File,
} from './hdf5.ts';
import { turn } from './column-blocks.ts';
import type { StreamingReadOptions } from './sample-stream.ts';
import { checkAborted, invalid, type MatrixRead } from './types.ts';

export interface Hdf5MatrixLayout {
  path: string;
  ds: H5Dataset;
  /** Dataset shape [a, b]: a samples (slow axis) of b genes (fast axis). */
  a: number;
  b: number;
  genes: string[];
  samples: string[];
}

/**
 * Which dataset is the matrix and which name datasets label its axes, from shapes and names only (the
 * names are read, the matrix is not). Shared with the quick inspect (inspect-hdf5.ts).
 */
export function locateHdf5Matrix(f: H5File, file: string): Hdf5MatrixLayout {
  const sets = f
    .keys()
    .map((k) => [k, f.get(k)] as const)
    .filter((e): e is readonly [string, H5Dataset] => isDataset(e[1]));
  const twoD = sets.filter(([, d]) => (d.shape ?? []).length === 2 && (d.shape ?? []).every((n) => n > 1));
  const main =
    twoD.find(([k]) => k === 'assay' || k === 'matrix' || k === 'X') ??
    (twoD.length === 1 ? twoD[0] : undefined);
  if (!main)
    throw invalid(
      file,
      `has no single 2-D matrix dataset (found ${sets.map(([k]) => k).join(', ') || 'none'}).`,
    );
  const [path, ds] = main;
  checkFilters(ds, file, path); // a filter we cannot decode is reported before any data is read
  const [a, b] = ds.shape as [number, number];
  const names = sets
    .filter(([k]) => k !== path)
    .map(([k, d]) => ({ k, n: (d.shape ?? []).reduce((x, y) => x * y, 1), d }));
  const forLen = (n: number, prefer: RegExp): string[] | null => {
    const hit = names.find((x) => x.n === n && prefer.test(x.k)) ?? names.find((x) => x.n === n);
    return hit ? readStrings(hit.d, file, hit.k) : null;
  };
  // rhdf5 writes R's column-major matrix transposed: `rownames` (genes) run along the fast axis.
  const genes = forLen(b, /row|gene/i);
  const samples = forLen(a, /col|sample|sig/i);
  if (!genes || !samples)
    throw invalid(file, `"${path}" is ${a} × ${b} but no name datasets of those lengths were found.`);
  return { path, ds, a, b, genes, samples };
}

export async function readHdf5Matrix(file: string, options: StreamingReadOptions = {}): Promise<MatrixRead> {
  const f = await openHdf5(file);
  try {
    const { path, ds, a, b, genes: fast, samples: slow } = locateHdf5Matrix(f, file);
    const data = options.samples?.buffer?.(a * b) ?? new Float32Array(a * b);
    const step = Math.max(1, Math.floor((4 << 20) / b));
    options.samples?.begin(fast, slow, data); // rows of the dataset are samples, read in order
    for (let i = 0; i < a; i += step) {
      checkAborted(options.signal);
      data.set(
        readSlice(ds, file, path, [
          [i, Math.min(a, i + step)],
          [0, b],
        ]),
        i * b,
      );
      if (options.samples) {
        options.samples.progress(Math.min(a, i + step));
        await turn();
      }
    }
    return {
      format: 'hdf5',
      file,
      matrix: { genes: fast, samples: slow, data },
      sampleMeta: {},
      geneMeta: {},
      orientation: 'genes-x-samples',
      orientationSource: 'format',
      warnings: [],
    };
  } finally {
    f.close();
  }
}
