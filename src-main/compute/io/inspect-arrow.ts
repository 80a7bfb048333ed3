// Quick inspect of a big Arrow IPC file (Feather v2) or stream without reading its matrix: the schema
// and each record batch's metadata message are decoded (file: from the footer's block list; stream: by
// walking the message headers and seeking past each body), then only the label column's strings and a
// corner of the first rows × first data columns are read with pread. Anything this cannot read in place
// (compressed bodies, dictionary-encoded or nested columns) returns null and inspect reads the whole file
// with the normal reader, as it did before for every Arrow file.
import { closeSync, fstatSync, readSync } from 'node:fs';
import { openRegularSync } from './regular-file.ts';
import { DataType, MessageHeader, type Field, type Float, type Int, type Schema } from 'apache-arrow';
import { Message, type RecordBatch } from 'apache-arrow/ipc/metadata/message';
import { arrowFooter, footerBatches, type Batch } from './arrow-file.ts';
import { finishColumnar, placeColumn, planColumns } from './columnar.ts';
import { invalid, type MatrixRead, type MetaTable, type ReadOptions } from './types.ts';

/** Columns of the corner read for the preview (the preview shows 5 × 5). */
const CORNER_COLS = 5;

export interface ArrowPeek {
  read: MatrixRead;
  nGenes: number;
  nSamples: number;
  /** Bytes read from the file: headers, names and the corner (tests check the matrix stayed unread). */
  bytesRead: number;
}

class Reader {
  bytesRead = 0;
  constructor(
    readonly fd: number,
    readonly size: number,
    readonly file: string,
  ) {}
  bytes(pos: number, len: number): Uint8Array<ArrayBuffer> {
    if (pos < 0 || len < 0 || pos + len > this.size)
      throw invalid(
        this.file,
        'is not a readable Arrow/Feather file (truncated: a block lies past its end).',
      );
    const b = new Uint8Array(new ArrayBuffer(len)); // own ArrayBuffer: aligned for typed views
    let o = 0;
    while (o < len) {
      const n = readSync(this.fd, b, o, len - o, pos + o);
      if (n === 0) throw invalid(this.file, 'is not a readable Arrow/Feather file (truncated).');
      o += n;
    }
    this.bytesRead += len;
    return b;
  }
}

/** Buffers per field in a record batch (validity + data, or validity + offsets + data); null: not flat. */
function bufferCount(f: Field): number | null {
  const t = f.type as DataType;
  if (DataType.isDictionary(t)) return null;
  if (DataType.isUtf8(t)) return 3;
  if (DataType.isFloat(t) || DataType.isInt(t) || DataType.isBool(t)) return 2;
  return null;
}

function decodeMessage(r: Reader, meta: Uint8Array): Message {
  try {
    return Message.decode(meta);
  } catch (e) {
    throw invalid(r.file, `is not a readable Arrow/Feather file (${(e as Error).message.slice(0, 160)}).`);
  }
}

/** File format: schema and batch list from the footer, each batch's header from its metadata block. */
function fromFile(r: Reader): { schema: Schema; batches: Batch[] } | null {
  const footer = arrowFooter(r);
  if (footer === null) return null;
  const batches = footerBatches(r, footer, (meta) => decodeMessage(r, meta));
  if (batches === null) return null;
  return { schema: footer.schema, batches };
}

/** Stream format: message after message, reading each metadata header and seeking past its body. */
function fromStream(r: Reader): { schema: Schema; batches: Batch[] } | null {
  let pos = 0;
  let schema: Schema | null = null;
  const batches: Batch[] = [];
  while (pos + 4 <= r.size) {
    const head = new DataView(r.bytes(pos, Math.min(8, r.size - pos)).buffer);
    const continued = head.getUint32(0, true) === 0xffffffff;
    const len = continued ? (head.byteLength >= 8 ? head.getInt32(4, true) : 0) : head.getInt32(0, true);
    if (len === 0) break; // end-of-stream marker
    const metaAt = pos + (continued ? 8 : 4);
    const msg = decodeMessage(r, r.bytes(metaAt, len));
    const body = metaAt + len;
    if (msg.headerType === MessageHeader.Schema) schema = msg.header() as Schema;
    else if (msg.headerType === MessageHeader.RecordBatch) {
      const header = msg.header() as RecordBatch;
      batches.push({ rows: header.length, body, header });
    } else return null; // dictionary batches: the whole-file reader resolves them
    pos = body + msg.bodyLength;
  }
  if (pos > r.size) throw invalid(r.file, 'is not a readable Arrow/Feather file (truncated stream).');
  return schema ? { schema, batches } : null;
}

function strings(r: Reader, b: Batch, buffer: number, nullCount: number): string[] {
  const [validity, offsets, data] = [0, 1, 2].map((k) => b.header.buffers[buffer + k]);
  if (!offsets || !data)
    throw invalid(r.file, 'is not a readable Arrow/Feather file (a text column has no offsets).');
  const off = new Int32Array(r.bytes(b.body + offsets.offset, (b.rows + 1) * 4).buffer);
  const base = off[0] as number;
  const text = Buffer.from(r.bytes(b.body + data.offset, Math.max(0, (off[b.rows] as number) - base)).buffer);
  const bits = nullCount > 0 && validity ? r.bytes(b.body + validity.offset, Math.ceil(b.rows / 8)) : null;
  return Array.from({ length: b.rows }, (_, i) =>
    bits && !isValid(bits, i)
      ? ''
      : text.toString('utf8', (off[i] as number) - base, (off[i + 1] as number) - base),
  );
}

const isValid = (bits: Uint8Array, i: number): boolean => ((bits[i >> 3] as number) & (1 << (i & 7))) !== 0;

const INT_VIEWS = {
  i8: Int8Array,
  u8: Uint8Array,
  i16: Int16Array,
  u16: Uint16Array,
  i32: Int32Array,
  u32: Uint32Array,
  i64: BigInt64Array,
  u64: BigUint64Array,
} as const;

/** The first k values of a numeric column in one batch (null = missing), or null for half floats. */
function firstValues(
  r: Reader,
  b: Batch,
  f: Field,
  buffer: number,
  nullCount: number,
  k: number,
): (number | null)[] | null {
  const t = f.type as DataType;
  const region = b.header.buffers[buffer + 1];
  if (!region)
    throw invalid(r.file, `is not a readable Arrow/Feather file (column "${f.name}" has no data).`);
  const validity = b.header.buffers[buffer];
  const bits = nullCount > 0 && validity ? r.bytes(b.body + validity.offset, Math.ceil(k / 8)) : null;
  let view: ArrayLike<number | bigint>;
  if (DataType.isBool(t)) {
    const v = r.bytes(b.body + region.offset, Math.ceil(k / 8));
    view = Array.from({ length: k }, (_, i) => (isValid(v, i) ? 1 : 0));
  } else if (DataType.isFloat(t)) {
    const p = (t as Float).precision; // 0 half, 1 single, 2 double
    if (p === 0) return null;
    const buf = r.bytes(b.body + region.offset, k * (p === 1 ? 4 : 8)).buffer;
    view = p === 1 ? new Float32Array(buf) : new Float64Array(buf);
  } else {
    const { bitWidth, isSigned } = t as Int;
    const View = INT_VIEWS[`${isSigned ? 'i' : 'u'}${bitWidth}` as keyof typeof INT_VIEWS];
    view = new View(r.bytes(b.body + region.offset, (k * bitWidth) / 8).buffer);
  }
  return Array.from({ length: k }, (_, i) => (bits && !isValid(bits, i) ? null : Number(view[i])));
}

export function peekArrow(file: string, n: number, options: ReadOptions = {}): ArrowPeek | null {
  const fd = openRegularSync(file);
  try {
    const r = new Reader(fd, fstatSync(fd).size, file);
    if (r.size < 8) throw invalid(file, 'is not a readable Arrow/Feather file (too short).');
    const isFile = Buffer.from(r.bytes(0, 6)).toString('latin1') === 'ARROW1';
    const layout = isFile ? fromFile(r) : fromStream(r);
    if (!layout) return null;
    const { schema, batches } = layout;
    const fields = schema.fields;
    const first: number[] = [];
    let buffers = 0;
    for (const f of fields) {
      const count = bufferCount(f);
      if (count === null) return null;
      first.push(buffers);
      buffers += count;
    }
    if (batches.some((b) => b.header.compression !== null || b.header.buffers.length !== buffers))
      return null;
    const nRows = batches.reduce((s, b) => s + b.rows, 0);
    const index = new Map(fields.map((f, i) => [f.name, i]));
    const nulls = (b: Batch, i: number): number => b.header.nodes[i]?.nullCount ?? 0;
    const textCache = new Map<string, string[]>();
    const text = (name: string): string[] => {
      const i = index.get(name) as number;
      let t = textCache.get(name);
      if (!t)
        textCache.set(name, (t = batches.flatMap((b) => strings(r, b, first[i] as number, nulls(b, i)))));
      return t;
    };
    const columns = fields.map((f) => ({ name: f.name, numeric: !DataType.isUtf8(f.type) }));
    const plan = planColumns(file, columns, text, options);
    const pRows = Math.min(n, nRows);
    const sub = { ...plan, data: plan.data.slice(0, CORNER_COLS) };
    const corner = new Float32Array(pRows * sub.data.length);
    for (const [k, name] of sub.data.entries()) {
      const i = index.get(name) as number;
      let row = 0;
      for (const b of batches) {
        if (row >= pRows) break;
        const take = Math.min(b.rows, pRows - row);
        const values = firstValues(r, b, fields[i] as Field, first[i] as number, nulls(b, i), take);
        if (values === null) return null;
        placeColumn(corner, sub, pRows, k, values, row);
        row += take;
      }
    }
    // Metadata columns are named, not read: inspect lists them; their values come with the import.
    const meta: MetaTable = Object.fromEntries(plan.meta.map((m) => [m, new Array<null>(pRows).fill(null)]));
    const rowNames = plan.label
      ? text(plan.label).slice(0, pRows)
      : Array.from({ length: pRows }, (_, i) => String(i + 1));
    const byRow = plan.orientation === 'genes-x-samples';
    return {
      read: finishColumnar(isFile ? 'arrow' : 'arrow-stream', file, sub, rowNames, corner, meta),
      nGenes: byRow ? nRows : plan.data.length,
      nSamples: byRow ? plan.data.length : nRows,
      bytesRead: r.bytesRead,
    };
  } finally {
    closeSync(fd);
  }
}
