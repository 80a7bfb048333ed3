/**
 * Stored documents → the network model. The discovery result (discovered-graph.ts) and a project
 * network (network.ts) keep their own file formats; the app reasons only about the model.
 */
import type { DiscoveredEdge, DiscoveredGraph } from '../discovered-graph.ts';
import type { NetworkGraph } from '../network.ts';
import {
  createNetwork,
  GeneKnowledge,
  NO_KNOWLEDGE,
  type GeneRegulatoryNetwork,
  type Regulation,
  type RegulationEvidence,
} from './network.ts';

function discoveredEvidence(e: DiscoveredEdge): RegulationEvidence {
  const ev = e.evidence;
  return {
    ...(e.stability !== undefined ? { stability: e.stability } : {}),
    ...(ev?.arcStability !== undefined ? { arcStability: ev.arcStability } : {}),
    ...(ev ? { ciPValue: ev.ciPValue, orientedByIntervention: ev.orientedByIntervention } : {}),
    ...(ev?.invariance ? { invariance: ev.invariance } : {}),
  };
}

/**
 * A discovery result. Its background knowledge, when the document carries one under `knowledge` in
 * the gene-named shape of GeneKnowledge, comes along; anything else there is ignored rather than
 * guessed at.
 */
export function fromDiscoveredGraph(doc: DiscoveredGraph): GeneRegulatoryNetwork {
  const stored = GeneKnowledge.safeParse((doc as { knowledge?: unknown }).knowledge);
  return createNetwork(
    doc.nodes.map((g) => [g, {}] as const),
    doc.edges.map((e): Regulation => ({
      source: e.source,
      target: e.target,
      directed: e.directed,
      evidence: discoveredEvidence(e),
      attributes: {},
    })),
    stored.success ? stored.data : NO_KNOWLEDGE,
  );
}

/** A project network (PPI, imported GRN): a numeric `stability` column in [0, 1] is read as evidence. */
export function fromNetworkGraph(g: NetworkGraph): GeneRegulatoryNetwork {
  return createNetwork(
    g.nodes.map((n) => [n.id, n.attributes] as const),
    g.edges.map((e): Regulation => {
      const s = e.attributes['stability'];
      return {
        source: e.source,
        target: e.target,
        directed: e.directed,
        evidence: typeof s === 'number' && s >= 0 && s <= 1 ? { stability: s } : {},
        attributes: e.attributes,
      };
    }),
  );
}
