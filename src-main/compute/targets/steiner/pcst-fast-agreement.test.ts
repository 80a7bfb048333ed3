/**
 * Edge-for-edge agreement with pcst_fast, the solver OmicsIntegrator2 calls (Hegde, Indyk & Schmidt 2015).
 * The expected solutions in fixtures/pcst_fast_solutions.json were computed by pcst_fast itself (compiled from
 * OmicsIntegrator2's vendored copy, driven by bench/pcst-fast-driver.cc) on instances written by this code:
 * the OmicsIntegrator2 construction on the committed 2,000-edge iRefIndex slice with the covid terminals
 * (several w, b, g; one noisy-cost run; one random-terminals run), and small random rooted graphs whose costs
 * and prizes are rounded to 0.01 so that simultaneous events, and with them the tie rules, matter.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPcstInstance, hubPenalizedCosts, type SteinerParams } from './forest.ts';
import { parseInteractome } from './interactome.ts';
import { solvePcst } from './pcst.ts';
import { mapPrizes, parsePrizeTable } from './prizes.ts';
import { noisyCosts, randomTerminalPrizes } from './randomizations.ts';

interface SliceCase {
  name: string;
  params: SteinerParams;
  noise?: { sigma: number; seed: number; run: number };
  randomTerminals?: { seed: number; run: number };
  vertices: number[];
  edges: number[];
}
interface RandomCase {
  edgeU: number[];
  edgeV: number[];
  cost: number[];
  prize: number[];
  root: number;
  vertices: number[];
  edges: number[];
}

const fixtures = join(import.meta.dirname, 'fixtures');
const expected = JSON.parse(readFileSync(join(fixtures, 'pcst_fast_solutions.json'), 'utf8')) as {
  cases: SliceCase[];
  random: RandomCase[];
};
const interactome = parseInteractome(
  readFileSync(join(import.meta.dirname, '../../io/fixtures/real/irefindex_head2000.tsv'), 'utf8'),
);
const covid = mapPrizes(
  interactome,
  parsePrizeTable(readFileSync(join(fixtures, 'terminals_ppi_analysis.tsv'), 'utf8')),
);

describe('agreement with pcst_fast', () => {
  it.each(expected.cases.map((c) => [c.name, c] as const))(
    'OmicsIntegrator2 construction on the iRefIndex slice, %s: identical vertices and edges',
    (_name, c) => {
      const prizes = c.randomTerminals
        ? randomTerminalPrizes(interactome, covid, c.randomTerminals.seed, c.randomTerminals.run)
        : covid;
      const costs = c.noise
        ? noisyCosts(hubPenalizedCosts(interactome, c.params.g), c.noise.sigma, c.noise.seed, c.noise.run)
        : undefined;
      const sol = solvePcst(buildPcstInstance(interactome, prizes, c.params, costs), 'strong');
      expect([...sol.vertices]).toEqual(c.vertices);
      expect([...sol.edges]).toEqual(c.edges);
    },
  );

  it(`${expected.random.length} small random rooted graphs with ties: identical vertices and edges`, () => {
    expect(expected.random.length).toBeGreaterThanOrEqual(20);
    for (const c of expected.random) {
      const sol = solvePcst(
        {
          edgeU: Int32Array.from(c.edgeU),
          edgeV: Int32Array.from(c.edgeV),
          cost: Float64Array.from(c.cost),
          prize: Float64Array.from(c.prize),
          root: c.root,
        },
        'strong',
      );
      expect([...sol.vertices]).toEqual(c.vertices);
      expect([...sol.edges]).toEqual(c.edges);
    }
  });
});
