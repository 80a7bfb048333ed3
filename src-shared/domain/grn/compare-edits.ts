/**
 * What a discovery run re-run with my edits says about them (issue 13). Three networks: the learned
 * (or imported) base, my edited version of it, and the result of a new run given my version's
 * constraints. My edits are the arc-level difference base → edited (diffVersions); each is
 * - supported: the run has the adjacency with my orientation (or, for a removal, lacks it);
 * - contradicted: the run lacks the adjacency I added, has the one I removed, or has it reversed;
 * - unresolved: the run has the adjacency but cannot orient it, or a gene was not a variable of the run.
 * Constraints (background knowledge, Meek 1995) must all be honoured by a run that was given them;
 * a failure here is a bug in the search, not a finding. The rest of the diff edited → result is
 * "what changed elsewhere".
 */
import { compareArcs } from './diff.ts';
import { pairKey, type GenePair, type GeneRegulatoryNetwork, type Regulation } from './network.ts';
import { diffVersions, type RegulationChange } from './version-diff.ts';

export type EditVerdict = 'supported' | 'contradicted' | 'unresolved';

export interface EditCheck {
  edit: RegulationChange;
  verdict: EditVerdict;
  /** The run's regulation on the pair, if any. */
  found?: Regulation;
  why: string;
}

export type ConstraintKind =
  'forbidden adjacency' | 'required adjacency' | 'forbidden arc' | 'required arc' | 'tiers';

export interface ConstraintCheck {
  kind: ConstraintKind;
  /** The pair or arc; for tiers, the first arc that points into an earlier tier (if any). */
  pair: GenePair | null;
  /** null: a gene of the pair was not a variable of the run, so the run could not test it. */
  honoured: boolean | null;
}

export interface EditComparison {
  edits: EditCheck[];
  constraints: ConstraintCheck[];
  /** The run against my version on every pair my edits and constraints do not touch. */
  elsewhere: RegulationChange[];
  counts: Record<EditVerdict, number> & { honoured: number; violated: number };
}

export function compareEdits(
  base: GeneRegulatoryNetwork,
  edited: GeneRegulatoryNetwork,
  result: GeneRegulatoryNetwork,
): EditComparison {
  const inRun = ([a, b]: GenePair) => result.genes.has(a) && result.genes.has(b);
  const vsRun = compareArcs(edited, result).pairs;
  const touched = new Set<string>();

  const edits: EditCheck[] = [];
  for (const edit of diffVersions(base, edited).regulations) {
    if (edit.kind === 'reweighted') continue; // stabilities come from data, not from the user
    const pair = edit.genes;
    const key = pairKey(...pair);
    touched.add(key);
    const there = vsRun.get(key);
    const found = there?.b;
    const check = (verdict: EditVerdict, why: string): EditCheck =>
      found ? { edit, verdict, found, why } : { edit, verdict, why };
    if (!inRun(pair)) edits.push(check('unresolved', 'a gene was not a variable of the run'));
    else if (edit.kind === 'removed')
      edits.push(
        found ? check('contradicted', 'the run finds this edge') : check('supported', 'the run has no edge'),
      );
    else if (!there || there.agreement === 'a') edits.push(check('contradicted', 'the run has no edge here'));
    else if (there.agreement === 'reversed') edits.push(check('contradicted', 'the run has it reversed'));
    else if (there.agreement === 'orientation' && edit.b.some((r) => r.directed))
      edits.push(check('unresolved', 'the run finds the edge but cannot orient it'));
    else edits.push(check('supported', 'the run finds this edge'));
  }

  const constraints: ConstraintCheck[] = [];
  const adjacent = (a: string, b: string) => vsRun.get(pairKey(a, b))?.b !== undefined;
  const arcs = new Set<string>();
  for (const r of result.regulations.values()) if (r.directed) arcs.add(`${r.source}\u0000${r.target}`);
  const hasArc = (s: string, t: string) => arcs.has(`${s}\u0000${t}`);
  const add = (kind: ConstraintKind, pairs: readonly GenePair[], ok: (p: GenePair) => boolean) => {
    for (const p of pairs) {
      touched.add(pairKey(...p));
      constraints.push({ kind, pair: p, honoured: inRun(p) ? ok(p) : null });
    }
  };
  const k = edited.knowledge;
  add('forbidden adjacency', k.forbiddenAdjacencies, ([a, b]) => !adjacent(a, b));
  add('required adjacency', k.requiredAdjacencies, ([a, b]) => adjacent(a, b));
  add('forbidden arc', k.forbiddenArcs, ([s, t]) => !hasArc(s, t));
  add('required arc', k.requiredArcs, ([s, t]) => hasArc(s, t));
  if (k.tiers.length > 0) {
    const tierOf = new Map(k.tiers.flatMap((genes, i) => genes.map((g) => [g, i] as const)));
    const against = [...result.regulations.values()].find(
      (r) => r.directed && (tierOf.get(r.source) ?? -1) > (tierOf.get(r.target) ?? Infinity),
    );
    constraints.push({
      kind: 'tiers',
      pair: against ? [against.source, against.target] : null,
      honoured: against === undefined,
    });
  }

  const elsewhere = diffVersions(edited, result).regulations.filter((r) => !touched.has(pairKey(...r.genes)));
  const counts = { supported: 0, contradicted: 0, unresolved: 0, honoured: 0, violated: 0 };
  for (const e of edits) counts[e.verdict]++;
  for (const c of constraints) if (c.honoured !== null) counts[c.honoured ? 'honoured' : 'violated']++;
  return { edits, constraints, elsewhere, counts };
}
