import type { DiscoveredGraph } from '@shared/domain/discovered-graph.ts';

/** A small discovered graph: one arc oriented by an intervention, one undirected edge, one weak arc. */
export const discovered: DiscoveredGraph = {
  nodes: ['A', 'B', 'C', 'D'],
  edges: [
    {
      source: 'A',
      target: 'B',
      directed: true,
      stability: 0.9,
      evidence: { ciPValue: 1e-6, orientedByIntervention: true, arcStability: 0.8 },
    },
    {
      source: 'B',
      target: 'C',
      directed: false,
      stability: 0.35,
      evidence: { ciPValue: null, orientedByIntervention: false },
    },
    { source: 'C', target: 'D', directed: true, stability: 0.1 },
  ],
  algorithm: 'gsp',
  ciTest: 'gaussian',
  params: { alpha: 0.01 },
  seed: 1,
  dataHash: 'a'.repeat(64),
  elapsedMs: 5,
};
