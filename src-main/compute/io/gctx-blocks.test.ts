// GCTX is read in 16 MB hyperslabs, each checked for NaN/∞ as it arrives: NaN counts must add up over
// blocks, and an ∞ in a later block must be named by its own gene and sample (not a block-relative one).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readGctx } from './gctx.ts';
import { writeGctx } from './testing/gctx-writer.ts';

const dir = mkdtempSync(join(tmpdir(), 'causeway-gctx-blocks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NG = 1000; // 4,194 samples per 4 Mi-value block: 4,500 samples make two blocks
const NS = 4500;

const write = (path: string, data: Float32Array): Promise<void> =>
  writeGctx(path, {
    genes: Array.from({ length: NG }, (_, i) => `G${i}`),
    samples: Array.from({ length: NS }, (_, j) => `S${j}`),
    data,
  });

describe('GCTX read in blocks', () => {
  const data = Float32Array.from({ length: NG * NS }, (_, k) => (k % 101) / 10);
  const nan = [5, 3 * NG + 7, 4300 * NG + 999]; // two in the first block, one in the second
  for (const k of nan) data[k] = NaN;

  it('counts NaNs over all blocks', async () => {
    const path = join(dir, 'nan.gctx');
    await write(path, data);
    const r = await readGctx(path);
    expect(r.warnings).toEqual(['3 values are NaN and are stored as missing values.']);
    expect(r.matrix.data[4300 * NG + 998]).toBeCloseTo(data[4300 * NG + 998] as number, 6);
  });

  it('names the gene and sample of an infinite value in the second block', async () => {
    const bad = data.slice();
    bad[4321 * NG + 17] = -Infinity;
    const path = join(dir, 'inf.gctx');
    await write(path, bad);
    await expect(readGctx(path)).rejects.toThrow(/infinite value at gene "G17", sample "S4321"/);
  });
});
