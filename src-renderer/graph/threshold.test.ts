import { describe, expect, it } from 'vitest';
import { addRegulation, applyEdit } from '@shared/domain/grn/edits.ts';
import { discovered } from '../lib/testing/graphs.ts';
import { listedEdges, stabilityRange } from './threshold.ts';
import { fromDiscovered, fromNetwork } from './view-model.ts';

// A→B (0.9, directed), B—C (0.35, undirected), C→D (0.1, directed).
const g = fromDiscovered('run', discovered);

describe('the stability slider’s range', () => {
  it('runs from the weakest to the strongest stability present, on the step grid', () => {
    expect(stabilityRange(g.network)).toEqual({ min: 0.1, max: 0.9, step: 0.05 });
    const narrow = fromDiscovered('narrow', {
      ...discovered,
      edges: [
        { source: 'A', target: 'B', directed: true, stability: 0.63 },
        { source: 'B', target: 'C', directed: true, stability: 0.717 },
      ],
    });
    // A span of 0.087: steps of 0.01, ends rounded down so the top position still draws the strongest edge.
    expect(stabilityRange(narrow.network)).toEqual({ min: 0.63, max: 0.71, step: 0.01 });
  });

  it('is null for a network without stabilities (nothing to slide)', () => {
    const ppi = fromNetwork('ppi', {
      nodes: [
        { id: 'A', attributes: {} },
        { id: 'B', attributes: {} },
      ],
      edges: [{ source: 'A', target: 'B', directed: false, attributes: {} }],
    });
    expect(stabilityRange(ppi.network)).toBeNull();
  });
});

describe('the edge list at a threshold', () => {
  it('counts the drawn edges and lists the strongest first, user-added (unscored) ones on top', () => {
    expect(listedEdges(g, 0, 10)).toMatchObject({
      drawn: 3,
      top: [{ id: 'A→B' }, { id: 'B—C' }, { id: 'C→D' }],
    });
    expect(listedEdges(g, 0.35, 10).top.map((e) => e.id)).toEqual(['A→B', 'B—C']); // inclusive
    const added = { ...g, network: applyEdit(g.network, addRegulation(g.network, 'D', 'A', true)) };
    const at = listedEdges(added, 0.3, 2);
    expect(at.drawn).toBe(3); // D→A (no score), A→B, B—C; C→D (0.1) is hidden
    expect(at.top.map((e) => e.id)).toEqual(['D→A', 'A→B']);
    expect(at.top[0]!.evidence.editedByUser).toBe(true);
  });
});
