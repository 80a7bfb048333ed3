/**
 * A model-card JSON that came with a user's `.onnx`: read as hostile input (size cap, JSON, every field
 * checked on its own) into the import wizard's fields. Both spellings are read: a Causeway card (as
 * `<id>.card.json` files are written: genes as a list, training as a record) and the wizard's own card
 * (genes as a source, training as text). A field that does not fit is skipped with a warning rather than
 * failing the whole card, since the user reviews every field before importing. No onnxruntime here.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { z } from 'zod';
import { ModelCardDraft } from '#shared/contracts/transport.ts';
import { CausewayError } from '#shared/lib/result.ts';

const MAX_CARD_FILE_BYTES = 64 * 1024 * 1024;

type Draft = z.infer<typeof ModelCardDraft>;
type Field = Exclude<keyof Draft, 'fileName' | 'warnings'>;
const FIELDS = ModelCardDraft.shape;

const obj = (v: unknown): Record<string, unknown> | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

/** The value each draft field takes from either spelling of a card. */
function candidates(card: Record<string, unknown>): Partial<Record<Field, unknown>> {
  const genes = obj(card['genes']);
  const training = obj(card['training']);
  const first = (key: string): unknown => {
    const list = card[key];
    return Array.isArray(list) ? obj(list[0])?.['name'] : undefined;
  };
  const ae = obj(card['autoencoder']);
  return {
    name: card['name'],
    normalisation: card['normalisation'],
    // A Causeway card lists the genes; the wizard's card may name them as a `list` source.
    genes: genes ? (genes['source'] === 'list' ? genes['genes'] : undefined) : card['genes'],
    inputName: card['inputName'] ?? first('inputs'),
    outputName: card['outputName'] ?? (ae ? ae['reconstructionOutput'] : undefined),
    licence: card['licence'] ?? card['license'],
    provenance: card['provenance'],
    training: training ? training['recipe'] : card['training'],
    kind: card['kind'],
    autoencoder: ae
      ? {
          latentOutput: ae['latentOutput'],
          reconstructionOutput: ae['reconstructionOutput'],
          encoderWeight: ae['encoderWeight'],
          decoderWeight: ae['decoderWeight'],
        }
      : undefined,
  };
}

/** The fields of a card's JSON text that fit; what did not fit is named in `warnings`. */
export function parseModelCard(text: string, fileName: string): Draft {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new CausewayError('E_INVALID_INPUT', `${fileName} is not JSON: ${(e as Error).message}`);
  }
  const card = obj(json);
  if (!card) throw new CausewayError('E_INVALID_INPUT', `${fileName} is not a model card (a JSON object).`);
  const draft: Draft = { fileName, warnings: [] };
  const out = draft as Record<string, unknown>;
  for (const [field, value] of Object.entries(candidates(card)) as [Field, unknown][]) {
    if (value === undefined || value === null) continue;
    const parsed = FIELDS[field].safeParse(value);
    if (parsed.success) out[field] = parsed.data;
    else draft.warnings.push(`Ignored "${field}": ${parsed.error.issues[0]?.message ?? 'not valid'}.`);
  }
  if (card['genes'] !== undefined && obj(card['genes']) && draft.genes === undefined)
    draft.warnings.push('The card names its genes by a file or dataset; choose the gene list below.');
  if (Object.keys(draft).length === 2)
    throw new CausewayError('E_INVALID_INPUT', `${fileName} has none of a model card's fields.`);
  return draft;
}

export function readModelCardFile(path: string, fileName = basename(path)): Draft {
  let text: string;
  try {
    if (statSync(path).size > MAX_CARD_FILE_BYTES) throw new Error('larger than 64 MB');
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CausewayError('E_IO', `Cannot read the model card ${fileName}: ${(e as Error).message}`);
  }
  return parseModelCard(text, fileName);
}
