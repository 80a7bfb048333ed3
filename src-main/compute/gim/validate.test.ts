// Validation (issue 15): leave-one-context-out really holds the context out of the fit, averages per-context
// scores, reports the CLI's JSON shape with the GIM's top target per context, is seeded, reports progress,
// stops on abort, and refuses a single context with a clear message.
import { describe, expect, it } from 'vitest';
import { SeededRng } from '../numeric/rng.ts';
import { fitNoChange } from './baselines/no-change.ts';
import { fitGim } from './gim-predictor.ts';
import { readGimSmall } from './baselines/gim-small.test-util.ts';
import { energyDistance, meanError } from './metrics.ts';
import type { FitPredictor, GimData } from './types.ts';
import { evaluateHeldOut, leaveOneContextOut } from './validate.ts';

const { data, truthTargets } = readGimSmall();
const p = data.genes.length;

/** A stand-in "gim": predicts the observational mean and scores gene j by how often j appeared (spy). */
function spyGim(seen: string[][]): FitPredictor {
  return (train: GimData, options) => {
    seen.push(train.contexts.map((c) => c.name));
    const base = fitNoChange(train, options);
    return {
      ...base,
      method: 'gim',
      // Score: the first feature (dose) decides the top gene, so the reported target is checkable.
      targetScores: (phi) =>
        Float64Array.from({ length: p }, (_, j) => (j === Math.round(phi[0]! * 2) ? 1 : 0)),
    };
  };
}

describe('leave-one-context-out', () => {
  it('holds each context out of its fit and reports the issue’s JSON shape', () => {
    const seen: string[][] = [];
    const progress: number[] = [];
    const report = leaveOneContextOut(
      data,
      [
        { method: 'gim', fit: spyGim(seen) },
        { method: 'no-change', fit: fitNoChange },
      ],
      { seed: 3, truthTargets, onProgress: (e) => progress.push(e.done / e.total) },
    );
    expect(seen).toHaveLength(18);
    seen.forEach((names, k) => {
      expect(names).toHaveLength(17);
      expect(names).not.toContain(data.contexts[k]!.name);
    });
    expect(progress).toHaveLength(36);
    expect(progress.at(-1)).toBe(1);
    const json = JSON.parse(JSON.stringify(report)) as {
      methods: { method: string; meanError: number; energyDistance: number }[];
      targets: Record<string, string>;
    };
    expect(json.methods.map((m) => m.method)).toEqual(['gim', 'no-change']);
    for (const m of json.methods) {
      expect(typeof m.meanError).toBe('number');
      expect(typeof m.energyDistance).toBe('number');
    }
    expect(report.targetMethod).toBe('gim');
    // Dose 0.5 → gene 1, dose 1 → gene 2, dose 2 → gene 4.
    expect(json.targets['cmpd03_0.5']).toBe(data.genes[1]);
    expect(json.targets['cmpd03_1']).toBe(data.genes[2]);
    expect(json.targets['cmpd03_2']).toBe(data.genes[4]);
    expect(Object.keys(json.targets)).toHaveLength(18);
  });

  it('averages the per-context scores, which are the metrics of the held-out cells', () => {
    const report = leaveOneContextOut(data, [{ method: 'no-change', fit: fitNoChange }], { seed: 4 });
    const rows = report.contexts;
    expect(rows).toHaveLength(18);
    const mean = rows.reduce((s, r) => s + r.meanError, 0) / rows.length;
    expect(report.methods[0]!.meanError).toBeCloseTo(mean, 12);
    // Recompute one row by hand: the no-change mean is the observational mean (no context enters it).
    const k = 5;
    const held = data.contexts[k]!;
    const pred = fitNoChange({ ...data, contexts: data.contexts.filter((_, i) => i !== k) }, { seed: 0 });
    expect(rows[k]!.meanError).toBeCloseTo(
      meanError(pred.predictMean(held.features), held.samples, held.n),
      12,
    );
    expect(rows[k]!.energyDistance).toBeGreaterThan(0);
    expect(report.targets).toEqual({});
    expect(report.targetMethod).toBeNull();
  });

  it('is reproducible from the seed', () => {
    const run = (seed: number): number =>
      leaveOneContextOut(data, [{ method: 'no-change', fit: fitNoChange }], { seed }).methods[0]!
        .energyDistance;
    expect(run(8)).toBe(run(8));
    expect(run(8)).not.toBe(run(9));
  });

  it('refuses one context, empty method lists, and stops on abort', () => {
    const one = { ...data, contexts: data.contexts.slice(0, 1) };
    expect(() => leaveOneContextOut(one, [{ method: 'no-change', fit: fitNoChange }], { seed: 1 })).toThrow(
      /at least 2 perturbation contexts/,
    );
    expect(() => leaveOneContextOut(data, [], { seed: 1 })).toThrow(/no method/);
    const ctrl = new AbortController();
    ctrl.abort();
    expect(() =>
      leaveOneContextOut(data, [{ method: 'no-change', fit: fitNoChange }], { seed: 1, signal: ctrl.signal }),
    ).toThrow();
  });
});

describe('held-out evaluation', () => {
  it('scores a fitted predictor on every test context, with target AUROC when truth is known', () => {
    const train = { ...data, contexts: data.contexts.slice(0, 12) };
    const test = { ...data, contexts: data.contexts.slice(12) };
    const gim = spyGim([])(train, { seed: 1 });
    const report = evaluateHeldOut([gim, fitNoChange(train, { seed: 1 })], test, { seed: 2, truthTargets });
    expect(report.contexts).toHaveLength(12);
    expect(Number.isNaN(report.methods[0]!.targetAuroc)).toBe(false);
    expect(Number.isNaN(report.methods[1]!.targetAuroc)).toBe(true);
    const held = test.contexts[0]!;
    const cells = gim.sample(held.features, held.n, new SeededRng(0));
    expect(energyDistance(cells, held.n, held.samples, held.n, p)).toBeGreaterThan(0);
  });
});

describe('with the GIM itself (wt-gimmodel)', () => {
  it('predicts the unseen middle dose of every type better than "no change" and finds targets', () => {
    // Train on doses 0.5 and 2, test on dose 1 (partially out of distribution), one fit of each method.
    const isMiddle = (name: string): boolean => name.endsWith('_1');
    const train = { ...data, contexts: data.contexts.filter((c) => !isMiddle(c.name)) };
    const test = { ...data, contexts: data.contexts.filter((c) => isMiddle(c.name)) };
    const report = evaluateHeldOut([fitGim(train, { seed: 1 }), fitNoChange(train, { seed: 1 })], test, {
      seed: 1,
      truthTargets,
    });
    const [gim, none] = report.methods;
    expect(gim!.meanError).toBeLessThan(none!.meanError);
    expect(gim!.energyDistance).toBeLessThan(none!.energyDistance);
    expect(gim!.targetAuroc).toBeGreaterThan(0.6);
    expect(report.targetMethod).toBe('gim');
    expect(Object.keys(report.targets).sort()).toEqual(test.contexts.map((c) => c.name).sort());
  });
});
