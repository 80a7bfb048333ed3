// Sample/gene annotation tables as Arrow IPC: a name column plus one column per annotation
// (float64 when every value is a number or missing, utf8 otherwise).
import { isAscii } from 'node:buffer';
import { readRegularFile } from './regular-file.ts';
import {
  DataType,
  Float64,
  Table,
  Utf8,
  makeData,
  makeVector,
  tableFromIPC,
  tableToIPC,
  vectorFromArray,
  type Vector,
} from 'apache-arrow';
import { writeFileAtomic } from './atomic-write.ts';
import type { MetaTable } from './types.ts';

export function writeMetaArrow(
  path: string,
  idColumn: string,
  ids: readonly string[],
  meta: MetaTable,
): void {
  writeFileAtomic(path, encodeMetaArrow(idColumn, ids, meta));
}

/** The table's Arrow IPC file bytes (for callers that write them their own way). */
export function encodeMetaArrow(idColumn: string, ids: readonly string[], meta: MetaTable): Uint8Array {
  const cols: Record<string, Vector> = { [idColumn]: utf8Vector(ids) };
  for (const [name, values] of Object.entries(meta)) {
    if (name === idColumn) continue;
    const numeric = values.every((v) => v === null || typeof v === 'number');
    cols[name] = numeric
      ? vectorFromArray(values as (number | null)[], new Float64())
      : utf8Vector(values.map((v) => (v === null ? null : String(v))));
  }
  return tableToIPC(new Table(cols), 'file');
}

/**
 * A utf8 column built from its offsets and bytes in one pass: apache-arrow's vectorFromArray goes
 * through a builder per value, ~250 ms for the 250,000 sample names of an L1000 matrix.
 */
function utf8Vector(values: readonly (string | null)[]): Vector<Utf8> {
  const n = values.length;
  const valueOffsets = new Int32Array(n + 1);
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v) bytes += Buffer.byteLength(v, 'utf8');
    valueOffsets[i + 1] = bytes;
  }
  const data = Buffer.alloc(bytes);
  let nullCount = 0;
  const nullBitmap = new Uint8Array((n + 7) >> 3);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) nullCount++;
    else {
      nullBitmap[i >> 3] = (nullBitmap[i >> 3] as number) | (1 << (i & 7));
      if (v) data.write(v, valueOffsets[i] as number, 'utf8');
    }
  }
  return makeVector(
    makeData({
      type: new Utf8(),
      length: n,
      nullCount,
      nullBitmap: nullCount ? nullBitmap : undefined,
      valueOffsets,
      data,
    }),
  );
}

/**
 * The table's columns as arrays; `pick`, given the column names, chooses which to decode (all by
 * default): a CMap-sized signature table has millions of values, most in columns nobody asked for.
 */
export function readMetaArrow(
  path: string,
  pick?: (names: string[]) => string[],
): Record<string, (string | number | null)[]> {
  const t = tableFromIPC(readRegularFile(path));
  const out: Record<string, (string | number | null)[]> = {};
  const names = t.schema.fields.map((f) => f.name);
  const wanted = new Set(pick ? pick(names) : names);
  // By position: Table#getChild(name) scans the schema each call (quadratic on wide tables).
  for (const [i, f] of t.schema.fields.entries()) {
    if (!wanted.has(f.name)) continue;
    const v = t.getChildAt(i);
    out[f.name] = !v
      ? []
      : (utf8Values(v) ??
        Array.from(v, (x) => (x === null || x === undefined ? null : (x as string | number))));
  }
  return out;
}

/**
 * A utf8 column's strings straight from its offsets and bytes: apache-arrow's per-value getter costs
 * ~1 µs a value, most of opening a CMap-sized signature table. ASCII bytes (the usual ids, drug and cell
 * names) are decoded once and sliced; null where the column is not a plain utf8 one.
 */
function utf8Values(v: Vector): (string | null)[] | null {
  if (!DataType.isUtf8(v.type)) return null;
  const out: (string | null)[] = new Array<string | null>(v.length);
  let row = 0;
  for (const d of v.data) {
    const offsets = d.valueOffsets as Int32Array;
    const bytes = Buffer.from(d.values.buffer, d.values.byteOffset, d.values.byteLength);
    const ascii = isAscii(bytes);
    const text = ascii ? bytes.toString('latin1') : '';
    for (let i = 0; i < d.length; i++, row++) {
      const a = offsets[i] as number;
      const b = offsets[i + 1] as number;
      out[row] =
        d.nullCount > 0 && !d.getValid(i) ? null : ascii ? text.slice(a, b) : bytes.toString('utf8', a, b);
    }
  }
  return out;
}
