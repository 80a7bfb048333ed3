import { describe, expect, it } from 'vitest';
import { applyEdits, orient, removeRegulation, reverse, setConstraint, setTiers } from './edits.ts';
import { createNetwork, type GeneRegulatoryNetwork, type Regulation } from './network.ts';
import { diffVersions, pairLabel } from './version-diff.ts';

const reg = (source: string, target: string, directed: boolean, stability?: number): Regulation => ({
  source,
  target,
  directed,
  evidence: stability === undefined ? {} : { stability },
  attributes: {},
});
const GENES = ['RAF', 'MEK', 'ERK', 'PKA', 'PKC', 'AKT', 'P38'];
const net = (regs: Regulation[]): GeneRegulatoryNetwork =>
  createNetwork(
    GENES.map((g) => [g, {}] as const),
    regs,
  );

describe('diffVersions', () => {
  const a = net([
    reg('RAF', 'MEK', true, 0.9),
    reg('MEK', 'ERK', false, 0.8),
    reg('PKA', 'PKC', true, 0.7),
    reg('PKC', 'AKT', true, 0.6),
    reg('AKT', 'PKC', true, 0.6),
    reg('P38', 'PKA', true, 0.5),
  ]);

  it('is empty between a network and itself', () => {
    const d = diffVersions(a, a);
    expect(d.regulations).toEqual([]);
    expect(d.counts).toMatchObject({ added: 0, removed: 0, reversed: 0, reoriented: 0, reweighted: 0 });
    expect(d.tiers).toBeNull();
  });

  it('puts reversed arcs in their own class, apart from re-orientation, additions and removals', () => {
    const b = net([
      reg('MEK', 'RAF', true, 0.9), // reversed
      reg('MEK', 'ERK', true, 0.8), // undirected → directed: re-oriented
      reg('PKA', 'PKC', true, 0.4), // re-weighted
      reg('PKC', 'AKT', true, 0.6), // feedback loop → one arc: re-oriented
      reg('ERK', 'AKT', false), // added
      // P38 → PKA removed
    ]);
    const d = diffVersions(a, b);
    expect(d.regulations.map((r) => [r.kind, r.genes.join(' '), pairLabel(r.a), pairLabel(r.b)])).toEqual([
      ['added', 'AKT ERK', '', 'AKT—ERK'],
      ['removed', 'P38 PKA', 'P38→PKA', ''],
      ['reversed', 'MEK RAF', 'RAF→MEK', 'MEK→RAF'],
      ['reoriented', 'AKT PKC', 'AKT⇄PKC', 'PKC→AKT'],
      ['reoriented', 'ERK MEK', 'ERK—MEK', 'MEK→ERK'],
      ['reweighted', 'PKA PKC', 'PKA→PKC', 'PKA→PKC'],
    ]);
    expect(d.regulations.find((r) => r.kind === 'reweighted')).toMatchObject({
      stabilityA: 0.7,
      stabilityB: 0.4,
    });
    expect(d.counts).toMatchObject({ added: 1, removed: 1, reversed: 1, reoriented: 2, reweighted: 1 });
    // B against A is the mirror image: additions and removals swap, the rest stays.
    expect(diffVersions(b, a).counts).toMatchObject({ added: 1, removed: 1, reversed: 1, reoriented: 2 });
  });

  it('agrees with edit operations: a reverse is "reversed", an un-orient "reoriented"', () => {
    const ops = [reverse(a, 'P38→PKA')];
    const b = applyEdits(a, ops);
    const c = applyEdits(b, [orient(b, 'RAF→MEK', null), removeRegulation(b, 'ERK—MEK')]);
    expect(diffVersions(a, b).regulations.map((r) => r.kind)).toEqual(['reversed']);
    expect(diffVersions(b, c).regulations.map((r) => r.kind)).toEqual(['removed', 'reoriented']);
  });

  it('lists knowledge changes by list and the tiers when they differ', () => {
    const ops = [
      setConstraint(a, 'arc', ['RAF', 'ERK'], 'forbidden'),
      setConstraint(a, 'adjacency', ['PKC', 'AKT'], 'required'),
    ];
    const b = applyEdits(a, ops);
    const c = applyEdits(b, [
      setConstraint(b, 'arc', ['RAF', 'ERK'], 'required'),
      setTiers(b, [['RAF'], ['MEK', 'ERK']]),
    ]);
    expect(diffVersions(a, b).knowledge).toEqual([
      { list: 'requiredAdjacencies', change: 'added', pair: ['AKT', 'PKC'] },
      { list: 'forbiddenArcs', change: 'added', pair: ['RAF', 'ERK'] },
    ]);
    const d = diffVersions(b, c);
    expect(d.knowledge).toEqual([
      { list: 'forbiddenArcs', change: 'removed', pair: ['RAF', 'ERK'] },
      { list: 'requiredArcs', change: 'added', pair: ['RAF', 'ERK'] },
    ]);
    expect(d.tiers).toEqual({ a: [], b: [['RAF'], ['MEK', 'ERK']] });
    expect(d.counts).toMatchObject({ knowledge: 2, tiers: 1 });
  });
});
