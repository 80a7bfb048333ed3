/**
 * Arithmetic the autoencoder runs in. `float32` is the model as trained and the default: it reproduces a
 * model's reference outputs and runs unchanged on every execution provider. `int8` (quantize-autoencoder.ts)
 * runs on the CPU provider's integer kernels: on this project's 2-core AMD EPYC with AVX-512 VNNI, 6,998-gene encoding ~3× and the
 * full model ~2× faster than float32, at a small measured cost in accuracy (bench/onnx.ts prints both;
 * quantize-autoencoder.test.ts bounds it). It is chosen explicitly, never silently — it changes results a
 * little, and it was measured on the CPU provider only (GPU providers may hand its integer operators back
 * to the CPU) — and results record it next to the provider.
 */
import { z } from 'zod';
import {
  buildAutoencoderModel,
  buildDecoderModel,
  buildEncoderModel,
  type AeWeights,
} from './autoencoder-graph.ts';
import {
  buildQuantizedAutoencoderModel,
  buildQuantizedDecoderModel,
  buildQuantizedEncoderModel,
} from './quantize-autoencoder.ts';

export const PRECISIONS = ['float32', 'int8'] as const;
export const InferencePrecision = z.enum(PRECISIONS);
export type InferencePrecision = z.infer<typeof InferencePrecision>;

export interface AutoencoderGraphs {
  /** x → z and reconstruction. */
  full: (w: AeWeights) => Uint8Array;
  /** x → z. */
  encoder: (w: AeWeights) => Uint8Array;
  /** z → reconstruction. */
  decoder: (w: AeWeights) => Uint8Array;
}

export const AUTOENCODER_GRAPHS: Record<InferencePrecision, AutoencoderGraphs> = {
  float32: { full: buildAutoencoderModel, encoder: buildEncoderModel, decoder: buildDecoderModel },
  int8: {
    full: buildQuantizedAutoencoderModel,
    encoder: buildQuantizedEncoderModel,
    decoder: buildQuantizedDecoderModel,
  },
};
