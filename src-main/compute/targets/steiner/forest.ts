/**
 * The prize-collecting Steiner forest of an interactome as OmicsIntegrator2 builds it (Tuncbag et al.
 * 2016, PLoS Comput Biol 12:e1004879; method, reference run and differences in docs/steiner-forest.md):
 *
 *  - prizes b·p(v) on the terminal genes;
 *  - hub penalty on every edge: c'(u,v) = c(u,v) + 10^g · d_u d_v / ((N−d_u−1)(N−d_v−1) + d_u d_v),
 *    so paths through promiscuous hubs (UBC, APP, SUMO2 …) cost more;
 *  - a dummy root joined to every terminal at cost w; the rooted PCST on this graph is a forest once the
 *    root is removed, and w is the price of opening one more tree;
 *  - solved by GW growth with strong pruning (pcst.ts), then the "augmented forest": every interactome
 *    edge among the selected genes, not only the tree edges.
 */
import type { Interactome } from './interactome.ts';
import { solvePcst, type PcstInstance, type PruningMethod } from './pcst.ts';
import type { MappedPrizes } from './prizes.ts';

export interface SteinerParams {
  /** Cost of the dummy edges (price of one more tree). Reference covid setting: 1.4. */
  w: number;
  /** Prize scale. Reference: 40. */
  b: number;
  /** Hub-penalty exponent (penalty scale 10^g). Reference: 0. */
  g: number;
  /** Default 'strong', as OmicsIntegrator2. */
  pruning?: PruningMethod;
  /** Genes joined to the dummy root: terminals (default, as OmicsIntegrator2), the others, or all. */
  dummyMode?: 'terminals' | 'other' | 'all';
}

export interface SteinerForest {
  /** Selected genes (interactome indices), ascending. */
  nodes: Int32Array;
  /** Per selected gene: 1 if a terminal (had a prize), 0 if a Steiner node brought in to connect. */
  isTerminal: Uint8Array;
  /** Per selected gene: its connected component in the augmented forest (0 … componentCount−1). */
  component: Int32Array;
  componentCount: number;
  /** Interactome edges chosen by the PCST (the forest itself). */
  forestEdges: Int32Array;
  /** Every interactome edge with both ends selected (the network the paper reports). */
  augmentedEdges: Int32Array;
  terminalsKept: number;
  /** Trees of the forest (= dummy edges used). */
  treeCount: number;
  /**
   * The objective the solver minimises: b·prizes left out + hub-penalised costs of the forest edges
   * + w · trees. (OmicsIntegrator2's pcsf_objective_value sums raw costs and unscaled prizes instead.)
   */
  objective: number;
}

/**
 * Degrees and gene count the hub penalty is computed from, when the interactome at hand is a slice of a
 * larger one (the penalty of a hub is a property of the whole interactome, not of the slice).
 */
export interface HubDegreeSource {
  /** Degree in the whole interactome, per gene of the slice. */
  degree: Int32Array;
  /** Number of genes of the whole interactome. */
  n: number;
}

/** Edge costs with the OmicsIntegrator2 hub penalty of exponent g (g = −∞: no penalty). */
export function hubPenalizedCosts(
  interactome: Interactome,
  g: number,
  source: HubDegreeSource = { degree: interactome.degree, n: interactome.genes.length },
): Float64Array {
  const { edgeU, edgeV, cost } = interactome;
  const { degree, n } = source;
  const scale = 10 ** g;
  const out = new Float64Array(cost.length);
  for (let e = 0; e < cost.length; e++) {
    const du = degree[edgeU[e]!]!;
    const dv = degree[edgeV[e]!]!;
    const both = du * dv;
    out[e] = cost[e]! + (scale * both) / ((n - du - 1) * (n - dv - 1) + both);
  }
  return out;
}

/** The rooted PCST instance: interactome genes 0 … N−1, the dummy root N, dummy edges after the real ones. */
export function buildPcstInstance(
  interactome: Interactome,
  prizes: Pick<MappedPrizes, 'bare' | 'terminals'>,
  params: SteinerParams,
  costs: Float64Array = hubPenalizedCosts(interactome, params.g),
): PcstInstance {
  const n = interactome.genes.length;
  const m = interactome.cost.length;
  const mode = params.dummyMode ?? 'terminals';
  let endpoints: Int32Array;
  if (mode === 'terminals') endpoints = prizes.terminals;
  else {
    const isTerminal = new Uint8Array(n);
    for (const t of prizes.terminals) isTerminal[t] = 1;
    const list: number[] = [];
    for (let v = 0; v < n; v++) if (mode === 'all' || !isTerminal[v]) list.push(v);
    endpoints = Int32Array.from(list);
  }
  const k = endpoints.length;
  const edgeU = new Int32Array(m + k);
  const edgeV = new Int32Array(m + k);
  const cost = new Float64Array(m + k);
  edgeU.set(interactome.edgeU);
  edgeV.set(interactome.edgeV);
  cost.set(costs);
  for (let i = 0; i < k; i++) {
    edgeU[m + i] = n;
    edgeV[m + i] = endpoints[i]!;
    cost[m + i] = params.w;
  }
  const prize = new Float64Array(n + 1);
  for (let v = 0; v < n; v++) prize[v] = prizes.bare[v]! * params.b;
  return { edgeU, edgeV, cost, prize, root: n };
}

/** One Steiner forest: PCST on the OmicsIntegrator2 construction, then the augmented forest. */
export function steinerForest(
  interactome: Interactome,
  prizes: Pick<MappedPrizes, 'bare' | 'terminals'>,
  params: SteinerParams,
  costs?: Float64Array,
): SteinerForest {
  const inst = buildPcstInstance(interactome, prizes, params, costs);
  const sol = solvePcst(inst, params.pruning ?? 'strong');
  const n = interactome.genes.length;
  const m = interactome.cost.length;
  const nodes = sol.vertices.filter((v) => v !== n);
  const forestEdges = sol.edges.filter((e) => e < m);
  const treeCount = sol.edges.length - forestEdges.length;

  const isTerminalGene = new Uint8Array(n);
  for (const t of prizes.terminals) isTerminalGene[t] = 1;
  const isTerminal = new Uint8Array(nodes.length);
  let terminalsKept = 0;
  const slot = new Int32Array(n).fill(-1);
  nodes.forEach((v, i) => {
    slot[v] = i;
    isTerminal[i] = isTerminalGene[v]!;
    terminalsKept += isTerminalGene[v]!;
  });

  const augmented: number[] = [];
  for (const v of nodes) {
    for (let k = interactome.adjStart[v]!; k < interactome.adjStart[v + 1]!; k++) {
      const u = interactome.adjNeighbour[k]!;
      const e = interactome.adjEdge[k]!;
      // A self-loop sits twice, side by side, in its gene's list: take it once.
      if ((u > v && slot[u]! >= 0) || (u === v && interactome.adjEdge[k - 1] !== e)) augmented.push(e);
    }
  }
  augmented.sort((a, b) => a - b);
  const augmentedEdges = Int32Array.from(augmented);
  const { component, componentCount } = components(interactome, nodes.length, slot, augmentedEdges);

  let objective = treeCount * params.w;
  for (let v = 0; v < n; v++) if (slot[v]! < 0) objective += inst.prize[v]!;
  for (const e of forestEdges) objective += inst.cost[e]!;
  return {
    nodes,
    isTerminal,
    component,
    componentCount,
    forestEdges,
    augmentedEdges,
    terminalsKept,
    treeCount,
    objective,
  };
}

function components(
  interactome: Interactome,
  count: number,
  slot: Int32Array,
  edges: Int32Array,
): { component: Int32Array; componentCount: number } {
  const parent = new Int32Array(count);
  for (let i = 0; i < count; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  for (const e of edges) {
    const a = find(slot[interactome.edgeU[e]!]!);
    const b = find(slot[interactome.edgeV[e]!]!);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  }
  const label = new Int32Array(count).fill(-1);
  const component = new Int32Array(count);
  let componentCount = 0;
  for (let i = 0; i < count; i++) {
    const r = find(i);
    if (label[r]! < 0) label[r] = componentCount++;
    component[i] = label[r]!;
  }
  return { component, componentCount };
}
