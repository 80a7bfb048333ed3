// The hand-laid Schema (shared vtable, type tables and children vector) must decode, with apache-arrow,
// to exactly the schema apache-arrow itself writes for the same table: names (non-ASCII, empty, long),
// types, nullability, field count; and the matrix file using it must read back as written.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Float32, Table, Utf8, makeVector, tableFromIPC, vectorFromArray } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { GENE_COLUMN, readMatrixArrow } from './arrow-matrix.ts';
import { writeSampleMajorArrow } from './matrix-store.ts';
import { readMatrixFile } from './read-matrix.ts';

const dir = mkdtempSync(join(tmpdir(), 'causeway-schema-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const samples = ['S1', 'échantillon-β', '', 'x'.repeat(300), '試料', 'S 6'];
const genes = ['TP53', 'MYC', 'ГЕН'];

describe('matrix file schema', () => {
  it('decodes to the fields apache-arrow writes for the same table', () => {
    const data = Float32Array.from({ length: genes.length * samples.length }, (_, k) => k / 7 - 1);
    const path = join(dir, 'm.arrow');
    writeSampleMajorArrow(path, { genes, samples, data });
    const ours = tableFromIPC(readFileSync(path));
    const cols: Record<string, ReturnType<typeof makeVector>> = {
      [GENE_COLUMN]: vectorFromArray(genes, new Utf8()),
    };
    samples.forEach((s, j) => (cols[s] = makeVector(data.slice(j * genes.length, (j + 1) * genes.length))));
    const theirs = new Table(cols);
    const describe = (t: Table): unknown =>
      t.schema.fields.map((f) => [f.name, String(f.type), f.nullable, f.type.children?.length ?? 0]);
    expect(describe(ours)).toEqual(
      theirs.schema.fields.map((f) => [f.name, String(f.type), false, f.type.children?.length ?? 0]),
    );
    expect(ours.schema.fields.slice(1).every((f) => Float32.isFloat(f.type) && f.type.precision === 1)).toBe(
      true,
    );
    expect(ours.schema.fields).toHaveLength(samples.length + 1);
    const back = readMatrixArrow(path);
    expect(back.samples).toEqual(samples);
    expect(back.genes).toEqual(genes);
    expect(back.values[1 * samples.length + 4]).toBeCloseTo(data[4 * genes.length + 1] as number, 6);
  });

  it("reads back through the import's own Arrow reader", async () => {
    const named = samples.filter(Boolean); // an import refuses empty sample names
    const data = Float32Array.from({ length: genes.length * named.length }, (_, k) => k * 0.5 - 3);
    const path = join(dir, 'named.arrow');
    writeSampleMajorArrow(path, { genes, samples: named, data });
    const r = await readMatrixFile(path);
    expect([r.matrix.genes, r.matrix.samples]).toEqual([genes, named]);
    expect(Array.from(r.matrix.data)).toEqual(Array.from(data));
  });

  it('a matrix with no samples still has a readable gene-only schema', () => {
    const path = join(dir, 'empty.arrow');
    writeSampleMajorArrow(path, { genes, samples: [], data: new Float32Array(0) });
    const t = tableFromIPC(readFileSync(path));
    expect(t.schema.fields.map((f) => f.name)).toEqual([GENE_COLUMN]);
    expect(t.numRows).toBe(genes.length);
  });
});
