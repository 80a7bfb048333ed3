import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { steinerForest, type SteinerParams } from './forest.ts';
import { parseInteractome } from './interactome.ts';
import { mapPrizes, parsePrizeTable } from './prizes.ts';
import {
  aggregateRuns,
  genesByDegree,
  randomTerminalPrizes,
  robustness,
  robustnessRun,
  specificity,
  specificityRun,
} from './randomizations.ts';

// Real slice: the first 2,000 iRefIndex edges, with the covid terminals that fall in it.
const interactome = parseInteractome(
  readFileSync(join(import.meta.dirname, '../../io/fixtures/real/irefindex_head2000.tsv'), 'utf8'),
);
const terminalsTable = parsePrizeTable(
  readFileSync(join(import.meta.dirname, 'fixtures/terminals_ppi_analysis.tsv'), 'utf8'),
);
const prizes = mapPrizes(interactome, terminalsTable);
const params: SteinerParams = { w: 1.4, b: 40, g: 0 };

describe('randomizations (OmicsIntegrator2 robustness and specificity)', () => {
  it('has terminals to move in the slice', () => {
    expect(prizes.terminals.length).toBeGreaterThanOrEqual(5);
  });

  it('robustness with zero noise is exactly the plain forest (1 on its genes, 0 elsewhere)', () => {
    const plain = new Set(steinerForest(interactome, prizes, params).nodes);
    const result = robustness(interactome, prizes, params, { runs: 3, noise: 0, seed: 1 });
    for (let v = 0; v < interactome.genes.length; v++) expect(result.frequency[v]).toBe(plain.has(v) ? 1 : 0);
  });

  it('robustness under noise is reproducible by seed, and moves with the seed', () => {
    const a = robustness(interactome, prizes, params, { runs: 8, noise: 0.3, seed: 42 });
    const b = robustness(interactome, prizes, params, { runs: 8, noise: 0.3, seed: 42 });
    const c = robustness(interactome, prizes, params, { runs: 8, noise: 0.3, seed: 43 });
    expect(a.frequency).toEqual(b.frequency);
    expect(a.nodeCounts).toEqual(b.nodeCounts);
    expect(a.frequency).not.toEqual(c.frequency);
    expect(a).toMatchObject({ kind: 'robustness', runs: 8, seed: 42, noise: 0.3 });
    // Terminals of the plain forest with large prizes stay in most noisy runs.
    const plain = steinerForest(interactome, prizes, params);
    const keptTerminals = [...plain.nodes].filter((_, i) => plain.isTerminal[i]);
    const meanTerminalRobustness =
      keptTerminals.reduce((s, v) => s + a.frequency[v]!, 0) / Math.max(1, keptTerminals.length);
    expect(meanTerminalRobustness).toBeGreaterThan(0.5);
  });

  it('random terminals keep the prizes and land on genes of similar degree rank', () => {
    const byDegree = genesByDegree(interactome);
    const rankOf = new Int32Array(byDegree.length);
    byDegree.forEach((v, r) => (rankOf[v] = r));
    const moved = randomTerminalPrizes(interactome, prizes, 5, 0, byDegree);
    const sum = (x: Float64Array): number => x.reduce((s, p) => s + p, 0);
    // Prizes are moved, not invented (collisions can only lose some).
    expect(sum(moved.bare)).toBeLessThanOrEqual(sum(prizes.bare) + 1e-12);
    expect(moved.terminals.length).toBeGreaterThan(0);
    const oldRanks = [...prizes.terminals].map((v) => rankOf[v]!).sort((a, b) => a - b);
    const newRanks = [...moved.terminals].map((v) => rankOf[v]!).sort((a, b) => a - b);
    const median = (xs: number[]): number => xs[xs.length >> 1]!;
    expect(Math.abs(median(oldRanks) - median(newRanks))).toBeLessThan(60); // σ = 10 ranks per move
    expect(randomTerminalPrizes(interactome, prizes, 5, 0, byDegree)).toEqual(moved);
    expect(randomTerminalPrizes(interactome, prizes, 5, 1, byDegree)).not.toEqual(moved);
  });

  it('specificity is reproducible by seed and records it', () => {
    const a = specificity(interactome, prizes, params, { runs: 5, seed: 9 });
    const b = specificity(interactome, prizes, params, { runs: 5, seed: 9 });
    expect(a.frequency).toEqual(b.frequency);
    expect(a).toMatchObject({ kind: 'specificity', runs: 5, seed: 9 });
    for (const f of a.frequency) expect(f >= 0 && f <= 1).toBe(true);
  });
});

describe('randomization runs one at a time (for a worker pool)', () => {
  it('aggregating single runs in any order of computation gives the batch result', () => {
    const opts = { runs: 4, noise: 0.2, seed: 3 };
    const batch = robustness(interactome, prizes, params, opts);
    const single = [3, 1, 0, 2].map((r) => ({ r, sel: robustnessRun(interactome, prizes, params, opts, r) }));
    single.sort((a, b) => a.r - b.r);
    const merged = aggregateRuns(
      interactome,
      'robustness',
      single.map((s) => s.sel),
      opts.seed,
      opts.noise,
    );
    expect(merged).toEqual(batch);
    const spec = specificity(interactome, prizes, params, { runs: 2, seed: 8 });
    const specRuns = [0, 1].map((r) => specificityRun(interactome, prizes, params, { seed: 8 }, r));
    expect(aggregateRuns(interactome, 'specificity', specRuns, 8)).toEqual(spec);
    // Edge frequencies count forest edges only, within [0, 1].
    for (const f of batch.edgeFrequency) expect(f >= 0 && f <= 1).toBe(true);
  });
});
