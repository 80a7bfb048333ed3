import { describe, expect, it } from 'vitest';
import { MIN_WHISKER_PX, largestShifts, shiftBars } from './shift-bars.ts';

const M = { top: 10, right: 10, bottom: 30, left: 80 };
const size = (top: number) => ({ width: 400, top, rowHeight: 20, margins: M });

describe('shift bars', () => {
  it('orders by the size of the shift, keeps 0 on the axis and counts hidden genes', () => {
    const l = shiftBars(
      [
        { gene: 'a', shift: 0.5, lower: 0.2, upper: 0.8 },
        { gene: 'b', shift: -2, lower: -2.5, upper: -1.5 },
        { gene: 'c', shift: 1, lower: 0.9, upper: 1.1 },
        { gene: 'd', shift: Number.NaN, lower: 0, upper: 0 },
      ],
      size(2),
    );
    expect(l.rows.map((r) => r.gene)).toEqual(['b', 'c']);
    expect(l.hidden).toBe(1);
    expect(l.ticks).toContain(0);
    expect(l.scaleX(-2.5)).toBeGreaterThanOrEqual(M.left);
    expect(l.scaleX(1.1)).toBeLessThanOrEqual(400 - M.right);
    expect(l.scaleX(-2)).toBeLessThan(l.scaleX(0));
    expect(l.height).toBe(10 + 2 * 20 + 30);
    // Bars run from 0 to the shift.
    const b = l.rows[0]!;
    expect(b.bar.x).toBeCloseTo(l.scaleX(-2), 9);
    expect(b.bar.x + b.bar.width).toBeCloseTo(l.scaleX(0), 9);
    expect(b.wantedBar).toBeNull();
  });

  it('draws a wide interval as it is, and widens a narrow one about its middle to stay visible', () => {
    const l = shiftBars(
      [
        { gene: 'wide', shift: 1, lower: 0.5, upper: 1.5 },
        { gene: 'narrow', shift: -1, lower: -1.001, upper: -0.999 },
        { gene: 'none', shift: 0.1 },
      ],
      size(3),
    );
    const [wide, narrow, none] = ['wide', 'narrow', 'none'].map((g) => l.rows.find((r) => r.gene === g));
    expect(wide!.whisker).toEqual({ x1: l.scaleX(0.5), x2: l.scaleX(1.5), widened: false });
    expect(narrow!.whisker!.widened).toBe(true);
    expect(narrow!.whisker!.x2 - narrow!.whisker!.x1).toBeCloseTo(MIN_WHISKER_PX, 9);
    expect((narrow!.whisker!.x1 + narrow!.whisker!.x2) / 2).toBeCloseTo(l.scaleX(-1), 9);
    expect(none!.whisker).toBeNull();
    // A tiny shift still draws a bar.
    expect(none!.bar.width).toBeGreaterThanOrEqual(1);
  });

  it('bars the genes the shift moves most, on a domain holding 0 and the wanted changes', () => {
    const predicted = [
      { gene: 'A', shift: 0.2, wanted: -1.5 },
      { gene: 'C', shift: 1.1, wanted: 2 },
      { gene: 'D', shift: -0.05, wanted: 0 },
    ];
    const l = shiftBars(predicted, size(2));
    expect(l.rows.map((r) => r.gene)).toEqual(['C', 'A']);
    expect(l.scaleX(-1.5)).toBeGreaterThanOrEqual(M.left);
    expect(l.scaleX(2)).toBeLessThanOrEqual(400 - M.right + 1e-9);
    const a = l.rows[1]!;
    expect(a.wantedBar!.x).toBeCloseTo(l.scaleX(-1.5), 9);
    expect(a.wantedBar!.x + a.wantedBar!.width).toBeCloseTo(l.scaleX(0), 9);
    const up = shiftBars([{ gene: 'X', shift: 0.5, wanted: 1 }], size(5));
    expect(up.ticks[0]).toBe(0);
    expect(up.ticks[up.ticks.length - 1]).toBeGreaterThanOrEqual(1);
    // Ties on the shift: the larger wanted change first, then by name.
    const tie = largestShifts(
      [
        { gene: 'P', shift: -0.4, wanted: 0.1 },
        { gene: 'Q', shift: 0.4, wanted: 3 },
        { gene: 'R', shift: 0.9, wanted: 0 },
        { gene: 'O', shift: 0.4, wanted: 0.1 },
      ],
      10,
    );
    expect(tie.map((r) => r.gene)).toEqual(['R', 'Q', 'O', 'P']);
  });
});
