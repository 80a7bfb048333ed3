// CLI commands run their jobs in a throw-away project, so a batch run never changes the user's project
// (nor the read-only demo); only what a command writes to --out leaves it.
import { copyFileSync, linkSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { DatasetDescriptor } from '#shared/domain/project.ts';
import { CausewayError } from '#shared/lib/result.ts';
import type { Backend } from '../services/backend.ts';
import { readManifest, resolveInside } from '../services/projects/manifest-file.ts';
import { withBackend, type CliBackendOptions } from './backend.ts';
import { makeScratchDir } from './scratch-dirs.ts';

/**
 * `fn` runs with a backend whose open project is a fresh folder, removed afterwards; under `scratchRoot`
 * when given (a cluster's shared file system, where compute nodes can read the inputs), else in /tmp.
 */
export async function withScratchProject<T>(
  name: string,
  fn: (backend: Backend, dir: string) => Promise<T>,
  options: CliBackendOptions & { scratchRoot?: string } = {},
): Promise<T> {
  if (options.scratchRoot) mkdirSync(options.scratchRoot, { recursive: true });
  const scratch = makeScratchDir('project', options.scratchRoot);
  try {
    return await withBackend(
      async (backend) => {
        const dir = join(scratch, 'project');
        backend.projects.create(dir, name);
        return fn(backend, dir);
      },
      { prewarm: true, ...options },
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Brings a dataset of another project into the open scratch project under the same id: its folder's
 * files are hard-linked (copied across file systems), after the same checks the app makes on open.
 */
export function adoptDataset(backend: Backend, sourceDir: string, datasetId: string): DatasetDescriptor {
  const manifest = readManifest(sourceDir);
  const dataset = manifest.datasets.find((d) => d.id === datasetId);
  if (!dataset) {
    const ids = manifest.datasets.map((d) => d.id).join(', ');
    throw new CausewayError('E_NOT_FOUND', `No dataset "${datasetId}" in ${sourceDir} (datasets: ${ids}).`);
  }
  const target = backend.projects.summary()!.dir;
  const folders = new Set(
    [dataset.matrixFile, dataset.samplesFile]
      .filter((f): f is string => f !== undefined)
      .map((f) => dirname(resolveInside(sourceDir, f))),
  );
  for (const folder of folders) linkTree(folder, join(target, relative(sourceDir, folder)));
  backend.projects.addDataset(dataset);
  return dataset;
}

function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const [a, b] = [join(from, entry.name), join(to, entry.name)];
    if (entry.isDirectory()) linkTree(a, b);
    else if (entry.isFile()) {
      try {
        linkSync(a, b);
      } catch {
        copyFileSync(a, b);
      }
    }
  }
}
