// Quick inspect of a big plain HDF5 matrix without reading it: the same choice of matrix and name
// datasets as hdf5-matrix.ts (which reads the whole matrix), from dataset shapes and dtypes, then the
// name datasets and one corner slice. The choice is repeated here rather than shared because
// hdf5-matrix.ts belongs to the import fast path; inspect-big.test.ts checks both agree.
import { checkFilters, isDataset, openHdf5, readSlice, readStrings, type H5Dataset } from './hdf5.ts';
import { invalid, type MatrixRead } from './types.ts';

export async function peekHdf5Matrix(
  file: string,
  n: number,
): Promise<{ read: MatrixRead; nGenes: number; nSamples: number }> {
  const f = await openHdf5(file);
  try {
    const sets = f
      .keys()
      .map((k) => [k, f.get(k)] as const)
      .filter((e): e is readonly [string, H5Dataset] => isDataset(e[1]));
    const twoD = sets.filter(([, d]) => (d.shape ?? []).length === 2 && (d.shape ?? []).every((x) => x > 1));
    const main =
      twoD.find(([k]) => k === 'assay' || k === 'matrix' || k === 'X') ??
      (twoD.length === 1 ? twoD[0] : undefined);
    if (!main)
      throw invalid(
        file,
        `has no single 2-D matrix dataset (found ${sets.map(([k]) => k).join(', ') || 'none'}).`,
      );
    const [path, ds] = main;
    checkFilters(ds, file, path); // a filter the import cannot decode is reported now, not after
    const [a, b] = ds.shape as [number, number];
    const names = sets
      .filter(([k]) => k !== path)
      .map(([k, d]) => ({ k, n: (d.shape ?? []).reduce((x, y) => x * y, 1), d }));
    const forLen = (len: number, prefer: RegExp): string[] | null => {
      const hit = names.find((x) => x.n === len && prefer.test(x.k)) ?? names.find((x) => x.n === len);
      return hit ? readStrings(hit.d, file, hit.k) : null;
    };
    // HDF5 lists dims slowest first: the fast axis (b) holds genes, the slow one (a) samples.
    const genes = forLen(b, /row|gene/i);
    const samples = forLen(a, /col|sample|sig/i);
    if (!genes || !samples)
      throw invalid(file, `"${path}" is ${a} × ${b} but no name datasets of those lengths were found.`);
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
