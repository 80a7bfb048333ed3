import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { steinerForest } from './forest.ts';
import { parseInteractome } from './interactome.ts';
import { mapPrizes, parsePrizeTable } from './prizes.ts';
import { sweep, sweepGrid, sweepSetting } from './sweep.ts';

const interactome = parseInteractome(
  readFileSync(join(import.meta.dirname, '../../io/fixtures/real/irefindex_head2000.tsv'), 'utf8'),
);
const prizes = mapPrizes(
  interactome,
  parsePrizeTable(readFileSync(join(import.meta.dirname, 'fixtures/terminals_ppi_analysis.tsv'), 'utf8')),
);

describe('parameter sweep', () => {
  it('enumerates the grid g-major, then w, then b', () => {
    expect(sweepGrid([1, 2], [10, 20], [0])).toEqual([
      { w: 1, b: 10, g: 0 },
      { w: 1, b: 20, g: 0 },
      { w: 2, b: 10, g: 0 },
      { w: 2, b: 20, g: 0 },
    ]);
  });

  it('summarises each setting as its Steiner forest does', () => {
    const settings = sweepGrid([0.5, 1.4, 4], [5, 40], [0, 1]);
    const points = sweep(interactome, prizes, settings);
    expect(points).toHaveLength(12);
    for (const p of points) {
      const f = steinerForest(interactome, prizes, p);
      expect(p.nodes).toBe(f.nodes.length);
      expect(p.edges).toBe(f.augmentedEdges.length);
      expect(p.terminalsKept).toBe(f.terminalsKept);
      expect(p.steinerNodes).toBe(f.nodes.length - f.terminalsKept);
      expect(p.components).toBe(f.componentCount);
      expect(sweepSetting(interactome, prizes, p)).toEqual(p);
    }
  });

  it('keeps no terminal when prizes are worth nothing, and all of them when trees are free', () => {
    const [none] = sweep(interactome, prizes, [{ w: 1, b: 0, g: 0 }]);
    expect(none!.nodes).toBe(0);
    const [all] = sweep(interactome, prizes, [{ w: 0, b: 40, g: 0 }]);
    expect(all!.terminalsKept).toBe(prizes.terminals.length);
  });
});
