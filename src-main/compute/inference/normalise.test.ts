import { describe, expect, it } from 'vitest';
import { denormalise, normaliseRows, normaliseSelection } from './normalise.ts';

describe('row normalisation', () => {
  it('min-max scales each row on its own, reading NaN as 0 and constant rows as zeros', () => {
    const data = Float32Array.of(1, 3, 5, Number.NaN, 2, 4, 7, 7, 7);
    const { values, scale } = normaliseRows(data, 3, 'minmax');
    expect(Array.from(values)).toEqual([0, 0.5, 1, 0, 0.5, 1, 0, 0, 0]);
    expect(Array.from(scale.min)).toEqual([1, 0, 7]);
    expect(Array.from(scale.range)).toEqual([4, 4, 0]);
  });

  it('takes log2(x + 1) of non-negative values first, clamping negatives to 0', () => {
    const { values, scale } = normaliseRows(Float32Array.of(0, 1, 3, -5), 4, 'log2p1-minmax');
    // log2: [0, 1, 2, 0] → min 0, range 2.
    expect(Array.from(values)).toEqual([0, 0.5, 1, 0]);
    expect(scale.range[0]).toBe(2);
    const back = denormalise(values, scale.min[0]!, scale.range[0]!, 'log2p1-minmax');
    expect(Array.from(back)).toEqual([0, 1, 3, 0]);
  });

  it("leaves values alone under 'none' (NaN still 0), with the identity scale", () => {
    const { values, scale } = normaliseRows(Float32Array.of(-2, Number.NaN, 9), 3, 'none');
    expect(Array.from(values)).toEqual([-2, 0, 9]);
    expect([scale.min[0], scale.range[0]]).toEqual([0, 1]);
  });
});

describe('normalising a selection straight from the source', () => {
  it('equals normaliseRows of the gathered float32 selection, bit for bit, for every method', () => {
    const width = 7;
    // Float64 source with NaNs, negatives and values float32 must round.
    const source = Float64Array.from({ length: 5 * width }, (_, i) =>
      i % 11 === 3 ? Number.NaN : Math.sin(i * 1.7) * 3 + 1 / 3,
    );
    const rows = [4, 0, 2];
    const columns = [6, -1, 0, 3, 3, 1];
    const gathered = new Float32Array(rows.length * columns.length);
    rows.forEach((j, r) =>
      columns.forEach((c, k) => {
        gathered[r * columns.length + k] = c < 0 ? Number.NaN : source[j * width + c]!;
      }),
    );
    for (const method of ['minmax', 'log2p1-minmax', 'none'] as const) {
      const expected = normaliseRows(gathered, columns.length, method);
      const out = new Float32Array(64).fill(-9);
      const got = normaliseSelection(source, width, rows, columns, method, out);
      expect(Array.from(got.values)).toEqual(Array.from(expected.values));
      expect(Array.from(got.scale.min)).toEqual(Array.from(expected.scale.min));
      expect(Array.from(got.scale.range)).toEqual(Array.from(expected.scale.range));
      // Written into the caller's buffer, nothing past the selection touched.
      expect(got.values.buffer).toBe(out.buffer);
      expect(out[rows.length * columns.length]).toBe(-9);
    }
  });
});
