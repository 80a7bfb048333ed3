import { describe, expect, it } from 'vitest';
import type { DiscoveredGraph } from '../discovered-graph.ts';
import { fromDiscoveredGraph, fromNetworkGraph } from './from-documents.ts';
import { hasStability } from './network.ts';

const doc: DiscoveredGraph = {
  nodes: ['A', 'B', 'C', 'D'],
  edges: [
    {
      source: 'A',
      target: 'B',
      directed: true,
      stability: 0.9,
      evidence: { ciPValue: 1e-6, orientedByIntervention: true, arcStability: 0.8 },
    },
    { source: 'C', target: 'B', directed: false, stability: 0.35 },
    { source: 'B', target: 'C', directed: true }, // contradicts B — C: dropped
    { source: 'C', target: 'Z', directed: true }, // Z is not a gene of the result: dropped
  ],
  algorithm: 'gsp',
  ciTest: 'gaussian',
  params: {},
  seed: 1,
  dataHash: 'a'.repeat(64),
  elapsedMs: 5,
};

describe('documents → network model', () => {
  it('reads a discovery result with its evidence, dropping contradictions and unknown genes', () => {
    const net = fromDiscoveredGraph(doc);
    expect([...net.genes.keys()]).toEqual(['A', 'B', 'C', 'D']);
    expect([...net.regulations.keys()]).toEqual(['A→B', 'B—C']);
    expect(net.regulations.get('A→B')!.evidence).toEqual({
      stability: 0.9,
      arcStability: 0.8,
      ciPValue: 1e-6,
      orientedByIntervention: true,
    });
    expect(hasStability(net)).toBe(true);
    expect(net.knowledge.forbiddenArcs).toEqual([]);
  });

  it('carries gene-named background knowledge when the result has it', () => {
    const withKnowledge = {
      ...doc,
      knowledge: {
        forbiddenArcs: [['B', 'A']] as [string, string][],
        forbiddenAdjacencies: [
          ['D', 'C'],
          ['B', 'A'],
          ['C', 'D'],
        ] as [string, string][],
        tiers: [['A'], ['B', 'C']],
      },
    };
    const net = fromDiscoveredGraph(withKnowledge);
    expect(net.knowledge.forbiddenArcs).toEqual([['B', 'A']]);
    // canonical: pairs in gene order, sorted, once each (so edits and their inverses compare equal)
    expect(net.knowledge.forbiddenAdjacencies).toEqual([
      ['A', 'B'],
      ['C', 'D'],
    ]);
    expect(net.knowledge.tiers).toEqual([['A'], ['B', 'C']]);
  });

  it('reads a project network, keeping feedback loops and reading a stability column', () => {
    const net = fromNetworkGraph({
      nodes: [
        { id: 'TP53', attributes: { log2FC: 1 } },
        { id: 'MDM2', attributes: {} },
      ],
      edges: [
        {
          source: 'TP53',
          target: 'MDM2',
          directed: true,
          attributes: { stability: 0.7, type: 'activation' },
        },
        { source: 'MDM2', target: 'TP53', directed: true, attributes: { stability: 3 } },
        { source: 'TP53', target: 'MDM2', directed: true, attributes: {} }, // repeated pair
      ],
    });
    expect([...net.regulations.keys()]).toEqual(['TP53→MDM2', 'MDM2→TP53']);
    expect(net.regulations.get('TP53→MDM2')!.evidence).toEqual({ stability: 0.7 });
    expect(net.regulations.get('TP53→MDM2')!.attributes['type']).toBe('activation');
    expect(net.regulations.get('MDM2→TP53')!.evidence).toEqual({}); // 3 is not a frequency
    expect(net.genes.get('TP53')).toEqual({ log2FC: 1 });
  });
});
