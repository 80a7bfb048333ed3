// GCTX files for tests, the bad-file corpus and the import benchmark, laid out as cmapPy writes them:
// /0/DATA/0/matrix stored samples × genes (one HDF5 row per sample), /0/META/ROW/id the genes,
// /0/META/COL/id the samples. The app reads GCTX but does not write it (it writes GCT).
import type { Group } from 'h5wasm/node';

export interface GctxContent {
  genes: readonly string[];
  samples: readonly string[];
  /** Sample-major float32 values. */
  data: Float32Array;
  /** The matrix's [samples, genes] shape; by default the id counts (a different one makes a broken file). */
  shape?: [number, number];
  /** HDF5 chunk shape; contiguous storage when absent. */
  chunks?: [number, number];
}

export async function writeGctx(path: string, c: GctxContent): Promise<void> {
  // Loaded on demand: a process that only imports this module must not pay h5wasm's heap.
  const h5wasm = (await import('h5wasm/node')).default;
  await h5wasm.ready;
  const f = new h5wasm.File(path, 'w');
  try {
    for (const g of ['0', '0/DATA', '0/DATA/0', '0/META', '0/META/ROW', '0/META/COL']) f.create_group(g);
    const group = (p: string): Group => f.get(p) as Group;
    group('0/DATA/0').create_dataset({
      name: 'matrix',
      data: c.data,
      shape: c.shape ?? [c.samples.length, c.genes.length],
      dtype: '<f',
      ...(c.chunks ? { chunks: c.chunks } : {}),
    });
    group('0/META/ROW').create_dataset({ name: 'id', data: [...c.genes] });
    group('0/META/COL').create_dataset({ name: 'id', data: [...c.samples] });
  } finally {
    f.close();
  }
}
