import { parseArgs } from 'node:util';
import type { GeneRegulatoryNetwork } from '#shared/domain/grn/network.ts';
import {
  diffVersions,
  pairLabel,
  REGULATION_CHANGES,
  type KnowledgeList,
  type VersionDiff,
} from '#shared/domain/grn/version-diff.ts';
import { materialiseVersion, type NetworkBase } from '#shared/domain/grn/versions.ts';
import { baseNetwork, getNetworkVersion } from '../../services/projects/network-versions.ts';
import type { ProjectService } from '../../services/projects/project-service.ts';
import { withBackend } from '../backend.ts';
import { usage, type Io } from '../cli-error.ts';

const FORMATS = ['table', 'tsv', 'json'] as const;
type Format = (typeof FORMATS)[number];

export const networkDiffHelp = `causeway network diff <project> <A> <B> [--format ${FORMATS.join('|')}]
  What changed from network A to network B. A and B are saved version ids, run:<id> (a discovery run's
  network) or network:<id> (a project network). Regulations are compared by gene pair and by arcs:
  added, removed, reversed (A→B in one, B→A in the other), re-oriented (directed in one, undirected
  or a feedback loop in the other), re-weighted (same arcs, another stability); then background-
  knowledge changes (constraints added or removed, tiers) and genes added or removed, with counts.
  --format tsv writes one row per change (change, gene1, gene2, a, b, stability_a, stability_b);
  json the whole classification.`;

export const baseLabel = (base: NetworkBase): string =>
  base.kind === 'run' ? `run:${base.runId}` : `network:${base.networkId}`;

/** A network named on the command line: run:<id>, network:<id>, or a saved version's id. */
export function resolveOperand(
  projects: ProjectService,
  ref: string,
): { label: string; net: GeneRegulatoryNetwork } {
  const m = /^(run|network):(.+)$/.exec(ref);
  if (m) {
    const base: NetworkBase =
      m[1] === 'run' ? { kind: 'run', runId: m[2]! } : { kind: 'network', networkId: m[2]! };
    return { label: ref, net: baseNetwork(projects, base) };
  }
  const v = getNetworkVersion(projects, ref);
  return {
    label: `version ${v.id} "${v.name}" (${baseLabel(v.base)} + ${v.ops.length} edits)`,
    net: materialiseVersion(baseNetwork(projects, v.base), v),
  };
}

const CHANGE_NAMES: Record<(typeof REGULATION_CHANGES)[number], string> = {
  added: 'added',
  removed: 'removed',
  reversed: 'reversed',
  reoriented: 're-oriented',
  reweighted: 're-weighted',
};

const KNOWLEDGE_NAMES: Record<KnowledgeList, string> = {
  allowedAdjacencies: 'allowed pair',
  forbiddenAdjacencies: 'forbidden adjacency',
  requiredAdjacencies: 'required adjacency',
  forbiddenArcs: 'forbidden arc',
  requiredArcs: 'required arc',
};

/** One line of counts: what `network edit` prints for its new edits and `network diff` heads with. */
export function summaryLine(d: VersionDiff): string {
  const c = d.counts;
  const added = d.knowledge.filter((k) => k.change === 'added').length;
  return [
    ...REGULATION_CHANGES.map((k) => `${CHANGE_NAMES[k]} ${c[k]}`),
    `constraints +${added} −${c.knowledge - added}`,
    ...(c.tiers ? ['tiers changed'] : []),
    ...(c.genesAdded + c.genesRemoved ? [`genes +${c.genesAdded} −${c.genesRemoved}`] : []),
  ].join(', ');
}

const num = (x: number | null): string => (x === null ? '' : String(x));
const tiersText = (tiers: string[][]): string => tiers.map((t) => t.join(',')).join(' | ');

/** One row per change: regulations, then knowledge, tiers and genes. */
function rows(d: VersionDiff): string[][] {
  return [
    ...d.regulations.map((r) => [
      CHANGE_NAMES[r.kind],
      r.genes[0],
      r.genes[1],
      pairLabel(r.a),
      pairLabel(r.b),
      num(r.stabilityA),
      num(r.stabilityB),
    ]),
    ...d.knowledge.map((k) => [
      `${k.change === 'added' ? '+' : '−'}${KNOWLEDGE_NAMES[k.list]}`,
      k.pair[0],
      k.pair[1],
      '',
      '',
      '',
      '',
    ]),
    ...(d.tiers ? [['tiers', '', '', tiersText(d.tiers.a), tiersText(d.tiers.b), '', '']] : []),
    ...d.genes.added.map((g) => ['+gene', g, '', '', '', '', '']),
    ...d.genes.removed.map((g) => ['−gene', g, '', '', '', '', '']),
  ];
}

const HEADER = ['change', 'gene1', 'gene2', 'a', 'b', 'stability_a', 'stability_b'];

function table(lines: string[][]): string {
  const widths = HEADER.map((_, c) => Math.max(...lines.map((r) => (r[c] ?? '').length)));
  return lines
    .map((r) =>
      r
        .map((x, c) => x.padEnd(widths[c]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export async function networkDiffCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { format: { type: 'string' } },
    allowPositionals: true,
  });
  const [dir, refA, refB, ...extra] = positionals;
  if (!dir || !refA || !refB || extra.length) throw usage(`usage:\n${networkDiffHelp}`);
  const format = (values.format ?? 'table') as Format;
  if (!FORMATS.includes(format)) throw usage(`--format must be ${FORMATS.join(', ')}.`);
  return withBackend((backend) => {
    backend.projects.open(dir);
    const a = resolveOperand(backend.projects, refA);
    const b = resolveOperand(backend.projects, refB);
    const d = diffVersions(a.net, b.net);
    if (format === 'json') io.out(`${JSON.stringify({ a: a.label, b: b.label, ...d }, null, 2)}\n`);
    else if (format === 'tsv') io.out(`${[HEADER, ...rows(d)].map((r) => r.join('\t')).join('\n')}\n`);
    else {
      io.out(`A: ${a.label}\nB: ${b.label}\n${summaryLine(d)}\n`);
      const body = rows(d);
      if (body.length) io.out(`\n${table([HEADER, ...body])}\n`);
    }
    return Promise.resolve(0);
  });
}
