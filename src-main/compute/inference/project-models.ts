/**
 * Models trained inside a project live in its `models/` folder as `<id>.onnx` + `<id>.card.json` (the
 * card records exactly which samples trained the model). This module finds them and the shipped ones by
 * id without touching onnxruntime, so main can list models and workers can load them.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CausewayError } from '#shared/lib/result.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';
import { ModelCard, readManifest } from './manifest.ts';

const MAX_CARD_BYTES = 64 * 1024 * 1024;
export const PROJECT_MODELS_FOLDER = 'models';

/** Every valid card in a project's models folder; unreadable cards are skipped (never fatal). */
export function readProjectModelCards(dir: string): ModelCard[] {
  if (!existsSync(dir)) return [];
  const cards: ModelCard[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.card.json')) continue;
    try {
      const path = join(dir, name);
      if (statSync(path).size > MAX_CARD_BYTES) continue;
      const parsed = ModelCard.safeParse(JSON.parse(readFileSync(path, 'utf8')));
      if (parsed.success && `${parsed.data.id}.card.json` === name) cards.push(parsed.data);
    } catch {
      /* a damaged card makes its model unavailable, nothing more */
    }
  }
  return cards;
}

export interface LocatedModel {
  card: ModelCard;
  /** Folder holding the card's file. */
  dir: string;
  origin: 'bundled' | 'project';
}

/** A model by id: the project's own first, then the shipped registry. */
export function locateModel(bundledDir: string, projectDir: string | null, id: string): LocatedModel {
  const own = projectDir ? readProjectModelCards(projectDir).find((c) => c.id === id) : undefined;
  if (own && projectDir) return { card: own, dir: projectDir, origin: 'project' };
  const shipped = readManifest(bundledDir).models.find((m) => m.id === id);
  if (shipped) return { card: shipped, dir: bundledDir, origin: 'bundled' };
  throw new CausewayError('E_NOT_FOUND', `No model "${id}" in this project or among the shipped models.`);
}

/**
 * Writes `<id>.onnx` then `<id>.card.json` into a models folder, atomically each, never over an existing
 * model; on failure nothing is left. Imports, the model.train job and `causeway model train` all save here.
 */
export function saveModel(
  dir: string,
  card: ModelCard,
  bytes: Uint8Array,
): { onnxPath: string; cardPath: string } {
  mkdirSync(dir, { recursive: true });
  if (readProjectModelCards(dir).some((c) => c.id === card.id)) {
    throw new CausewayError('E_INVALID_INPUT', `A model "${card.id}" already exists in ${dir}.`);
  }
  const onnxPath = join(dir, card.file);
  const cardPath = join(dir, `${card.id}.card.json`);
  if (existsSync(onnxPath) || existsSync(cardPath)) {
    throw new CausewayError('E_INVALID_INPUT', `${card.file} already exists in ${dir}.`);
  }
  try {
    writeFileAtomic(onnxPath, bytes);
    // The card last: a model without a card is invisible, so a crash between the two leaves nothing usable.
    writeFileAtomic(cardPath, JSON.stringify(card, null, 2));
  } catch (e) {
    rmSync(onnxPath, { force: true });
    rmSync(cardPath, { force: true });
    throw new CausewayError('E_IO', `Cannot write the model into ${dir}: ${(e as Error).message}`);
  }
  return { onnxPath, cardPath };
}
