/**
 * Background knowledge by gene name (as a job spec and the stored graph carry it) turned into the
 * variable-index form the algorithms compile (background-knowledge.ts). Pairs and tier members naming
 * genes that are not variables of this run are dropped and counted: a user's knowledge list or a PPI
 * skeleton usually covers more genes than one run selects, and such a pair constrains nothing here.
 */
import type { DiscoveryKnowledge } from '#shared/domain/discovered-graph.ts';
import { CausewayError } from '#shared/lib/result.ts';
import {
  CompiledKnowledge,
  KnowledgeConflictError,
  type BackgroundKnowledge,
} from './background-knowledge.ts';

export interface IndexedKnowledge {
  readonly knowledge: BackgroundKnowledge | undefined;
  /** Pairs and tier entries that named genes outside the run's variables. */
  readonly ignored: number;
}

/**
 * `skeleton`: an allowed skeleton from a project network (variable-index pairs). When the knowledge also
 * lists allowed pairs, a pair must be allowed by both.
 */
export function indexKnowledge(
  named: DiscoveryKnowledge | undefined,
  nodes: readonly string[],
  skeleton?: readonly (readonly [number, number])[],
): IndexedKnowledge {
  const index = new Map(nodes.map((g, i) => [g, i]));
  let ignored = 0;
  const pairs = (
    list: readonly (readonly [string, string])[] | undefined,
  ): [number, number][] | undefined => {
    if (!list) return undefined;
    const out: [number, number][] = [];
    for (const [a, b] of list) {
      const i = index.get(a);
      const j = index.get(b);
      if (i === undefined || j === undefined) ignored++;
      else if (i !== j) out.push([i, j]);
    }
    return out;
  };
  const key = (a: number, b: number): number => Math.min(a, b) * nodes.length + Math.max(a, b);
  let allowed = pairs(named?.allowedAdjacencies);
  if (skeleton) {
    const fromKnowledge = allowed ? new Set(allowed.map(([a, b]) => key(a, b))) : null;
    allowed = skeleton.filter(([a, b]) => !fromKnowledge || fromKnowledge.has(key(a, b))) as [
      number,
      number,
    ][];
  }
  let tiers: (number | undefined)[] | undefined;
  if (named?.tiers) {
    tiers = nodes.map(() => undefined);
    named.tiers.forEach((tier, t) => {
      for (const g of tier) {
        const i = index.get(g);
        if (i === undefined) ignored++;
        else tiers![i] = t;
      }
    });
  }
  const k: BackgroundKnowledge = {
    ...(allowed ? { allowedAdjacencies: allowed } : {}),
    ...optional('forbiddenAdjacencies', pairs(named?.forbiddenAdjacencies)),
    ...optional('requiredAdjacencies', pairs(named?.requiredAdjacencies)),
    ...optional('forbiddenArcs', pairs(named?.forbiddenArcs)),
    ...optional('requiredArcs', pairs(named?.requiredArcs)),
    ...(tiers ? { tiers } : {}),
  };
  if (Object.keys(k).length === 0) return { knowledge: undefined, ignored };
  try {
    new CompiledKnowledge(nodes.length, k); // conflicts are the user's input: report them before any run
  } catch (e) {
    if (!(e instanceof KnowledgeConflictError)) throw e;
    const message = e.message.replace(/nodes (\d+) and (\d+)/, (_, a: string, b: string) => {
      return `${nodes[Number(a)]} and ${nodes[Number(b)]}`;
    });
    throw new CausewayError('E_INVALID_INPUT', `The background knowledge contradicts itself: ${message}.`);
  }
  return { knowledge: k, ignored };
}

function optional<K extends string>(
  name: K,
  value: [number, number][] | undefined,
): Partial<Record<K, [number, number][]>> {
  return value ? ({ [name]: value } as Record<K, [number, number][]>) : {};
}
