/**
 * A model's gene list (the input's last dimension, in order): typed, from a text file, or a dataset's
 * genes. Shared by `model.validate`, `model.import` and `causeway model train --gene-list`.
 */
import { readFileSync, statSync } from 'node:fs';
import type { ModelGenesSource } from '#shared/contracts/transport.ts';
import { CausewayError } from '#shared/lib/result.ts';

const MAX_GENE_FILE_BYTES = 64 * 1024 * 1024;

/** Gene symbols from a text file: one per line (or comma/tab separated); blanks and `#` comments skipped. */
export function parseGeneList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .filter((l) => !l.trimStart().startsWith('#'))
    .flatMap((l) => l.split(/[,\t]/))
    .map((g) => g.trim().replace(/^"|"$/g, ''))
    .filter((g) => g.length > 0);
}

export function readGeneFile(path: string): string[] {
  try {
    if (statSync(path).size > MAX_GENE_FILE_BYTES) throw new Error('larger than 64 MB');
    return parseGeneList(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CausewayError('E_IO', `Cannot read the gene list ${path}: ${(e as Error).message}`);
  }
}

/** The genes a source names; `datasetGenes` reads a dataset's genes (a worker reads its matrix). */
export function resolveGenes(
  source: ModelGenesSource,
  datasetGenes: (datasetId: string) => string[],
): string[] {
  if (source.source === 'list') return source.genes;
  if (source.source === 'file') return readGeneFile(source.path);
  return datasetGenes(source.datasetId);
}
