import { describe, expect, it } from 'vitest';
import { decimateLine, evenlySpaced, groupedBars, linePath, stackLabels } from './plots.ts';

const size = { width: 440, height: 220, margins: { top: 10, right: 20, bottom: 10, left: 20 } };

describe('groupedBars', () => {
  it('places one bar per series inside its group, heights proportional to value, none for missing', () => {
    const { bars, scaleY, y0 } = groupedBars(
      [
        [0.5, 1, null],
        [0.25, 0.75, 0.1],
      ],
      size,
    );
    expect(bars).toHaveLength(5);
    expect(y0).toBe(0);
    const [a, b] = bars;
    // Group 0 spans x 20..220; bars sit side by side within it.
    expect(a!.x).toBeGreaterThanOrEqual(20);
    expect(b!.x).toBeCloseTo(a!.x + a!.width, 6);
    expect(b!.height / a!.height).toBeCloseTo(2, 6);
    expect(a!.y + a!.height).toBeCloseTo(scaleY(0), 6);
    expect(bars.filter((r) => r.group === 1).every((r) => r.x >= 220)).toBe(true);
  });

  it('draws negative values below the zero line', () => {
    const { bars, scaleY } = groupedBars([[-0.5, 0.5]], size);
    expect(bars[0]!.y).toBeCloseTo(scaleY(0), 6);
    expect(bars[1]!.y + bars[1]!.height).toBeCloseTo(scaleY(0), 6);
  });
});

describe('linePath', () => {
  it('joins finite points in order', () => {
    expect(
      linePath(
        [
          { x: 1, y: 2 },
          { x: 2, y: Number.NaN },
          { x: 3, y: 4 },
        ],
        { x: (v) => v * 10, y: (v) => v },
      ),
    ).toBe('M10.0,2.0L30.0,4.0');
  });
});

describe('stackLabels', () => {
  it('puts labels of close marks on separate rows and keeps distant ones on the first', () => {
    const rows = stackLabels(
      [
        { x: 300, text: 'vorinostat' },
        { x: 310, text: 'trichostatin-a' },
        { x: 305, text: 'HC-toxin' },
        { x: 40, text: 'far' },
      ],
      11,
    );
    expect(rows).toEqual([0, 1, 2, 0]);
  });

  it('reuses a lower row once it is free', () => {
    expect(
      stackLabels(
        [
          { x: 100, text: 'aaaa' },
          { x: 110, text: 'bbbb' },
          { x: 300, text: 'cccc' },
        ],
        11,
      ),
    ).toEqual([0, 1, 0]);
  });
});

describe('evenlySpaced', () => {
  it('keeps every item up to the cap, else an even spread with the first and the last', () => {
    expect(evenlySpaced([1, 2, 3], 60)).toEqual([1, 2, 3]);
    const many = Array.from({ length: 2550 }, (_, i) => i + 1);
    const dots = evenlySpaced(many, 60);
    expect(dots).toHaveLength(60);
    expect(dots[0]).toBe(1);
    expect(dots[59]).toBe(2550);
    const gaps = dots.slice(1).map((d, i) => d - dots[i]!);
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThanOrEqual(1);
    expect(evenlySpaced(many, 1)).toEqual([2550]);
    expect(evenlySpaced(many, 0)).toEqual([]);
  });
});

describe('decimateLine', () => {
  it('keeps short lines whole', () => {
    const pts = [1, 2, 3].map((x) => ({ x, y: x }));
    expect(decimateLine(pts, 10)).toEqual(pts);
  });

  it('keeps the ends, every bucket’s extremes (spikes included) in x order, within 2·buckets + 2 vertices', () => {
    // A decaying loss with a jump every 500 epochs, as a jointly learned graph's rounds give.
    const pts = Array.from({ length: 2550 }, (_, i) => ({
      x: i + 1,
      y: 1 / (1 + (i % 500)) + (i % 500 === 0 ? 5 : 0) + 0.001 * Math.sin(i),
    }));
    const line = decimateLine(pts, 200);
    expect(line.length).toBeLessThanOrEqual(402);
    expect(line[0]).toBe(pts[0]);
    expect(line[line.length - 1]).toBe(pts[pts.length - 1]);
    for (const spike of [500, 1000, 1500, 2000, 2500]) expect(line).toContain(pts[spike]);
    expect(line.every((p, i) => i === 0 || p.x > line[i - 1]!.x)).toBe(true);
    const ys = line.map((p) => p.y);
    expect(Math.min(...ys)).toBe(Math.min(...pts.map((p) => p.y)));
  });
});
