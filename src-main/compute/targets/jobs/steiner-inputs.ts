/**
 * What a Steiner task reads: the interactome (a project network file, NetworkGraph JSON) and the prizes
 * (a project signature column after the cuts of prizes.ts, or an inline table). Every chunk of a job
 * reads them itself, so only paths and small numbers cross IPC.
 */
import { createHash } from 'node:crypto';
import type { PrizePreview } from '#shared/contracts/targets.ts';
import type { ParsedTaskParams } from '#shared/contracts/tasks.ts';
import { NetworkGraph } from '#shared/domain/network.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { readMatrixArrow } from '../../io/arrow-matrix.ts';
import { readNetworkText } from '../../io/network-file.ts';
import type { HubDegreeSource } from '../steiner/forest.ts';
import { interactomeFromRows, type Interactome } from '../steiner/interactome.ts';
import { mapPrizes, prizesFromSignature, type MappedPrizes, type PrizeEntry } from '../steiner/prizes.ts';

type SteinerParams = ParsedTaskParams<'targets.steiner'>;
export type InteractomeInput = SteinerParams['interactome'];
export type PrizesInput = SteinerParams['prizes'];

export interface LoadedInteractome {
  interactome: Interactome;
  /** Whole-interactome degrees for the hub penalty (a slice's node attribute), or null: its own. */
  hub: HubDegreeSource | null;
  sha256: string;
  /** Node attributes of the project network (terminal flags, SARS-CoV-2 interactors …). */
  attributes: Map<string, Record<string, string | number | boolean | null>>;
}

const sha256 = (bytes: string | Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * The interactome of a project network: edges in file order (so gene indices, and with them the
 * solver's tie-breaking, follow OmicsIntegrator2's factorize order), cost from the `cost` edge attribute
 * (1 when absent, an unweighted network).
 */
export function loadInteractome(input: InteractomeInput): LoadedInteractome {
  let text: string;
  try {
    text = readNetworkText(input.path);
  } catch (e) {
    if (e instanceof CausewayError && e.code !== 'E_NOT_FOUND') throw e;
    throw new CausewayError('E_NOT_FOUND', `The interactome file ${input.path} is missing.`);
  }
  let graph: NetworkGraph;
  try {
    graph = NetworkGraph.parse(JSON.parse(text));
  } catch {
    throw new CausewayError('E_CORRUPT_PROJECT', `The interactome file ${input.path} is damaged.`);
  }
  if (graph.edges.length === 0) {
    throw new CausewayError('E_INVALID_INPUT', 'The interactome has no edges.');
  }
  const rows = graph.edges.map((e, i) => {
    const c = e.attributes['cost'];
    const cost = c === undefined || c === null ? 1 : Number(c);
    if (!Number.isFinite(cost) || cost < 0) {
      throw new CausewayError(
        'E_INVALID_INPUT',
        `Interactome edge ${i + 1} (${e.source}–${e.target}) has cost "${String(c)}"; costs must be numbers ≥ 0.`,
      );
    }
    return { protein1: e.source, protein2: e.target, cost };
  });
  const interactome = interactomeFromRows(rows);
  const attributes = new Map(graph.nodes.map((n) => [n.id, n.attributes] as const));
  let hub: HubDegreeSource | null = null;
  if (input.hubDegree) {
    const { attribute, genes } = input.hubDegree;
    const degree = Int32Array.from(interactome.genes, (g, i) => {
      const d = Number(attributes.get(g)?.[attribute]);
      return Number.isFinite(d) && d >= 0 ? d : interactome.degree[i]!;
    });
    if (genes < interactome.genes.length) {
      throw new CausewayError(
        'E_INVALID_INPUT',
        `The whole interactome's gene count (${genes}) is smaller than this network's (${interactome.genes.length}).`,
      );
    }
    hub = { degree, n: genes };
  }
  return { interactome, hub, sha256: sha256(text), attributes };
}

/** One column of a gene table (a signature dataset) as gene → value; throws naming the columns there are. */
function geneColumn(matrixPath: string, column: string): Map<string, number> {
  const m = readMatrixArrow(matrixPath);
  const j = m.samples.indexOf(column);
  if (j < 0) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `The signature has no column "${column}" (columns: ${m.samples.slice(0, 20).join(', ')}).`,
    );
  }
  const n = m.samples.length;
  const out = new Map<string, number>();
  m.genes.forEach((g, i) => out.set(g, m.values[i * n + j]!));
  return out;
}

export interface ComputedPrizes {
  entries: PrizeEntry[];
  /** How they were made, for the result and the report. */
  description: string;
  sha256: string;
}

/** The prize table: a signature's |log2FC| after the cuts, or the inline table as given. */
export function computePrizes(input: PrizesInput): ComputedPrizes {
  if (input.from === 'table') {
    const entries = input.entries.map((e) => ({ gene: e.gene, prize: e.prize }));
    return {
      entries,
      description: `prize table (${entries.length} genes)`,
      sha256: sha256(entries.map((e) => `${e.gene}\t${e.prize}`).join('\n')),
    };
  }
  const lfc = geneColumn(input.matrixPath, input.column);
  const fdr = input.fdrColumn ? geneColumn(input.matrixPath, input.fdrColumn) : null;
  const other = input.sameDirectionAs
    ? geneColumn(input.sameDirectionAs.matrixPath, input.sameDirectionAs.column)
    : undefined;
  const signature = [...lfc].map(([gene, log2FC]) => {
    const q = fdr?.get(gene);
    return { gene, log2FC, ...(q !== undefined && Number.isFinite(q) ? { fdr: q } : {}) };
  });
  const entries = prizesFromSignature(signature, {
    ...(input.maxFdr !== undefined ? { maxFdr: input.maxFdr } : {}),
    ...(input.minAbsLog2FC !== undefined ? { minAbsLog2FC: input.minAbsLog2FC } : {}),
    ...(other ? { sameDirectionAs: other } : {}),
  });
  const cuts = [
    input.maxFdr !== undefined && input.fdrColumn ? `${input.fdrColumn} ≤ ${input.maxFdr}` : null,
    input.minAbsLog2FC !== undefined ? `|${input.column}| ≥ ${input.minAbsLog2FC}` : null,
    input.sameDirectionAs ? `same direction as ${input.sameDirectionAs.column}` : null,
  ].filter((c): c is string => c !== null);
  return {
    entries,
    description: `|${input.column}|${cuts.length ? ` where ${cuts.join(', ')}` : ''} (${entries.length} genes)`,
    sha256: sha256(entries.map((e) => `${e.gene}\t${e.prize}`).join('\n')),
  };
}

/** Prizes on the interactome's genes; refuses a source that leaves no terminal in it. */
export function terminalsOn(
  interactome: Interactome,
  prizes: ComputedPrizes,
  caseInsensitive: boolean,
): MappedPrizes {
  if (prizes.entries.length === 0) {
    throw new CausewayError('E_INVALID_INPUT', `No gene passes the prize cuts: ${prizes.description}.`);
  }
  const mapped = mapPrizes(interactome, prizes.entries, { caseInsensitive });
  if (mapped.terminals.length === 0) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `None of the ${prizes.entries.length} prize genes is in the interactome (e.g. ${mapped.unmatched.slice(0, 5).join(', ')}); check that both use gene symbols.`,
    );
  }
  return mapped;
}

/** The wizard's preview: how many genes the prize source gives and how many the interactome has. */
export function prizePreview(p: ParsedTaskParams<'targets.prizePreview'>): PrizePreview {
  const { interactome } = loadInteractome(p.interactome);
  const prizes = computePrizes(p.prizes);
  const mapped = mapPrizes(interactome, prizes.entries, { caseInsensitive: p.caseInsensitive });
  const missing = new Set(mapped.unmatched);
  const top = [...prizes.entries]
    .sort((a, b) => b.prize - a.prize || (a.gene < b.gene ? -1 : 1))
    .slice(0, 50)
    .map((e) => ({ gene: e.gene, prize: e.prize, inInteractome: !missing.has(e.gene) }));
  return {
    prizeGenes: prizes.entries.length,
    terminals: mapped.terminals.length,
    unmatched: mapped.unmatched.slice(0, 1_000),
    unmatchedCount: mapped.unmatched.length,
    top,
    interactome: { genes: interactome.genes.length, edges: interactome.cost.length },
  };
}
