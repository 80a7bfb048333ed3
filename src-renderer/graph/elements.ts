import type { ElementDefinition } from 'cytoscape';
import { nodeColour, type ColourScale } from './network-mapper.ts';
import type { Regulation } from '@shared/domain/grn/network.ts';
import type { EdgeMembership, ViewGraph } from './view-model.ts';

/**
 * Cytoscape elements for a view graph, and how much detail to draw. Level of detail (measured in
 * bench/network-view.ts): above HAYSTACK_EDGES edges, edges are haystack lines (no arrows, no
 * per-edge geometry; focused edges get straight lines and arrows back), the viewport is a texture
 * while panning, and labels are drawn only once zoomed in far enough to read them.
 */
export const HAYSTACK_EDGES = 3_000;
export const LARGE_NODES = 800;

export interface DetailLevel {
  haystack: boolean;
  textureOnViewport: boolean;
  hideEdgesOnViewport: boolean;
  /** Labels smaller than this on screen (px) are not drawn. */
  minZoomedFontSize: number;
}

export function detailLevel(nNodes: number, nEdges: number): DetailLevel {
  const large = nNodes > LARGE_NODES || nEdges > HAYSTACK_EDGES;
  return {
    haystack: nEdges > HAYSTACK_EDGES,
    textureOnViewport: large,
    hideEdgesOnViewport: nEdges > 2 * HAYSTACK_EDGES,
    minZoomedFontSize: large ? 10 : 6,
  };
}

export function nodeElement(
  id: string,
  attributes: Readonly<Record<string, unknown>>,
  scale: ColourScale | null,
): ElementDefinition {
  const colour = nodeColour(attributes, scale);
  return { group: 'nodes', data: colour === null ? { id, label: id } : { id, label: id, colour } };
}

/** Edges without a stability score are drawn at full strength (s = 1). */
export function edgeElement(id: string, r: Regulation, membership?: EdgeMembership): ElementDefinition {
  return {
    group: 'edges',
    data: { id, source: r.source, target: r.target, s: r.evidence.stability ?? 1 },
    classes: `${r.directed ? 'directed' : 'undirected'}${membership ? ` in-${membership}` : ''}`,
  };
}

export function viewElements(g: ViewGraph, scale: ColourScale | null): ElementDefinition[] {
  const out: ElementDefinition[] = [];
  for (const [id, attributes] of g.network.genes) out.push(nodeElement(id, attributes, scale));
  for (const [id, r] of g.network.regulations) out.push(edgeElement(id, r, g.membership?.get(id)));
  return out;
}
