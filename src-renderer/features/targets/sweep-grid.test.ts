import { describe, expect, it } from 'vitest';
import { cliff, shade, sweepPanels, type SweepCell } from './sweep-grid.ts';

const cell = (w: number, b: number, nodes: number, g = 0): SweepCell => ({
  w,
  b,
  g,
  nodes,
  terminalsKept: Math.min(nodes, 10),
  components: 1,
});

describe('sweepPanels', () => {
  it('lays points out with w down and b across, one panel per g, gaps as null', () => {
    const panels = sweepPanels([
      cell(2, 40, 5),
      cell(1, 10, 1),
      cell(1, 40, 3),
      cell(2, 10, 2),
      cell(1, 10, 9, 1),
    ]);
    expect(panels.map((p) => p.g)).toEqual([0, 1]);
    expect(panels[0]!.ws).toEqual([1, 2]);
    expect(panels[0]!.bs).toEqual([10, 40]);
    expect(panels[0]!.cells.map((r) => r.map((c) => c?.nodes))).toEqual([
      [1, 3],
      [2, 5],
    ]);
    expect(panels[1]!.cells).toEqual([[cell(1, 10, 9, 1)]]);
  });
});

describe('cliff', () => {
  it('is 0 on a plateau and the largest relative jump to a neighbour on a cliff', () => {
    const [p] = sweepPanels([cell(1, 10, 100), cell(1, 20, 100), cell(1, 40, 200)]);
    expect(cliff(p!, 0, 0, 'nodes')).toBe(0);
    expect(cliff(p!, 0, 1, 'nodes')).toBeCloseTo(0.5);
    expect(cliff(p!, 0, 2, 'nodes')).toBeCloseTo(0.5);
  });
});

describe('shade', () => {
  it('maps the range onto 0–1 and a flat measure to the middle', () => {
    expect(shade(5, 0, 10)).toBe(0.5);
    expect(shade(10, 0, 10)).toBe(1);
    expect(shade(3, 3, 3)).toBe(0.5);
  });
});
