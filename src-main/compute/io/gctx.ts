// CMap GCTX (HDF5): /0/DATA/0/matrix is stored columns × rows, i.e. one HDF5 row per sample, which is
// exactly our sample-major layout, so samples are read in hyperslabs straight into the result.
// Metadata: /0/META/ROW/<field> and /0/META/COL/<field>, `id` giving the names.
import {
  checkFilters,
  getDataset,
  getGroup,
  isDataset,
  openHdf5,
  readFloat32Rows,
  readSlice,
  readStrings,
  readValue,
  type H5File,
} from './hdf5.ts';
import { turn } from './column-blocks.ts';
import { scanNonFinite } from './non-finite.ts';
import type { StreamingReadOptions } from './sample-stream.ts';
import { checkAborted, invalid, type MatrixRead, type MetaTable } from './types.ts';

const MATRIX = '0/DATA/0/matrix';
const CHUNK_VALUES = 4 << 20; // values per hyperslab read: bounds the WASM staging buffer to 16 MB

function readMeta(
  f: H5File,
  file: string,
  path: string,
  n: number,
  what: string,
): { ids: string[]; meta: MetaTable } {
  const group = getGroup(f, file, path);
  if (!group) throw invalid(file, `has no ${path} group (GCTX ${what} metadata).`);
  const meta: MetaTable = {};
  let ids: string[] | null = null;
  for (const key of group.keys()) {
    const ds = group.get(key);
    if (!isDataset(ds)) continue;
    const full = `${path}/${key}`;
    const shape = ds.shape ?? [];
    const len = shape.reduce((a, b) => a * b, 1);
    if (len !== n)
      throw invalid(file, `GCTX metadata "${full}" has ${len} entries but the matrix has ${n} ${what}s.`);
    if (key === 'id') ids = readStrings(ds, file, full);
    else {
      const v = readValue(ds, file, full);
      const arr = Array.isArray(v)
        ? v.flat()
        : ArrayBuffer.isView(v)
          ? Array.from(v as unknown as ArrayLike<number | bigint>)
          : [v];
      meta[key] = arr.map((x) =>
        typeof x === 'bigint'
          ? Number(x)
          : typeof x === 'number'
            ? x === -666
              ? null
              : x
            : String(x).trim(),
      );
    }
  }
  if (!ids) throw invalid(file, `has no ${path}/id dataset (GCTX ${what} ids).`);
  return { ids, meta };
}

/**
 * Shape, names, annotations and the first n × n corner of the matrix, without reading the matrix
 * (inspecting big files): the HDF5 headers give the shape, a hyperslab the corner.
 */
export async function peekGctx(
  file: string,
  n: number,
): Promise<{ read: MatrixRead; nGenes: number; nSamples: number }> {
  const f = await openHdf5(file);
  try {
    const ds = getDataset(f, file, MATRIX);
    const shape = ds.shape ?? [];
    if (shape.length !== 2) throw invalid(file, `"${MATRIX}" is not two-dimensional.`);
    const [nS, nG] = shape as [number, number];
    const rows = readMeta(f, file, '0/META/ROW', nG, 'row');
    const cols = readMeta(f, file, '0/META/COL', nS, 'column');
    const [pS, pG] = [Math.min(n, nS), Math.min(n, nG)];
    const corner =
      pS > 0 && pG > 0
        ? Float32Array.from(
            readSlice(ds, file, MATRIX, [
              [0, pS],
              [0, pG],
            ]),
          )
        : new Float32Array(0);
    return {
      read: {
        format: 'gctx',
        file,
        matrix: { genes: rows.ids.slice(0, pG), samples: cols.ids.slice(0, pS), data: corner },
        sampleMeta: cols.meta,
        geneMeta: rows.meta,
        orientation: 'genes-x-samples',
        orientationSource: 'format',
        warnings: [],
      },
      nGenes: nG,
      nSamples: nS,
    };
  } finally {
    f.close();
  }
}

export async function readGctx(file: string, options: StreamingReadOptions = {}): Promise<MatrixRead> {
  const f = await openHdf5(file);
  try {
    const ds = getDataset(f, file, MATRIX);
    checkFilters(ds, file, MATRIX);
    const shape = ds.shape ?? [];
    if (shape.length !== 2) throw invalid(file, `"${MATRIX}" is not two-dimensional.`);
    const [nS, nG] = shape as [number, number];
    const rows = readMeta(f, file, '0/META/ROW', nG, 'row');
    const cols = readMeta(f, file, '0/META/COL', nS, 'column');
    const data = options.samples?.buffer?.(nG * nS) ?? new Float32Array(nG * nS);
    const step = Math.max(1, Math.floor(CHUNK_VALUES / Math.max(1, nG)));
    // HDF5 rows are samples: each block is final once read, and goes to the streamed writer. Each block
    // is checked for NaN/∞ while it is still in cache (a pass over the whole 1 GB afterwards took
    // ~0.25 s of the import, after the last block), and an ∞ stops the read where it is found.
    options.samples?.begin(rows.ids, cols.ids, data);
    let missing = 0;
    for (let j = 0; j < nS; j += step) {
      checkAborted(options.signal);
      const end = Math.min(nS, j + step);
      if (!readFloat32Rows(ds, file, MATRIX, [j, end], nG, data, j * nG)) {
        const block = readSlice(ds, file, MATRIX, [
          [j, end],
          [0, nG],
        ]);
        data.set(block, j * nG);
      }
      const scan = scanNonFinite(data.subarray(j * nG, end * nG));
      missing += scan.missing;
      const k = scan.infinite < 0 ? -1 : j * nG + scan.infinite;
      if (k >= 0)
        throw invalid(
          file,
          `holds an infinite value at gene "${rows.ids[k % nG]}", sample "${cols.ids[Math.floor(k / nG)]}".`,
        );
      if (options.samples) {
        options.samples.progress(end);
        await turn();
      }
    }
    return {
      format: 'gctx',
      file,
      matrix: { genes: rows.ids, samples: cols.ids, data },
      sampleMeta: cols.meta,
      geneMeta: rows.meta,
      orientation: 'genes-x-samples',
      orientationSource: 'format',
      warnings: missing > 0 ? [`${missing} values are NaN and are stored as missing values.`] : [],
    };
  } finally {
    f.close();
  }
}
