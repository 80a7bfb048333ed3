/**
 * An autoencoder ready to encode and decode through onnxruntime: an encoder-only and a decoder-only model,
 * both built from the weights (read back from a model file, or fresh from the trainer) in the requested
 * precision, on the same provider. Encode gives z = x·W1 (pre-activation, the latent space of Belyaeva
 * et al. 2021); decode maps shifted embeddings back to normalised expression. Two graphs rather than the
 * full model for encoding: onnxruntime runs a graph's every node whichever outputs are fetched, so encoding
 * through the full model would pay for a reconstruction that latent shift throws away (half the work).
 */
import { CausewayError } from '#shared/lib/result.ts';
import { AE_NAMES, type AeWeights } from './autoencoder-graph.ts';
import { inferAll } from './batch-infer.ts';
import type { ModelCard } from './manifest.ts';
import { OnnxFormatError, inspectOnnx, readFloatInitializer } from './onnx-inspect.ts';
import { AUTOENCODER_GRAPHS, type InferencePrecision } from './precision.ts';
import type { Provider, ProviderFailure, ProviderSetting } from './providers.ts';
import { createSession, type LoadedSession, type SessionTuning } from './session.ts';

export interface AutoencoderRuntime {
  readonly genes: number;
  readonly hidden: number;
  readonly provider: Provider;
  readonly precision: InferencePrecision;
  readonly fallbacks: ProviderFailure[];
  encode(x: Float32Array, signal?: AbortSignal): Promise<Float32Array>;
  decode(z: Float32Array, signal?: AbortSignal): Promise<Float32Array>;
  release(): Promise<void>;
}

/** Reads W1 and W2 out of an autoencoder file by the names its card gives. */
export function weightsFromModel(bytes: Uint8Array, card: ModelCard): AeWeights {
  const spec = card.autoencoder;
  if (!spec) throw new CausewayError('E_MODEL_LOAD', `Model "${card.id}" is not an autoencoder.`);
  try {
    const info = inspectOnnx(bytes);
    const w1 = readFloatInitializer(info, spec.encoderWeight);
    const w2 = readFloatInitializer(info, spec.decoderWeight);
    const [g, h] = w1.dims;
    if (g !== card.genes.length || h !== spec.hidden || w2.dims[0] !== h || w2.dims[1] !== g) {
      throw new OnnxFormatError(
        `its weights are [${w1.dims.join(', ')}] and [${w2.dims.join(', ')}], not ${card.genes.length} genes × ${spec.hidden}`,
      );
    }
    return { genes: g, hidden: h, w1: w1.data, w2: w2.data };
  } catch (e) {
    if (e instanceof OnnxFormatError)
      throw new CausewayError('E_MODEL_LOAD', `Model "${card.id}": ${e.message}.`);
    throw e;
  }
}

export interface OpenAutoencoderOptions {
  /** Profiles per onnxruntime run (batch-infer.ts); 1,024 by default. */
  batchSize?: number;
  /** float32 (default) or int8 (precision.ts). */
  precision?: InferencePrecision;
  tuning?: SessionTuning;
}

export async function openAutoencoder(
  w: AeWeights,
  setting: ProviderSetting = 'auto',
  options: OpenAutoencoderOptions = {},
): Promise<AutoencoderRuntime> {
  const precision = options.precision ?? 'float32';
  const batchSize = options.batchSize ?? 1024;
  const graphs = AUTOENCODER_GRAPHS[precision];
  const encoder: LoadedSession = await createSession(graphs.encoder(w), {
    setting,
    label: 'the encoder',
    tuning: options.tuning,
  });
  let decoder: LoadedSession;
  try {
    // Same provider as the encoder: a latent shift is computed across both, and results name one provider.
    decoder = await createSession(graphs.decoder(w), {
      setting: encoder.provider,
      label: 'the decoder',
      tuning: options.tuning,
    });
  } catch (e) {
    await encoder.session.release();
    throw e;
  }
  return {
    genes: w.genes,
    hidden: w.hidden,
    provider: encoder.provider,
    precision,
    fallbacks: encoder.fallbacks,
    async encode(x, signal) {
      const r = await inferAll(encoder, x, w.genes, {
        input: AE_NAMES.input,
        outputs: [AE_NAMES.latent],
        outputWidths: { [AE_NAMES.latent]: w.hidden },
        batchSize,
        signal,
      });
      return r.values[AE_NAMES.latent] ?? new Float32Array(0);
    },
    async decode(z, signal) {
      const r = await inferAll(decoder, z, w.hidden, {
        input: AE_NAMES.latent,
        outputs: [AE_NAMES.output],
        outputWidths: { [AE_NAMES.output]: w.genes },
        batchSize,
        signal,
      });
      return r.values[AE_NAMES.output] ?? new Float32Array(0);
    },
    async release() {
      await encoder.session.release();
      await decoder.session.release();
    },
  };
}
