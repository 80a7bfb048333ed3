// Main's side of importing a network (edge list, SIF, GraphML) or a drug–target table (issue 3). The
// file is read, checked and written by the `reference.import` job in a worker (plans/reference-import
// .plan.ts, workers/tasks/reference-import.task.ts); here are the pieces main needs to plan it: the
// project it goes into, a fresh id, the datasets whose genes it is checked against, and which folders
// the job creates, so that a cancel or failure can leave the project byte-identical.
import { existsSync, mkdirSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ReferenceKind } from '#shared/contracts/data-import.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { referenceKindOf } from '../../compute/import/reference.ts';
import { detectFormat } from '../../compute/io/detect-format.ts';
import type { ProjectService } from '../projects/project-service.ts';
import { idFromName } from './import-paths.ts';

/** Where each kind lives in a project, and its file extension. */
export const REFERENCE_LAYOUT: Record<ReferenceKind, { folder: string; ext: string; fallback: string }> = {
  network: { folder: 'networks', ext: 'json', fallback: 'network' },
  'drug-targets': { folder: 'tables', ext: 'arrow', fallback: 'drug_targets' },
};

/** A fresh id for a network or table: `irefindex_k3…`. */
export const referenceIdFor = (name: string, fallback: string): string => idFromName(name, fallback);

/** The open, writable project's folder. */
export function writableProjectDir(projects: ProjectService): string {
  const summary = projects.summary();
  if (!summary) throw new CausewayError('E_NOT_FOUND', 'No project is open.');
  if (summary.readOnly)
    throw new CausewayError('E_IO', `${summary.dir} is read-only; save a copy elsewhere.`);
  return summary.dir;
}

/** Every dataset's matrix file, for the worker's gene check (a dataset whose path is refused is left out). */
export function projectDatasetRefs(projects: ProjectService): { id: string; matrixPath: string }[] {
  const datasets = projects.summary()?.manifest.datasets ?? [];
  const refs: { id: string; matrixPath: string }[] = [];
  for (const d of datasets) {
    try {
      refs.push({ id: d.id, matrixPath: projects.resolveFile(d.matrixFile) });
    } catch {
      // resolveFile refuses paths outside the project; such a dataset cannot be read anyway.
    }
  }
  return refs;
}

/** Removes `file` and the temp files an interrupted atomic write of it may have left beside it. */
function removeWithTemps(file: string): void {
  rmSync(file, { force: true });
  const dir = dirname(file);
  const prefix = `.${basename(file)}.`;
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir))
    if (f.startsWith(prefix) && f.endsWith('.tmp')) rmSync(join(dir, f), { force: true });
}

/**
 * Paths of one reference import, and its clean-up. The kind's folder and results/ are created now
 * (the worker writes into them); `discard` removes the staging and result files and those folders
 * again if this import created them and they are still empty, so a cancel or failure leaves the
 * project byte-identical.
 */
export function prepareReferenceFiles(
  projects: ProjectService,
  kind: ReferenceKind,
  id: string,
  runId: string,
): {
  staging: string;
  final: string;
  rel: string;
  result: { relPath: string; absPath: string };
  discard: () => void;
} {
  const dir = writableProjectDir(projects);
  const { folder, ext } = REFERENCE_LAYOUT[kind];
  const folderPath = join(dir, folder);
  const made = [folderPath, join(dir, 'results')].filter((f) => !existsSync(f));
  mkdirSync(folderPath, { recursive: true });
  const result = projects.prepareResultFile(runId, 'json');
  const staging = join(folderPath, `.import-${id}.${ext}`);
  return {
    staging,
    final: join(folderPath, `${id}.${ext}`),
    rel: `${folder}/${id}.${ext}`,
    result,
    discard: () => {
      removeWithTemps(staging);
      removeWithTemps(result.absPath);
      for (const f of made) {
        try {
          rmdirSync(f); // Only when empty: another job may have written there meanwhile.
        } catch {
          /* not empty, or already gone */
        }
      }
    },
  };
}

/** The kind detectFormat gives a file, if it is a network or a drug–target table; null otherwise. */
export async function referenceKind(file: string): Promise<ReferenceKind | null> {
  return referenceKindOf(await detectFormat(file));
}
