import { describe, expect, it } from 'vitest';
import { encodeGroupMeans } from './latent-means.ts';

describe('latent group means, encoded chunk by chunk', () => {
  it('averages each group over chunk boundaries, with the mean normalisation scale', async () => {
    // 6 source rows × 3 genes; the selection takes rows 5, 0, 3, 1, 4 and genes [2, 0].
    const values = Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
    const rows = [5, 0, 3, 1, 4];
    const keys = ['a', 'b', 'a', 'b', 'a'];
    const chunks: number[] = [];
    // A stand-in encoder: z = [x0 + 2·x1, 10] per row, so means are easy to check by hand.
    const rt = {
      hidden: 2,
      encode: (x: Float32Array) => {
        chunks.push(x.length / 2);
        const z = new Float32Array(x.length);
        for (let i = 0; i < x.length / 2; i++) {
          z[2 * i] = x[2 * i]! + 2 * x[2 * i + 1]!;
          z[2 * i + 1] = 10;
        }
        return Promise.resolve(z);
      },
    };
    const progress: number[] = [];
    const means = await encodeGroupMeans(rt, { values, width: 3 }, rows, [2, 0], keys, 'none', {
      chunk: 2,
      onProgress: (done) => void progress.push(done),
    });
    expect(chunks).toEqual([2, 2, 1]);
    expect(progress).toEqual([2, 4, 5]);
    // Row r's selection is [3r + 2, 3r]: z0 = 9r + 2. Group a: rows 5, 3, 4 → mean 9·4 + 2; b: rows 0, 1.
    expect(Array.from(means.get('a')!.z)).toEqual([38, 10]);
    expect(Array.from(means.get('b')!.z)).toEqual([6.5, 10]);
    expect(means.get('a')!.n).toBe(3);
    // 'none' has the identity scale.
    expect([means.get('b')!.min, means.get('b')!.range]).toEqual([0, 1]);

    const mm = await encodeGroupMeans(rt, { values, width: 3 }, rows, [2, 0], keys, 'minmax', { chunk: 4 });
    // Min-max of [3r + 2, 3r] is [1, 0] for every row: z0 = 1; min 3r, range 2.
    expect(Array.from(mm.get('a')!.z)).toEqual([1, 10]);
    expect(mm.get('a')!.min).toBe(12);
    expect(mm.get('b')!.min).toBe(1.5);
    expect(mm.get('b')!.range).toBe(2);
  });

  it('refuses keys that do not match the rows', async () => {
    const rt = { hidden: 1, encode: (x: Float32Array) => Promise.resolve(x) };
    await expect(
      encodeGroupMeans(rt, { values: new Float32Array(4), width: 1 }, [0, 1], [0], ['a'], 'none'),
    ).rejects.toThrow(/1 keys for 2 rows/);
  });
});
