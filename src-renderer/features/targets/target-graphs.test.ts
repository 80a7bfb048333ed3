import { describe, expect, it } from 'vitest';
import type { SteinerResult, TargetRankingResult, TargetRow } from '@shared/contracts/targets.ts';
import {
  causalGraph,
  drugsText,
  frequencyText,
  geneMarks,
  randomisationSummary,
  spreadText,
  steinerGraph,
} from './target-graphs.ts';

const row = (gene: string, drugs: [string, number | null][]): TargetRow => ({
  rank: 1,
  gene,
  annotations: {},
  drugs: drugs.map(([drug, affinity]) => ({
    drug,
    drugId: drug,
    action: 'INHIBITOR',
    affinity,
    affinityType: null,
  })),
  reach: [],
  reachSize: 0,
  pathStability: 0,
  reversal: { mean: 0.5, sd: 0.1 },
  rightWay: { mean: 1, sd: 0 },
  wrongWay: { mean: 0, sd: 0 },
  reachFrequency: 0,
  paths: [],
  shifts: [],
});

describe('steinerGraph', () => {
  it('draws interactome edges undirected, with robustness as strength when measured', () => {
    const doc = {
      nodes: [
        { gene: 'A', terminal: true, prize: 2, degree: 3, component: 0, robustness: null, specificity: null },
        { gene: 'B', terminal: false, prize: 0, degree: 9, component: 0, robustness: 0.8, specificity: 0.1 },
      ],
      edges: [{ source: 'A', target: 'B', cost: 0.5, inForest: true, robustness: null }],
    } as unknown as SteinerResult;
    const g = steinerGraph('s', doc);
    expect([...g.network.genes.keys()]).toEqual(['A', 'B']);
    expect(g.network.genes.get('B')).toMatchObject({ terminal: false, robustness: 0.8 });
    const [r] = [...g.network.regulations.values()];
    expect(r).toMatchObject({ directed: false, evidence: {} });
  });
});

describe('causalGraph', () => {
  it('keeps the more stable direction of a pair whose both arcs passed', () => {
    const doc = {
      graph: {
        genes: ['A', 'B', 'C'],
        arcs: [
          { source: 'B', target: 'A', stability: 0.4 },
          { source: 'A', target: 'B', stability: 0.7 },
          { source: 'B', target: 'C', stability: 0.5 },
        ],
      },
    } as unknown as TargetRankingResult;
    const regs = [...causalGraph('c', doc).network.regulations.values()];
    expect(regs.map((r) => `${r.source}>${r.target}`).sort()).toEqual(['A>B', 'B>C']);
  });
});

describe('geneMarks and texts', () => {
  it('marks terminals and the genes a drug hits', () => {
    const m = geneMarks(['A', 'B', 'C'], new Set(['A']), [row('B', [['x', 6]]), row('C', [])]);
    expect(Object.fromEntries(m)).toEqual({
      A: { terminal: true, druggable: false },
      B: { terminal: false, druggable: true },
      C: { terminal: false, druggable: false },
    });
  });

  it('marks drug targets from the table read before any ranking, and from a ranking', () => {
    const m = geneMarks(['A', 'B', 'C'], new Set(), [row('B', [['x', 6]])], ['C']);
    expect([...m].filter(([, k]) => k.druggable).map(([g]) => g)).toEqual(['B', 'C']);
  });

  it('lists drugs strongest first with their pAct, and how many more there are', () => {
    expect(
      drugsText(
        row('B', [
          ['a', 7.25],
          ['b', null],
          ['c', 5],
          ['d', 5],
        ]),
      ),
    ).toBe('a (7.3), b, c (5.0) +1');
    expect(spreadText({ mean: 0.4213, sd: 0.1 })).toBe('0.42 ± 0.10');
  });
});

describe('randomisationSummary', () => {
  const node = (gene: string, robustness: number | null, specificity: number | null) => ({
    gene,
    terminal: false,
    prize: 0,
    degree: 1,
    component: 0,
    robustness,
    specificity,
  });
  const doc = (robust: boolean, specific: boolean) =>
    ({
      params: {
        w: 1,
        b: 1,
        g: 0,
        pruning: 'strong',
        robustness: robust ? { runs: 4, noise: 0.1, seed: 1 } : null,
        specificity: specific ? { runs: 8, seed: 1 } : null,
      },
      nodes: [node('A', 1, 0.125), node('B', 0.25, 1), node('C', 0.5, 0.5)],
    }) as unknown as SteinerResult;

  it('counts genes back in at least half the noisy runs, weakest first, and the least specific genes', () => {
    const s = randomisationSummary(doc(true, true), 2)!;
    expect(s.robustness).toEqual({
      runs: 4,
      noise: 0.1,
      stable: 2,
      genes: 3,
      weakest: [
        { gene: 'B', value: 0.25 },
        { gene: 'C', value: 0.5 },
      ],
    });
    expect(frequencyText(s.specificity!.leastSpecific)).toBe('B 1.00, C 0.50');
    expect(randomisationSummary(doc(false, true))!.robustness).toBeNull();
    expect(randomisationSummary(doc(false, false))).toBeNull();
  });
});
