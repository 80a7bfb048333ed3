/**
 * Builds ONNX models in code (ModelProto → GraphProto → NodeProto/TensorProto/ValueInfoProto), so that
 * small numeric graphs — the autoencoder, its training step — run on whatever execution provider
 * onnxruntime picked, GPU included. Field numbers follow onnx/onnx.proto (IR version 8, opset 17).
 */
import { ProtoWriter } from './protobuf.ts';

/** TensorProto.DataType values used here (onnx.proto). */
export const ELEM = {
  float: 1,
  uint8: 2,
  int8: 3,
  int32: 6,
  int64: 7,
  bool: 9,
  float16: 10,
  double: 11,
} as const;
export type ElemType = keyof typeof ELEM;

export type Dim = number | string;
export type AttrValue = { f: number } | { i: number } | { ints: number[] } | { s: string };

const IR_VERSION = 8;
const OPSET = 17;
/** onnxruntime's contrib operators (DynamicQuantizeMatMul, …) live in this domain, at version 1. */
export const MS_DOMAIN = 'com.microsoft';

export type TensorData =
  Float32Array | Float64Array | Uint16Array | BigInt64Array | Uint8Array | Int8Array | Int32Array;

function tensorProto(name: string, type: ElemType, dims: number[], data: TensorData): ProtoWriter {
  const expected = dims.reduce((a, b) => a * b, 1);
  if (data.length !== expected) {
    throw new RangeError(`initializer ${name}: ${data.length} values for dims [${dims.join(', ')}]`);
  }
  const t = new ProtoWriter();
  for (const d of dims) t.varint(1, d);
  t.varint(2, ELEM[type]);
  t.string(8, name);
  // raw_data is little-endian (onnx.proto); every platform Causeway ships on is little-endian too.
  t.bytes(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return t;
}

function valueInfo(name: string, type: ElemType, dims: Dim[]): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of dims) {
    const dim = new ProtoWriter();
    if (typeof d === 'number') dim.varint(1, d);
    else dim.string(2, d);
    shape.message(1, dim);
  }
  const tensor = new ProtoWriter().varint(1, ELEM[type]).message(2, shape);
  const typeProto = new ProtoWriter().message(1, tensor);
  return new ProtoWriter().string(1, name).message(2, typeProto);
}

function attribute(name: string, v: AttrValue): ProtoWriter {
  const a = new ProtoWriter().string(1, name);
  // AttributeProto.AttributeType: FLOAT 1, INT 2, STRING 3, INTS 7.
  if ('f' in v) a.float(2, v.f).varint(20, 1);
  else if ('i' in v) a.varint(3, v.i).varint(20, 2);
  else if ('s' in v) a.string(4, v.s).varint(20, 3);
  else {
    for (const x of v.ints) a.varint(8, x);
    a.varint(20, 7);
  }
  return a;
}

export interface ModelOptions {
  producer?: string;
  docString?: string;
  metadata?: Record<string, string>;
}

export class GraphBuilder {
  private readonly nodes: ProtoWriter[] = [];
  private readonly inits: ProtoWriter[] = [];
  private readonly inputs: ProtoWriter[] = [];
  private readonly outputs: ProtoWriter[] = [];
  private readonly names = new Set<string>();
  /** Non-default operator domains used by nodes; each needs its own opset_import in the model. */
  private readonly domains = new Set<string>();
  private counter = 0;

  constructor(private readonly name: string) {}

  private claim(name: string): string {
    if (this.names.has(name)) throw new Error(`duplicate value name "${name}" in graph ${this.name}`);
    this.names.add(name);
    return name;
  }

  input(name: string, type: ElemType, dims: Dim[]): string {
    this.inputs.push(valueInfo(this.claim(name), type, dims));
    return name;
  }

  output(name: string, type: ElemType, dims: Dim[]): string {
    this.outputs.push(valueInfo(name, type, dims));
    return name;
  }

  initializer(name: string, type: ElemType, dims: number[], data: TensorData): string {
    this.inits.push(tensorProto(this.claim(name), type, dims, data));
    return name;
  }

  /** A scalar constant (rank 0) of the given type. */
  scalar(name: string, type: 'float' | 'double', value: number): string {
    const data = type === 'float' ? Float32Array.of(value) : Float64Array.of(value);
    return this.initializer(name, type, [], data);
  }

  /**
   * Adds a node; returns its outputs. Output names default to `<op>_<n>`. An empty input name is ONNX's
   * "optional input left out". `domain` names a non-standard operator set (e.g. MS_DOMAIN).
   */
  node(
    op: string,
    inputs: string[],
    attrs: Record<string, AttrValue> = {},
    outputs?: string[],
    domain = '',
  ): string[] {
    const outs = (outputs ?? [`${op.toLowerCase()}_${this.counter++}`]).map((o) => this.claim(o));
    const n = new ProtoWriter();
    for (const i of inputs) n.string(1, i);
    for (const o of outs) n.string(2, o);
    n.string(3, `${op}_${this.nodes.length}`);
    n.string(4, op);
    for (const [k, v] of Object.entries(attrs)) n.message(5, attribute(k, v));
    if (domain) {
      n.string(7, domain);
      this.domains.add(domain);
    }
    this.nodes.push(n);
    return outs;
  }

  /** A single-output node. */
  op(
    op: string,
    inputs: string[],
    attrs: Record<string, AttrValue> = {},
    output?: string,
    domain = '',
  ): string {
    return this.node(op, inputs, attrs, output === undefined ? undefined : [output], domain)[0] as string;
  }

  toModel(options: ModelOptions = {}): Uint8Array {
    const g = new ProtoWriter();
    for (const n of this.nodes) g.message(1, n);
    g.string(2, this.name);
    for (const t of this.inits) g.message(5, t);
    if (options.docString) g.string(10, options.docString);
    for (const i of this.inputs) g.message(11, i);
    for (const o of this.outputs) g.message(12, o);
    const m = new ProtoWriter()
      .varint(1, IR_VERSION)
      .string(2, options.producer ?? 'causeway')
      .message(7, g)
      .message(8, new ProtoWriter().string(1, '').varint(2, OPSET));
    for (const d of this.domains) m.message(8, new ProtoWriter().string(1, d).varint(2, 1));
    for (const [key, value] of Object.entries(options.metadata ?? {})) {
      m.message(14, new ProtoWriter().string(1, key).string(2, value));
    }
    return m.finish();
  }
}
