// Baselines of the GIM benchmark (issue 15). Each must use φ where it claims to: on the shipped fixture,
// nearest, mlp and context-targets beat "no change" in leave-one-context-out mean error and energy
// distance (a predictor that ignores φ cannot); fits are reproducible from the seed; the MLP reports
// progress and stops on abort; context-targets recovers the targets it is built to find.
import { describe, expect, it } from 'vitest';
import { shiftDag } from '../../design/target-shift/linear-scm.ts';
import { SeededRng } from '../../numeric/rng.ts';
import { sampleMean } from '../metrics.ts';
import { generateSyntheticGim } from '../synthetic.ts';
import { evaluateHeldOut, leaveOneContextOut } from '../validate.ts';
import { fitContextTargets, fitLinearScm } from './context-targets.ts';
import { BASELINE_METHODS } from './index.ts';
import { readGimSmall } from './gim-small.test-util.ts';
import { fitMlp, fitMlpWith } from './mlp.ts';
import { fitNearest } from './nearest.ts';
import { fitNoChange } from './no-change.ts';
import { idwNeighbours } from './shared.ts';

const { data, truthTargets } = readGimSmall();
const p = data.genes.length;

describe('baselines on the gim-small fixture', () => {
  const report = leaveOneContextOut(
    data,
    [
      { method: 'no-change', fit: fitNoChange },
      { method: 'nearest', fit: fitNearest },
      { method: 'mlp', fit: fitMlpWith({ epochs: 600 }) },
      { method: 'context-targets', fit: fitContextTargets },
    ],
    { seed: 11, truthTargets },
  );
  const by = new Map(report.methods.map((m) => [m.method, m]));

  it('every method that uses φ beats "no change"', () => {
    const none = by.get('no-change')!;
    for (const m of ['nearest', 'mlp', 'context-targets']) {
      expect(by.get(m)!.meanError, m).toBeLessThan(0.8 * none.meanError);
      expect(by.get(m)!.energyDistance, m).toBeLessThan(0.8 * none.energyDistance);
    }
  });

  it('context-targets ranks the true targets above chance', () => {
    expect(by.get('context-targets')!.targetAuroc).toBeGreaterThan(0.7);
    expect(report.targetMethod).toBe('context-targets');
    expect(Object.keys(report.targets)).toHaveLength(18);
  });
});

describe('the baseline list', () => {
  it('names each method as its predictor does, once', () => {
    const names = BASELINE_METHODS.map((m) => m.method);
    expect(names).toEqual(['no-change', 'mlp', 'nearest', 'context-targets']);
    const small = { ...data, contexts: data.contexts.slice(0, 6) };
    for (const { method, fit } of BASELINE_METHODS.filter((m) => m.method !== 'mlp'))
      expect(fit(small, { seed: 1 }).method).toBe(method);
    expect(fitMlpWith({ epochs: 2 })(small, { seed: 1 }).method).toBe('mlp');
  });
});

describe('no-change and nearest', () => {
  it('no-change returns the observational mean whatever φ, and resamples observational cells', () => {
    const pred = fitNoChange(data, { seed: 1 });
    const mu0 = sampleMean(data.observational.samples, data.observational.n, p);
    expect(pred.predictMean(data.contexts[3]!.features)).toEqual(mu0);
    expect(pred.predictMean(new Float64Array(data.featureNames.length))).toEqual(mu0);
    const cells = pred.sample(data.contexts[0]!.features, 5, new SeededRng(2));
    const obsRows = new Set<string>();
    for (let r = 0; r < data.observational.n; r++)
      obsRows.add(data.observational.samples.subarray(r * p, (r + 1) * p).join());
    for (let r = 0; r < 5; r++) expect(obsRows.has(cells.subarray(r * p, (r + 1) * p).join())).toBe(true);
    expect(pred.targetScores(data.contexts[0]!.features)).toBeNull();
  });

  it('nearest returns a training context’s own mean at its φ, and its closest context elsewhere', () => {
    const pred = fitNearest(data, { seed: 1 });
    const c = data.contexts[7]!;
    expect(pred.predictMean(c.features)).toEqual(sampleMean(c.samples, c.n, p));
    const near = Float64Array.from(c.features);
    near[0] = near[0]! + 0.01; // a slightly different dose: still context 7
    expect(pred.predictMean(near)).toEqual(sampleMean(c.samples, c.n, p));
  });

  it('inverse-distance weights sum to 1 and favour the closer point', () => {
    const w = idwNeighbours(
      [Float64Array.of(0), Float64Array.of(1), Float64Array.of(5)],
      Float64Array.of(0.25),
      2,
    );
    expect(w.map((e) => e.index)).toEqual([0, 1]);
    expect(w[0]!.weight).toBeCloseTo(1 / 0.0625 / (1 / 0.0625 + 1 / 0.5625), 12);
    expect(w[0]!.weight + w[1]!.weight).toBeCloseTo(1, 12);
    expect(idwNeighbours([Float64Array.of(0), Float64Array.of(1)], Float64Array.of(1), 2)).toEqual([
      { index: 1, weight: 1 },
    ]);
  });

  it('rejects data without contexts or with ragged features', () => {
    expect(() => fitNearest({ ...data, contexts: [] }, { seed: 1 })).toThrow(
      /at least one perturbation context/,
    );
    const bad = { ...data, contexts: [{ ...data.contexts[0]!, features: Float64Array.of(1) }] };
    expect(() => fitMlp(bad, { seed: 1 })).toThrow(/has 1 features/);
  });
});

describe('mlp', () => {
  it('is a pure function of the seed, reports its loss falling, and stops on abort', () => {
    const losses: number[] = [];
    const fit = fitMlpWith({ epochs: 300 });
    const a = fit(data, { seed: 5, onProgress: (e) => losses.push(e.loss) });
    const b = fit(data, { seed: 5 });
    const c = fit(data, { seed: 6 });
    const phi = data.contexts[4]!.features;
    expect(a.predictMean(phi)).toEqual(b.predictMean(phi));
    expect(a.predictMean(phi)).not.toEqual(c.predictMean(phi));
    expect(losses.length).toBeGreaterThan(10);
    expect(losses.at(-1)!).toBeLessThan(0.5 * losses[0]!);
    const ctrl = new AbortController();
    ctrl.abort();
    expect(() => fit(data, { seed: 5, signal: ctrl.signal })).toThrow();
  });

  it('samples are its predicted mean plus observational residuals', () => {
    const pred = fitMlpWith({ epochs: 200 })(data, { seed: 3 });
    const phi = data.contexts[10]!.features;
    const cells = pred.sample(phi, 4000, new SeededRng(9));
    const m = sampleMean(cells, 4000, p);
    const mu = pred.predictMean(phi);
    for (let j = 0; j < p; j++) expect(Math.abs(m[j]! - mu[j]!)).toBeLessThan(0.1);
  });
});

describe('context-targets', () => {
  it('fits the linear SCM of a known DAG by least squares', () => {
    // x0 ~ N(1, 1); x1 = 2 + 0.5 x0 + N(0, 0.25).
    const rng = new SeededRng(1);
    const n = 5000;
    const s = new Float64Array(2 * n);
    for (let r = 0; r < n; r++) {
      s[2 * r] = 1 + rng.normal();
      s[2 * r + 1] = 2 + 0.5 * s[2 * r]! + 0.5 * rng.normal();
    }
    const scm = fitLinearScm([[], [0]], s, n, 2);
    expect(scm.dag).toEqual(shiftDag([[], [0]]));
    expect(scm.weights[2]).toBeCloseTo(0.5, 1);
    expect(scm.noiseMean[1]).toBeCloseTo(2, 1);
    expect(scm.noiseVar[1]).toBeCloseTo(0.25, 1);
  });

  it('finds the targets of the partially-OOD contexts of the synthetic benchmark', () => {
    const syn = generateSyntheticGim({ seed: 2, trainTypes: 20, testTypes: 0, fullDoses: [] });
    const truth = new Map([...syn.truth].map(([k, v]) => [k, v.targets]));
    const pred = fitContextTargets(syn.train, { seed: 2 });
    const r = evaluateHeldOut([pred, fitNoChange(syn.train, { seed: 2 })], syn.partialOod, {
      seed: 2,
      truthTargets: truth,
    });
    expect(r.methods[0]!.targetAuroc).toBeGreaterThan(0.85);
    expect(r.methods[0]!.meanError).toBeLessThan(0.6 * r.methods[1]!.meanError);
  });
});
