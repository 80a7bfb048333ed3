// Reads the data columns of a Parquet matrix with the float decoder of parquet-float.ts, one column
// chunk per read, straight into the sample-major result: a contiguous copy when columns are samples,
// a tile transpose (up to 32 gene columns at once) when columns are genes. Columns the decoder does not
// handle, or that fail to decode, are returned for hyparquet to read (and to report errors as before).
// When columns are genes and their pages can be read in place (parquet-pages.ts), row groups are read in
// row blocks instead, so samples become final in order and are reported to a streamed writer.
import type { AsyncBuffer, FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { closeSync } from 'node:fs';
import { openRegularSync } from './regular-file.ts';
import { readColumnBlocks, turn, type Segment } from './column-blocks.ts';
import type { ColumnPlan } from './columnar.ts';
import { chunkRange, decodeFloatChunk, floatColumn, type FloatColumn } from './parquet-float.ts';
import { pageSegments } from './parquet-pages.ts';
import type { StreamingReadOptions } from './sample-stream.ts';
import { checkAborted } from './types.ts';

const TILE_BYTES = 32 << 20;
const TILE_MAX_COLS = 32;

/** Fills `out` (nRows × plan.data) and returns the data-column indices left for hyparquet. */
export async function readFloatColumns(
  file: string,
  buf: AsyncBuffer,
  metadata: FileMetaData,
  plan: ColumnPlan,
  out: Float32Array,
  options: StreamingReadOptions,
): Promise<number[]> {
  const fd = openRegularSync(file);
  try {
    return await readColumns(fd, file, buf, metadata, plan, out, options);
  } finally {
    closeSync(fd);
  }
}

async function readColumns(
  fd: number,
  file: string,
  buf: AsyncBuffer,
  metadata: FileMetaData,
  plan: ColumnPlan,
  out: Float32Array,
  options: StreamingReadOptions,
): Promise<number[]> {
  const { samples } = options;
  let reported = 0;
  const report = async (done: number): Promise<void> => {
    if (!samples || done - reported < 256) return; // a report per few hundred samples is plenty
    samples.progress(done);
    reported = done;
    await turn();
  };
  const nRows = Number(metadata.num_rows);
  const nCols = plan.data.length;
  const leaves = metadata.schema.slice(1);
  // Only flat schemas: then row-group column i is schema leaf i and every leaf is a top-level field.
  const flat = leaves.every((e) => !e.num_children);
  const leafIndex = new Map(leaves.map((e, i) => [e.name, i]));
  const cols: (FloatColumn | null)[] = plan.data.map((name) => {
    const i = leafIndex.get(name);
    const el = i === undefined ? undefined : leaves[i];
    return flat && el ? floatColumn(el, 1) : null;
  });
  const slow = new Set<number>();
  cols.forEach((c, k) => c === null && slow.add(k));
  const bySample = plan.orientation === 'genes-x-samples';
  let rowStart = 0;
  for (const [g, rg] of metadata.row_groups.entries()) {
    const rows = Number(rg.num_rows);
    const inPlace =
      !bySample && slow.size === 0 ? rowGroupSegments(fd, file, rg, rowStart, cols, leafIndex, plan) : null;
    if (inPlace) {
      await readColumnBlocks(fd, file, inPlace, rowStart, rows, out, report, options.signal);
      rowStart += rows;
      continue;
    }
    const lastGroup = g === metadata.row_groups.length - 1;
    const group = bySample
      ? 1
      : Math.max(1, Math.min(TILE_MAX_COLS, Math.floor(TILE_BYTES / Math.max(1, rows * 4))));
    // Scratch columns reused by every tile of this row group (fresh ones per tile keep the GC busy).
    const scratch = bySample
      ? []
      : Array.from({ length: Math.min(group, nCols) }, () => new Float32Array(rows));
    for (let k0 = 0; k0 < nCols; k0 += group) {
      checkAborted(options.signal);
      const tile: (Float32Array | null)[] = [];
      for (let k = k0; k < Math.min(nCols, k0 + group); k++) {
        const col = cols[k];
        const chunk = rg.columns[leafIndex.get(plan.data[k] ?? '') ?? -1];
        const range = chunk ? chunkRange(chunk) : null;
        if (slow.has(k) || !col || !chunk?.meta_data || !range) {
          slow.add(k);
          tile.push(null);
          continue;
        }
        const bytes = new Uint8Array(await buf.slice(range[0], range[1]));
        const target = bySample
          ? out.subarray(k * nRows + rowStart, k * nRows + rowStart + rows)
          : (scratch[k - k0] as Float32Array);
        let ok = false;
        try {
          ok = decodeFloatChunk(bytes, chunk.meta_data, col, rows, target, compressors);
        } catch {
          ok = false; // damaged data: hyparquet re-reads the column and names the problem
        }
        if (!ok) slow.add(k);
        tile.push(ok ? target : null);
      }
      if (!bySample) transposeTile(out, tile, rowStart, rows, nCols, k0);
      // Columns are samples: sample k is final after its last row group, unless hyparquet must redo one.
      else if (lastGroup && slow.size === 0) await report(k0 + 1);
    }
    rowStart += rows;
    if (!bySample && slow.size === 0) await report(rowStart);
  }
  // hyparquet rereads slow columns for every row: samples reported so far would change under the writer.
  if (slow.size > 0 && !bySample && reported > 0) samples?.abandon();
  else if (slow.size === 0) samples?.progress(bySample ? nCols : nRows);
  return [...slow].sort((a, b) => a - b);
}

/** Every data column's in-place stretches for one row group, or null if any column needs decoding. */
function rowGroupSegments(
  fd: number,
  file: string,
  rg: FileMetaData['row_groups'][number],
  rowStart: number,
  cols: (FloatColumn | null)[],
  leafIndex: Map<string, number>,
  plan: ColumnPlan,
): Segment[][] | null {
  const out: Segment[][] = [];
  for (const [k, col] of cols.entries()) {
    const chunk = rg.columns[leafIndex.get(plan.data[k] ?? '') ?? -1];
    const segs = col && chunk ? pageSegments(fd, file, chunk, col, rowStart, Number(rg.num_rows)) : null;
    if (!segs) return null;
    out.push(segs);
  }
  return out;
}

/** Row by row, w adjacent floats per sample: one cache line per burst instead of one per value. */
function transposeTile(
  out: Float32Array,
  tile: (Float32Array | null)[],
  rowStart: number,
  rows: number,
  nCols: number,
  k0: number,
): void {
  const w = tile.length;
  if (tile.every((t) => t !== null)) {
    const cols = tile as Float32Array[];
    for (let i = 0; i < rows; i++) {
      const base = (rowStart + i) * nCols + k0;
      for (let t = 0; t < w; t++) out[base + t] = (cols[t] as Float32Array)[i] as number;
    }
    return;
  }
  tile.forEach((col, t) => {
    if (col) for (let i = 0; i < rows; i++) out[(rowStart + i) * nCols + k0 + t] = col[i] as number;
  });
}
