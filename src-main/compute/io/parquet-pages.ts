// Where a Parquet column chunk's float32 values lie in the file, page by page, when they can be read in
// place: FLOAT, PLAIN, uncompressed, no nulls (what pandas/pyarrow and hyparquet-writer produce for
// dense matrices without dictionary encoding). Those stretches are pread straight into the result in
// row blocks (column-blocks.ts) instead of decoding whole columns, so samples × genes files fill samples
// in order even when, as usual, each column is one page of one row group. Anything else returns null
// and parquet-columns.ts decodes the chunk.
import type { ColumnChunk } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { readRleBitPackedHybrid } from 'hyparquet/src/encoding.js';
import { preadFully, type Segment } from './column-blocks.ts';
import { chunkRange, type FloatColumn } from './parquet-float.ts';

/** Page headers are small; the statistics of a few pages may need more than the first window. */
const HEADER_WINDOWS = [256, 64 << 10];

type PageHeader = ReturnType<typeof parquetHeader>;

function readHeader(
  fd: number,
  file: string,
  pos: number,
  end: number,
): { h: PageHeader; len: number } | null {
  for (const w of HEADER_WINDOWS) {
    const n = Math.min(w, end - pos);
    if (n <= 0) return null;
    const buf = new Uint8Array(n);
    preadFully(fd, file, buf, pos);
    try {
      const reader = { view: new DataView(buf.buffer), offset: 0 };
      const h = parquetHeader(reader);
      return { h, len: reader.offset };
    } catch {
      if (n < w) return null; // the whole chunk was in the window: a damaged header
    }
  }
  return null;
}

/** The chunk's value stretches for rows [rowStart, rowStart + rows), or null if it is not in place. */
export function pageSegments(
  fd: number,
  file: string,
  chunk: ColumnChunk,
  col: FloatColumn,
  rowStart: number,
  rows: number,
): Segment[] | null {
  const meta = chunk.meta_data;
  const range = chunkRange(chunk);
  if (!meta || !range || col.element.type !== 'FLOAT') return null;
  const uncompressed = meta.codec === 'UNCOMPRESSED';
  const out: Segment[] = [];
  let pos = range[0];
  let seen = 0;
  while (seen < rows) {
    const head = readHeader(fd, file, pos, range[1]);
    if (!head) return null;
    const { h, len } = head;
    const body = pos + len;
    let values: number;
    let n: number;
    if (h.type === 'DATA_PAGE_V2' && h.data_page_header_v2) {
      const v2 = h.data_page_header_v2;
      if (v2.encoding !== 'PLAIN' || v2.num_nulls !== 0 || v2.repetition_levels_byte_length !== 0)
        return null;
      if (!uncompressed && v2.is_compressed !== false) return null;
      n = v2.num_values;
      values = body + v2.definition_levels_byte_length;
    } else if (h.type === 'DATA_PAGE' && h.data_page_header) {
      const v1 = h.data_page_header;
      if (v1.encoding !== 'PLAIN' || !uncompressed) return null;
      n = v1.num_values;
      values = body;
      if (col.maxDef > 0) {
        // Definition levels (length-prefixed RLE) precede the values: in place only if all are present.
        const lenBytes = new Uint8Array(4);
        preadFully(fd, file, lenBytes, body);
        const levelBytes = new DataView(lenBytes.buffer).getUint32(0, true);
        if (levelBytes > h.compressed_page_size) return null;
        const levels = new Uint8Array(levelBytes);
        preadFully(fd, file, levels, body + 4);
        const defs = new Int32Array(n);
        readRleBitPackedHybrid({ view: new DataView(levels.buffer), offset: 0 }, 1, defs, levelBytes);
        for (let i = 0; i < n; i++) if (defs[i] !== 1) return null;
        values = body + 4 + levelBytes;
      }
    } else return null; // dictionary and index pages
    if (values + n * 4 > body + h.compressed_page_size || seen + n > rows) return null;
    out.push({ row: rowStart + seen, rows: n, pos: values });
    seen += n;
    pos = body + h.compressed_page_size;
  }
  return pos <= range[1] ? out : null;
}
