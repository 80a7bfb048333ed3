// The NaN/infinity check folded into the block transpose (column-blocks.ts) replaces a whole pass over the
// result, so it must flag exactly what scanNonFinite flags, and a reader must still report the right
// count and the right place of an infinity when the values arrive block by block.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Table, Utf8, makeVector, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { transposeInto } from './column-blocks.ts';
import { nonFiniteOf, scanNonFinite, tallyOf } from './non-finite.ts';
import { readMatrixFile } from './read-matrix.ts';

const dir = mkdtempSync(join(tmpdir(), 'causeway-nonfinite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('transposeInto flags non-finite values as it copies', () => {
  const finite = [0, -0, 1.5, -2, 3.4e38, -3.4e38, 1e-45, -1e-45, 1.17549435e-38];
  const bad = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  it('copies bits exactly and flags only NaN and ±infinity, wherever they sit', () => {
    const n = 70; // rows: more than one 64-row tile
    const nCols = 3;
    for (const special of [...finite, ...bad]) {
      for (const at of [0, 64 * nCols + 1, n * nCols - 1]) {
        const src = new Float32Array(n * nCols).map((_, i) => i * 0.25);
        // src is column-major (stride n): value (row i, col k) at k * n + i.
        const k = at % nCols;
        const i = Math.floor(at / nCols);
        src[k * n + i] = special;
        const out = new Float32Array(n * nCols);
        const flagged = transposeInto(src, n, n, nCols, out, 0);
        expect(flagged).toBe(!Number.isFinite(special));
        expect(Object.is(out[at], Math.fround(special))).toBe(true);
        expect(scanNonFinite(out).missing + (scanNonFinite(out).infinite >= 0 ? 1 : 0)).toBe(flagged ? 1 : 0);
      }
    }
  });
});

describe('scanNonFinite', () => {
  it('counts NaNs and finds the first infinity across its clean-stretch pre-check', () => {
    const d = new Float32Array(3 * 16384 + 5).map((_, i) => i / 3);
    expect(scanNonFinite(d)).toEqual({ missing: 0, infinite: -1 });
    d[16384 + 3] = Number.NaN; // second stretch
    d[d.length - 1] = Number.NaN; // the short last stretch
    expect(scanNonFinite(d)).toEqual({ missing: 2, infinite: -1 });
    d[2 * 16384] = Number.NEGATIVE_INFINITY; // first value of the third stretch
    expect(scanNonFinite(d)).toEqual({ missing: 1, infinite: 2 * 16384 });
    d[16383] = Number.POSITIVE_INFINITY; // last value of the first stretch
    expect(scanNonFinite(d)).toEqual({ missing: 0, infinite: 16383 });
    // 3.4e38 and denormals are finite: exponent not all ones.
    expect(scanNonFinite(new Float32Array([3.4e38, -3.4e38, 1e-45, -0]))).toEqual({
      missing: 0,
      infinite: -1,
    });
  });
});

describe('a block-by-block Arrow read tallies missing values and finds the infinity', () => {
  const N = 9000; // samples (rows): three 4,096-row blocks
  const genes = ['G1', 'G2', 'G3'];
  const write = (name: string, put: (col: Float32Array, k: number) => void): string => {
    const cols: Record<string, Vector> = {
      sample: vectorFromArray(
        Array.from({ length: N }, (_, i) => `S${i}`),
        new Utf8(),
      ),
    };
    genes.forEach((g, k) => {
      const col = new Float32Array(N).map((_, i) => (i % 97) / 10 + k);
      put(col, k);
      cols[g] = makeVector(col);
    });
    const path = join(dir, name);
    writeFileSync(path, tableToIPC(new Table(cols), 'file'));
    return path;
  };

  it('counts NaNs in several blocks without a second pass, and agrees with a full scan', async () => {
    const path = write('nan.arrow', (col, k) => {
      if (k === 1) for (const i of [5, 4100, 8999]) col[i] = Number.NaN;
    });
    const read = await readMatrixFile(path, { orientation: 'samples-x-genes' });
    const tally = tallyOf(read.matrix.data);
    expect(tally.covered).toBe(read.matrix.data.length); // every value went through the blocks
    expect(nonFiniteOf(read.matrix.data)).toEqual(scanNonFinite(read.matrix.data));
    expect(read.warnings.join(' ')).toMatch(/3 values are null or NaN/);
  });

  it('refuses an infinity in the last block, naming its column', async () => {
    const path = write('inf.arrow', (col, k) => {
      if (k === 2) col[8500] = Number.NEGATIVE_INFINITY;
    });
    await expect(readMatrixFile(path, { orientation: 'samples-x-genes' })).rejects.toThrow(
      /infinite value \(column "G3"\)/,
    );
  });
});
