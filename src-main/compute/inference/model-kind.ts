/**
 * What an imported `.onnx` is (issue 6): an autoencoder latent shift can use, or any other model. Latent
 * shift does not run the user's graph: it reads the encoder and decoder weights the card names and runs
 * them through Causeway's own graph (bias-free linear layers, LeakyReLU 0.01). So a file only counts as
 * an autoencoder when those weights exist with matching shapes AND the file's own outputs equal what
 * Causeway's graph computes from them; a model with biases or another activation would otherwise be
 * transported silently wrong.
 */
import * as ort from 'onnxruntime-node';
import type { AutoencoderDeclaration, ModelCardInput, ModelKind } from '#shared/contracts/transport.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { AE_NAMES, LEAKY_SLOPE, buildAutoencoderModel, type AeWeights } from './autoencoder-graph.ts';
import type { ModelCard } from './manifest.ts';
import { readFloatInitializer, type OnnxGraphInfo, type ValueInfo } from './onnx-inspect.ts';
import { createSession } from './session.ts';

/** The names Causeway's own autoencoders use; what detection looks for when the card names none. */
const CAUSEWAY_AE: AutoencoderDeclaration = {
  latentOutput: AE_NAMES.latent,
  reconstructionOutput: AE_NAMES.output,
  encoderWeight: AE_NAMES.w1,
  decoderWeight: AE_NAMES.w2,
};

type Match = { spec: NonNullable<ModelCard['autoencoder']>; weights: AeWeights } | { why: string };

/** Whether the file holds an autoencoder under these names, structurally (no onnxruntime). */
function matchAutoencoder(
  info: OnnxGraphInfo,
  input: ValueInfo,
  genes: number,
  names: AutoencoderDeclaration,
): Match {
  const outs = new Set(info.outputs.map((o) => o.name));
  for (const o of [names.latentOutput, names.reconstructionOutput]) {
    if (!outs.has(o)) return { why: `the model has no output "${o}"` };
  }
  if (info.inputs.length !== 1) return { why: `the model has ${info.inputs.length} inputs, not one` };
  if (input.dims.length !== 2) return { why: `input "${input.name}" is not [batch, genes]` };
  let w1, w2;
  try {
    w1 = readFloatInitializer(info, names.encoderWeight);
    w2 = readFloatInitializer(info, names.decoderWeight);
  } catch (e) {
    return { why: (e as Error).message };
  }
  const [g, h] = w1.dims;
  if (w1.dims.length !== 2 || g !== genes || !h || w2.dims[0] !== h || w2.dims[1] !== genes) {
    return {
      why: `weights "${names.encoderWeight}" [${w1.dims.join(', ')}] and "${names.decoderWeight}" [${w2.dims.join(', ')}] are not ${genes} genes × hidden and hidden × ${genes} genes`,
    };
  }
  return {
    spec: { hidden: h, ...names, activation: 'leaky_relu', leakySlope: LEAKY_SLOPE },
    weights: { genes, hidden: h, w1: w1.data, w2: w2.data },
  };
}

/** Deterministic inputs in [0, 1], like min-max normalised expression. */
function probeRows(rows: number, genes: number): Float32Array {
  const x = new Float32Array(rows * genes);
  for (let i = 0; i < x.length; i++) x[i] = ((i * 2654435761) % 1009) / 1008;
  return x;
}

function maxRelativeDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let scale = 1;
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i] as number));
    diff = Math.max(diff, Math.abs((a[i] as number) - (b[i] as number)));
  }
  return Number.isFinite(diff) ? diff / scale : Infinity;
}

/** Runs the file and Causeway's graph on the same rows; the reason they differ, or null when they agree. */
async function differsFromCausewayGraph(
  bytes: Uint8Array,
  input: ValueInfo,
  m: Extract<Match, { spec: unknown }>,
): Promise<string | null> {
  const first = input.dims[0];
  const rows = typeof first === 'number' && first > 0 ? first : 2;
  if (rows > 64) return `input "${input.name}" has a fixed batch of ${rows}`;
  const x = probeRows(rows, m.weights.genes);
  const run = async (model: Uint8Array, inputName: string, outs: [string, string]) => {
    const s = await createSession(model, { setting: 'cpu', label: 'the autoencoder check' });
    try {
      const r = await s.session.run(
        { [inputName]: new ort.Tensor('float32', x, [rows, m.weights.genes]) },
        outs,
      );
      return outs.map((o) => r[o]?.data as Float32Array);
    } finally {
      await s.session.release();
    }
  };
  const theirs = await run(bytes, input.name, [m.spec.latentOutput, m.spec.reconstructionOutput]);
  const ours = await run(buildAutoencoderModel(m.weights), AE_NAMES.input, [
    AE_NAMES.latent,
    AE_NAMES.output,
  ]);
  const tol = 1e-3;
  if (!(maxRelativeDiff(theirs[0]!, ours[0]!) <= tol))
    return `output "${m.spec.latentOutput}" is not x · ${m.spec.encoderWeight} (a bias, or another encoder?)`;
  if (!(maxRelativeDiff(theirs[1]!, ours[1]!) <= tol))
    return `output "${m.spec.reconstructionOutput}" is not LeakyReLU(${LEAKY_SLOPE})(z) · ${m.spec.decoderWeight} (a bias, or another activation?)`;
  return null;
}

/**
 * The card's kind and autoencoder block. A card that declares an autoencoder (kind, or the names) is
 * held to it: E_INVALID_INPUT when the file is not one. Without a declaration, Causeway's own layout is
 * detected; anything else imports as `other` (listed, but not offered for latent shift).
 */
export async function resolveModelKind(
  bytes: Uint8Array,
  info: OnnxGraphInfo,
  input: ValueInfo,
  genes: number,
  card: Pick<ModelCardInput, 'kind' | 'autoencoder'>,
): Promise<{ kind: ModelKind; autoencoder?: NonNullable<ModelCard['autoencoder']> }> {
  if (card.kind === 'other') {
    if (card.autoencoder)
      throw new CausewayError('E_INVALID_INPUT', 'The card says kind "other" but names autoencoder outputs.');
    return { kind: 'other' };
  }
  const declared = card.kind === 'autoencoder' || card.autoencoder !== undefined;
  const m = matchAutoencoder(info, input, genes, card.autoencoder ?? CAUSEWAY_AE);
  const why = 'why' in m ? m.why : await differsFromCausewayGraph(bytes, input, m);
  if (why === null && 'spec' in m) return { kind: 'autoencoder', autoencoder: m.spec };
  if (declared)
    throw new CausewayError(
      'E_INVALID_INPUT',
      `The card declares an autoencoder, but ${why ?? 'the file does not match'}; latent shift could not use it.`,
    );
  return { kind: 'other' };
}
