// Samples × genes columnar files (Arrow, Parquet as pandas writes wide L1000 tables) hold one column per
// gene, but the result is sample-major. Reading whole columns and transposing them fills every sample
// only at the very end; here rows are read in blocks instead: each gene column's stretch for the block
// is pread straight into a column-major scratch, which is then transposed into the block's rows of the
// result in cache-sized tiles. After each block those samples are final, so a streamed writer can take
// them (sample-stream.ts), and scratch memory stays at BLOCK_BYTES whatever the file size.
import { readSync } from 'node:fs';
import { scanNonFinite, tallyOf } from './non-finite.ts';
import { checkAborted, invalid } from './types.ts';

/** `rows` little-endian float32 values of one column, from row `row`, at file offset `pos`. */
export interface Segment {
  row: number;
  rows: number;
  pos: number;
}

const BLOCK_BYTES = 16 << 20;
/** Narrow tables still report every few thousand samples (a block is one report). */
const BLOCK_ROWS = 4096;
/** Tile edge of the transpose: 64 source lines of 64 floats (16 KB) stay in L1 while being read. */
const TILE = 64;

export function preadFully(fd: number, file: string, dst: Uint8Array, pos: number): void {
  let o = 0;
  while (o < dst.length) {
    const n = readSync(fd, dst, o, dst.length - o, pos + o);
    if (n === 0) throw invalid(file, 'is truncated (a column lies past its end).');
    o += n;
  }
}

/**
 * src holds nCols columns of `stride` floats (rows [0, n) used); rows go to out from row `row0`. Copies
 * bit patterns (Int32 views) and ORs a flag that is negative iff some value's exponent is all ones (NaN
 * or ±infinity): the validation's check for free while each value is in a register anyway.
 */
export function transposeInto(
  src: Float32Array,
  stride: number,
  n: number,
  nCols: number,
  out: Float32Array,
  row0: number,
): boolean {
  const from = new Int32Array(src.buffer, src.byteOffset, src.length);
  const to = new Int32Array(out.buffer, out.byteOffset, out.length);
  let flag = 0;
  for (let i0 = 0; i0 < n; i0 += TILE) {
    const i1 = Math.min(n, i0 + TILE);
    for (let k0 = 0; k0 < nCols; k0 += TILE) {
      const k1 = Math.min(nCols, k0 + TILE);
      for (let i = i0; i < i1; i++) {
        const d = (row0 + i) * nCols;
        for (let k = k0; k < k1; k++) {
          const b = from[k * stride + i] as number;
          to[d + k] = b;
          // All-ones exponent (0x7f800000) + 0x00800000 carries into the sign bit; anything less does not.
          flag |= (b & 0x7f800000) + 0x00800000;
        }
      }
    }
  }
  return flag < 0;
}

/**
 * Rows [row0, row0 + n) of `cols` (each a row-sorted list of segments covering those rows) into `out`
 * (rows of cols.length floats). `after(rowEnd)` runs after each block; awaiting it lets the event loop
 * run (the streamed writer's completions) between blocks.
 */
export async function readColumnBlocks(
  fd: number,
  file: string,
  cols: readonly Segment[][],
  row0: number,
  n: number,
  out: Float32Array,
  after: (rowEnd: number) => Promise<void> | void,
  signal?: AbortSignal,
): Promise<void> {
  const nCols = cols.length;
  const block = Math.max(1, Math.min(n, BLOCK_ROWS, Math.floor(BLOCK_BYTES / 4 / Math.max(1, nCols))));
  const scratch = new Float32Array(block * nCols);
  const bytes = new Uint8Array(scratch.buffer);
  const cursor = new Int32Array(nCols); // per column: the first segment that may overlap the block
  const tally = tallyOf(out);
  for (let b0 = row0; b0 < row0 + n; b0 += block) {
    checkAborted(signal);
    const b1 = Math.min(row0 + n, b0 + block);
    for (let k = 0; k < nCols; k++) {
      const segs = cols[k] as Segment[];
      let at = b0;
      let s = cursor[k] as number;
      while (at < b1) {
        const seg = segs[s];
        if (!seg || seg.row > at) throw invalid(file, 'has a column whose row ranges do not line up.');
        const end = Math.min(b1, seg.row + seg.rows);
        if (end > at) {
          const dst = (k * block + (at - b0)) * 4;
          preadFully(fd, file, bytes.subarray(dst, dst + (end - at) * 4), seg.pos + (at - seg.row) * 4);
          at = end;
        }
        if (seg.row + seg.rows <= at) s++;
      }
      cursor[k] = s;
    }
    if (transposeInto(scratch, block, b1 - b0, nCols, out, b0)) {
      const seen = scanNonFinite(out.subarray(b0 * nCols, b1 * nCols));
      tally.missing += seen.missing;
      if (tally.infinite < 0 && seen.infinite >= 0) tally.infinite = b0 * nCols + seen.infinite;
    }
    tally.covered += (b1 - b0) * nCols;
    await after(b1);
  }
}

/** Give the event loop a turn (streamed writes complete and the next ones start). */
export const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
