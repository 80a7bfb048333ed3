// The Arrow Schema of the project matrix file (a utf8 `gene` field, then one float32 field per sample),
// encoded straight into bytes. The generic encoder (flatbuffer-writer.ts) builds a vtable, a type table
// and a children vector for every field: ~0.5 s and ~100 bytes per field for a 250,000-sample L1000
// matrix, spent before the first body byte can be written and written twice (message and footer). All
// fields here have the same shape, so they share one vtable, one FloatingPoint type table and one empty
// children vector (FlatBuffers offsets may point at a shared table; Arrow C++ insists the children vector
// exists, so it is kept): per field only the 20-byte table and the name remain, written in one pass.
import type { FbNode } from './flatbuffer-writer.ts';

const TYPE_FLOATING_POINT = 3;
const TYPE_UTF8 = 5;
const PRECISION_SINGLE = 1;
/** soffset, name, type, children (uoffsets), type_type (u8), padding to 4. */
const FIELD_TABLE = 20;

const align4 = (n: number): number => (n + 3) & ~3;

/** A `raw` FbNode (see flatbuffer-writer.ts preEncoded) holding the Schema table. */
export function matrixSchema(
  geneColumn: string,
  samples: readonly string[],
): Extract<FbNode, { kind: 'raw' }> {
  const names = [geneColumn, ...samples];
  let size = 4 + 8 + 8 + 4 + 4 * names.length + 16;
  for (const n of names) size += FIELD_TABLE + align4(4 + Buffer.byteLength(n, 'utf8') + 1);
  size += 8 + 4 + 6 + 2 + 8 + 4; // utf8 type (vtable, table), float type (vtable, pad, table), children
  const bytes = Buffer.alloc((size + 7) & ~7);
  const v = new DataView(bytes.buffer);
  const u32 = (at: number, x: number): void => v.setUint32(at, x, true);
  /** Consecutive uint16 from `at` (vtables). */
  const u16 = (at: number, ...xs: number[]): void => xs.forEach((x, k) => v.setUint16(at + 2 * k, x, true));
  const soffsetTo = (table: number, vtable: number): void => v.setInt32(table, table - vtable, true);

  // Schema: vtable {endianness: default, fields at 4}, table, fields vector.
  u16(4, 8, 8, 0, 4);
  const schema = 12;
  soffsetTo(schema, 4);
  u32(0, schema); // root
  const vec = schema + 8;
  u32(schema + 4, vec - (schema + 4));
  u32(vec, names.length);
  // Field vtable: name, nullable (default false), type_type, type, dictionary (absent), children.
  const fieldVt = vec + 4 + 4 * names.length;
  u16(fieldVt, 16, FIELD_TABLE, 4, 0, 16, 8, 0, 12);
  let pos = fieldVt + 16;
  const tables: number[] = [];
  for (let i = 0; i < names.length; i++) {
    const t = pos;
    tables.push(t);
    u32(vec + 4 + 4 * i, t - (vec + 4 + 4 * i));
    soffsetTo(t, fieldVt);
    bytes[t + 16] = i === 0 ? TYPE_UTF8 : TYPE_FLOATING_POINT;
    const s = t + FIELD_TABLE;
    u32(t + 4, s - (t + 4));
    const written = bytes.write(names[i] as string, s + 4, 'utf8');
    u32(s, written);
    pos = align4(s + 4 + written + 1); // the NUL and padding are already zero
  }
  // Utf8 type: an empty table; FloatingPoint: {precision at 4}; the shared empty children vector.
  u16(pos, 4, 4);
  const utf8 = pos + 4;
  soffsetTo(utf8, pos);
  const floatVt = utf8 + 4;
  u16(floatVt, 6, 8, 4);
  const float = floatVt + 8;
  soffsetTo(float, floatVt);
  v.setInt16(float + 4, PRECISION_SINGLE, true);
  const children = float + 8;
  u32(children, 0);
  tables.forEach((t, i) => {
    const type = i === 0 ? utf8 : float;
    u32(t + 8, type - (t + 8));
    u32(t + 12, children - (t + 12));
  });
  return { kind: 'raw', bytes, root: schema };
}
