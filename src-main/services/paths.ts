import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (or unpacked app) root: where package.json, resources/ and out/ live. */
export function appRoot(): string {
  const override = process.env['CAUSEWAY_APP_ROOT'];
  if (override) return override;
  // src-main/services/paths.ts in source; out/main/*.js when bundled: walk up to package.json.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'causeway') return dir;
    } catch {
      /* keep walking */
    }
    dir = dirname(dir);
  }
  throw new Error('Cannot locate the Causeway installation (package.json).');
}

export function appVersion(): string {
  const pkg = JSON.parse(readFileSync(join(appRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

export const demoDir = (): string => join(appRoot(), 'resources', 'demo');
/** DrugCentral's LINCS mapping (resources/drugs/PROVENANCE.md). */
export const lincsMappingPath = (): string => join(appRoot(), 'resources', 'drugs', 'LINCS_mapping.tsv');
export const rendererDir = (): string => join(appRoot(), 'out', 'renderer');
/**
 * The compute worker entry that Node hosts fork: the TypeScript source (run through tsx), or the
 * bundled worker that bin/causeway.mjs names in CAUSEWAY_COMPUTE_WORKER when it runs the CLI bundle.
 */
export const computeWorkerSource = (): string =>
  process.env['CAUSEWAY_COMPUTE_WORKER'] ?? join(appRoot(), 'src-main', 'workers', 'compute.worker.ts');
