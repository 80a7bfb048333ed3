// The synthetic GIM benchmark (issue 15): the paper's split sizes, shifts only on the true targets
// following the Hill dose–response, cells drawn from the SCM's interventional distribution, and types'
// targets carried by their features (same embedding → same targets), so fully-OOD prediction is possible.
import { describe, expect, it } from 'vitest';
import { interventionalMean } from '../design/target-shift/linear-scm.ts';
import { generateSyntheticGim, hill } from './synthetic.ts';

describe('synthetic GIM benchmark', () => {
  const syn = generateSyntheticGim({ seed: 7 });
  const p = syn.genes.length;

  it('has the paper’s split sizes and doses', () => {
    expect(p).toBe(20);
    expect(syn.train.contexts).toHaveLength(160);
    expect(syn.partialOod.contexts).toHaveLength(200);
    expect(syn.fullOod.contexts).toHaveLength(80);
    expect(syn.train.observational.n).toBe(800);
    expect(syn.train.observational.samples).toHaveLength(800 * p);
    for (const c of syn.train.contexts) expect([c.n, c.samples.length]).toEqual([50, 50 * p]);
    const doses = (d: typeof syn.train): number[] =>
      [...new Set(d.contexts.map((c) => c.features[0]!))].sort();
    expect(doses(syn.train)).toEqual([0.5, 1, 1.5, 2]);
    expect(doses(syn.partialOod)).toEqual([0.25, 0.75, 1.25, 1.75, 2.25]);
    expect(doses(syn.fullOod)).toEqual([0.5, 1, 1.5, 2]);
    expect(syn.featureNames).toEqual(['dose', 'z1', 'z2', 'z3', 'z4', 'ec50', 'hill']);
    const names = [...syn.train.contexts, ...syn.partialOod.contexts, ...syn.fullOod.contexts].map(
      (c) => c.name,
    );
    expect(new Set(names).size).toBe(440);
    // Partially OOD = the training types; fully OOD = new ones.
    const types = (d: typeof syn.train): Set<string> =>
      new Set(d.contexts.map((c) => syn.truth.get(c.name)!.type));
    expect(types(syn.partialOod)).toEqual(types(syn.train));
    for (const t of types(syn.fullOod)) expect(types(syn.train).has(t)).toBe(false);
  });

  it('shifts exactly the true targets by the Hill response of the dose', () => {
    expect(hill(1.2, 1.2, 3)).toBeCloseTo(0.5, 12);
    expect(hill(0, 1, 2)).toBe(0);
    for (const t of syn.trainTypes) {
      expect(t.targets.length).toBeGreaterThan(0);
      for (let j = 0; j < p; j++) expect(t.maxShift[j] !== 0).toBe(t.targets.includes(j));
      for (const j of t.targets) {
        expect(Math.abs(t.maxShift[j]!)).toBeGreaterThanOrEqual(1);
        expect(Math.abs(t.maxShift[j]!)).toBeLessThanOrEqual(3);
      }
    }
    const c = syn.train.contexts[5]!;
    const truth = syn.truth.get(c.name)!;
    const t = syn.trainTypes.find((x) => x.name === truth.type)!;
    for (let j = 0; j < p; j++)
      expect(truth.shift[j]).toBeCloseTo(t.maxShift[j]! * hill(truth.dose, t.ec50, t.hill), 12);
    // Mean of the targets per type ≈ 2 (the default rate): between 1 and 3.5 on average over 60 types.
    const all = [...syn.trainTypes, ...syn.testTypes];
    const mean = all.reduce((s, x) => s + x.targets.length, 0) / all.length;
    expect(mean).toBeGreaterThan(1);
    expect(mean).toBeLessThan(3.5);
  });

  it('draws cells from the interventional distribution', () => {
    // The observational cells' means equal μ(0) within 4 standard errors, and lie in the chosen range.
    const obs = syn.train.observational;
    const mu0 = interventionalMean(syn.scm, new Float64Array(p));
    for (let j = 0; j < p; j++) {
      let s = 0;
      let s2 = 0;
      for (let r = 0; r < obs.n; r++) {
        const v = obs.samples[r * p + j]!;
        s += v;
        s2 += v * v;
      }
      const m = s / obs.n;
      const sd = Math.sqrt(s2 / obs.n - m * m);
      expect(Math.abs(m - mu0[j]!)).toBeLessThan((4 * sd) / Math.sqrt(obs.n));
      expect(mu0[j]).toBeGreaterThanOrEqual(4);
      expect(mu0[j]).toBeLessThanOrEqual(8);
    }
  });

  it('is a pure function of the seed, and types with one embedding share their targets', () => {
    const again = generateSyntheticGim({ seed: 7 });
    expect(again.train.contexts[17]!.samples).toEqual(syn.train.contexts[17]!.samples);
    expect(again.fullOod.contexts[3]!.features).toEqual(syn.fullOod.contexts[3]!.features);
    const other = generateSyntheticGim({ seed: 8 });
    expect(other.train.observational.samples[0]).not.toBe(syn.train.observational.samples[0]);
    // Changing the number of test types leaves the training split alone (independent streams).
    const fewer = generateSyntheticGim({ seed: 7, testTypes: 3 });
    expect(fewer.train.contexts[40]!.samples).toEqual(syn.train.contexts[40]!.samples);
  });

  it('encodes a categorical target class one-hot', () => {
    const s = generateSyntheticGim({
      seed: 3,
      genes: ['a', 'b', 'c', 'd'],
      trainTypes: 5,
      testTypes: 0,
      targetClasses: 3,
      hillRange: [2, 2],
    });
    expect(s.featureNames).toEqual([
      'dose',
      'z1',
      'z2',
      'z3',
      'z4',
      'ec50',
      'target_class=A',
      'target_class=B',
      'target_class=C',
    ]);
    for (const c of s.train.contexts) expect(c.features[6]! + c.features[7]! + c.features[8]!).toBe(1);
  });
});
