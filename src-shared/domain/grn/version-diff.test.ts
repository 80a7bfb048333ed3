import { describe, expect, it } from 'vitest';
import { createNetwork, type Regulation } from './network.ts';
import { diffVersions } from './version-diff.ts';

const reg = (source: string, target: string, directed = true, stability?: number): Regulation => ({
  source,
  target,
  directed,
  evidence: stability === undefined ? {} : { stability },
  attributes: {},
});
const genes = ['A', 'B', 'C', 'D', 'E'].map((g) => [g, {}] as const);
const base = createNetwork(genes, [reg('A', 'B'), reg('B', 'C'), reg('C', 'D', false), reg('D', 'E')]);

describe('diffVersions', () => {
  it('classes added, removed, reversed, re-oriented and re-weighted by arcs', () => {
    const after = createNetwork(genes, [
      reg('B', 'A'), // reversed
      reg('B', 'C', true, 0.4), // re-weighted (1 → 0.4)
      reg('C', 'D'), // re-oriented
      reg('A', 'E', false), // added; D→E removed
    ]);
    const d = diffVersions(base, after);
    expect(d.counts).toEqual({ added: 1, removed: 1, reversed: 1, reoriented: 1, reweighted: 1 });
    expect(d.rows.map((r) => r.change)).toEqual(['added', 'removed', 'reversed', 'reoriented', 'reweighted']);
    expect(d.rows[2]!.after?.source).toBe('B');
    expect(d.unchanged).toBe(0);
    expect(diffVersions(base, base).rows).toEqual([]);
    expect(diffVersions(base, base).unchanged).toBe(4);
  });
});
