/**
 * Background-knowledge files: read and written so that constraints travel between Causeway, a
 * colleague's script and Tetrad.
 *
 * (a) JSON in the shape of GeneKnowledge / DiscoveryKnowledge (`{"forbiddenArcs": [["A","B"]], …}`),
 *     or any document carrying one under `knowledge` (a discovery result).
 * (b) Tetrad's knowledge file, as Tetrad's SimpleDataLoader.loadKnowledge reads it (Ramsey et al.,
 *     Tetrad, github.com/cmu-phil/tetrad, tetrad-lib/.../data/SimpleDataLoader.java):
 *
 *         /knowledge
 *         addtemporal
 *         1 EGFR           tiers numbered from 1; genes of a later tier cannot cause earlier ones
 *         2* KRAS BRAF     "*": no edge between genes of this tier (forbidden within the tier)
 *         forbiddirect
 *         MYC TP53         the arc MYC → TP53 is forbidden
 *         requiredirect
 *         EGFR KRAS        the arc EGFR → KRAS is required
 *         forbiddengroup   pairs of lines: every arc from a gene of the first line to one of the
 *         A B              second is forbidden (requiredgroup: required)
 *         C D
 *
 *     Sections may come in any order; blank lines and lines starting with // or # are skipped.
 *     Tetrad has no undirected requirement nor an allowed skeleton: those have no Tetrad spelling and
 *     the export reports them as left out.
 */
import { z } from 'zod';
import { DiscoveryKnowledge } from '../discovered-graph.ts';
import { arcKey, GeneKnowledge, GeneName, pairKey, sortedPairs, type GenePair } from './network.ts';

export type KnowledgeFileFormat = 'json' | 'tetrad';

/** A file that is not a knowledge file; `line` (1-based) where a line is to blame. */
export class KnowledgeFileError extends Error {
  override readonly name = 'KnowledgeFileError';
  constructor(
    /** What is wrong, without the line. */
    readonly reason: string,
    readonly line?: number,
  ) {
    super(line === undefined ? reason : `line ${line}: ${reason}`);
  }
}

const Count = z.number().int().min(0);
/** Counts of each kind of constraint (what a file gave, shown before it is used). */
export const KnowledgeCounts = z.object({
  allowedAdjacencies: Count,
  forbiddenAdjacencies: Count,
  requiredAdjacencies: Count,
  forbiddenArcs: Count,
  requiredArcs: Count,
  tiers: Count,
  tieredGenes: Count,
});
export type KnowledgeCounts = z.infer<typeof KnowledgeCounts>;

export function knowledgeCounts(k: GeneKnowledge): KnowledgeCounts {
  return {
    allowedAdjacencies: k.allowedAdjacencies?.length ?? 0,
    forbiddenAdjacencies: k.forbiddenAdjacencies.length,
    requiredAdjacencies: k.requiredAdjacencies.length,
    forbiddenArcs: k.forbiddenArcs.length,
    requiredArcs: k.requiredArcs.length,
    tiers: k.tiers.length,
    tieredGenes: k.tiers.reduce((n, t) => n + t.length, 0),
  };
}

/** Knowledge as any source gives it: every list optional (DiscoveryKnowledge, GeneKnowledge, a parser's lists). */
export interface KnowledgeLists {
  allowedAdjacencies?: readonly GenePair[] | undefined;
  forbiddenAdjacencies?: readonly GenePair[] | undefined;
  requiredAdjacencies?: readonly GenePair[] | undefined;
  forbiddenArcs?: readonly GenePair[] | undefined;
  requiredArcs?: readonly GenePair[] | undefined;
  tiers?: readonly (readonly string[])[] | undefined;
}

/** Canonical form: adjacencies gene-ordered, every list sorted without repeats, empty tiers dropped. */
export function normaliseKnowledge(k: KnowledgeLists): GeneKnowledge {
  const adjacencies = (pairs: readonly GenePair[] = []): [string, string][] =>
    sortedPairs(
      pairs.map(([a, b]) => (a < b ? [a, b] : [b, a])),
      ([a, b]) => pairKey(a, b),
    );
  const arcs = (pairs: readonly GenePair[] = []): [string, string][] =>
    sortedPairs(pairs, ([a, b]) => arcKey(a, b));
  return {
    ...(k.allowedAdjacencies ? { allowedAdjacencies: adjacencies(k.allowedAdjacencies) } : {}),
    forbiddenAdjacencies: adjacencies(k.forbiddenAdjacencies),
    requiredAdjacencies: adjacencies(k.requiredAdjacencies),
    forbiddenArcs: arcs(k.forbiddenArcs),
    requiredArcs: arcs(k.requiredArcs),
    tiers: (k.tiers ?? []).filter((t) => t.length > 0).map((t) => [...t]),
  };
}

/** The job-spec form: only the lists that say something (an empty allowed list would forbid all). */
export function toDiscoveryKnowledge(k: GeneKnowledge): DiscoveryKnowledge {
  const out: DiscoveryKnowledge = {};
  if (k.allowedAdjacencies) out.allowedAdjacencies = k.allowedAdjacencies;
  for (const list of [
    'forbiddenAdjacencies',
    'requiredAdjacencies',
    'forbiddenArcs',
    'requiredArcs',
  ] as const)
    if (k[list].length > 0) out[list] = k[list];
  if (k.tiers.length > 0) out.tiers = k.tiers;
  return out;
}

/**
 * Knowledge from two sources (a file and command-line lists, or two files): constraint lists are
 * united. An allowed skeleton or tiers given by both would have to be reconciled by guessing, so
 * that is an error naming the two sources.
 */
export function mergeKnowledge(
  a: DiscoveryKnowledge,
  b: DiscoveryKnowledge,
  names: readonly [string, string] = ['the first', 'the second'],
): DiscoveryKnowledge {
  for (const only of ['allowedAdjacencies', 'tiers'] as const)
    if (a[only] && b[only])
      throw new KnowledgeFileError(
        `both ${names[0]} and ${names[1]} give ${only === 'tiers' ? 'tiers' : 'an allowed skeleton'}; give them once`,
      );
  const union = (x?: readonly GenePair[], y?: readonly GenePair[]): [string, string][] | undefined =>
    x || y ? [...(x ?? []), ...(y ?? [])].map(([p, q]) => [p, q] as [string, string]) : undefined;
  return toDiscoveryKnowledge(
    normaliseKnowledge({
      allowedAdjacencies: union(a.allowedAdjacencies, b.allowedAdjacencies),
      forbiddenAdjacencies: union(a.forbiddenAdjacencies, b.forbiddenAdjacencies),
      requiredAdjacencies: union(a.requiredAdjacencies, b.requiredAdjacencies),
      forbiddenArcs: union(a.forbiddenArcs, b.forbiddenArcs),
      requiredArcs: union(a.requiredArcs, b.requiredArcs),
      tiers: a.tiers ?? b.tiers,
    }),
  );
}

/** A knowledge file of either format: JSON when its first character is "{", Tetrad's otherwise. */
export function parseKnowledgeFile(text: string): { format: KnowledgeFileFormat; knowledge: GeneKnowledge } {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trimStart().startsWith('{')) return { format: 'json', knowledge: parseKnowledgeJson(body) };
  return { format: 'tetrad', knowledge: parseTetradKnowledge(body) };
}

export function parseKnowledgeJson(text: string): GeneKnowledge {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new KnowledgeFileError(`not valid JSON (${(e as Error).message})`);
  }
  // A discovery result (or any document) carrying its knowledge under "knowledge".
  const inner = (json as { knowledge?: unknown } | null)?.knowledge;
  const candidate = inner !== undefined && typeof inner === 'object' ? inner : json;
  const parsed = DiscoveryKnowledge.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new KnowledgeFileError(`not background knowledge${where}: ${issue.message}`);
  }
  return checkedTiers(normaliseKnowledge(parsed.data));
}

function checkedTiers(k: GeneKnowledge): GeneKnowledge {
  const seen = new Set<string>();
  for (const g of k.tiers.flat()) {
    if (seen.has(g)) throw new KnowledgeFileError(`${g} is in more than one tier`);
    seen.add(g);
  }
  return k;
}

const SECTIONS = ['addtemporal', 'forbiddirect', 'requiredirect', 'forbiddengroup', 'requiredgroup'] as const;
type Section = (typeof SECTIONS)[number];
/** A tier of this many genes marked "*" would forbid ~10^6 pairs: too many to list. */
const MAX_STARRED_TIER = 1500;

/** Tokens of a line: whitespace-separated, or "double quoted" (Tetrad's quote character). */
const tokensOf = (line: string): string[] =>
  [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '').filter((t) => t !== '');

function gene(token: string, line: number): string {
  if (!GeneName.safeParse(token).success)
    throw new KnowledgeFileError(`"${token.slice(0, 40)}…" is not a gene name`, line);
  return token;
}

/** Tetrad's knowledge file (see the top of this file). Errors name the line. */
export function parseTetradKnowledge(text: string): GeneKnowledge {
  const lines = text
    .split(/\r?\n/)
    .map((raw, i) => ({ text: raw.trim(), line: i + 1 }))
    .filter(({ text }) => text !== '' && !text.startsWith('//') && !text.startsWith('#'));
  if (lines[0]?.text.toLowerCase().startsWith('/knowledge')) lines.shift();
  const tiers = new Map<number, string[]>();
  const tierOf = new Map<string, { tier: number; line: number }>();
  const starred = new Set<number>();
  const forbiddenArcs: GenePair[] = [];
  const requiredArcs: GenePair[] = [];
  let section: Section | null = null;
  let groupFrom: { genes: string[]; line: number } | null = null;
  for (const { text: content, line } of lines) {
    const header = content.toLowerCase();
    const next = header === 'addtemp' ? 'addtemporal' : SECTIONS.find((s) => s === header);
    if (next) {
      if (groupFrom)
        throw new KnowledgeFileError(`the ${section} line has no second line of genes`, groupFrom.line);
      section = next;
      continue;
    }
    const tokens = tokensOf(content);
    switch (section) {
      case null:
        throw new KnowledgeFileError(
          `expected a section (addtemporal, forbiddirect, requiredirect, forbiddengroup or requiredgroup), found "${content.slice(0, 60)}"`,
          line,
        );
      case 'addtemporal': {
        const [mark = '', ...genes] = tokens;
        const m = /^(\d+)(\*?)$/.exec(mark);
        if (!m || Number(m[1]) < 1)
          throw new KnowledgeFileError(
            `a tier line starts with its tier number 1, 2, … (found "${mark}")`,
            line,
          );
        const tier = Number(m[1]);
        if (m[2]) starred.add(tier);
        const members = tiers.get(tier) ?? [];
        for (const token of genes) {
          const g = gene(token, line);
          const earlier = tierOf.get(g);
          if (earlier)
            throw new KnowledgeFileError(
              `${g} is already in tier ${earlier.tier} (line ${earlier.line})`,
              line,
            );
          tierOf.set(g, { tier, line });
          members.push(g);
        }
        tiers.set(tier, members);
        break;
      }
      case 'forbiddirect':
      case 'requiredirect': {
        if (tokens.length !== 2)
          throw new KnowledgeFileError(
            `a ${section} line names two genes, source then target (found ${tokens.length})`,
            line,
          );
        const arc: GenePair = [gene(tokens[0]!, line), gene(tokens[1]!, line)];
        if (arc[0] === arc[1]) throw new KnowledgeFileError(`${arc[0]} → ${arc[0]} is not an arc`, line);
        (section === 'forbiddirect' ? forbiddenArcs : requiredArcs).push(arc);
        break;
      }
      case 'forbiddengroup':
      case 'requiredgroup': {
        const genes = tokens.map((t) => gene(t, line));
        if (!groupFrom) {
          groupFrom = { genes, line };
          break;
        }
        const list = section === 'forbiddengroup' ? forbiddenArcs : requiredArcs;
        for (const from of groupFrom.genes) for (const to of genes) if (from !== to) list.push([from, to]);
        groupFrom = null;
        break;
      }
    }
  }
  if (groupFrom)
    throw new KnowledgeFileError(`the ${section} line has no second line of genes`, groupFrom.line);
  const ordered = [...tiers.keys()].sort((a, b) => a - b);
  const forbiddenAdjacencies: GenePair[] = [];
  for (const t of starred) {
    const members = tiers.get(t) ?? [];
    if (members.length > MAX_STARRED_TIER)
      throw new KnowledgeFileError(
        `tier ${t}* has ${members.length} genes; forbidding edges within it is limited to ${MAX_STARRED_TIER}`,
      );
    for (let i = 0; i < members.length; i++)
      for (let j = i + 1; j < members.length; j++) forbiddenAdjacencies.push([members[i]!, members[j]!]);
  }
  return normaliseKnowledge({
    forbiddenAdjacencies,
    requiredAdjacencies: [],
    forbiddenArcs,
    requiredArcs,
    tiers: ordered.map((t) => tiers.get(t)!),
  });
}

/**
 * The knowledge as a Tetrad knowledge file. A forbidden adjacency becomes two forbidden arcs (Tetrad
 * has no unordered constraint); required adjacencies and an allowed skeleton have no Tetrad spelling
 * and are listed in `omitted` (as sentences for the user) rather than silently dropped.
 */
export function toTetradKnowledge(k: GeneKnowledge): { text: string; omitted: string[] } {
  const quote = (g: string): string => (/[\s"]/.test(g) ? `"${g.replace(/"/g, '')}"` : g);
  const arc = ([a, b]: GenePair): string => `${quote(a)} ${quote(b)}`;
  const forbidden = normaliseKnowledge({
    ...k,
    forbiddenArcs: [
      ...k.forbiddenArcs,
      ...k.forbiddenAdjacencies.flatMap(([a, b]): GenePair[] => [
        [a, b],
        [b, a],
      ]),
    ],
  }).forbiddenArcs;
  const lines = [
    '/knowledge',
    'addtemporal',
    ...k.tiers.map((t, i) => [`${i + 1}`, ...t.map(quote)].join(' ')),
    '',
    'forbiddirect',
    ...forbidden.map(arc),
    '',
    'requiredirect',
    ...k.requiredArcs.map(arc),
    '',
  ];
  const omitted: string[] = [];
  if (k.requiredAdjacencies.length)
    omitted.push(`${k.requiredAdjacencies.length} required adjacencies (Tetrad requires arcs only)`);
  if (k.allowedAdjacencies)
    omitted.push(
      `the allowed skeleton of ${k.allowedAdjacencies.length} pairs (Tetrad has no allowed skeleton)`,
    );
  return { text: lines.join('\n'), omitted };
}

/** How a prior network constrains discovery (network.readKnowledge's `as`). */
export const NetworkAsKnowledge = z.enum(['required', 'allowed-skeleton', 'forbidden']);
export type NetworkAsKnowledge = z.infer<typeof NetworkAsKnowledge>;

/**
 * A prior network as constraints: its directed edges as required (or forbidden) arcs and its
 * undirected ones as required (or forbidden) adjacencies; or all its gene pairs as the allowed
 * skeleton (only pairs adjacent in the prior may be adjacent).
 */
export function knowledgeFromNetwork(
  edges: readonly { source: string; target: string; directed: boolean }[],
  as: NetworkAsKnowledge,
): GeneKnowledge {
  const pairs = (directed: boolean): GenePair[] =>
    edges.filter((e) => e.directed === directed && e.source !== e.target).map((e) => [e.source, e.target]);
  if (as === 'allowed-skeleton')
    return normaliseKnowledge({
      allowedAdjacencies: edges.filter((e) => e.source !== e.target).map((e) => [e.source, e.target]),
    });
  return normaliseKnowledge(
    as === 'required'
      ? { requiredArcs: pairs(true), requiredAdjacencies: pairs(false) }
      : { forbiddenArcs: pairs(true), forbiddenAdjacencies: pairs(false) },
  );
}
