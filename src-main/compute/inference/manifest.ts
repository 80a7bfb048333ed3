/**
 * The model registry (resources/models/manifest.json) and the model card every model carries: what goes
 * in and out, which genes in which order, how inputs are normalised, exactly which data trained it, its
 * licence and provenance. The manifest is read as hostile input (size cap, strict schema, file names that
 * cannot leave the models folder, sha256 checked before a file is used).
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ModelKind } from '#shared/contracts/transport.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { LEAKY_SLOPE } from './autoencoder-graph.ts';
import { Normalisation } from './normalise.ts';

const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;
export const MAX_MODEL_BYTES = 2 * 1024 ** 3;

export const TensorSpec = z.object({
  name: z.string().min(1).max(200),
  type: z.literal('float32'),
  /** Fixed sizes, or a symbolic name (e.g. "batch") for a dimension the caller chooses. */
  shape: z
    .array(z.union([z.number().int().positive().max(1e8), z.string().min(1).max(64)]))
    .min(1)
    .max(8),
});
export type TensorSpec = z.infer<typeof TensorSpec>;

/** A (cell type, condition) group and how many profiles of it trained the model. */
export const TrainingGroup = z.object({
  cellType: z.string().max(200),
  condition: z.string().max(200),
  profiles: z.number().int().nonnegative(),
});
export type TrainingGroup = z.infer<typeof TrainingGroup>;

export const TrainingRecord = z.object({
  dataset: z.string().max(500),
  /** Every group that trained the model: a model is never scored on these (leakage). */
  groups: z.array(TrainingGroup).max(100_000),
  /** Sample identifiers when the trainer knows them (user-trained models); absent for shipped summaries. */
  samples: z.array(z.string().max(500)).max(10_000_000).optional(),
  recipe: z.string().max(2000),
  seed: z.number().int().optional(),
  epochs: z.number().int().nonnegative().optional(),
  bestEpoch: z.number().int().nonnegative().optional(),
  learningRate: z.number().positive().optional(),
  batchSize: z.number().int().positive().optional(),
  finalLoss: z.number().nonnegative().optional(),
  provider: z.string().max(40).optional(),
});
export type TrainingRecord = z.infer<typeof TrainingRecord>;

const AutoencoderSpec = z.object({
  hidden: z.number().int().positive().max(65_536),
  latentOutput: z.string().min(1).max(200),
  reconstructionOutput: z.string().min(1).max(200),
  encoderWeight: z.string().min(1).max(200),
  decoderWeight: z.string().min(1).max(200),
  activation: z.literal('leaky_relu'),
  leakySlope: z.number().min(0).max(1),
});

export const ModelCard = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'lower-case letters, digits, ".", "_", "-"'),
  name: z.string().min(1).max(200),
  /** Only `autoencoder` with an `autoencoder` block below can run latent shift (latentShiftUnusable). */
  kind: ModelKind,
  /** A bare file name inside the models folder: no separators, so it cannot point elsewhere. */
  file: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.onnx$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().positive().max(MAX_MODEL_BYTES),
  inputs: z.array(TensorSpec).min(1).max(16),
  outputs: z.array(TensorSpec).min(1).max(16),
  /** The genes of the input's last dimension, in order. */
  genes: z.array(z.string().min(1).max(100)).min(1).max(200_000),
  normalisation: Normalisation,
  autoencoder: AutoencoderSpec.optional(),
  training: TrainingRecord,
  licence: z.string().min(1).max(500),
  provenance: z.string().min(1).max(5000),
});
export type ModelCard = z.infer<typeof ModelCard>;

/**
 * Why a model cannot run latent shift, or null when it can. Latent shift encodes with the card's encoder
 * weight, shifts in the latent space and decodes with its decoder weight through Causeway's own graph, so
 * it needs an autoencoder whose card names both weights and the latent output, with the same activation.
 */
export function latentShiftUnusable(card: Pick<ModelCard, 'kind' | 'autoencoder'>): string | null {
  if (card.kind !== 'autoencoder')
    return 'not an autoencoder: latent shift needs an encoder and a decoder around a latent space';
  const ae = card.autoencoder;
  if (!ae) return 'its card does not declare the latent output and the encoder and decoder weights';
  if (Math.abs(ae.leakySlope - LEAKY_SLOPE) > 1e-9)
    return `its leaky-ReLU slope is ${ae.leakySlope}; Causeway's latent shift uses ${LEAKY_SLOPE}`;
  return null;
}

/** The card of a model latent shift may use; E_INVALID_INPUT with the reason otherwise. */
export function requireLatentShiftModel<C extends Pick<ModelCard, 'id' | 'kind' | 'autoencoder'>>(
  card: C,
): C {
  const why = latentShiftUnusable(card);
  if (why) throw new CausewayError('E_INVALID_INPUT', `Model "${card.id}" cannot run latent shift: ${why}.`);
  return card;
}

export const Manifest = z.object({
  version: z.literal(1),
  models: z.array(ModelCard).max(1000),
});
export type Manifest = z.infer<typeof Manifest>;

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export function readManifest(dir: string): Manifest {
  const path = join(dir, 'manifest.json');
  let text: string;
  try {
    if (statSync(path).size > MAX_MANIFEST_BYTES) throw new Error('larger than 8 MB');
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CausewayError(
      'E_MODEL_LOAD',
      `Cannot read the model registry ${path}: ${(e as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CausewayError(
      'E_MODEL_LOAD',
      `The model registry ${path} is not JSON: ${(e as Error).message}`,
    );
  }
  const parsed = Manifest.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CausewayError(
      'E_MODEL_LOAD',
      `The model registry ${path} is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? ''}`,
    );
  }
  const ids = new Set<string>();
  for (const m of parsed.data.models) {
    if (ids.has(m.id)) throw new CausewayError('E_MODEL_LOAD', `The model registry lists "${m.id}" twice.`);
    ids.add(m.id);
  }
  return parsed.data;
}

/** A registered model's bytes, after checking size and sha256 against its card. */
export function readModelFile(dir: string, card: ModelCard): Uint8Array {
  const path = join(dir, card.file);
  let bytes: Uint8Array;
  try {
    if (statSync(path).size !== card.bytes) {
      throw new Error(`its size is ${statSync(path).size} bytes, the card says ${card.bytes}`);
    }
    bytes = readFileSync(path);
  } catch (e) {
    throw new CausewayError('E_MODEL_LOAD', `Model "${card.id}" (${card.file}): ${(e as Error).message}`);
  }
  const digest = sha256(bytes);
  if (digest !== card.sha256) {
    throw new CausewayError(
      'E_MODEL_LOAD',
      `Model "${card.id}" (${card.file}) does not match its registry checksum (sha256 ${digest.slice(0, 12)}…, expected ${card.sha256.slice(0, 12)}…): the file is damaged or was replaced.`,
    );
  }
  return bytes;
}
