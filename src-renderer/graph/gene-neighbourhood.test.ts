import { describe, expect, it } from 'vitest';
import { applyEdit, addRegulation, reverse } from '@shared/domain/grn/edits.ts';
import { discovered } from '../lib/testing/graphs.ts';
import { geneNeighbourhood, userEdit } from './gene-neighbourhood.ts';
import { fromDiscovered, type ViewGraph } from './view-model.ts';

// A→B (0.9, directed), B—C (0.35, undirected), C→D (0.1, directed).
const g = fromDiscovered('run', discovered);

describe('a gene’s regulators and targets for the gene panel', () => {
  it('splits a gene’s regulations into regulators, targets and undirected neighbours with their evidence', () => {
    const b = geneNeighbourhood(g, 'B', 0)!;
    expect(b.regulators.map((l) => [l.id, l.gene, l.evidence.stability, l.evidence.arcStability])).toEqual([
      ['A→B', 'A', 0.9, 0.8],
    ]);
    expect(b.regulators[0]!.evidence.orientedByIntervention).toBe(true);
    expect(b.regulators[0]!.evidence.ciPValue).toBe(1e-6);
    expect(b.targets).toEqual([]);
    expect(b.undirected.map((l) => l.gene)).toEqual(['C']);
    const c = geneNeighbourhood(g, 'C', 0)!;
    expect(c.targets.map((l) => l.id)).toEqual(['C→D']);
    expect(c.undirected.map((l) => l.id)).toEqual(['B—C']);
    expect(geneNeighbourhood(g, 'Z', 0)).toBeNull();
  });

  it('marks the links the threshold hides, and keeps listing them', () => {
    const c = geneNeighbourhood(g, 'C', 0.5)!;
    expect(c.targets.map((l) => [l.id, l.hidden])).toEqual([['C→D', true]]);
    expect(c.undirected.map((l) => [l.id, l.hidden])).toEqual([['B—C', true]]);
    expect(geneNeighbourhood(g, 'A', 0.5)!.targets[0]!.hidden).toBe(false);
  });

  it('says which links the user added and which the user re-oriented, strongest first', () => {
    const added = applyEdit(g.network, addRegulation(g.network, 'D', 'B', true));
    const edited: ViewGraph = { ...g, network: applyEdit(added, reverse(added, 'A→B')) };
    const b = geneNeighbourhood(edited, 'B', 0.5)!;
    // B→A: re-oriented, keeps the learned evidence; D→B: added, no data, never hidden by the threshold.
    expect(b.targets.map((l) => [l.id, l.edit, l.evidence.stability])).toEqual([['B→A', 'oriented', 0.9]]);
    expect(b.regulators.map((l) => [l.id, l.edit, l.hidden])).toEqual([['D→B', 'added', false]]);
    expect(userEdit(g.network.regulations.get('A→B')!)).toBeNull();
  });
});
