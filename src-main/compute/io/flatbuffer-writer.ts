// A minimal FlatBuffers encoder, front to back: enough for the project matrix file's Arrow IPC messages
// and footer (tables, vectors of structs, and pre-encoded subtrees such as the schema, which
// matrix-schema.ts lays out by hand). apache-arrow's own writer spends ~0.1 ms per column building its
// Schema and Table objects, i.e. ~45 s for a 250,000-sample L1000 matrix (measured in bench/import.ts).

export type Scalar = { kind: 'i8' | 'u8' | 'bool' | 'i16' | 'i32' | 'i64'; value: number };
export type FbNode =
  | { kind: 'table'; fields: (Scalar | FbNode | null)[] }
  /**
   * A subtree already encoded (bytes start with its root uoffset, 8-byte aligned), copied wherever it
   * is used: FlatBuffers offsets are relative, so the bytes stay valid at any 8-aligned position.
   */
  | { kind: 'raw'; bytes: Uint8Array; root: number }
  | {
      kind: 'structs';
      size: number;
      align: number;
      count: number;
      write: (view: DataView, pos: number, i: number) => void;
    };

const SIZE = { i8: 1, u8: 1, bool: 1, i16: 2, i32: 4, i64: 8 } as const;

export const i16 = (value: number): Scalar => ({ kind: 'i16', value });
export const u8 = (value: number): Scalar => ({ kind: 'u8', value });
export const i64 = (value: number): Scalar => ({ kind: 'i64', value });
export const table = (...fields: (Scalar | FbNode | null)[]): FbNode => ({ kind: 'table', fields });

const isScalar = (f: Scalar | FbNode): f is Scalar =>
  f.kind === 'i16' ||
  f.kind === 'u8' ||
  f.kind === 'bool' ||
  f.kind === 'i64' ||
  f.kind === 'i32' ||
  f.kind === 'i8';

class Out {
  buf: Uint8Array;
  view: DataView;
  pos = 0;
  constructor(capacity: number) {
    this.buf = new Uint8Array(capacity);
    this.view = new DataView(this.buf.buffer);
  }
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.pos + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  align(a: number, extra = 0): void {
    const pad = (a - ((this.pos + extra) % a)) % a;
    this.ensure(pad);
    this.pos += pad;
  }
  scalar(s: Scalar, at: number): void {
    const v = this.view;
    if (s.kind === 'i64') v.setBigInt64(at, BigInt(s.value), true);
    else if (s.kind === 'i32') v.setInt32(at, s.value, true);
    else if (s.kind === 'i16') v.setInt16(at, s.value, true);
    else v.setUint8(at, s.value);
  }
}

/**
 * Encode a root table; offsets always point forward, as FlatBuffers requires (uoffset is unsigned).
 * `prefix` zero bytes (a multiple of 8, so alignment holds) are reserved in front (an IPC message's continuation marker and length, filled by
 * the caller: no copy of a 27 MB header to prepend 8 bytes); `capacity` avoids regrowing big buffers.
 */
export function encodeFlatbuffer(
  root: FbNode,
  opts: { prefix?: number; capacity?: number } = {},
): Uint8Array {
  const prefix = opts.prefix ?? 0;
  const out = new Out(Math.max(1 << 16, opts.capacity ?? 0));
  out.ensure(prefix + 8);
  out.pos = prefix + 4; // root uoffset
  const rootPos = emit(out, root);
  out.view.setUint32(prefix, rootPos - prefix, true);
  out.align(8);
  return out.pos * 8 < out.buf.length * 7 ? out.buf.slice(0, out.pos) : out.buf.subarray(0, out.pos);
}

function patch(out: Out, at: number, target: number): void {
  out.view.setUint32(at, target - at, true);
}

function emit(out: Out, node: FbNode): number {
  switch (node.kind) {
    case 'raw': {
      out.align(8);
      out.ensure(node.bytes.length);
      const at = out.pos;
      out.buf.set(node.bytes, at);
      out.pos += node.bytes.length;
      return at + node.root;
    }
    case 'structs': {
      out.align(Math.max(4, node.align), 4);
      out.ensure(4 + node.size * node.count);
      const at = out.pos;
      out.view.setUint32(at, node.count, true);
      for (let i = 0; i < node.count; i++) node.write(out.view, at + 4 + i * node.size, i);
      out.pos += 4 + node.size * node.count;
      return at;
    }
    case 'table': {
      // Layout: vtable, then the table (soffset + fields, each aligned to its size), then children.
      const fields = node.fields;
      const nf = fields.length;
      const fieldPos = new Uint16Array(nf);
      let inline = 4;
      for (let i = 0; i < nf; i++) {
        const f = fields[i];
        if (f === null || f === undefined) continue;
        const size = isScalar(f) ? SIZE[f.kind] : 4;
        inline = Math.ceil(inline / size) * size;
        fieldPos[i] = inline;
        inline += size;
      }
      const vtSize = 4 + 2 * nf;
      out.align(2);
      out.ensure(vtSize + 8);
      const vt = out.pos;
      out.pos += vtSize;
      out.align(8, 0);
      const tablePos = out.pos;
      out.ensure(inline);
      out.pos += inline;
      const view = out.view;
      view.setInt32(tablePos, tablePos - vt, true);
      view.setUint16(vt, vtSize, true);
      view.setUint16(vt + 2, inline, true);
      for (let i = 0; i < nf; i++) {
        view.setUint16(vt + 4 + 2 * i, fieldPos[i] as number, true);
        const f = fields[i];
        if (f && isScalar(f)) out.scalar(f, tablePos + (fieldPos[i] as number));
      }
      for (let i = 0; i < nf; i++) {
        const f = fields[i];
        if (f && !isScalar(f)) patch(out, tablePos + (fieldPos[i] as number), emit(out, f));
      }
      return tablePos;
    }
  }
}
