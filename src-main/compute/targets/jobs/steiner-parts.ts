/**
 * The parts of a targets.steiner job, each a pure function of its task params: the forest itself
 * (forest.ts, summarised as the result document's body), and blocks of robustness / specificity runs
 * (randomizations.ts) returned as selection counts, which main adds up (runs are independent: run r draws
 * from its own stream whichever chunk runs it, so the counts do not depend on how the runs were split).
 */
import type { ParsedTaskParams, SteinerForestOutput, SteinerRunsOutput } from '#shared/contracts/tasks.ts';
import type { SteinerEdge, SteinerNode, SteinerResult, SweepPoint } from '#shared/contracts/targets.ts';
import { hubPenalizedCosts, steinerForest, type SteinerParams } from '../steiner/forest.ts';
import type { Interactome } from '../steiner/interactome.ts';
import { genesByDegree, robustnessRun, specificityRun } from '../steiner/randomizations.ts';
import { sweepSetting } from '../steiner/sweep.ts';
import { computePrizes, loadInteractome, terminalsOn, type LoadedInteractome } from './steiner-inputs.ts';

type Params = ParsedTaskParams<'targets.steiner'>;
type Progress = (phase: string, fraction: number) => Promise<void>;

/** Unmatched prize genes listed in a result (the count is always complete). */
const MAX_LISTED_UNMATCHED = 1_000;

function hubCosts(loaded: LoadedInteractome, g: number): Float64Array {
  const { interactome, hub } = loaded;
  return hub ? hubPenalizedCosts(interactome, g, hub) : hubPenalizedCosts(interactome, g);
}

const solverParams = (p: Pick<Params, 'w' | 'b' | 'g' | 'pruning'>): SteinerParams => ({
  w: p.w,
  b: p.b,
  g: p.g,
  pruning: p.pruning,
});

/** The forest and its result-document body: nodes with flags, augmented edges, summary. */
export function forestPart(p: Params): SteinerForestOutput {
  const loaded = loadInteractome(p.interactome);
  const { interactome } = loaded;
  const prizes = computePrizes(p.prizes);
  const mapped = terminalsOn(interactome, prizes, p.caseInsensitive);
  const forest = steinerForest(interactome, mapped, solverParams(p), hubCosts(loaded, p.g));

  // Components numbered by size, largest first (ties: the one holding the smaller gene index).
  const sizes = new Array<number>(forest.componentCount).fill(0);
  for (const c of forest.component) sizes[c]!++;
  const order = sizes.map((_, c) => c).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
  const renumber = new Int32Array(forest.componentCount);
  order.forEach((c, k) => (renumber[c] = k));

  const degree = loaded.hub?.degree ?? interactome.degree;
  const nodes: SteinerNode[] = [...forest.nodes].map((v, i) => ({
    gene: interactome.genes[v]!,
    terminal: forest.isTerminal[i] === 1,
    prize: mapped.bare[v]!,
    degree: degree[v]!,
    component: renumber[forest.component[i]!]!,
    robustness: null,
    specificity: null,
  }));
  const inForest = new Set(forest.forestEdges);
  const edges: SteinerEdge[] = [...forest.augmentedEdges].map((e) => ({
    source: interactome.genes[interactome.edgeU[e]!]!,
    target: interactome.genes[interactome.edgeV[e]!]!,
    cost: interactome.cost[e]!,
    inForest: inForest.has(e),
    robustness: null,
  }));
  const summary: SteinerResult['summary'] = {
    nodes: nodes.length,
    edges: edges.length,
    components: forest.componentCount,
    terminalsKept: forest.terminalsKept,
    terminalsGiven: mapped.terminals.length,
    steinerNodes: nodes.length - forest.terminalsKept,
    trees: forest.treeCount,
    objective: forest.objective,
  };
  return {
    nodes,
    edges,
    summary,
    prizes: {
      description: prizes.description,
      unmatched: mapped.unmatched.slice(0, MAX_LISTED_UNMATCHED),
      unmatchedCount: mapped.unmatched.length,
    },
    interactome: { genes: interactome.genes.length, edges: interactome.cost.length },
    interactomeSha256: loaded.sha256,
    prizesSha256: prizes.sha256,
  };
}

/** A block [from, to) of robustness or specificity runs, as counts per gene and per forest edge. */
export async function runsPart(p: Params, onRun: Progress): Promise<SteinerRunsOutput> {
  const part = p.part;
  if (part.kind === 'forest') throw new Error('runsPart takes a robustness or specificity block');
  const loaded = loadInteractome(p.interactome);
  const { interactome } = loaded;
  const mapped = terminalsOn(interactome, computePrizes(p.prizes), p.caseInsensitive);
  const params = solverParams(p);
  const costs = hubCosts(loaded, p.g);
  const byDegree = part.kind === 'specificity' ? genesByDegree(interactome) : null;
  const geneCount = new Map<number, number>();
  const edgeCount = new Map<number, number>();
  const total = part.to - part.from;
  for (let r = part.from; r < part.to; r++) {
    const run =
      part.kind === 'robustness'
        ? robustnessRun(interactome, mapped, params, { noise: part.noise, seed: part.seed }, r, costs)
        : specificityRun(interactome, mapped, params, { seed: part.seed }, r, costs, byDegree!);
    for (const v of run.nodes) geneCount.set(v, (geneCount.get(v) ?? 0) + 1);
    for (const e of run.forestEdges) edgeCount.set(e, (edgeCount.get(e) ?? 0) + 1);
    // Yields to the event loop after every run, so a cancel lands within one forest.
    await onRun(
      part.kind === 'robustness' ? 'Noisy-edge runs' : 'Random-terminal runs',
      (r - part.from + 1) / total,
    );
  }
  return {
    kind: part.kind,
    runs: total,
    genes: [...geneCount].map(([v, c]) => [interactome.genes[v]!, c]),
    edges: [...edgeCount].map(([e, c]) => [edgeGene(interactome, e, 'u'), edgeGene(interactome, e, 'v'), c]),
  };
}

const edgeGene = (i: Interactome, e: number, end: 'u' | 'v'): string =>
  i.genes[(end === 'u' ? i.edgeU : i.edgeV)[e]!]!;

/** A block of sweep settings: one forest each, exactly sweepSetting's numbers. */
export async function sweepPart(
  p: ParsedTaskParams<'targets.sweep'>,
  onSetting: Progress,
): Promise<{ terminals: number; points: SweepPoint[] }> {
  const loaded = loadInteractome(p.interactome);
  const { interactome } = loaded;
  const mapped = terminalsOn(interactome, computePrizes(p.prizes), p.caseInsensitive);
  const costsByG = new Map<number, Float64Array>();
  const out: SweepPoint[] = [];
  for (const s of p.settings) {
    let costs = costsByG.get(s.g);
    if (!costs) costsByG.set(s.g, (costs = hubCosts(loaded, s.g)));
    out.push(sweepSetting(interactome, mapped, s, { pruning: p.pruning, costs }));
    await onSetting('Steiner forests over the grid', out.length / p.settings.length);
  }
  return { terminals: mapped.terminals.length, points: out };
}

/** Adds the randomisation counts to the forest's nodes and edges (frequencies over all runs). */
export function withRandomisations(
  forest: SteinerForestOutput,
  blocks: readonly SteinerRunsOutput[],
): Pick<SteinerResult, 'nodes' | 'edges'> {
  const freq = (kind: SteinerRunsOutput['kind']) => {
    const mine = blocks.filter((b) => b.kind === kind);
    const runs = mine.reduce((s, b) => s + b.runs, 0);
    if (runs === 0) return null;
    const genes = new Map<string, number>();
    const edges = new Map<string, number>();
    for (const b of mine) {
      for (const [g, c] of b.genes) genes.set(g, (genes.get(g) ?? 0) + c);
      for (const [u, v, c] of b.edges) edges.set(edgeKey(u, v), (edges.get(edgeKey(u, v)) ?? 0) + c);
    }
    return { runs, genes, edges };
  };
  const rob = freq('robustness');
  const spec = freq('specificity');
  return {
    nodes: forest.nodes.map((n) => ({
      ...n,
      robustness: rob ? (rob.genes.get(n.gene) ?? 0) / rob.runs : null,
      specificity: spec ? (spec.genes.get(n.gene) ?? 0) / spec.runs : null,
    })),
    edges: forest.edges.map((e) => ({
      ...e,
      robustness: rob ? (rob.edges.get(edgeKey(e.source, e.target)) ?? 0) / rob.runs : null,
    })),
  };
}

const edgeKey = (a: string, b: string): string => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
