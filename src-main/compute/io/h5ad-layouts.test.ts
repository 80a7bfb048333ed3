// obs/var in the older AnnData layouts: anndata 0.7 categoricals (integer codes + an object-reference
// attribute "categories" → obs/__categories/<col>), labels by name in __categories or uns, and a
// refusal that names the layout for a dataset that is not the legacy compound table.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peekH5ad, readH5ad } from './h5ad.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'anndata07', 'anndata07-categorical.h5ad');
const dir = mkdtempSync(join(tmpdir(), 'causeway-h5ad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type H5 = (typeof import('h5wasm/node'))['default'];
let h5: H5;
beforeAll(async () => {
  h5 = (await import('h5wasm/node')).default;
  await h5.ready;
});

/** A minimal 0.7-style file written with h5wasm; `column` builds obs' one extra column. */
function write(name: string, column: (f: InstanceType<H5['File']>) => void): string {
  const file = join(dir, name);
  const f = new h5.File(file, 'w');
  for (const [key, ids] of [
    ['obs', ['c1', 'c2', 'c3']],
    ['var', ['G1', 'G2']],
  ] as const) {
    const g = f.create_group(key);
    g.create_attribute('encoding-type', 'dataframe');
    g.create_attribute('_index', '_index');
    g.create_dataset({ name: '_index', data: [...ids] });
  }
  f.create_dataset({ name: 'X', data: Float32Array.from([1, 2, 3, 4, 5, 6]), shape: [3, 2], dtype: '<f' });
  f.create_group('obs/__categories'); // h5wasm makes no intermediate groups
  column(f);
  f.close();
  return file;
}

describe('anndata 0.7 layout (fixture written by fixtures/anndata07/make_anndata07.py)', () => {
  it('categorical codes come out as their labels, following the categories reference', async () => {
    const r = await readH5ad(FIXTURE);
    expect(r.matrix.samples).toEqual(['cell0', 'cell1', 'cell2', 'cell3', 'cell4', 'cell5']);
    expect(r.matrix.genes).toEqual(['TP53', 'MYC', 'KRAS', 'EGFR']);
    // Columns in the writer's column-order, not HDF5's alphabetical listing.
    expect(Object.keys(r.sampleMeta)).toEqual(['cell_type', 'condition', 'batch', 'n_counts']);
    expect(r.sampleMeta.cell_type).toEqual(['B cell', 'T cell', 'B cell', 'NK', null, 'T cell']);
    expect(r.sampleMeta.condition).toEqual(['stim', 'stim', 'ctrl', 'ctrl', 'stim', 'ctrl']);
    expect(r.sampleMeta.batch).toEqual([1, 1, 2, 2, 1, 2]); // numeric categories stay numbers
    expect(r.sampleMeta.n_counts).toEqual([10, 20, 30, 40, 50, 60]);
    // An older writer's convention: integer codes with the labels in uns/<col>_categories.
    expect(r.geneMeta.chromosome).toEqual(['chr17', 'chr7', 'chr12', 'chr7']);
    expect(r.geneMeta.gene_ids?.[0]).toBe('ENSG00000141510');
    // X (CSR) is arange(24) % 5 as 6 × 4: cell 1, gene 2 is 6 % 5.
    expect(r.matrix.data[1 * 4 + 2]).toBe(1);
    const peek = await peekH5ad(FIXTURE, 20);
    expect(peek.read.sampleMeta).toEqual(r.sampleMeta);
  });

  it('follows the reference itself, wherever it points', async () => {
    const file = write('ref-elsewhere.h5ad', (f) => {
      f.create_group('somewhere');
      const labels = f.create_dataset({ name: 'somewhere/labels', data: ['low', 'high'] });
      const codes = f.create_dataset({ name: 'obs/level', data: Int8Array.from([1, 0, 1]), dtype: '|b' });
      codes.create_attribute('categories', [labels.create_reference()]);
      // A decoy under the conventional name: reading it would give the wrong labels.
      f.create_dataset({ name: 'obs/__categories/level', data: ['wrong', 'labels'] });
    });
    expect((await readH5ad(file)).sampleMeta.level).toEqual(['high', 'low', 'high']);
  });

  it('without a reference attribute, obs/__categories/<col> is used by name', async () => {
    const file = write('by-name.h5ad', (f) => {
      f.create_dataset({ name: 'obs/group', data: Int8Array.from([0, -1, 1]), dtype: '|b' });
      f.create_dataset({ name: 'obs/__categories/group', data: ['a', 'b'] });
    });
    expect((await readH5ad(file)).sampleMeta.group).toEqual(['a', null, 'b']);
  });

  it('a plain integer column with no categories anywhere stays numeric', async () => {
    const file = write('plain-int.h5ad', (f) => {
      f.create_dataset({ name: 'obs/n_genes', data: Int32Array.from([5, 6, 7]), dtype: '<i' });
    });
    expect((await readH5ad(file)).sampleMeta.n_genes).toEqual([5, 6, 7]);
  });

  it('an obs dataset that is not the legacy compound table is refused by name', async () => {
    const file = join(dir, 'flat-obs.h5ad');
    const f = new h5.File(file, 'w');
    f.create_dataset({ name: 'obs', data: Float64Array.from([1, 2, 3]) });
    f.create_dataset({ name: 'var', data: Float64Array.from([1, 2]) });
    f.create_dataset({ name: 'X', data: Float32Array.from([1, 2, 3, 4, 5, 6]), shape: [3, 2], dtype: '<f' });
    f.close();
    await expect(readH5ad(file)).rejects.toThrow(
      /flat-obs\.h5ad: "obs" is a dataset but not the legacy AnnData compound table/,
    );
  });
});
