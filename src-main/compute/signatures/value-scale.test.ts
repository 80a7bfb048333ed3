import { describe, expect, it } from 'vitest';
import { valueScale } from './value-scale.ts';

describe('valueScale: raw counts/intensities or already log-scale', () => {
  it('calls wide non-negative values raw', () => {
    expect(valueScale(Float32Array.from([0, 3, 1000]))).toMatchObject({ raw: true, reason: /up to 1000/ });
  });

  it('calls data with negative values log-scale, and says why', () => {
    const s = valueScale(Float32Array.from([-1.5, 2, 8]));
    expect(s.raw).toBe(false);
    expect(s.reason).toMatch(/negative \(down to -1\.5\)/);
  });

  it('calls small fractional values log-scale (RMA, log-CPM): log2(x + 1) is not applied again', () => {
    const rma = Float32Array.from({ length: 400 }, (_, k) => 4 + 10 * ((k * 0.618) % 1));
    expect(valueScale(rma)).toMatchObject({ raw: false, reason: /fractional and at most 1[34]/ });
  });

  it('calls small whole numbers raw counts (sparse single-cell counts stay below 50)', () => {
    expect(valueScale(Float32Array.from([0, 0, 1, 3, 0, 12]))).toMatchObject({
      raw: true,
      reason: /whole numbers/,
    });
  });

  it('ignores missing values', () => {
    expect(valueScale([Number.NaN, 0.5, 9.25]).raw).toBe(false);
    expect(valueScale([Number.NaN]).raw).toBe(false);
  });
});
