import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeMatrixArrow } from '../io/arrow-matrix.ts';
import { writeDatasetStoreSync } from '../io/dataset-store/dataset-writer.ts';
import { writeMetaArrow } from '../io/meta-table.ts';
import { fromGeneMajor } from '../io/types.ts';
import { SignatureCollectionFile, signatureTable } from './collection.ts';

const tmp = mkdtempSync(join(tmpdir(), 'causeway-collection-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('drug-signature collections', () => {
  it('finds the signature-table columns by their usual names, and falls back to drug__cell__type ids', () => {
    const meta = {
      sample: ['b', 'a'],
      pert_iname: ['aspirin', 'vorinostat'],
      cell_id: ['MCF7', 'A549'],
      pert_idose: ['10 uM', null],
      pert_itime: ['24 h', '6 h'],
      pert_type: ['trt_cp', 'trt_cp'],
    };
    expect(signatureTable(['a', 'b'], meta)).toEqual([
      { id: 'a', drug: 'vorinostat', cellType: 'A549', dose: '', time: '6 h', perturbationType: 'trt_cp' },
      { id: 'b', drug: 'aspirin', cellType: 'MCF7', dose: '10 uM', time: '24 h', perturbationType: 'trt_cp' },
    ]);
    expect(signatureTable(['HC-toxin__SKB__trt_cp', 'plain'], {})).toEqual([
      {
        id: 'HC-toxin__SKB__trt_cp',
        drug: 'HC-toxin',
        cellType: 'SKB',
        dose: '',
        time: '',
        perturbationType: 'trt_cp',
      },
      { id: 'plain', drug: 'plain', cellType: '', dose: '', time: '', perturbationType: '' },
    ]);
  });

  for (const layout of ['store', 'Arrow (older projects)'] as const)
    it(`streams the chosen signatures as row-major batches straight from the file (${layout})`, async () => {
      const matrix = join(tmp, `m-${layout.slice(0, 5)}.arrow`);
      const samples = join(tmp, 's.arrow');
      // genes × signatures, row-major: gene g, signature s → 10·g + s
      const values = Float32Array.from({ length: 4 * 3 }, (_, k) => 10 * Math.floor(k / 3) + (k % 3));
      values[3 * 2 + 1] = Number.NaN;
      const m = { genes: ['g0', 'g1', 'g2', 'g3'], samples: ['s0', 's1', 's2'], values };
      if (layout === 'store') writeDatasetStoreSync(matrix, fromGeneMajor(m.genes, m.samples, values));
      else writeMatrixArrow(matrix, m);
      writeMetaArrow(samples, 'sample', ['s0', 's1', 's2'], {
        drug: ['x', 'y', 'x'],
        cell_type: ['A', 'B', 'A'],
      });
      const c = new SignatureCollectionFile(matrix, samples);
      expect(c.genes).toEqual(['g0', 'g1', 'g2', 'g3']);
      expect(c.select(['A'])).toEqual([0, 2]);
      expect(c.select(null)).toEqual([0, 1, 2]);
      expect(() => c.select(['Z'])).toThrow(/No signature .* cell type/);
      // Batch buffers are reused: copy each before asking for the next.
      const batches = async (
        chosen: number[],
        rows: number,
      ): Promise<{ rows: number; values: number[] }[]> => {
        const out = [];
        for await (const b of c.batches(chosen, rows))
          out.push({ rows: b.rows, values: Array.from(b.values) });
        return out;
      };
      expect(await batches([0, 1, 2], 2)).toEqual([
        { rows: 2, values: [0, 10, 20, 30, 1, 11, Number.NaN, 31] },
        { rows: 1, values: [2, 12, 22, 32] },
      ]);
      // Not consecutive in the file (one cell type), and out of order: still each signature's own values.
      expect(await batches([2, 0], 5)).toEqual([{ rows: 2, values: [2, 12, 22, 32, 0, 10, 20, 30] }]);
      expect(await batches([0, 2, 1], 1)).toEqual([
        { rows: 1, values: [0, 10, 20, 30] },
        { rows: 1, values: [2, 12, 22, 32] },
        { rows: 1, values: [1, 11, Number.NaN, 31] },
      ]);
      expect(Array.from(c.column(1))).toEqual([1, 11, Number.NaN, 31]);
      expect(() => c.column(3)).toThrow(/No signature #3/);
    });
});
