import { Table, Utf8, makeVector, tableToIPC, vectorFromArray } from 'apache-arrow';
import { CausewayError } from '#shared/lib/result.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { GENE_COLUMN, withDatasetReader } from './dataset-store/dataset-reader.ts';
import { fromGeneMajor, type SampleMajorMatrix } from './types.ts';

export { GENE_COLUMN };

/** A dense expression matrix, genes × samples, row-major float32 (NaN = missing). */
export interface ExpressionMatrix {
  genes: string[];
  samples: string[];
  values: Float32Array;
}

/**
 * An Arrow IPC file with a utf8 `gene` column and one float32 column per sample, so any Arrow reader
 * (pyarrow, R arrow) opens it as a table: the export format (and the project layout before the store,
 * which DatasetReader still reads). Each sample's genes are contiguous, so columns are views, not copies.
 */
export function writeSampleMajorArrow(path: string, m: SampleMajorMatrix): void {
  const nG = m.genes.length;
  if (m.data.length !== nG * m.samples.length) {
    throw new CausewayError('E_INTERNAL', 'Matrix values do not match its gene and sample counts.');
  }
  const columns: Record<string, ReturnType<typeof makeVector>> = {
    [GENE_COLUMN]: vectorFromArray(m.genes, new Utf8()),
  };
  m.samples.forEach((sample, j) => (columns[sample] = makeVector(m.data.subarray(j * nG, (j + 1) * nG))));
  writeFileAtomic(path, tableToIPC(new Table(columns), 'file'));
}

/** The same from a genes × samples row-major matrix. */
export function writeMatrixArrow(path: string, m: ExpressionMatrix): void {
  if (m.values.length !== m.genes.length * m.samples.length) {
    throw new CausewayError('E_INTERNAL', 'Matrix values do not match its gene and sample counts.');
  }
  writeSampleMajorArrow(path, fromGeneMajor(m.genes, m.samples, m.values));
}

/**
 * A project matrix file of either layout (dataset-store/, or the Arrow layout of older projects) as a
 * genes × samples row-major matrix. Callers that need only some samples or genes should use
 * DatasetReader directly and skip the transpose.
 */
export function readMatrixArrow(path: string): ExpressionMatrix {
  return withDatasetReader(path, (r) => {
    const nG = r.geneCount;
    const nS = r.sampleCount;
    const values = new Float32Array(nG * nS);
    // In blocks of samples, so a big matrix is never held twice.
    const perBlock = Math.max(1, Math.floor((4 << 20) / Math.max(1, nG)));
    const block = new Float32Array(Math.min(perBlock, nS) * nG);
    for (let s0 = 0; s0 < nS; s0 += perBlock) {
      const n = Math.min(perBlock, nS - s0);
      r.readSamples(s0, n, block);
      for (let s = 0; s < n; s++) {
        const src = s * nG;
        const col = s0 + s;
        for (let g = 0; g < nG; g++) values[g * nS + col] = block[src + g] as number;
      }
    }
    return { genes: r.genes, samples: r.samples, values };
  });
}
