import { describe, expect, it } from 'vitest';
import { CATEGORY_COLOURS, colourScale, linearAxis, placeLabels } from './scatter.ts';

describe('colourScale', () => {
  it('colours categories by frequency, lumps those past twelve and greys missing values', () => {
    const values = ['a', 'b', 'b', null, ...Array.from({ length: 13 }, (_, i) => `x${i}`)];
    const s = colourScale(values);
    expect(s.kind).toBe('category');
    expect(s.colour('b')).toBe(CATEGORY_COLOURS[0]);
    expect(s.colour('a')).toBe(CATEGORY_COLOURS[1]);
    expect(s.colour('x9')).toBe(s.colour('x8'));
    expect(s.legend.map((l) => l.label)).toContain('3 others');
    expect(s.legend.at(-1)?.label).toBe('none');
  });

  it('gives nine categories nine colours and nine legend entries, none lumped', () => {
    const s = colourScale(Array.from({ length: 27 }, (_, i) => `group${i % 9}`));
    expect(s.legend).toHaveLength(9);
    expect(s.legend.some((l) => /others/.test(l.label))).toBe(false);
    expect(new Set(s.legend.map((l) => l.colour)).size).toBe(9);
  });

  it('uses a ramp for numbers', () => {
    const s = colourScale([0, 5, 10, null]);
    expect(s.kind).toBe('numeric');
    expect(s.colour(0)).toBe('rgb(198, 219, 239)');
    expect(s.colour(10)).toBe('rgb(8, 48, 107)');
    expect(s.legend.map((l) => l.label)).toEqual(['0', '10']);
  });
});

describe('linearAxis', () => {
  it('maps the padded data range onto the pixel range', () => {
    const { scale } = linearAxis([0, 10], 0, 110);
    expect(scale(-0.5)).toBeCloseTo(0);
    expect(scale(10.5)).toBeCloseTo(110);
    expect(linearAxis([3, 3], 0, 100).scale(3)).toBeCloseTo(50);
  });

  it('has nice ticks inside the drawn range, with an exact 0 on PC scores', () => {
    const pc = [-0.2873, -0.1, 0.05, 0.3121];
    const { ticks, step, scale } = linearAxis(pc, 50, 550);
    expect(step).toBe(0.1);
    expect(ticks).toEqual([-0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3]);
    for (const t of ticks) {
      expect(scale(t)).toBeGreaterThanOrEqual(50);
      expect(scale(t)).toBeLessThanOrEqual(550);
    }
  });
});

describe('placeLabels', () => {
  it('never lets two labels overlap: the second goes to the left or is left out', () => {
    const placed = placeLabels(
      [
        { text: 'TP53', x: 100, y: 100 },
        { text: 'MDM2', x: 104, y: 102 },
        { text: 'CDKN1A', x: 102, y: 101 },
        { text: 'MYC', x: 300, y: 40 },
      ],
      { fontPx: 11, width: 600 },
    );
    expect(placed.map((p) => p.text)).toEqual(['TP53', 'MDM2', 'MYC']);
    expect(placed[1]!.anchor).toBe('end');
    const box = (p: (typeof placed)[number]): [number, number] => {
      const w = p.text.length * 11 * 0.62;
      return p.anchor === 'start' ? [p.x, p.x + w] : [p.x - w, p.x];
    };
    const [a0, a1] = box(placed[0]!);
    const [b0, b1] = box(placed[1]!);
    expect(a1 <= b0 || b1 <= a0).toBe(true);
  });

  it('keeps labels inside the plot', () => {
    const placed = placeLabels([{ text: 'LONGGENENAME', x: 590, y: 50 }], { fontPx: 11, width: 600 });
    expect(placed[0]!.anchor).toBe('end');
  });
});
