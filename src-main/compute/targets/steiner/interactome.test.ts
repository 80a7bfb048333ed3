import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { interactomeFromRows, parseInteractome } from './interactome.ts';

const head2000 = join(import.meta.dirname, '../../io/fixtures/real/irefindex_head2000.tsv');

describe('parseInteractome', () => {
  it('reads the OmicsIntegrator2 table into a CSR graph that agrees with the edge list', () => {
    const g = parseInteractome(readFileSync(head2000, 'utf8'));
    expect(g.cost).toHaveLength(2000);
    expect(g.genes[0]).toBe('C9ORF72');
    expect(g.genes[g.edgeU[0]!]).toBe('C9ORF72');
    expect(g.genes[g.edgeV[0]!]).toBe('ACTB');
    expect(g.cost[0]).toBeCloseTo(0.598835, 9);
    let degreeSum = 0;
    for (let v = 0; v < g.genes.length; v++) {
      expect(g.adjStart[v + 1]! - g.adjStart[v]!).toBe(g.degree[v]);
      degreeSum += g.degree[v]!;
      for (let k = g.adjStart[v]!; k < g.adjStart[v + 1]!; k++) {
        const e = g.adjEdge[k]!;
        const other = g.edgeU[e] === v ? g.edgeV[e] : g.edgeU[e];
        expect(g.adjNeighbour[k]).toBe(other);
      }
    }
    expect(degreeSum).toBe(2 * 2000);
  });

  it('numbers genes as OmicsIntegrator2 (protein1 column first, then protein2) and keeps self-loops', () => {
    const g = parseInteractome('protein1\tprotein2\tcost\nA\tB\t0.5\nC\tA\t0.2\nB\tD\t0.1\nC\tC\t0.3\r\n');
    expect(g.genes).toEqual(['A', 'C', 'B', 'D']);
    expect(g.notes.selfLoops).toBe(1);
    // A self-loop counts twice in the degree, as np.bincount over both columns.
    expect(g.degree[g.geneIndex.get('C')!]).toBe(3);
  });

  it('drops repeated pairs (either orientation) and rejects bad headers and costs', () => {
    const g = interactomeFromRows([
      { protein1: 'A', protein2: 'B', cost: 1 },
      { protein1: 'B', protein2: 'A', cost: 2 },
    ]);
    expect(g.cost).toEqual(Float64Array.of(1));
    expect(g.notes.duplicatesDropped).toBe(1);
    expect(() => parseInteractome('a\tb\tc\nA\tB\t1\n')).toThrow(/header/);
    expect(() => parseInteractome('protein1\tprotein2\tcost\nA\tB\tx\n')).toThrow(/line 2/);
  });
});
