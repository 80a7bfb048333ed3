/**
 * The difference between two versions of a network as a scientist reads it: which regulations were
 * added, removed, reversed (opposite arc), re-oriented (directed in one, undirected in the other) or
 * re-weighted (same arc, another stability). Compared by arcs (compareArcs in diff.ts), so RAF→MEK
 * against MEK→RAF is a reversal, not an agreement; a 2-cycle reads as one undirected adjacency.
 */
import { compareArcs } from './diff.ts';
import type { GeneRegulatoryNetwork, Regulation } from './network.ts';

export type VersionChange = 'added' | 'removed' | 'reversed' | 'reoriented' | 'reweighted';
export const VERSION_CHANGES: readonly VersionChange[] = [
  'added',
  'removed',
  'reversed',
  'reoriented',
  'reweighted',
];

export interface VersionDiffRow {
  change: VersionChange;
  /** The regulation in the earlier version (absent when added). */
  before?: Regulation;
  /** The regulation in the later version (absent when removed). */
  after?: Regulation;
}

export interface VersionDiff {
  /** Sorted by change, then by gene pair. */
  readonly rows: VersionDiffRow[];
  readonly counts: Readonly<Record<VersionChange, number>>;
  /** Adjacencies with the same arc and the same stability in both. */
  readonly unchanged: number;
}

/** Stabilities this close are the same number printed to two decimals. */
const SAME_WEIGHT = 0.005;

export function diffVersions(before: GeneRegulatoryNetwork, after: GeneRegulatoryNetwork): VersionDiff {
  const rows: VersionDiffRow[] = [];
  let unchanged = 0;
  for (const { agreement, a, b } of compareArcs(before, after).pairs.values()) {
    const change: VersionChange | null =
      agreement === 'a'
        ? 'removed'
        : agreement === 'b'
          ? 'added'
          : agreement === 'reversed'
            ? 'reversed'
            : agreement === 'orientation'
              ? 'reoriented'
              : Math.abs((a?.evidence.stability ?? 1) - (b?.evidence.stability ?? 1)) > SAME_WEIGHT
                ? 'reweighted'
                : null;
    if (change === null) unchanged++;
    else rows.push({ change, ...(a ? { before: a } : {}), ...(b ? { after: b } : {}) });
  }
  const order = (r: VersionDiffRow) => VERSION_CHANGES.indexOf(r.change);
  const label = (r: VersionDiffRow) => {
    const x = (r.before ?? r.after)!;
    return `${x.source}\u0000${x.target}`;
  };
  rows.sort((x, y) => order(x) - order(y) || label(x).localeCompare(label(y)));
  const counts = { added: 0, removed: 0, reversed: 0, reoriented: 0, reweighted: 0 };
  for (const r of rows) counts[r.change]++;
  return { rows, counts, unchanged };
}
