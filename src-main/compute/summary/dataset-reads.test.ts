import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMetaArrow } from '../io/meta-table.ts';
import { geneValues, sampleColumns } from './dataset-reads.ts';

const DEMO = join(import.meta.dirname, '../../../resources/demo');

describe('small dataset reads for the UI', () => {
  it('returns a signature’s log2FC for the asked genes, null for genes it lacks', () => {
    // The source CSV holds the same numbers as text: CYB5B's row.
    const csv = readFileSync(join(DEMO, 'source', 'blancoA_l2fc.csv'), 'utf8');
    const row = csv.split('\n').find((l) => l.startsWith('CYB5B,'));
    const r = geneValues({
      matrixPath: join(DEMO, 'datasets/sars_cov2_a549/matrix.arrow'),
      genes: ['CYB5B', 'NOT_A_GENE'],
    });
    expect(r.columns).toHaveLength(1);
    expect(r.values[0]![0]).toBeCloseTo(Number(row!.split(',')[1]), 4);
    expect(r.values[0]![1]).toBeNull();
  });

  it('lists the sample table’s columns with their distinct values, sorted', () => {
    const samplesPath = join(DEMO, 'datasets/lincs_toydb_skb/samples.arrow');
    const meta = readMetaArrow(samplesPath);
    const columns = sampleColumns({ name: 'toy', samplesPath });
    expect(columns.map((c) => c.name)).toEqual(Object.keys(meta).filter((k) => k !== 'sample'));
    for (const c of columns) {
      const distinct = [...new Set(meta[c.name]!.map((v) => (v === null ? '' : String(v))))].sort();
      expect(c.nDistinct).toBe(distinct.length);
      expect(c.values).toEqual(distinct.slice(0, 50));
    }
  });
});
