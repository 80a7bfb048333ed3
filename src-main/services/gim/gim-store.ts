import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { GIM_FOLDER, GIM_MODEL_FILES, GimModelDetail, type GimModelCard } from '#shared/contracts/gim.ts';
import { ModelId } from '#shared/contracts/transport.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { readSmallFile } from '../../compute/io/text-table.ts';
import type { ProjectService } from '../projects/project-service.ts';

/**
 * Project storage of GIMs: gim/<modelId>/ holds the model, its card (with the loss curve and the
 * feature rows that trained it) and the feature table as given. The host reads only the card — a
 * size-capped, schema-checked JSON document — never the model or the table.
 */
const MAX_CARD_BYTES = 16 * 1024 * 1024;

export const gimDir = (projectDir: string): string => join(projectDir, GIM_FOLDER);
export const gimModelDir = (projectDir: string, modelId: string): string => {
  if (!ModelId.safeParse(modelId).success)
    throw new CausewayError('E_INVALID_INPUT', `"${modelId}" is not a model id.`);
  return join(gimDir(projectDir), modelId);
};
/** Hidden: a training in progress (or one a killed process left behind). */
export const gimStagingDir = (projectDir: string, modelId: string): string =>
  join(gimDir(projectDir), `.train-${modelId}`);

/** Ids of the finished models (folders with a card), sorted. */
export function listGimModelIds(projectDir: string): string[] {
  const dir = gimDir(projectDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => ModelId.safeParse(name).success)
    .filter((name) => {
      const card = join(dir, name, GIM_MODEL_FILES.card);
      return existsSync(card) && statSync(card).isFile();
    })
    .sort();
}

function openProjectDir(projects: ProjectService): string {
  const dir = projects.summary()?.dir;
  if (!dir) throw new CausewayError('E_NOT_FOUND', 'Open a project first.');
  return dir;
}

/** One model's card, loss curve and feature rows; a damaged card is an error naming the model. */
export function readGimModel(projects: ProjectService, modelId: string): GimModelDetail {
  const dir = openProjectDir(projects);
  if (!listGimModelIds(dir).includes(modelId))
    throw new CausewayError('E_NOT_FOUND', `No GIM "${modelId}" in this project.`);
  const file = join(gimModelDir(dir, modelId), GIM_MODEL_FILES.card);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readSmallFile(file, MAX_CARD_BYTES).toString('utf8'));
  } catch (e) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `The card of GIM "${modelId}" cannot be read: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const detail = GimModelDetail.safeParse(parsed);
  if (!detail.success) {
    const issue = detail.error.issues[0];
    throw new CausewayError(
      'E_INVALID_INPUT',
      `The card of GIM "${modelId}" is damaged (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}).`,
    );
  }
  return detail.data;
}

/** Every readable model's card, newest first; damaged ones are left out (gim.model names the problem). */
export function listGimModels(projects: ProjectService): GimModelCard[] {
  const dir = projects.summary()?.dir;
  if (!dir) return [];
  const cards: GimModelCard[] = [];
  for (const id of listGimModelIds(dir)) {
    try {
      cards.push(readGimModel(projects, id).card);
    } catch {
      // A damaged card does not hide the others.
    }
  }
  return cards.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export function deleteGimModel(projects: ProjectService, modelId: string): { deleted: boolean } {
  const summary = projects.summary();
  if (!summary) throw new CausewayError('E_NOT_FOUND', 'Open a project first.');
  if (summary.readOnly)
    throw new CausewayError('E_IO', `${summary.dir} is read-only; save a copy elsewhere.`);
  if (!listGimModelIds(summary.dir).includes(modelId)) return { deleted: false };
  rmSync(gimModelDir(summary.dir, modelId), { recursive: true, force: true });
  return { deleted: true };
}
