// Quick inspect of a big plain HDF5 matrix without reading it: the import's own choice of matrix and
// name datasets (locateHdf5Matrix), then the name datasets and one corner slice.
import { locateHdf5Matrix } from './hdf5-matrix.ts';
import { openHdf5, readSlice } from './hdf5.ts';
import type { MatrixRead } from './types.ts';

export async function peekHdf5Matrix(
  file: string,
  n: number,
): Promise<{ read: MatrixRead; nGenes: number; nSamples: number }> {
  const f = await openHdf5(file);
  try {
    const { path, ds, a, b, genes, samples } = locateHdf5Matrix(f, file);
    const [pS, pG] = [Math.min(n, a), Math.min(n, b)];
    const corner = readSlice(ds, file, path, [
      [0, pS],
      [0, pG],
    ]);
    // Row-major pS × pG of the slow (sample) axis is already the sample-major layout.
    const data = Float32Array.from({ length: pS * pG }, (_, k) => Number(corner[k]));
    return {
      read: {
        format: 'hdf5',
        file,
        matrix: { genes: genes.slice(0, pG), samples: samples.slice(0, pS), data },
        sampleMeta: {},
        geneMeta: {},
        orientation: 'genes-x-samples',
        orientationSource: 'format',
        warnings: [],
      },
      nGenes: b,
      nSamples: a,
    };
  } finally {
    f.close();
  }
}
