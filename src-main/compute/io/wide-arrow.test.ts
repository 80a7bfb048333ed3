// A wide Arrow table (one column per sample) must be read with work linear in its width. Table#getChild
// looks a column up by scanning the schema, so one lookup per column made a 5 × 100,000 table take
// minutes; the readers index the schema once. Counted, not timed: a regression fails on any machine.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Float32, Table, tableFromArrays, tableToIPC, vectorFromArray } from 'apache-arrow';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { readArrow } from './arrow-table.ts';
import { readMatrixArrow } from './arrow-matrix.ts';
import { readMetaArrow } from './meta-table.ts';

const dir = mkdtempSync(join(tmpdir(), 'causeway-wide-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('wide Arrow tables', () => {
  it('are read without a schema scan per column', async () => {
    const width = 3000;
    const genes = ['TP53', 'MYC', 'EGFR', 'KRAS', 'BRCA1'];
    const columns: Record<string, unknown> = { gene: genes };
    for (let j = 0; j < width; j++)
      columns[`s${j}`] = vectorFromArray(
        genes.map((_, i) => i + j),
        new Float32(),
      );
    const file = join(dir, 'wide.arrow');
    writeFileSync(file, tableToIPC(tableFromArrays(columns as never) as unknown as Table, 'file'));
    const lookups = vi.spyOn(Table.prototype, 'getChild');
    try {
      const r = await readArrow(file, { orientation: 'genes-x-samples' });
      expect(r.matrix.samples).toHaveLength(width);
      expect(r.matrix.genes).toEqual(genes);
      const meta = readMetaArrow(file);
      expect(Object.keys(meta)).toHaveLength(width + 1);
      expect(meta['s2999']?.[4]).toBe(3003);
      // The same table as an older project's matrix file, read through the dataset store's reader.
      const stored = readMatrixArrow(file);
      expect(stored.samples).toHaveLength(width);
      expect(stored.values.length).toBe(width * genes.length);
      expect(lookups.mock.calls.length).toBeLessThan(10);
    } finally {
      lookups.mockRestore();
    }
  });
});
