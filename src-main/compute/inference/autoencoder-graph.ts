/**
 * The autoencoder of Belyaeva et al. (Nat. Commun. 2021, "Causal network models of SARS-CoV-2 expression
 * and aging to identify candidates for drug repurposing"; docs/methods.md §4.5): G → H (1024) → G, bias-free
 * linear layers, LeakyReLU on the hidden layer, linear output. Row-major: x [N, G] · W1 [G, H] = z, the
 * pre-activation embedding used for latent arithmetic; y = LeakyReLU(z) · W2 [H, G].
 */
import { GraphBuilder, type ElemType } from './onnx-builder.ts';

/** PyTorch's nn.LeakyReLU default slope, which the reference implementation uses. */
export const LEAKY_SLOPE = 0.01;
export const DEFAULT_HIDDEN = 1024;

/** Names inside every autoencoder file Causeway writes: latent-shift reads the weights back by them. */
export const AE_NAMES = {
  input: 'x',
  latent: 'z',
  output: 'reconstruction',
  w1: 'encoder.weight',
  w2: 'decoder.weight',
};

/** The model-card fields (inputs, outputs, autoencoder) of a Causeway-built genes → hidden → genes model. */
export function causewayAutoencoderCard(genes: number, hidden: number) {
  return {
    inputs: [{ name: AE_NAMES.input, type: 'float32' as const, shape: ['batch', genes] }],
    outputs: [
      { name: AE_NAMES.latent, type: 'float32' as const, shape: ['batch', hidden] },
      { name: AE_NAMES.output, type: 'float32' as const, shape: ['batch', genes] },
    ],
    autoencoder: {
      hidden,
      latentOutput: AE_NAMES.latent,
      reconstructionOutput: AE_NAMES.output,
      encoderWeight: AE_NAMES.w1,
      decoderWeight: AE_NAMES.w2,
      activation: 'leaky_relu' as const,
      leakySlope: LEAKY_SLOPE,
    },
  };
}

export interface AeWeights {
  genes: number;
  hidden: number;
  /** [genes, hidden], row-major. */
  w1: Float32Array;
  /** [hidden, genes], row-major. */
  w2: Float32Array;
}

/** IEEE 754 binary16 bits of a float, round to nearest even (for compact weight storage). */
export function floatToHalf(value: number): number {
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  f32[0] = value;
  const x = u32[0] as number;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let r = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    if (rem > half || (rem === half && r & 1)) r++;
    return sign | r;
  }
  let r = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && r & 1)) r++;
  return sign | r;
}

function toHalf(data: Float32Array): Uint16Array {
  const out = new Uint16Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = floatToHalf(data[i] as number);
  return out;
}

/** A weight as a float32 value in the graph: stored as float, or as float16 behind a Cast that
 * onnxruntime constant-folds at session creation (halves the file; inference still runs in float32). */
function weight(
  g: GraphBuilder,
  name: string,
  dims: number[],
  data: Float32Array,
  storage: 'float' | 'float16',
): string {
  if (storage === 'float') return g.initializer(name, 'float', dims, data);
  const stored = g.initializer(name, 'float16', dims, toHalf(data));
  return g.op('Cast', [stored], { to: { i: 1 } });
}

/** LeakyReLU as z · slope(z): valid for float and double alike, and slope is the derivative backward needs. */
export function leakySlope(g: GraphBuilder, z: string, type: ElemType): string {
  const zero = g.scalar(`zero_${z}`, type === 'double' ? 'double' : 'float', 0);
  const one = g.scalar(`one_${z}`, type === 'double' ? 'double' : 'float', 1);
  const alpha = g.scalar(`alpha_${z}`, type === 'double' ? 'double' : 'float', LEAKY_SLOPE);
  return g.op('Where', [g.op('Greater', [z, zero]), one, alpha]);
}

export interface AutoencoderModelOptions {
  storage?: 'float' | 'float16';
  metadata?: Record<string, string>;
}

/** The full model: x [N, G] → z [N, H] (pre-activation) and reconstruction [N, G]. */
export function buildAutoencoderModel(w: AeWeights, options: AutoencoderModelOptions = {}): Uint8Array {
  const storage = options.storage ?? 'float';
  const g = new GraphBuilder('causeway_autoencoder');
  const x = g.input(AE_NAMES.input, 'float', ['batch', w.genes]);
  const w1 = weight(g, AE_NAMES.w1, [w.genes, w.hidden], w.w1, storage);
  const w2 = weight(g, AE_NAMES.w2, [w.hidden, w.genes], w.w2, storage);
  const z = g.op('MatMul', [x, w1], {}, AE_NAMES.latent);
  const a = g.op('LeakyRelu', [z], { alpha: { f: LEAKY_SLOPE } });
  g.op('MatMul', [a, w2], {}, AE_NAMES.output);
  g.output(AE_NAMES.latent, 'float', ['batch', w.hidden]);
  g.output(AE_NAMES.output, 'float', ['batch', w.genes]);
  return g.toModel({ producer: 'causeway', metadata: options.metadata ?? {} });
}

/** The encoder alone: x [N, G] → z = x·W1 [N, H]. Latent shift encodes every profile but decodes a few
 * shifted means, so encoding through this graph skips the decoder's half of the work. */
export function buildEncoderModel(w: Pick<AeWeights, 'genes' | 'hidden' | 'w1'>): Uint8Array {
  const g = new GraphBuilder('causeway_encoder');
  const x = g.input(AE_NAMES.input, 'float', ['batch', w.genes]);
  const w1 = g.initializer(AE_NAMES.w1, 'float', [w.genes, w.hidden], w.w1);
  g.op('MatMul', [x, w1], {}, AE_NAMES.latent);
  g.output(AE_NAMES.latent, 'float', ['batch', w.hidden]);
  return g.toModel();
}

/** The decoder alone: z [N, H] → LeakyReLU(z) · W2, for decoding shifted embeddings. */
export function buildDecoderModel(w: Pick<AeWeights, 'genes' | 'hidden' | 'w2'>): Uint8Array {
  const g = new GraphBuilder('causeway_decoder');
  const z = g.input(AE_NAMES.latent, 'float', ['batch', w.hidden]);
  const w2 = g.initializer(AE_NAMES.w2, 'float', [w.hidden, w.genes], w.w2);
  const a = g.op('LeakyRelu', [z], { alpha: { f: LEAKY_SLOPE } });
  g.op('MatMul', [a, w2], {}, AE_NAMES.output);
  g.output(AE_NAMES.output, 'float', ['batch', w.genes]);
  return g.toModel();
}
