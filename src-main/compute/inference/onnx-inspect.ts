/**
 * Reads the parts of an ONNX ModelProto that validation needs (IR version, opsets, graph inputs and
 * outputs with their shapes, initializer sizes, operator domains) and extracts float weights, without
 * onnxruntime: a hostile file is judged here first, before native code ever parses it. Field numbers
 * follow onnx/onnx.proto.
 */
import { ELEM } from './onnx-builder.ts';
import { ProtoError, bytesOf, readFields, stringOf, varints, type ProtoField } from './protobuf.ts';

export interface ValueInfo {
  name: string;
  elemType: number;
  /** A number for a fixed dimension, a string for a symbolic one, null when absent. */
  dims: (number | string | null)[];
}

export interface InitializerInfo {
  name: string;
  dataType: number;
  dims: number[];
  /** Whether the weights live in a separate file (TensorProto.data_location = EXTERNAL). */
  external: boolean;
  bytes: Uint8Array | null;
  floatData: number[];
}

/** What an ONNX file declares: versions, graph inputs/outputs, initializers, operators, metadata. */
export interface OnnxGraphInfo {
  irVersion: number;
  opsets: { domain: string; version: number }[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  initializers: InitializerInfo[];
  opTypes: { domain: string; op: string }[];
  metadata: Record<string, string>;
}

export class OnnxFormatError extends Error {}

const ELEM_BYTES: Record<number, number> = {
  1: 4,
  2: 1,
  3: 1,
  4: 2,
  5: 2,
  6: 4,
  7: 8,
  9: 1,
  10: 2,
  11: 8,
  12: 4,
  13: 8,
};

function valueInfo(buf: Uint8Array): ValueInfo {
  const f = readFields(buf);
  const name = stringOf(f, 1) ?? '';
  const type = bytesOf(f, 2)[0];
  const tensor = type ? bytesOf(readFields(type), 1)[0] : undefined;
  if (!tensor) return { name, elemType: 0, dims: [] };
  const tf = readFields(tensor);
  const elemType = varints(tf, 1)[0] ?? 0;
  const shape = bytesOf(tf, 2)[0];
  const dims = shape
    ? bytesOf(readFields(shape), 1).map((d) => {
        const df = readFields(d);
        const v = varints(df, 1)[0];
        return v !== undefined ? v : (stringOf(df, 2) ?? null);
      })
    : [];
  return { name, elemType, dims };
}

function initializer(buf: Uint8Array): InitializerInfo {
  const f = readFields(buf);
  const floats: number[] = [];
  for (const x of f) {
    if (x.field !== 4) continue;
    if (x.wire === 5) floats.push(x.value.getFloat32(0, true));
    else if (x.wire === 2) {
      if (x.value.length % 4) throw new OnnxFormatError('float_data is not a whole number of floats');
      const v = new DataView(x.value.buffer, x.value.byteOffset, x.value.byteLength);
      for (let i = 0; i < x.value.length; i += 4) floats.push(v.getFloat32(i, true));
    }
  }
  return {
    name: stringOf(f, 8) ?? '',
    dataType: varints(f, 2)[0] ?? 0,
    dims: varints(f, 1),
    external: varints(f, 14)[0] === 1 || bytesOf(f, 13).length > 0,
    bytes: bytesOf(f, 9)[0] ?? null,
    floatData: floats,
  };
}

/** Parses the model's structure. Throws OnnxFormatError for anything that is not a readable ModelProto. */
export function inspectOnnx(bytes: Uint8Array): OnnxGraphInfo {
  try {
    const m = readFields(bytes);
    const graph = bytesOf(m, 7)[0];
    if (!graph) throw new OnnxFormatError('it has no graph (not an ONNX model)');
    const g = readFields(graph);
    const initializers = bytesOf(g, 5).map(initializer);
    const initNames = new Set(initializers.map((i) => i.name));
    const opTypes = bytesOf(g, 1).map((n) => {
      const nf: ProtoField[] = readFields(n);
      return { domain: stringOf(nf, 7) ?? '', op: stringOf(nf, 4) ?? '' };
    });
    const metadata: Record<string, string> = {};
    for (const e of bytesOf(m, 14)) {
      const ef = readFields(e);
      metadata[stringOf(ef, 1) ?? ''] = stringOf(ef, 2) ?? '';
    }
    return {
      irVersion: varints(m, 1)[0] ?? 0,
      opsets: bytesOf(m, 8).map((o) => {
        const of = readFields(o);
        return { domain: stringOf(of, 1) ?? '', version: varints(of, 2)[0] ?? 0 };
      }),
      // Inputs that are also initializers are overridable constants, not data the caller feeds (IR ≥ 4).
      inputs: bytesOf(g, 11)
        .map(valueInfo)
        .filter((v) => !initNames.has(v.name)),
      outputs: bytesOf(g, 12).map(valueInfo),
      initializers,
      opTypes,
      metadata,
    };
  } catch (e) {
    if (e instanceof ProtoError) throw new OnnxFormatError(`it is not a valid ONNX file (${e.message})`);
    throw e;
  }
}

/** Declared element count and byte size of an initializer (NaN-safe for absurd dims: returns Infinity). */
export function declaredSize(t: InitializerInfo): { count: number; bytes: number } {
  let count = 1;
  for (const d of t.dims) count *= d;
  const per = ELEM_BYTES[t.dataType] ?? 0;
  return { count, bytes: count * per };
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

/** A float or float16 initializer's values as Float32, row-major. */
export function readFloatInitializer(
  info: OnnxGraphInfo,
  name: string,
): { dims: number[]; data: Float32Array } {
  const t = info.initializers.find((i) => i.name === name);
  if (!t) throw new OnnxFormatError(`the model has no initializer "${name}"`);
  const { count } = declaredSize(t);
  if (t.dataType === ELEM.float && t.floatData.length === count) {
    return { dims: t.dims, data: Float32Array.from(t.floatData) };
  }
  const raw = t.bytes;
  if (!raw) throw new OnnxFormatError(`initializer "${name}" has no inline data`);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out = new Float32Array(count);
  if (t.dataType === ELEM.float && raw.length === count * 4) {
    for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true);
  } else if (t.dataType === ELEM.float16 && raw.length === count * 2) {
    for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(i * 2, true));
  } else {
    throw new OnnxFormatError(`initializer "${name}" is not float/float16 data of its declared size`);
  }
  return { dims: t.dims, data: out };
}
