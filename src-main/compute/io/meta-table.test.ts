// Sample/gene tables: the utf8 columns are built from offsets and bytes directly; they must decode to
// what was given (missing ≠ empty string, multi-byte names) and to what apache-arrow's builder makes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Table, Utf8, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeMetaArrow, readMetaArrow, writeMetaArrow } from './meta-table.ts';

const dir = mkdtempSync(join(tmpdir(), 'causeway-meta-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sample/gene annotation tables', () => {
  const ids = ['s1', 'échantillon-β', '試料', 'S 4', 's5', 's6', 's7', 's8', 's9'];
  const meta = {
    condition: ['ctrl', null, '', 'IFN-β', 'ctrl', null, 'x'.repeat(1000), 'a', 'b'],
    dose: [1, 2.5, null, 0, -3, 1e-9, 7, null, 9],
  };

  it('round-trips names, text with missing and empty values, and numbers', () => {
    const path = join(dir, 'samples.arrow');
    writeMetaArrow(path, 'sample', ids, meta);
    expect(readMetaArrow(path)).toEqual({ sample: ids, ...meta });
  });

  it("decodes to the same columns as apache-arrow's own builder", () => {
    const ours = tableFromIPC(encodeMetaArrow('sample', ids, { condition: meta.condition }));
    const theirs = tableFromIPC(
      tableToIPC(
        new Table({
          sample: vectorFromArray(ids, new Utf8()),
          condition: vectorFromArray(meta.condition, new Utf8()),
        }),
      ),
    );
    for (const name of ['sample', 'condition']) {
      expect(ours.getChild(name)?.toArray()).toEqual(theirs.getChild(name)?.toArray());
      expect(ours.getChild(name)?.nullCount).toBe(theirs.getChild(name)?.nullCount);
    }
    expect(ours.getChild('condition')?.nullCount).toBe(2);
  });

  it('decodes only the picked columns, and tables of several record batches', () => {
    const path = join(dir, 'picked.arrow');
    writeMetaArrow(path, 'sample', ids, meta);
    expect(readMetaArrow(path, (names) => names.filter((n) => n !== 'dose'))).toEqual({
      sample: ids,
      condition: meta.condition,
    });
    const two = new Table({ sample: vectorFromArray(['a', null], new Utf8()) }).concat(
      new Table({ sample: vectorFromArray(['ü', 'd'], new Utf8()) }),
    );
    const multi = join(dir, 'multi.arrow');
    writeFileSync(multi, tableToIPC(two, 'file'));
    expect(readMetaArrow(multi)).toEqual({ sample: ['a', null, 'ü', 'd'] });
  });
});
