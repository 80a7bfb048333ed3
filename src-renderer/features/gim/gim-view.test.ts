import { describe, expect, it } from 'vitest';
import { effectPath } from './effect-path.ts';
import { blankForm, describeRange, formFromRow, parseFeatures, type FeatureField } from './feature-form.ts';
import { validationVerdict } from './gim-labels.ts';

const FIELDS: FeatureField[] = [
  { name: 'dose', kind: 'numeric', min: 0.1, max: 10 },
  { name: 'class', kind: 'categorical', levels: ['kinase', 'hdac'] },
];

describe('feature form', () => {
  it('parses numbers and levels, and warns (but allows) a value outside the training range', () => {
    expect(blankForm(FIELDS)).toEqual({ dose: '', class: 'kinase' });
    expect(describeRange(FIELDS[0]!)).toBe('trained on 0.1 – 10');
    const ok = parseFeatures(FIELDS, { dose: ' 2.5 ', class: 'hdac' });
    expect(ok.values).toEqual({ dose: 2.5, class: 'hdac' });
    expect(ok.warnings).toEqual([]);
    const far = parseFeatures(FIELDS, { dose: '20', class: 'kinase' });
    expect(far.values).toEqual({ dose: 20, class: 'kinase' });
    expect(far.warnings).toHaveLength(1);
    expect(far.warnings[0]!.message).toContain('outside the training range');
    // At the edge of the range is inside it.
    expect(parseFeatures(FIELDS, { dose: '10', class: 'kinase' }).warnings).toEqual([]);
  });

  it('names the field of every error and gives no values', () => {
    const bad = parseFeatures(FIELDS, { dose: 'abc', class: 'statin' });
    expect(bad.values).toBeNull();
    expect(bad.errors.map((e) => e.field)).toEqual(['dose', 'class']);
    expect(bad.errors[0]!.message).toBe('dose: “abc” is not a number.');
    expect(parseFeatures(FIELDS, { class: 'hdac' }).errors[0]!.message).toBe('dose: enter a number.');
  });

  it('fills the form from a feature-table row', () => {
    expect(formFromRow(FIELDS, { context: 'c1', values: { dose: 3, class: 'hdac' } })).toEqual({
      dose: '3',
      class: 'hdac',
    });
    expect(formFromRow(FIELDS, { context: 'c1', values: {} }).dose).toBe('');
  });
});

describe('effect path', () => {
  const ARCS = [
    { from: 'A', to: 'B' },
    { from: 'B', to: 'C' },
    { from: 'A', to: 'C' },
    { from: 'D', to: 'A' },
    { from: 'E', to: 'F' },
  ];

  it('starts at the targets over the threshold and keeps every downstream arc, by shortest depth', () => {
    const p = effectPath(
      [
        { gene: 'A', probability: 0.9 },
        { gene: 'E', probability: 0.2 },
      ],
      ARCS,
      { threshold: 0.5 },
    );
    expect(p.nodes.map((n) => [n.gene, n.depth])).toEqual([
      ['A', 0],
      ['B', 1],
      ['C', 1],
    ]);
    expect(p.nodes[0]!.probability).toBe(0.9);
    // D is upstream, E under the threshold: neither is on the path.
    expect(p.arcs.map((a) => `${a.from}>${a.to}`).sort()).toEqual(['A>B', 'A>C', 'B>C']);
    expect(p.hidden).toBe(0);
    // Columns by depth: B and C share the second column.
    expect(p.nodes[1]!.x).toBe(p.nodes[2]!.x);
    expect(p.nodes[1]!.y).not.toBe(p.nodes[2]!.y);
  });

  it('caps the drawn genes and counts the rest', () => {
    const chain = Array.from({ length: 9 }, (_, i) => ({ from: `g${i}`, to: `g${i + 1}` }));
    const p = effectPath([{ gene: 'g0', probability: 1 }], chain, { threshold: 0.5, maxNodes: 4 });
    expect(p.nodes).toHaveLength(4);
    expect(p.hidden).toBe(6);
    expect(p.arcs).toHaveLength(3);
  });

  it('is empty when no gene reaches the threshold', () => {
    expect(effectPath([{ gene: 'A', probability: 0.1 }], ARCS, { threshold: 0.5 }).nodes).toEqual([]);
  });
});

describe('validation verdict', () => {
  const row = (method: string, meanError: number | null) => ({ method, meanError, energyDistance: null });
  it('trusts GIM only when it beats "no change", and says when another method does better', () => {
    const good = validationVerdict([row('gim', 0.2), row('no-change', 0.5), row('mlp', 0.3)]);
    expect(good.trust).toBe(true);
    expect(good.text).toContain('and the best other method, MLP (features → mean shift) (0.300)');
    const beaten = validationVerdict([row('gim', 0.4), row('no-change', 0.5), row('mlp', 0.3)]);
    expect(beaten.trust).toBe(true);
    expect(beaten.text).toContain('MLP (features → mean shift) does better (0.300)');
    const bad = validationVerdict([row('gim', 0.6), row('no-change', 0.5)]);
    expect(bad.trust).toBe(false);
    expect(bad.text).toContain('does not beat “no change”');
    expect(validationVerdict([row('gim', null), row('no-change', 0.5)]).trust).toBe(false);
  });
});
