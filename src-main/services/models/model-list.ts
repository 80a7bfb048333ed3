import { join } from 'node:path';
import type { ModelInfo } from '#shared/contracts/transport.ts';
import type { ModelCard } from '../../compute/inference/manifest.ts';
import { latentShiftUnusable, readManifest } from '../../compute/inference/manifest.ts';
import { PROJECT_MODELS_FOLDER, readProjectModelCards } from '../../compute/inference/project-models.ts';
import { appRoot } from '../paths.ts';
import type { ProjectService } from '../projects/project-service.ts';

export const bundledModelsDir = (): string => join(appRoot(), 'resources', 'models');

/** The open project's models folder (absolute), or null without a project. */
export function projectModelsDir(projects: ProjectService): string | null {
  const dir = projects.summary()?.dir;
  return dir ? join(dir, PROJECT_MODELS_FOLDER) : null;
}

const info = (card: ModelCard, origin: ModelInfo['origin']): ModelInfo => ({
  id: card.id,
  name: card.name,
  origin,
  genes: card.genes.length,
  trainedOn: card.training.groups.map((g) => ({ cellType: g.cellType, condition: g.condition })),
  samples: card.training.samples?.length ?? null,
  provider: card.training.provider ?? null,
  kind: card.kind,
  latentShiftUnusable: latentShiftUnusable(card),
});

/**
 * Every model: the project's own, then the shipped ones. Each says whether latent shift can use it, so
 * selectors can show the others disabled with the reason.
 */
export function listModels(projects: ProjectService): ModelInfo[] {
  const dir = projectModelsDir(projects);
  const own = dir ? readProjectModelCards(dir).map((c) => info(c, 'project')) : [];
  const shipped = readManifest(bundledModelsDir()).models.map((c) => info(c, 'bundled'));
  return [...own, ...shipped.filter((s) => !own.some((o) => o.id === s.id))].filter((m) => m.genes > 0);
}
