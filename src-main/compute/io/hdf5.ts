// Opening HDF5 files (GCTX, h5ad, generic) with h5wasm's Node build, which reads from the file path
// in place (no whole-file copy into memory). Errors become messages that name the file.
import { readSync, closeSync, statSync } from 'node:fs';
import type * as H5 from 'h5wasm/node';

type H5Lib = (typeof import('h5wasm/node'))['default'];
import { openRegularSync } from './regular-file.ts';
import { invalid, unsupported } from './types.ts';

export type H5File = InstanceType<typeof H5.File>;
export type H5Dataset = InstanceType<typeof H5.Dataset>;
export type H5Group = InstanceType<typeof H5.Group>;

// Loaded on first use, so text, Arrow and Parquet imports never pay for it.
let h5wasm: H5Lib | null = null;
let h5module: Awaited<H5Lib['ready']> | null = null;
async function loadH5(): Promise<H5Lib> {
  if (!h5wasm) {
    const mod = await importH5();
    h5module = await mod.ready;
    h5wasm = mod;
  }
  return h5wasm;
}

/**
 * Under tsx (the CLI, dev runs, benches) every ESM file is scanned for dynamic imports and source-mapped;
 * for h5wasm's 4 MB single-file build that costs ~630 MB of resident memory and ~1 s per process
 * (bench/import.ts: GCTX peak RSS 950 → ~330 MB at 100 MB). A URL in another tsx namespace is handed
 * to Node's own loader untouched (its relative imports inherit the namespace). Where that is not
 * available (bundled builds, vitest) the plain import is used; those do not go through tsx anyway.
 */
async function importH5(): Promise<H5Lib> {
  try {
    const url = import.meta.resolve('h5wasm/node');
    if (url.startsWith('file:')) {
      const mod = (await import(`${url}?tsx-namespace=causeway-native`)) as { default: H5Lib };
      return mod.default;
    }
  } catch {
    // fall through to the plain import
  }
  return (await import('h5wasm/node')).default;
}
function lib(): H5Lib {
  if (!h5wasm) throw new Error('h5wasm used before openHdf5 loaded it');
  return h5wasm;
}

const HDF5_MAGIC = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** HDF5 filters h5wasm decodes; anything else is named in the error instead of failing mid-read. */
const READABLE_FILTERS = new Set([1, 2, 3]); // deflate (gzip), shuffle, fletcher32
const FILTER_NAMES: Record<number, string> = {
  4: 'SZIP',
  32000: 'LZF',
  32001: 'Blosc',
  32004: 'LZ4',
  32008: 'Bitshuffle',
  32015: 'Zstandard',
  307: 'BZIP2',
};

export async function openHdf5(file: string): Promise<H5File> {
  const h5 = await loadH5();
  const fd = openRegularSync(file);
  const head = Buffer.alloc(64);
  try {
    readSync(fd, head, 0, 64, 0);
  } finally {
    closeSync(fd);
  }
  if (!HDF5_MAGIC.every((b, i) => head[i] === b))
    throw invalid(file, 'is not an HDF5 file (no HDF5 signature at its start).');
  checkSuperblock(file);
  let f: H5File;
  try {
    f = new h5.File(file, 'r');
  } catch (e) {
    throw invalid(file, `is a damaged or truncated HDF5 file (${(e as Error).message.slice(0, 200)}).`);
  }
  // h5wasm opens truncated files lazily; reading the root listing forces the superblock/B-tree checks.
  try {
    f.keys();
  } catch (e) {
    f.close();
    throw invalid(file, `is a damaged or truncated HDF5 file (${(e as Error).message.slice(0, 200)}).`);
  }
  return f;
}

export function getDataset(f: H5File, file: string, path: string): H5Dataset {
  const o = safeGet(f, file, path);
  if (!(o instanceof lib().Dataset)) throw invalid(file, `has no dataset "${path}".`);
  return o;
}

export function getGroup(f: H5File | H5Group, file: string, path: string): H5Group | null {
  const o = safeGet(f, file, path);
  return o instanceof lib().Group ? o : null;
}

export function safeGet(f: H5File | H5Group, file: string, path: string): unknown {
  try {
    return f.get(path);
  } catch (e) {
    throw invalid(
      file,
      `cannot read "${path}": the HDF5 file is damaged or truncated (${(e as Error).message.slice(0, 160)}).`,
    );
  }
}

export function isDataset(o: unknown): o is H5Dataset {
  return o instanceof lib().Dataset;
}
export function isGroup(o: unknown): o is H5Group {
  return o instanceof lib().Group;
}

export function checkFilters(ds: H5Dataset, file: string, path: string): void {
  for (const f of ds.filters as { id: number; name: string }[]) {
    if (!READABLE_FILTERS.has(f.id)) {
      const name = FILTER_NAMES[f.id] ?? (f.name || `filter ${f.id}`);
      throw unsupported(
        file,
        `"${path}" is compressed with ${name} (HDF5 filter ${f.id}), which Causeway cannot read. Re-save it with gzip compression (in Python: adata.write_h5ad(path, compression="gzip")).`,
      );
    }
  }
}

/** Read a dataset slice; HDF5 read errors (truncated chunks, bad checksums) name the file. */
export function readSlice(
  ds: H5Dataset,
  file: string,
  path: string,
  ranges: [number, number][],
): ArrayLike<number> {
  try {
    return ds.slice(ranges) as ArrayLike<number>;
  } catch (e) {
    throw invalid(
      file,
      `cannot read "${path}": the HDF5 data is damaged or truncated (${(e as Error).message.slice(0, 160)}).`,
    );
  }
}

/**
 * Rows [r0, r1) of a 2-D little-endian float32 dataset, copied straight from one reused WASM buffer into
 * `out` at `outOffset`. Dataset.slice() would malloc, copy the heap out (HEAPU8.slice) and copy again
 * into the result: three passes and two transient buffers per block instead of one copy.
 * Returns false (nothing read) for other element types; callers then use readSlice.
 */
export function readFloat32Rows(
  ds: H5Dataset,
  file: string,
  path: string,
  rows: [number, number],
  nCols: number,
  out: Float32Array,
  outOffset: number,
): boolean {
  const meta = ds.metadata;
  const M = h5module;
  if (!M) throw new Error('h5wasm used before openHdf5 loaded it');
  if (meta.type !== M.H5T_class_t.H5T_FLOAT.value || meta.size !== 4 || !meta.littleEndian) return false;
  const n = (rows[1] - rows[0]) * nCols;
  const ptr = M._malloc(n * 4);
  if (ptr === 0) throw new Error(`Memory allocation of ${n * 4} bytes failed`);
  try {
    const count = [BigInt(rows[1] - rows[0]), BigInt(nCols)];
    M.get_dataset_data(ds.file_id, ds.path, count, [BigInt(rows[0]), 0n], [1n, 1n], BigInt(ptr));
    out.set(new Float32Array(M.HEAPU8.buffer, ptr, n), outOffset);
  } catch (e) {
    throw invalid(
      file,
      `cannot read "${path}": the HDF5 data is damaged or truncated (${(e as Error).message.slice(0, 160)}).`,
    );
  } finally {
    M._free(ptr);
  }
  return true;
}

export function readValue(ds: H5Dataset, file: string, path: string): unknown {
  try {
    return ds.value;
  } catch (e) {
    throw invalid(
      file,
      `cannot read "${path}": the HDF5 data is damaged or truncated (${(e as Error).message.slice(0, 160)}).`,
    );
  }
}

export function readStrings(ds: H5Dataset, file: string, path: string): string[] {
  const v = readValue(ds, file, path);
  const arr = Array.isArray(v)
    ? v.flat(4)
    : ArrayBuffer.isView(v)
      ? Array.from(v as unknown as ArrayLike<number>)
      : [v];
  return arr.map((x) =>
    (x instanceof Uint8Array ? Buffer.from(x).toString('utf8') : String(x)).replace(/\0+$/, '').trim(),
  );
}

export function attr(o: H5Dataset | H5Group, name: string): unknown {
  const a = (o.attrs as Record<string, { value: unknown } | undefined>)[name];
  return a?.value;
}

/**
 * The superblock records the file's end address: a shorter file was cut off (an interrupted copy or
 * download). Checked before libhdf5 sees the file, which would otherwise print diagnostics to stderr.
 */
function checkSuperblock(file: string): void {
  const fd = openRegularSync(file);
  const sb = Buffer.alloc(64);
  let got: number;
  try {
    got = readSync(fd, sb, 0, 64, 0);
  } finally {
    closeSync(fd);
  }
  const version = sb[8] ?? 255;
  if (version > 3) throw invalid(file, `is a damaged HDF5 file (unknown superblock version ${version}).`);
  const eofAt = version === 0 ? 40 : version === 1 ? 44 : 28;
  const sizeOfOffsets = version <= 1 ? sb[13] : sb[9];
  if (sizeOfOffsets !== 8 || got < eofAt + 8) return; // unusual layouts: let libhdf5 judge
  const eof = Number(sb.readBigUInt64LE(eofAt));
  const size = statSync(file).size;
  if (eof > size) throw invalid(file, `is a truncated HDF5 file: it should be ${eof} bytes but is ${size}.`);
}
