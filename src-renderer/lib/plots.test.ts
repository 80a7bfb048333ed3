import { describe, expect, it } from 'vitest';
import { groupedBars, linePath, stackLabels } from './plots.ts';

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
