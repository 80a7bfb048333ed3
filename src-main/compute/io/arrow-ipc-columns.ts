// Fast path for Arrow IPC *files* (and Feather v2) holding flat numeric and utf8 columns: the footer and
// each record batch's metadata are decoded with apache-arrow, and every column buffer is then read with
// one pread straight into the result (genes × samples) or into a small tile that is transposed
// (samples × genes). No whole-file copy is held and no value goes through a JS iterator: apache-arrow's
// tableFromIPC needs the whole file in memory (1× the result) and placeColumn touches every value.
// Anything else (streams, compressed bodies, dictionaries, nested or bool columns) returns null and the
// caller falls back to apache-arrow. Samples are filled in order and reported (sample-stream.ts): column
// by column when columns are samples, in row blocks (column-blocks.ts) when rows are samples.
import { closeSync, fstatSync, readSync } from 'node:fs';
import { openRegularSync } from './regular-file.ts';
import { DataType, type Field, type Float, type Int } from 'apache-arrow';
import { arrowFooter, footerBatches, type Batch } from './arrow-file.ts';
import { readColumnBlocks, turn, type Segment } from './column-blocks.ts';
import { finishColumnar, planColumns, type ColumnPlan } from './columnar.ts';
import type { StreamingReadOptions } from './sample-stream.ts';
import { checkAborted, invalid, type MatrixRead, type MetaTable } from './types.ts';

/** Bytes of tile columns read at once when transposing samples × genes files (bounds scratch memory). */
const TILE_BYTES = 32 << 20;
const TILE_MAX_COLS = 32;

type Kind = 'f32' | 'f64' | 'i8' | 'u8' | 'i16' | 'u16' | 'i32' | 'u32' | 'i64' | 'u64' | 'utf8';

interface Col {
  name: string;
  kind: Kind;
  /** Index of the field's validity buffer in each batch's buffer list; data (or offsets, data) follow. */
  buffer: number;
  node: number;
}

function kindOf(f: Field): Kind | null {
  const t = f.type as DataType;
  if (DataType.isUtf8(t)) return 'utf8';
  if (DataType.isFloat(t)) {
    const p = (t as Float).precision; // 0 half, 1 single, 2 double
    return p === 1 ? 'f32' : p === 2 ? 'f64' : null;
  }
  if (DataType.isInt(t)) {
    const { bitWidth, isSigned } = t as Int;
    return `${isSigned ? 'i' : 'u'}${bitWidth}` as Kind;
  }
  return null;
}

const VIEW = {
  f32: Float32Array,
  f64: Float64Array,
  i8: Int8Array,
  u8: Uint8Array,
  i16: Int16Array,
  u16: Uint16Array,
  i32: Int32Array,
  u32: Uint32Array,
} as const;

class Reader {
  constructor(
    readonly fd: number,
    readonly size: number,
    readonly file: string,
  ) {}
  into(dst: Uint8Array, pos: number): void {
    if (pos < 0 || pos + dst.length > this.size)
      throw invalid(this.file, 'is a truncated Arrow file (a column buffer lies past its end).');
    let o = 0;
    while (o < dst.length) {
      const n = readSync(this.fd, dst, o, dst.length - o, pos + o);
      if (n === 0) throw invalid(this.file, 'is a truncated Arrow file.');
      o += n;
    }
  }
  bytes(pos: number, len: number): Uint8Array<ArrayBuffer> {
    const b = new Uint8Array(new ArrayBuffer(len)); // own ArrayBuffer: aligned for typed views
    this.into(b, pos);
    return b;
  }
}

/** Column values of one batch as a typed array of `rows` numbers, and its validity bits (null: none). */
function numbers(
  r: Reader,
  b: Batch,
  c: Col,
): { values: Float32Array | Float64Array; valid: Uint8Array | null } {
  const region = b.header.buffers[c.buffer + 1];
  if (!region) throw invalid(r.file, `Arrow column "${c.name}" has no data buffer.`);
  const width = c.kind === 'f64' || c.kind === 'i64' || c.kind === 'u64' ? 8 : Number(c.kind.slice(1)) / 8;
  const bytes = r.bytes(b.body + region.offset, b.rows * width);
  let values: Float32Array | Float64Array;
  if (c.kind === 'f32') values = new Float32Array(bytes.buffer, 0, b.rows);
  else if (c.kind === 'f64') values = new Float64Array(bytes.buffer, 0, b.rows);
  else {
    values = new Float64Array(b.rows);
    if (c.kind === 'i64' || c.kind === 'u64') {
      const v = c.kind === 'i64' ? new BigInt64Array(bytes.buffer) : new BigUint64Array(bytes.buffer);
      for (let i = 0; i < b.rows; i++) values[i] = Number(v[i]);
    } else if (c.kind !== 'utf8') values.set(new VIEW[c.kind](bytes.buffer, 0, b.rows));
  }
  const node = b.header.nodes[c.node];
  const validity = b.header.buffers[c.buffer];
  const valid =
    node && node.nullCount > 0 && validity && validity.length > 0
      ? r.bytes(b.body + validity.offset, Math.ceil(b.rows / 8))
      : null;
  return { values, valid };
}

const isValid = (bits: Uint8Array, i: number): boolean => ((bits[i >> 3] as number) & (1 << (i & 7))) !== 0;

/** Data values: nulls read as missing (NaN), as in the apache-arrow path. */
function dataValues(r: Reader, b: Batch, c: Col): Float32Array | Float64Array {
  const { values, valid } = numbers(r, b, c);
  if (valid) for (let i = 0; i < b.rows; i++) if (!isValid(valid, i)) values[i] = Number.NaN;
  return values;
}

function strings(r: Reader, b: Batch, c: Col): (string | null)[] {
  const [validity, offsets, data] = [0, 1, 2].map((k) => b.header.buffers[c.buffer + k]);
  if (!offsets || !data) throw invalid(r.file, `Arrow column "${c.name}" has no offsets.`);
  const off = new Int32Array(r.bytes(b.body + offsets.offset, (b.rows + 1) * 4).buffer);
  const text = Buffer.from(
    r.bytes(b.body + data.offset, Math.max(0, (off[b.rows] as number) - (off[0] as number))).buffer,
  );
  const base = off[0] as number;
  const node = b.header.nodes[c.node];
  const bits =
    node && node.nullCount > 0 && validity && validity.length > 0
      ? r.bytes(b.body + validity.offset, Math.ceil(b.rows / 8))
      : null;
  const out = new Array<string | null>(b.rows);
  for (let i = 0; i < b.rows; i++) {
    if (bits && !isValid(bits, i)) out[i] = null;
    else out[i] = text.toString('utf8', (off[i] as number) - base, (off[i + 1] as number) - base);
  }
  return out;
}

/** Each column's float32 stretches, when every batch holds it as float32 without nulls; else null. */
function segments(bs: Batch[], cols: Col[]): Segment[][] | null {
  const out: Segment[][] = cols.map(() => []);
  for (const [k, c] of cols.entries()) {
    let row = 0;
    for (const b of bs) {
      const node = b.header.nodes[c.node];
      const region = b.header.buffers[c.buffer + 1];
      if (c.kind !== 'f32' || !region || (node && node.nullCount > 0)) return null;
      (out[k] as Segment[]).push({ row, rows: b.rows, pos: b.body + region.offset });
      row += b.rows;
    }
  }
  return out;
}

/** Place data column k of every batch into the result, reporting samples as they become final. */
async function placeData(
  r: Reader,
  bs: Batch[],
  cols: Col[],
  plan: ColumnPlan,
  nRows: number,
  out: Float32Array,
  options: StreamingReadOptions,
): Promise<void> {
  const { signal, samples } = options;
  const nCols = cols.length;
  if (plan.orientation === 'genes-x-samples') {
    for (const [k, c] of cols.entries()) {
      checkAborted(signal);
      let row = 0;
      for (const b of bs) {
        const node = b.header.nodes[c.node];
        const region = b.header.buffers[c.buffer + 1];
        if (c.kind === 'f32' && region && !(node && node.nullCount > 0)) {
          const at = (k * nRows + row) * 4;
          r.into(new Uint8Array(out.buffer, out.byteOffset + at, b.rows * 4), b.body + region.offset);
        } else out.set(dataValues(r, b, c), k * nRows + row);
        row += b.rows;
      }
      if (samples && (k % 256 === 255 || k === nCols - 1)) {
        samples.progress(k + 1);
        await turn();
      }
    }
    return;
  }
  const segs = segments(bs, cols);
  if (segs) {
    await readColumnBlocks(
      r.fd,
      r.file,
      segs,
      0,
      nRows,
      out,
      (done) => {
        if (!samples) return;
        samples.progress(done);
        return turn();
      },
      signal,
    );
    return;
  }
  let row = 0;
  for (const b of bs) {
    const group = Math.max(1, Math.min(TILE_MAX_COLS, Math.floor(TILE_BYTES / Math.max(1, b.rows * 8))));
    for (let k0 = 0; k0 < nCols; k0 += group) {
      checkAborted(signal);
      const tile = cols.slice(k0, k0 + group).map((c) => dataValues(r, b, c));
      const w = tile.length;
      // Row by row, w adjacent floats per sample: one cache line per write burst instead of one per value.
      for (let i = 0; i < b.rows; i++) {
        const base = (row + i) * nCols + k0;
        for (let t = 0; t < w; t++) out[base + t] = (tile[t] as Float32Array)[i] as number;
      }
    }
    row += b.rows;
    if (samples) {
      samples.progress(row);
      await turn();
    }
  }
}

export async function readArrowFile(
  file: string,
  options: StreamingReadOptions = {},
): Promise<MatrixRead | null> {
  const fd = openRegularSync(file);
  try {
    const r = new Reader(fd, fstatSync(fd).size, file);
    const footer = arrowFooter(r);
    if (footer === null) return null;
    const cols: Col[] = [];
    let buffer = 0;
    for (const [node, f] of footer.schema.fields.entries()) {
      const kind = kindOf(f);
      if (kind === null) return null;
      cols.push({ name: f.name, kind, buffer, node });
      buffer += kind === 'utf8' ? 3 : 2;
    }
    const bs = footerBatches(r, footer);
    // LZ4/ZSTD bodies: let apache-arrow decompress.
    if (bs === null || bs.some((b) => b.header.compression !== null)) return null;
    if (bs.some((b) => b.header.nodes.length !== cols.length || b.header.buffers.length !== buffer))
      return null;
    const nRows = bs.reduce((s, b) => s + b.rows, 0);
    const byName = new Map(cols.map((c) => [c.name, c]));
    const textCache = new Map<string, (string | null)[]>();
    const text = (name: string): (string | null)[] => {
      let t = textCache.get(name);
      if (!t) {
        const c = byName.get(name) as Col;
        t = bs.flatMap((b) => strings(r, b, c));
        textCache.set(name, t);
      }
      return t;
    };
    const columns = cols.map((c) => ({ name: c.name, numeric: c.kind !== 'utf8' }));
    const plan = planColumns(file, columns, (n) => text(n).map((s) => s ?? ''), options);
    const dataCols = plan.data.map((n) => byName.get(n) as Col);
    const data =
      options.samples?.buffer?.(nRows * dataCols.length) ?? new Float32Array(nRows * dataCols.length);
    const rowNames = plan.label
      ? text(plan.label).map((s) => s ?? '')
      : Array.from({ length: nRows }, (_, i) => String(i + 1));
    const byRow = plan.orientation === 'genes-x-samples';
    options.samples?.begin(byRow ? rowNames : plan.data, byRow ? plan.data : rowNames, data);
    await placeData(r, bs, dataCols, plan, nRows, data, options);
    const meta: MetaTable = {};
    for (const name of plan.meta) {
      const c = byName.get(name) as Col;
      meta[name] =
        c.kind === 'utf8'
          ? text(name).map((s) => (s === '' ? null : s))
          : bs.flatMap((b) => {
              const { values, valid } = numbers(r, b, c);
              return Array.from(values, (v, i) => (valid && !isValid(valid, i) ? null : v));
            });
    }
    return finishColumnar('arrow', file, plan, rowNames, data, meta);
  } finally {
    closeSync(fd);
  }
}
