import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { FileRef } from '#shared/contracts/data-import.ts';
import { newId } from '#shared/lib/ids.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { appRoot } from '../paths.ts';

/** The offline symbol ↔ Entrez ↔ Ensembl table (resources/genes, see its PROVENANCE.md). */
export const geneMapPath = (): string => join(appRoot(), 'resources', 'genes', 'gene-map.tsv.gz');

/** A fresh id from a display or file name (extension dropped) and a random suffix: `sachs_all_k3…`. */
export function idFromName(name: string, fallback: string, prefix = ''): string {
  const slug = name
    .toLowerCase()
    .replace(/\.gz$/, '')
    .replace(/\.[a-z0-9]+$/, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 36);
  return newId(`${prefix}${slug || fallback}`).slice(0, 64);
}

/** A fresh dataset id: `sachs_all_conditions_k3…`, or with a prefix (`sig_…` for signatures). */
export const datasetIdFor = (name: string, prefix = ''): string => idFromName(name, 'dataset', prefix);

/** A readable regular file named by a path (uploads are resolved to paths before planning). */
export function sourceFile(ref: FileRef, what: string): string {
  if (!('path' in ref)) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `The uploaded ${what} is not finished or has expired; upload it again.`,
    );
  }
  const file = resolve(ref.path);
  if (!existsSync(file)) throw new CausewayError('E_NOT_FOUND', `${file} does not exist.`, { file });
  const st = statSync(file);
  if (!st.isFile()) {
    const what = st.isDirectory() ? 'a folder' : 'not a regular file (a pipe, socket or device)';
    throw new CausewayError('E_INVALID_INPUT', `${file} is ${what}, not a file to import.`, { file });
  }
  return file;
}

export const displayName = (file: string): string => basename(file);
