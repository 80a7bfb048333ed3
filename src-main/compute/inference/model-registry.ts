/**
 * Models shipped in resources/models (or any folder laid out the same way): registry lookup, checksum,
 * validation against the card, then the weights, so the latent-shift transport can use them.
 */
import { fileURLToPath } from 'node:url';
import { CausewayError } from '#shared/lib/result.ts';
import type { AeWeights } from './autoencoder-graph.ts';
import { weightsFromModel } from './autoencoder-runtime.ts';
import { readManifest, readModelFile, requireLatentShiftModel, type ModelCard } from './manifest.ts';
import { checkAgainstCard } from './validate-model.ts';

/** The shipped models when running from the source tree; packaged builds pass their resources folder. */
export const BUNDLED_MODELS_DIR = fileURLToPath(new URL('../../../resources/models', import.meta.url));

function findModel(dir: string, id: string): ModelCard {
  const card = readManifest(dir).models.find((m) => m.id === id);
  if (!card) throw new CausewayError('E_NOT_FOUND', `No model "${id}" in ${dir}.`);
  return card;
}

/**
 * A registered autoencoder's card and weights, after the checksum and card checks; a model latent shift
 * cannot use is refused (E_INVALID_INPUT) before its file is read.
 */
export function loadAutoencoder(
  dir: string,
  id: string,
): { card: ModelCard; weights: AeWeights; bytes: Uint8Array } {
  const card = requireLatentShiftModel(findModel(dir, id));
  const bytes = readModelFile(dir, card);
  checkAgainstCard(bytes, card);
  return { card, weights: weightsFromModel(bytes, card), bytes };
}
