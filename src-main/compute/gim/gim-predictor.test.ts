// GIM predictions (issue 15) on a hand-built model whose answers are known: the chain G0 → G1 → G2 with
// weights 0.5 and 2, the network hitting G0 by +2 when φ = 1 and nothing when φ = −1. The mean is
// (I − B)⁻¹(c + π∘δ), samples agree with it (per cell: the predictive mixture), intervals follow the target draws, the path of effect is the
// chain, and the data's standardisation is undone.
import { describe, expect, it } from 'vitest';
import { SeededRng } from '../numeric/rng.ts';
import { DEFAULT_SETTINGS, type GimModel } from './train-gim.ts';
import { gimPredictor, predictFeatureRow } from './gim-predictor.ts';
import { fitFeatureEncoding } from './features.ts';

/** Logit of G0 = 40·tanh(φ): π(G0) ≈ 1 at φ = 1, ≈ 0 at φ = −1, exactly ½ at φ = 0. */
function chainModel(): GimModel {
  const p = 3;
  const w2 = new Array<number>(2 * p).fill(0);
  w2[0] = 40; // logit of G0 follows tanh(φ)
  const b2 = [0, -40, -40, 2, 0, 0]; // logits, then shifts δ (G0 by +2 SD)
  return {
    genes: ['G0', 'G1', 'G2'],
    featureNames: ['dose'],
    center: [10, 20, 30],
    scale: [1, 2, 0.5],
    dagSource: 'given',
    parents: [[], [0], [1]],
    weights: [[], [0.5], [2]],
    intercept: [0, 0, 0],
    logVar: [0, 0, 0],
    net: { inputs: 1, hidden: 1, w1: [1], b1: [0], w2, b2 },
    seed: 4,
    settings: DEFAULT_SETTINGS,
    trainingContexts: ['a', 'b'],
    lossCurve: [1],
    finalLoss: 1,
  };
}

const on = Float64Array.of(1);
const off = Float64Array.of(-1);

describe('gimPredictor', () => {
  const predictor = gimPredictor(chainModel());

  it('predicts the interventional mean through the DAG, in data units', () => {
    // Standardised: shift 2 on G0 → means 2, 1, 2; data units: center + scale × standardised.
    const mean = predictor.predictMean(on);
    expect(Array.from(mean)).toEqual([12, 22, 31].map((v) => expect.closeTo(v, 6)));
    expect(Array.from(predictor.predictMean(off))).toEqual([10, 20, 30].map((v) => expect.closeTo(v, 6)));
    const prediction = predictor.predict(on);
    expect(Array.from(prediction.mean)).toEqual(Array.from(mean));
    expect(Array.from(prediction.shift)).toEqual([2, 2, 1].map((v) => expect.closeTo(v, 6)));
    expect(Array.from(prediction.targetProbability)).toEqual(Array.from(predictor.targetScores(on)!));
    expect(prediction.targetProbability[0]).toBeGreaterThan(0.999);
    expect(prediction.shiftIfTargeted[0]).toBeCloseTo(2, 6);
  });

  it('samples populations whose mean and spread match the model', () => {
    const n = 20000;
    const cells = predictor.sample(on, n, new SeededRng(1));
    const mean = [0, 0, 0];
    for (let r = 0; r < n; r++) for (let j = 0; j < 3; j++) mean[j]! += cells[r * 3 + j]! / n;
    expect(mean[0]).toBeCloseTo(12, 1);
    expect(mean[1]).toBeCloseTo(22, 1);
    expect(mean[2]).toBeCloseTo(31, 1);
    // Var(G2) in standardised units: 1 + 4·(1 + 0.25) = 6; data SD = 0.5·√6.
    let v = 0;
    for (let r = 0; r < n; r++) v += (cells[r * 3 + 2]! - mean[2]!) ** 2 / (n - 1);
    expect(Math.sqrt(v)).toBeCloseTo(0.5 * Math.sqrt(6), 1);
  });

  it('samples the predictive mixture per cell, or one population with one draw of the targets', () => {
    const n = 20000;
    const half = Float64Array.of(0); // π(G0) = ½
    const cells = predictor.sample(half, n, new SeededRng(2));
    let mean = 0;
    for (let r = 0; r < n; r++) mean += cells[r * 3]! / n;
    let v = 0;
    for (let r = 0; r < n; r++) v += (cells[r * 3]! - mean) ** 2 / (n - 1);
    // Half the cells hit by +2: mean 11, variance 1 + ½·½·2² = 2.
    expect(mean).toBeCloseTo(11, 1);
    expect(v).toBeCloseTo(2, 1);
    const means = [3, 4, 5, 6, 7, 8].map((seed) => {
      const pop = predictor.samplePopulation(half, 2000, new SeededRng(seed));
      let m = 0;
      for (let r = 0; r < 2000; r++) m += pop[r * 3]! / 2000;
      return m;
    });
    for (const m of means) expect(Math.min(Math.abs(m - 10), Math.abs(m - 12))).toBeLessThan(0.1);
    expect(means.some((m) => m > 11) && means.some((m) => m < 11)).toBe(true);
  });

  it('gives intervals over target draws: a sure target has none, a coin flip spans 0 to the full shift', () => {
    const sure = predictor.predict(on);
    expect(sure.shiftLow[2]).toBeCloseTo(1, 6);
    expect(sure.shiftHigh[2]).toBeCloseTo(1, 6);
    // Cells: G0 ~ N(12, 1) → 90% range 12 ± 1.645.
    expect(sure.cellLow[0]).toBeCloseTo(12 - 1.645, 0);
    expect(sure.cellHigh[0]).toBeCloseTo(12 + 1.645, 0);
    const coin = gimPredictor(chainModel()).predict(Float64Array.of(0));
    expect(coin.targetProbability[0]).toBeCloseTo(0.5, 6);
    expect(coin.shiftLow[0]).toBe(0);
    expect(coin.shiftHigh[0]).toBeCloseTo(2, 6);
    expect(coin.shift[0]).toBeCloseTo(1, 6);
  });

  it('gives the exact covariance of a predicted cell', () => {
    // Standardised, with M = (I − B)⁻¹: x0 = e0, x1 = 0.5e0 + e1, x2 = e0 + 2e1 + e2; data = scale × that.
    const sd = [1, 2, 0.5];
    const sure = [1, 0.5, 1, 0.5, 1.25, 2.5, 1, 2.5, 6];
    const cov = predictor.predict(on).covariance;
    sure.forEach((v, k) => expect(cov[k]).toBeCloseTo(v * sd[Math.floor(k / 3)]! * sd[k % 3]!, 6));
    // π(G0) = ½ adds ½·½·2² = 1 to G0's source variance: every entry involving e0 gains 1·m_a0·m_b0.
    const coin = predictor.predict(Float64Array.of(0)).covariance;
    const m0 = [1, 0.5, 1];
    sure.forEach((v, k) => {
      const a = Math.floor(k / 3);
      const b = k % 3;
      expect(coin[k]).toBeCloseTo((v + m0[a]! * m0[b]!) * sd[a]! * sd[b]!, 6);
    });
    // And the samples agree with it (per-cell draws at π = ½).
    const n = 40000;
    const cells = predictor.sample(Float64Array.of(0), n, new SeededRng(9));
    const mean = [0, 1, 2].map((j) => {
      let m = 0;
      for (let r = 0; r < n; r++) m += cells[r * 3 + j]! / n;
      return m;
    });
    let c02 = 0;
    for (let r = 0; r < n; r++)
      c02 += ((cells[r * 3]! - mean[0]!) * (cells[r * 3 + 2]! - mean[2]!)) / (n - 1);
    expect(c02).toBeCloseTo(coin[2]!, 1);
  });

  it('draws the path of effect from the likely target down the network', () => {
    const { paths } = predictor.predict(on);
    expect(paths).toHaveLength(1);
    const path = paths[0]!;
    expect(path.target).toBe('G0');
    expect(path.edges).toEqual([
      { from: 'G0', to: 'G1', weight: 0.5 },
      { from: 'G1', to: 'G2', weight: 2 },
    ]);
    expect(path.effects.map((e) => e.gene)).toEqual(['G0', 'G1', 'G2']);
    expect(path.effects.map((e) => e.shift)).toEqual([2, 2, 1].map((v) => expect.closeTo(v, 6)));
  });

  it('predicts from a typed feature row and passes on extrapolation warnings', () => {
    const encoding = fitFeatureEncoding(
      {
        columns: ['dose'],
        rows: [
          { context: 'a', values: [0] },
          { context: 'b', values: [2] },
        ],
      },
      ['a', 'b'],
    );
    // dose 4 → encoded (4 − 1)/√2 ≈ 2.1, outside the training range 0–2.
    const row = predictFeatureRow(predictor, encoding, { dose: 4 });
    expect(row.warnings).toHaveLength(1);
    expect(row.targetProbability[0]).toBeGreaterThan(0.99);
  });
});
