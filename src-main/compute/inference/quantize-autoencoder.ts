/**
 * The int8 variant of the autoencoder (issue 6: ≥ 10,000 profiles/s on a CPU at 6,998 genes). In float32
 * a 6,998-gene profile costs 2 × 6,998 × 1,024 multiply-adds, bounded by the cores' FMA throughput; int8
 * dot products (AVX-512 VNNI / AVX-VNNI vpdpbusd, ARM sdot) do four multiply-adds per 32-bit lane.
 *
 * Weights: symmetric per output column (one scale per hidden unit for W1, per gene for W2), quantized once
 * here. Activations: quantized per batch at run time, as onnxruntime's dynamic quantization does:
 *  - encoder, x·W1: com.microsoft DynamicQuantizeMatMul (uint8 activations, one scale per batch, applied
 *    inside the integer GEMM's output stage). The encoder's inputs are per-profile min-max normalised
 *    (normalise.ts), so every batch spans exactly [0, 1] and is quantized the same way: a profile's z does
 *    not depend on its batch-mates. (Under normalisation 'none' it would, slightly.)
 *  - decoder, LeakyReLU(z)·W2: one scale per profile (row). Hidden activations differ in range from profile
 *    to profile, and one scale per batch cost a 30-fold larger reconstruction error with a 6,998-gene Kang
 *    2018 model (median per-profile R² against float32 0.9927 vs 0.99976). Each row a is mapped to q = round((a − min)/s) with
 *    zero point 0, so that MatMulInteger (uint8 × int8 → int32) needs no per-row zero point, and
 *    a·W2 ≈ (s·(q·Wq) + min·colsum(Wq)) ⊙ scale.
 *
 * Weights use 7 bits (±63), not 8: x86 CPUs without VNNI multiply uint8 × int8 pairs with vpmaddubsw, whose
 * int16 pair sums saturate above 32,767 (2 × 255 × 127 does; 2 × 255 × 63 does not). The results then do
 * not depend on the CPU's instruction set, at a small accuracy cost (Kang, 6,998 genes: max |Δz| against
 * float32 8.4e-3 with 7 bits, 7.1e-3 with 8; median latent R² 0.99997 vs 0.99998).
 */
import { AE_NAMES, LEAKY_SLOPE, type AeWeights } from './autoencoder-graph.ts';
import { GraphBuilder, MS_DOMAIN } from './onnx-builder.ts';

export const INT8_WEIGHT_MAX = 63;

/** Operators that multiply integer matrices; the quantized graphs must contain one per layer. */
export const INTEGER_MATMUL_OPS = new Set([
  'MatMulInteger',
  'DynamicQuantizeMatMul',
  'MatMulIntegerToFloat',
  'QLinearMatMul',
]);

export interface QuantizedColumns {
  /** [rows, cols] row-major, in [−INT8_WEIGHT_MAX, INT8_WEIGHT_MAX]. */
  q: Int8Array;
  /** Per column: w ≈ q · scale. */
  scale: Float32Array;
}

/** Symmetric per-column quantization of a row-major [rows, cols] matrix. */
export function quantizeColumns(
  w: Float32Array,
  rows: number,
  cols: number,
  qmax = INT8_WEIGHT_MAX,
): QuantizedColumns {
  if (w.length !== rows * cols) throw new RangeError(`${w.length} weights are not ${rows} × ${cols}`);
  const scale = new Float32Array(cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const a = Math.abs(w[r * cols + c] as number);
      if (a > (scale[c] as number)) scale[c] = a;
    }
  }
  // An all-zero column keeps scale 1 (its q are all 0), so no division by zero anywhere downstream.
  for (let c = 0; c < cols; c++) scale[c] = (scale[c] as number) > 0 ? (scale[c] as number) / qmax : 1;
  const q = new Int8Array(w.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = Math.round((w[r * cols + c] as number) / (scale[c] as number));
      q[r * cols + c] = Math.max(-qmax, Math.min(qmax, v));
    }
  }
  return { q, scale };
}

/** Per-column sums of the quantized weights: the term a row's minimum contributes (see the header). */
function columnSums(q: Int8Array, rows: number, cols: number): Float32Array {
  const sums = new Float32Array(cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) sums[c] = (sums[c] as number) + (q[r * cols + c] as number);
  }
  return sums;
}

/** x [N, G] → z = x·W1 [N, H], activations quantized with one scale per batch. */
function quantizedEncoder(g: GraphBuilder, x: string, w: Pick<AeWeights, 'genes' | 'hidden' | 'w1'>): string {
  const { q, scale } = quantizeColumns(w.w1, w.genes, w.hidden);
  const wq = g.initializer(`${AE_NAMES.w1}.int8`, 'int8', [w.genes, w.hidden], q);
  const ws = g.initializer(`${AE_NAMES.w1}.scale`, 'float', [w.hidden], scale);
  return g.op('DynamicQuantizeMatMul', [x, wq, ws], {}, AE_NAMES.latent, MS_DOMAIN);
}

/** z [N, H] → LeakyReLU(z)·W2 [N, G], activations quantized with one scale per row. */
function quantizedDecoder(g: GraphBuilder, z: string, w: Pick<AeWeights, 'genes' | 'hidden' | 'w2'>): string {
  const { q, scale } = quantizeColumns(w.w2, w.hidden, w.genes);
  const wq = g.initializer(`${AE_NAMES.w2}.int8`, 'int8', [w.hidden, w.genes], q);
  const ws = g.initializer(`${AE_NAMES.w2}.scale`, 'float', [w.genes], scale);
  const sums = g.initializer(
    `${AE_NAMES.w2}.colsum`,
    'float',
    [1, w.genes],
    columnSums(q, w.hidden, w.genes),
  );
  const a = g.op('LeakyRelu', [z], { alpha: { f: LEAKY_SLOPE } });
  const rowAxis = { axes: { ints: [1] }, keepdims: { i: 1 } };
  const lo = g.op('ReduceMin', [a], rowAxis);
  const hi = g.op('ReduceMax', [a], rowAxis);
  // A constant row has range 0: the floor keeps s finite, and every q is then 0 (a = min exactly).
  const floor = g.scalar('decoder.range_floor', 'float', 1e-30);
  const levels = g.scalar('decoder.levels', 'float', 255);
  const s = g.op('Div', [g.op('Max', [g.op('Sub', [hi, lo]), floor]), levels]);
  const qa = g.op('Cast', [g.op('Round', [g.op('Div', [g.op('Sub', [a, lo]), s])])], { to: { i: 2 } });
  const acc = g.op('Cast', [g.op('MatMulInteger', [qa, wq])], { to: { i: 1 } });
  const shifted = g.op('Add', [g.op('Mul', [acc, s]), g.op('MatMul', [lo, sums])]);
  return g.op('Mul', [shifted, ws], {}, AE_NAMES.output);
}

const PRODUCER_NOTE = 'int8 weights (per-column symmetric, 7-bit), dynamically quantized activations';

/** The int8 model with the float model's interface: x [N, G] → z [N, H] and reconstruction [N, G]. */
export function buildQuantizedAutoencoderModel(w: AeWeights): Uint8Array {
  const g = new GraphBuilder('causeway_autoencoder_int8');
  const x = g.input(AE_NAMES.input, 'float', ['batch', w.genes]);
  const z = quantizedEncoder(g, x, w);
  quantizedDecoder(g, z, w);
  g.output(AE_NAMES.latent, 'float', ['batch', w.hidden]);
  g.output(AE_NAMES.output, 'float', ['batch', w.genes]);
  return g.toModel({ docString: PRODUCER_NOTE });
}

/** Encoder alone: x [N, G] → z [N, H]. */
export function buildQuantizedEncoderModel(w: Pick<AeWeights, 'genes' | 'hidden' | 'w1'>): Uint8Array {
  const g = new GraphBuilder('causeway_encoder_int8');
  const x = g.input(AE_NAMES.input, 'float', ['batch', w.genes]);
  quantizedEncoder(g, x, w);
  g.output(AE_NAMES.latent, 'float', ['batch', w.hidden]);
  return g.toModel({ docString: PRODUCER_NOTE });
}

/** Decoder alone: z [N, H] → LeakyReLU(z)·W2 [N, G]. */
export function buildQuantizedDecoderModel(w: Pick<AeWeights, 'genes' | 'hidden' | 'w2'>): Uint8Array {
  const g = new GraphBuilder('causeway_decoder_int8');
  const z = g.input(AE_NAMES.latent, 'float', ['batch', w.hidden]);
  quantizedDecoder(g, z, w);
  g.output(AE_NAMES.output, 'float', ['batch', w.genes]);
  return g.toModel({ docString: PRODUCER_NOTE });
}
