import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { readMatrixArrow, writeMatrixArrow } from './arrow-matrix.ts';

const dir = mkdtempSync(join(tmpdir(), 'causeway-arrow-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Arrow matrix files', () => {
  it('round-trips genes, samples and values, NaN included, as a plain Arrow table', () => {
    const m = {
      genes: ['TP53', 'MYC', 'ACE2'],
      samples: ['c1', 'c2'],
      values: Float32Array.from([1, 2, 3.5, NaN, -4, 0]),
    };
    const file = join(dir, 'm.arrow');
    writeMatrixArrow(file, m);
    const back = readMatrixArrow(file);
    expect(back.genes).toEqual(m.genes);
    expect(back.samples).toEqual(m.samples);
    expect(Array.from(back.values)).toEqual(Array.from(m.values));
    // Any Arrow reader sees one row per gene and one float column per sample.
    const table = tableFromIPC(readFileSync(file));
    expect(table.numRows).toBe(3);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['gene', 'c1', 'c2']);
    expect(table.getChild('c2')?.get(0)).toBe(2);
  });

  it('a damaged file is an E_INVALID_INPUT error naming the file', () => {
    const file = join(dir, 'bad.arrow');
    writeFileSync(file, 'not arrow at all');
    expect(() => readMatrixArrow(file)).toThrow(expect.objectContaining({ code: 'E_INVALID_INPUT' }));
    expect(() => readMatrixArrow(file)).toThrow(/bad\.arrow/);
  });
});
