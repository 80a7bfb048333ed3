// What the import wizard's first step and `causeway inspect` show: the format, shape and orientation
// guess, counts, metadata columns and warnings, computed by reading the file with the real reader.
import { readDrugTargets } from './drug-targets.ts';
import { detectFormat } from './detect-format.ts';
import { readEdgeList, readGraphml, readSif } from './network.ts';
import { readDelimited } from './delimited.ts';
import { contentBytes } from './gunzip-bounded.ts';
import { peekGctx } from './gctx.ts';
import { peekH5ad } from './h5ad.ts';
import { peekArrow } from './inspect-arrow.ts';
import { peekHdf5Matrix } from './inspect-hdf5.ts';
import { peekMtx } from './mtx.ts';
import { peekParquet } from './parquet.ts';
import { readMatrixFile } from './read-matrix.ts';
import type { FileFormat, MatrixRead, Orientation, ReadOptions } from './types.ts';

/** Files up to this size (decompressed) are read whole, so inspect reports every problem the import would. */
export const FULL_READ_BYTES = 64 << 20;
const PREVIEW_ROWS = 20;

export interface InspectOptions extends ReadOptions {
  /** Bigger matrix files (all but GCT) get shape and preview only (default FULL_READ_BYTES). */
  fullReadBytes?: number;
}

/**
 * A big file without reading its matrix: delimited text parses the first rows and counts the rest in
 * one pass; GCTX, h5ad and plain HDF5 read HDF5 headers, names and a corner; Parquet its footer, text
 * columns and first rows; Arrow its schema, batch headers, label column and a corner; Matrix Market its
 * size line, gene and cell tables and (when sorted) the first entries. Null: read the file whole (GCT,
 * signatures, and Arrow layouts that cannot be read in place).
 */
async function peek(
  file: string,
  format: FileFormat,
  options: ReadOptions,
): Promise<{ read: MatrixRead; nGenes: number; nSamples: number } | null> {
  if (format === 'gctx') return peekGctx(file, PREVIEW_ROWS);
  if (format === 'parquet') return peekParquet(file, PREVIEW_ROWS, options);
  if (format === 'h5ad') return peekH5ad(file, PREVIEW_ROWS, options);
  if (format === 'hdf5') return peekHdf5Matrix(file, PREVIEW_ROWS);
  if (format === 'mtx') return peekMtx(file, PREVIEW_ROWS);
  if (format === 'arrow' || format === 'arrow-stream') return peekArrow(file, PREVIEW_ROWS, options);
  if (format !== 'csv' && format !== 'tsv') return null;
  const read = await readDelimited(file, { ...options, previewRows: PREVIEW_ROWS });
  const rows = read.rowsInFile ?? 0;
  const byRow = read.orientation === 'genes-x-samples';
  return {
    read,
    nGenes: byRow ? rows : read.matrix.genes.length,
    nSamples: byRow ? read.matrix.samples.length : rows,
  };
}

export interface InspectResult {
  file: string;
  format: FileFormat;
  kind: 'matrix' | 'signature' | 'network' | 'drug-targets';
  shape: [number, number];
  orientationGuess: Orientation | null;
  orientationSource: 'format' | 'guess' | 'user' | null;
  nGenes: number;
  nSamples: number;
  metadataColumns: { samples: string[]; genes: string[] };
  preview: { genes: string[]; samples: string[]; values: (number | null)[][] };
  warnings: string[];
}

export async function inspectFile(file: string, options: InspectOptions = {}): Promise<InspectResult> {
  const format = await detectFormat(file);
  const base = {
    file,
    format,
    orientationGuess: null,
    orientationSource: null,
    metadataColumns: { samples: [], genes: [] },
    preview: { genes: [], samples: [], values: [] },
    warnings: [],
  };
  if (format === 'edge-list' || format === 'sif' || format === 'graphml') {
    const g =
      format === 'graphml' ? readGraphml(file) : format === 'sif' ? readSif(file) : readEdgeList(file);
    return {
      ...base,
      kind: 'network',
      shape: [g.nodes.length, g.edges.length],
      nGenes: g.nodes.length,
      nSamples: 0,
    };
  }
  if (format === 'drug-targets') {
    const t = readDrugTargets(file);
    return {
      ...base,
      kind: 'drug-targets',
      shape: [t.length, 5],
      nGenes: new Set(t.map((x) => x.gene)).size,
      nSamples: 0,
    };
  }
  const { fullReadBytes = FULL_READ_BYTES, ...readOptions } = options;
  const big = contentBytes(file) > fullReadBytes ? await peek(file, format, readOptions) : null;
  const r = big?.read ?? (await readMatrixFile(file, readOptions, format));
  const { genes, samples, data } = r.matrix;
  const nGenes = big?.nGenes ?? genes.length;
  const nSamples = big?.nSamples ?? samples.length;
  const pg = genes.slice(0, 5);
  const ps = samples.slice(0, 5);
  const warnings = big
    ? [
        ...r.warnings,
        `Large file: shape from a scan, preview from the first rows; values are checked on import.`,
      ]
    : r.warnings;
  return {
    file,
    format,
    kind: format === 'signature' ? 'signature' : 'matrix',
    shape: r.orientation === 'genes-x-samples' ? [nGenes, nSamples] : [nSamples, nGenes],
    orientationGuess: r.orientation,
    orientationSource: r.orientationSource,
    nGenes,
    nSamples,
    metadataColumns: { samples: Object.keys(r.sampleMeta), genes: Object.keys(r.geneMeta) },
    preview: {
      genes: pg,
      samples: ps,
      values: pg.map((_, i) =>
        ps.map((__, j) => {
          const v = data[j * genes.length + i] as number;
          return Number.isNaN(v) ? null : v;
        }),
      ),
    },
    warnings,
  };
}
