// AnnData .h5ad: X (or a chosen layer) is cells × genes, i.e. samples × genes, so each cell's row is a
// sample's contiguous block. Reads the current on-disk spec (encoding-type attrs, CSR/CSC groups) and the
// older "h5sparse" X that scGen's Kang 2018 file uses; obs/var in every layout are read by h5ad-frame.ts.
import { flatValues, num, readFrame } from './h5ad-frame.ts';
import {
  attr,
  checkFilters,
  getGroup,
  isDataset,
  isGroup,
  openHdf5,
  readSlice,
  readValue,
  safeGet,
  type H5Dataset,
  type H5File,
  type H5Group,
} from './hdf5.ts';
import { checkAborted, invalid, type MatrixRead, type ReadOptions } from './types.ts';

const CHUNK = 4 << 20;

function sparseInfo(g: H5Group): { format: 'csr' | 'csc'; shape: [number, number] } | null {
  const enc = attr(g, 'encoding-type') ?? attr(g, 'h5sparse_format');
  const shape = attr(g, 'shape') ?? attr(g, 'h5sparse_shape');
  const fmt = String(enc).replace('_matrix', '');
  if ((fmt !== 'csr' && fmt !== 'csc') || !shape) return null;
  const s = flatValues(shape).map(num);
  return { format: fmt, shape: [s[0] ?? 0, s[1] ?? 0] };
}

export interface H5adInfo {
  layers: string[];
}

export function listLayers(f: H5File, file: string): string[] {
  const g = getGroup(f, file, 'layers');
  return g ? g.keys() : [];
}

/**
 * obs, var, the shape of X (or the layer) and its first n × n corner, without reading the matrix
 * (inspecting big files): dense X is sliced, sparse X reads the first n pointers and their entries.
 */
export async function peekH5ad(
  file: string,
  n: number,
  options: ReadOptions = {},
): Promise<{ read: MatrixRead; nGenes: number; nSamples: number }> {
  const f = await openHdf5(file);
  try {
    const obs = readFrame(f, file, 'obs');
    const vr = readFrame(f, file, 'var');
    const [nObs, nVar] = [obs.index.length, vr.index.length];
    const [pS, pG] = [Math.min(n, nObs), Math.min(n, nVar)];
    const path = options.layer ? `layers/${options.layer}` : 'X';
    const x = safeGet(f, file, path);
    const data = new Float32Array(pS * pG);
    const info = isGroup(x) ? sparseInfo(x) : null;
    const shape = isDataset(x) ? (x.shape ?? []) : (info?.shape ?? []);
    if (!x || shape.length !== 2) {
      const layers = listLayers(f, file);
      throw invalid(
        file,
        `has no readable "${path}"${layers.length ? `; layers: ${layers.join(', ')}` : ''}.`,
      );
    }
    if (shape[0] !== nObs || shape[1] !== nVar)
      throw invalid(file, `"${path}" is ${shape[0]} × ${shape[1]} but obs has ${nObs} rows and var ${nVar}.`);
    if (isDataset(x) && pS > 0 && pG > 0) {
      checkFilters(x, file, path);
      const corner = readSlice(x, file, path, [
        [0, pS],
        [0, pG],
      ]);
      for (let k = 0; k < data.length; k++) data[k] = corner[k] as number;
    } else if (isGroup(x) && info) {
      const csr = info.format === 'csr';
      const major = csr ? pS : pG;
      const part = (k: string): H5Dataset => {
        const d = x.get(k);
        if (!isDataset(d)) throw invalid(file, `sparse "${path}" has no "${k}" dataset.`);
        checkFilters(d, file, `${path}/${k}`);
        return d;
      };
      const ptr = Array.from(readSlice(part('indptr'), file, `${path}/indptr`, [[0, major + 1]]), num);
      const [s, e] = [ptr[0] ?? 0, ptr[major] ?? 0];
      if (e > s) {
        const vals = readSlice(part('data'), file, `${path}/data`, [[s, e]]);
        const idx = readSlice(part('indices'), file, `${path}/indices`, [[s, e]]);
        for (let r = 0; r < major; r++) {
          for (let k = (ptr[r] as number) - s; k < (ptr[r + 1] as number) - s; k++) {
            const m = num(idx[k]);
            const [i, j] = csr ? [r, m] : [m, r];
            if (i < pS && j < pG) data[i * pG + j] = vals[k] as number;
          }
        }
      }
    }
    return {
      read: {
        format: 'h5ad',
        file,
        matrix: { genes: vr.index.slice(0, pG), samples: obs.index.slice(0, pS), data },
        sampleMeta: obs.columns,
        geneMeta: vr.columns,
        orientation: 'samples-x-genes',
        orientationSource: 'format',
        warnings: [],
      },
      nGenes: nVar,
      nSamples: nObs,
    };
  } finally {
    f.close();
  }
}

export async function readH5ad(file: string, options: ReadOptions = {}): Promise<MatrixRead> {
  const f = await openHdf5(file);
  try {
    const obs = readFrame(f, file, 'obs');
    const vr = readFrame(f, file, 'var');
    const nObs = obs.index.length;
    const nVar = vr.index.length;
    const path = options.layer ? `layers/${options.layer}` : 'X';
    const x = safeGet(f, file, path);
    if (x === null || x === undefined) {
      const layers = listLayers(f, file);
      throw invalid(file, `has no "${path}"${layers.length ? `; layers: ${layers.join(', ')}` : ''}.`);
    }
    const data = new Float32Array(nObs * nVar);
    if (isDataset(x)) {
      checkFilters(x, file, path);
      const [r = 0, c = 0] = x.shape ?? [];
      if (r !== nObs || c !== nVar)
        throw invalid(file, `"${path}" is ${r} × ${c} but obs has ${nObs} rows and var ${nVar}.`);
      const step = Math.max(1, Math.floor(CHUNK / Math.max(1, nVar)));
      for (let i = 0; i < nObs; i += step) {
        checkAborted(options.signal);
        data.set(
          readSlice(x, file, path, [
            [i, Math.min(nObs, i + step)],
            [0, nVar],
          ]),
          i * nVar,
        );
      }
    } else if (isGroup(x)) {
      const info = sparseInfo(x);
      if (!info) throw invalid(file, `"${path}" is a group but not a CSR/CSC sparse matrix.`);
      if (info.shape[0] !== nObs || info.shape[1] !== nVar) {
        throw invalid(
          file,
          `"${path}" is ${info.shape[0]} × ${info.shape[1]} but obs has ${nObs} rows and var ${nVar}.`,
        );
      }
      const parts = ['data', 'indices', 'indptr'].map((k) => {
        const d = x.get(k);
        if (!isDataset(d)) throw invalid(file, `sparse "${path}" has no "${k}" dataset.`);
        checkFilters(d, file, `${path}/${k}`);
        return d;
      }) as [H5Dataset, H5Dataset, H5Dataset];
      const indptr = flatValues(readValue(parts[2], file, `${path}/indptr`)).map(num);
      const major = info.format === 'csr' ? nObs : nVar;
      const minor = info.format === 'csr' ? nVar : nObs;
      if (indptr.length !== major + 1)
        throw invalid(file, `"${path}/indptr" has ${indptr.length} entries, expected ${major + 1}.`);
      const nnz = indptr[major] ?? 0;
      const step = CHUNK;
      let row = 0;
      for (let s = 0; s < nnz; s += step) {
        checkAborted(options.signal);
        const e = Math.min(nnz, s + step);
        const vals = readSlice(parts[0], file, `${path}/data`, [[s, e]]);
        const idx = readSlice(parts[1], file, `${path}/indices`, [[s, e]]);
        for (let k = s; k < e; k++) {
          while ((indptr[row + 1] as number) <= k) row++;
          const m = num(idx[k - s]);
          if (m < 0 || m >= minor)
            throw invalid(file, `"${path}/indices" holds ${m}, outside 0..${minor - 1}.`);
          const v = vals[k - s] as number;
          if (info.format === 'csr') data[row * nVar + m] = v;
          else data[m * nVar + row] = v;
        }
      }
    } else throw invalid(file, `has no readable "${path}".`);
    const warnings: string[] = [];
    const layers = listLayers(f, file);
    if (layers.length && !options.layer)
      warnings.push(`Imported X; the file also has layers: ${layers.join(', ')}.`);
    for (let k = 0; k < data.length; k++) {
      const v = data[k] as number;
      if (v - v !== 0 && !Number.isNaN(v))
        throw invalid(
          file,
          `"${path}" holds an infinite value (cell ${obs.index[Math.floor(k / nVar)]}, gene ${vr.index[k % nVar]}).`,
        );
    }
    return {
      format: 'h5ad',
      file,
      matrix: { genes: vr.index, samples: obs.index, data },
      sampleMeta: obs.columns,
      geneMeta: vr.columns,
      orientation: 'samples-x-genes',
      orientationSource: 'format',
      warnings,
    };
  } finally {
    f.close();
  }
}
