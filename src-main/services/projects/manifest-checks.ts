// What a project.json must agree with beyond its schema, checked at open so a damaged or hostile
// project fails there with E_CORRUPT_PROJECT instead of misleading a later step: ids are unique, every
// referenced file stays inside the folder, and each dataset's counts match its matrix file's header.
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_FILE, type ProjectManifest } from '#shared/domain/project.ts';
import { CausewayError } from '#shared/lib/result.ts';
import {
  decodeHeader,
  hasStoreMagic,
  STORE_HEADER_BYTES,
} from '../../compute/io/dataset-store/store-format.ts';
import { peekArrow } from '../../compute/io/inspect-arrow.ts';
import { resolveInside } from './manifest-file.ts';

const corrupt = (dir: string, what: string, details: Record<string, unknown> = {}): CausewayError =>
  new CausewayError('E_CORRUPT_PROJECT', `${join(dir, PROJECT_FILE)} ${what}`, details);

function uniqueIds(dir: string, kind: string, items: readonly { id: string }[]): void {
  const seen = new Set<string>();
  for (const { id } of items) {
    if (seen.has(id)) throw corrupt(dir, `lists ${kind} "${id}" twice; each id must be unique.`, { id });
    seen.add(id);
  }
}

/**
 * A matrix file's genes × samples from its header: the store's header page, or for older projects the
 * Arrow schema and batch headers (`gene` + one column per sample). Null when missing (reported when
 * the dataset is read, as before) or in a layout only the full reader understands.
 */
function storeCounts(file: string): { genes: number; samples: number } | null {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch {
    return null; // missing: reported when the dataset is read, as before
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return null;
    const page = Buffer.alloc(STORE_HEADER_BYTES);
    const got = readSync(fd, page, 0, page.length, 0);
    if (hasStoreMagic(page.subarray(0, got))) return decodeHeader(page.subarray(0, got), st.size, file);
    const arrow = peekArrow(file, 0, { orientation: 'genes-x-samples' });
    return arrow && { genes: arrow.nGenes, samples: arrow.nSamples };
  } finally {
    closeSync(fd);
  }
}

export function checkManifest(dir: string, manifest: ProjectManifest): void {
  uniqueIds(dir, 'dataset', manifest.datasets);
  uniqueIds(dir, 'network', manifest.networks);
  uniqueIds(dir, 'table', manifest.tables ?? []);
  uniqueIds(dir, 'network version', manifest.networkVersions ?? []);
  uniqueIds(dir, 'run', manifest.runs);
  // Every referenced file must stay inside the folder; checked now so a hostile project fails at open.
  for (const d of manifest.datasets) {
    const matrix = resolveInside(dir, d.matrixFile);
    if (d.samplesFile) resolveInside(dir, d.samplesFile);
    let counts: { genes: number; samples: number } | null;
    try {
      counts = storeCounts(matrix);
    } catch (e) {
      throw corrupt(dir, `names dataset "${d.id}", whose matrix file is damaged: ${(e as Error).message}`);
    }
    if (counts && (counts.genes !== d.nGenes || counts.samples !== d.nSamples))
      throw corrupt(
        dir,
        `says dataset "${d.id}" has ${d.nGenes} genes × ${d.nSamples} samples, but its matrix file ` +
          `${d.matrixFile} holds ${counts.genes} × ${counts.samples}.`,
        { id: d.id },
      );
  }
  for (const n of manifest.networks) resolveInside(dir, n.file);
  for (const t of manifest.tables ?? []) resolveInside(dir, t.file);
  for (const v of manifest.networkVersions ?? []) resolveInside(dir, v.file);
  for (const r of manifest.runs) resolveInside(dir, r.resultFile);
}

/** Staging older than this cannot belong to an import still running (each writes continuously). */
const STAGING_IDLE_MS = 2 * 60 * 1000;

/**
 * Hidden `.import-*` staging left by an import that was killed (kill -9, power loss) is never
 * adopted: remove it, returning a sentence for each. Recent staging may be a live import elsewhere.
 */
export function removeStaleStaging(dir: string, now = Date.now()): string[] {
  const removed: string[] = [];
  for (const folder of ['datasets', 'networks', 'tables']) {
    let names: string[];
    try {
      names = readdirSync(join(dir, folder));
    } catch {
      continue;
    }
    for (const name of names) {
      if (!name.startsWith('.import-')) continue;
      const path = join(folder, name);
      try {
        if (now - newestChange(join(dir, path)) < STAGING_IDLE_MS) continue;
        rmSync(join(dir, path), { recursive: true, force: true });
        removed.push(`Removed ${path}, left by an import that was interrupted.`);
      } catch {
        // Read-only project or a permissions problem: leave it; it does no harm.
      }
    }
  }
  return removed;
}

function newestChange(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, statSync(join(path, name)).mtimeMs);
  return newest;
}
