/**
 * Edit operations on a regulatory network, with apply and invert: the basis of undo/redo.
 *
 * Each operation records the state it replaces ("before") as well as the new one ("after"), so that
 * invert(op) needs no network and applying an operation to a network in another state fails loudly
 * instead of silently corrupting it. Build operations with the helpers below (they read "before" from
 * the network); `applyEdit(applyEdit(net, op), invertEdit(op))` equals `net`.
 */
import { z } from 'zod';
import {
  arcKey,
  Attributes,
  conflicting,
  GeneName,
  idOf,
  pairKey,
  Regulation,
  sortedPairs,
  type GeneKnowledge,
  type GenePair,
  type GeneRegulatoryNetwork,
} from './network.ts';
import { sameValue } from './same-value.ts';

const Constraint = z.enum(['forbidden', 'required']).nullable();
type Constraint = z.infer<typeof Constraint>;
const Tiers = z.array(z.array(GeneName).max(100_000)).max(1_000);
const Pairs = z.array(z.tuple([GeneName, GeneName])).max(10_000_000);

export const EditOp = z.discriminatedUnion('op', [
  /** A gene the data did not include (e.g. a regulator known from the literature). */
  z.object({ op: z.literal('addGene'), gene: GeneName, attributes: Attributes }),
  /** Only a gene without regulations: deleteGenes() removes its regulations first, in the same step. */
  z.object({ op: z.literal('removeGene'), gene: GeneName, attributes: Attributes }),
  z.object({ op: z.literal('addRegulation'), regulation: Regulation }),
  z.object({ op: z.literal('removeRegulation'), regulation: Regulation }),
  /** Orient, reverse or un-orient: the same gene pair, another direction. */
  z.object({ op: z.literal('orient'), before: Regulation, after: Regulation }),
  z.object({
    op: z.literal('setNote'),
    id: z.string(),
    before: z.string().max(10_000).nullable(),
    after: z.string().max(10_000).nullable(),
  }),
  /** Forbid, require or free an adjacency (unordered pair) or an arc (ordered). */
  z.object({
    op: z.literal('setConstraint'),
    on: z.enum(['adjacency', 'arc']),
    pair: z.tuple([GeneName, GeneName]),
    before: Constraint,
    after: Constraint,
  }),
  /** Ordered tiers (e.g. receptors → kinases → transcription factors → targets). */
  z.object({ op: z.literal('setTiers'), before: Tiers, after: Tiers }),
  /** Replace the allowed skeleton (only these pairs may be adjacent; null: any pair may be). */
  z.object({ op: z.literal('setAllowedAdjacencies'), before: Pairs.nullable(), after: Pairs.nullable() }),
]);
export type EditOp = z.infer<typeof EditOp>;

export class EditConflictError extends Error {
  override readonly name = 'EditConflictError';
}

function regulation(net: GeneRegulatoryNetwork, id: string): Regulation {
  const r = net.regulations.get(id);
  if (!r) throw new EditConflictError(`there is no regulation ${id}`);
  return r;
}

// ---- building operations from the current network ------------------------------------------------

export function addRegulation(
  net: GeneRegulatoryNetwork,
  source: string,
  target: string,
  directed: boolean,
): EditOp {
  const op: EditOp = {
    op: 'addRegulation',
    regulation: { source, target, directed, evidence: { editedByUser: true }, attributes: {} },
  };
  applyEdit(net, op); // validates now, where the user can be told, rather than at undo time
  return op;
}

export function addGene(net: GeneRegulatoryNetwork, gene: string): EditOp {
  const op: EditOp = { op: 'addGene', gene, attributes: { addedByUser: true } };
  applyEdit(net, op);
  return op;
}

/** Delete genes with their regulations, as one undoable step (regulations first, then the genes). */
export function deleteGenes(net: GeneRegulatoryNetwork, genes: readonly string[]): EditOp[] {
  const doomed = new Set(genes);
  const ops: EditOp[] = [];
  for (const [id, r] of net.regulations)
    if (doomed.has(r.source) || doomed.has(r.target)) ops.push(removeRegulation(net, id));
  const tiers = net.knowledge.tiers.map((t) => t.filter((g) => !doomed.has(g))).filter((t) => t.length);
  if (!sameValue(tiers, net.knowledge.tiers)) ops.push(setTiers(net, tiers));
  for (const g of doomed) {
    const attributes = net.genes.get(g);
    if (!attributes) throw new EditConflictError(`${g} is not a gene of this network`);
    ops.push({ op: 'removeGene', gene: g, attributes: { ...attributes } });
  }
  return ops;
}

export function setTiers(net: GeneRegulatoryNetwork, tiers: readonly (readonly string[])[]): EditOp {
  const op: EditOp = {
    op: 'setTiers',
    before: net.knowledge.tiers.map((t) => [...t]),
    after: tiers.map((t) => [...t]),
  };
  applyEdit(net, op);
  return op;
}

/** Only these gene pairs may be adjacent in the next discovery (e.g. a PPI network); null lifts it. */
export function setAllowedAdjacencies(net: GeneRegulatoryNetwork, pairs: readonly GenePair[] | null): EditOp {
  return {
    op: 'setAllowedAdjacencies',
    before: net.knowledge.allowedAdjacencies?.map(([a, b]) => [a, b] as [string, string]) ?? null,
    after: pairs === null ? null : canonicalAdjacencies(pairs),
  };
}

export function removeRegulation(net: GeneRegulatoryNetwork, id: string): EditOp {
  return { op: 'removeRegulation', regulation: regulation(net, id) };
}

/** Orient a regulation source → target, or leave it undirected (direction null). */
export function orient(
  net: GeneRegulatoryNetwork,
  id: string,
  direction: { source: string; target: string } | null,
): EditOp {
  const before = regulation(net, id);
  const { source, target } = direction ?? before;
  if (pairKey(source, target) !== pairKey(before.source, before.target))
    throw new EditConflictError(`${source} and ${target} are not the genes of ${id}`);
  const flipped = source !== before.source;
  const { arcStability, reverseArcStability, ...rest } = before.evidence;
  // Arc stabilities are stored relative to the regulation's own direction: swap them with it.
  const forward = flipped ? reverseArcStability : arcStability;
  const backward = flipped ? arcStability : reverseArcStability;
  const after: Regulation = {
    ...before,
    source,
    target,
    directed: direction !== null,
    evidence: {
      ...rest,
      ...(forward !== undefined ? { arcStability: forward } : {}),
      ...(backward !== undefined ? { reverseArcStability: backward } : {}),
      editedByUser: true,
    },
  };
  const op: EditOp = { op: 'orient', before, after };
  applyEdit(net, op); // an orientation may clash with the opposite arc of a feedback loop
  return op;
}

export function reverse(net: GeneRegulatoryNetwork, id: string): EditOp {
  const r = regulation(net, id);
  if (!r.directed) throw new EditConflictError(`${id} is undirected: orient it instead`);
  return orient(net, id, { source: r.target, target: r.source });
}

export function setNote(net: GeneRegulatoryNetwork, id: string, note: string | null): EditOp {
  return { op: 'setNote', id, before: regulation(net, id).evidence.note ?? null, after: note || null };
}

/** Forbid, require (or with null, free) the adjacency a — b or the arc a → b. */
export function setConstraint(
  net: GeneRegulatoryNetwork,
  on: 'adjacency' | 'arc',
  pair: GenePair,
  after: Constraint,
): EditOp {
  return {
    op: 'setConstraint',
    on,
    pair: [pair[0], pair[1]],
    before: constraintOf(net.knowledge, on, pair),
    after,
  };
}

// ---- apply and invert ---------------------------------------------------------------------------

export function invertEdit(op: EditOp): EditOp {
  switch (op.op) {
    case 'addRegulation':
      return { op: 'removeRegulation', regulation: op.regulation };
    case 'removeRegulation':
      return { op: 'addRegulation', regulation: op.regulation };
    case 'addGene':
      return { ...op, op: 'removeGene' };
    case 'removeGene':
      return { ...op, op: 'addGene' };
    case 'orient':
    case 'setNote':
    case 'setConstraint':
    case 'setTiers':
    case 'setAllowedAdjacencies':
      return { ...op, before: op.after, after: op.before } as EditOp;
  }
}

/** Apply a sequence in order (a history step, or a version's whole history). */
export function applyEdits(net: GeneRegulatoryNetwork, ops: readonly EditOp[]): GeneRegulatoryNetwork {
  // A bulk step (100 regulations deleted) would copy the regulation map once per op, ~1 ms each at
  // 10,000 regulations: a run of added and removed regulations goes to one copy instead, each op
  // checked in order as applyEdit checks it.
  let out = net;
  for (let i = 0; i < ops.length;) {
    let j = i;
    while (j < ops.length && isRegulationOp(ops[j]!)) j++;
    if (j > i) {
      const staged = { ...out, regulations: new Map(out.regulations) };
      for (const op of ops.slice(i, j) as RegulationOp[])
        if (op.op === 'removeRegulation') removeFrom(staged, op.regulation);
        else addTo(staged, op.regulation);
      out = staged;
      i = j;
    } else out = applyEdit(out, ops[i++]!);
  }
  return out;
}

type RegulationOp = Extract<EditOp, { op: 'addRegulation' | 'removeRegulation' }>;
const isRegulationOp = (op: EditOp): op is RegulationOp =>
  op.op === 'addRegulation' || op.op === 'removeRegulation';

/** The sequence that undoes `ops`: each inverted, in reverse order. */
export function invertEdits(ops: readonly EditOp[]): EditOp[] {
  return ops.map(invertEdit).reverse();
}

/** The network after `op`; throws EditConflictError when the network is not in op's "before" state. */
export function applyEdit(net: GeneRegulatoryNetwork, op: EditOp): GeneRegulatoryNetwork {
  switch (op.op) {
    case 'addRegulation':
      return withRegulations(net, [], [op.regulation]);
    case 'removeRegulation':
      return withRegulations(net, [op.regulation], []);
    case 'orient':
      if (pairKey(op.before.source, op.before.target) !== pairKey(op.after.source, op.after.target))
        throw new EditConflictError('an orientation keeps the gene pair');
      return withRegulations(net, [op.before], [op.after]);
    case 'setNote': {
      const r = regulation(net, op.id);
      if ((r.evidence.note ?? null) !== op.before)
        throw new EditConflictError(`the note of ${op.id} has changed since this edit was made`);
      const { note: _old, ...evidence } = r.evidence;
      const next = { ...r, evidence: op.after === null ? evidence : { ...evidence, note: op.after } };
      return withRegulations(net, [r], [next]);
    }
    case 'setConstraint':
      return { ...net, knowledge: withConstraint(net.knowledge, op) };
    case 'setAllowedAdjacencies': {
      if (!sameValue(net.knowledge.allowedAdjacencies ?? null, op.before))
        throw new EditConflictError('the allowed skeleton has changed since this edit was made');
      const { allowedAdjacencies: _old, ...rest } = net.knowledge;
      const after = op.after === null ? null : canonicalAdjacencies(op.after);
      return { ...net, knowledge: after === null ? rest : { ...rest, allowedAdjacencies: after } };
    }
    case 'addGene': {
      if (net.genes.has(op.gene)) throw new EditConflictError(`${op.gene} is already a gene of this network`);
      const genes = new Map(net.genes);
      genes.set(op.gene, op.attributes);
      return { ...net, genes };
    }
    case 'removeGene': {
      if (!sameValue(net.genes.get(op.gene), op.attributes))
        throw new EditConflictError(`${op.gene} has changed since this edit was made`);
      for (const r of net.regulations.values())
        if (r.source === op.gene || r.target === op.gene)
          throw new EditConflictError(`${op.gene} still has regulations; delete them first`);
      const genes = new Map(net.genes);
      genes.delete(op.gene);
      return { ...net, genes };
    }
    case 'setTiers': {
      if (!sameValue(net.knowledge.tiers, op.before))
        throw new EditConflictError('the tiers have changed since this edit was made');
      const seen = new Set<string>();
      for (const g of op.after.flat()) {
        if (!net.genes.has(g)) throw new EditConflictError(`${g} is not a gene of this network`);
        if (seen.has(g)) throw new EditConflictError(`${g} is in more than one tier`);
        seen.add(g);
      }
      return { ...net, knowledge: { ...net.knowledge, tiers: op.after.map((t) => [...t]) } };
    }
  }
}

function withRegulations(
  net: GeneRegulatoryNetwork,
  remove: readonly Regulation[],
  add: readonly Regulation[],
): GeneRegulatoryNetwork {
  const staged = { ...net, regulations: new Map(net.regulations) };
  for (const r of remove) removeFrom(staged, r);
  for (const r of add) addTo(staged, r);
  return staged;
}

/** A network whose regulation map is a private copy being edited. */
type Staged = GeneRegulatoryNetwork & { regulations: Map<string, Regulation> };

function removeFrom(staged: Staged, r: Regulation): void {
  const id = idOf(r);
  if (!sameValue(staged.regulations.get(id), r))
    throw new EditConflictError(`${id} has changed since this edit was made`);
  staged.regulations.delete(id);
}

function addTo(staged: Staged, r: Regulation): void {
  for (const g of [r.source, r.target])
    if (!staged.genes.has(g)) throw new EditConflictError(`${g} is not a gene of this network`);
  if (r.source === r.target) throw new EditConflictError(`${r.source} cannot regulate itself here`);
  const clash = conflicting(staged, r)[0];
  if (clash) throw new EditConflictError(`${idOf(clash)} already connects ${r.source} and ${r.target}`);
  staged.regulations.set(idOf(r), r);
}

// ---- background knowledge -----------------------------------------------------------------------

/** Adjacencies as the network keeps them: each pair gene-ordered, the list sorted, no repeats. */
const canonicalAdjacencies = (pairs: readonly GenePair[]): [string, string][] =>
  sortedPairs(
    pairs.map(([a, b]) => (a < b ? [a, b] : [b, a])),
    ([a, b]) => pairKey(a, b),
  );

type ConstraintList = 'forbiddenAdjacencies' | 'requiredAdjacencies' | 'forbiddenArcs' | 'requiredArcs';

function listOf(on: 'adjacency' | 'arc', c: 'forbidden' | 'required'): ConstraintList {
  if (on === 'adjacency') return c === 'forbidden' ? 'forbiddenAdjacencies' : 'requiredAdjacencies';
  return c === 'forbidden' ? 'forbiddenArcs' : 'requiredArcs';
}

const keyOf = (on: 'adjacency' | 'arc', [a, b]: GenePair): string =>
  on === 'adjacency' ? pairKey(a, b) : arcKey(a, b);

function constraintOf(k: GeneKnowledge, on: 'adjacency' | 'arc', pair: GenePair): Constraint {
  const key = keyOf(on, pair);
  for (const c of ['forbidden', 'required'] as const)
    if (k[listOf(on, c)].some((p) => keyOf(on, p) === key)) return c;
  return null;
}

function withConstraint(k: GeneKnowledge, op: Extract<EditOp, { op: 'setConstraint' }>): GeneKnowledge {
  if (constraintOf(k, op.on, op.pair) !== op.before)
    throw new EditConflictError(`the constraint on ${op.pair.join(' and ')} has changed since this edit`);
  const key = keyOf(op.on, op.pair);
  const next: GeneKnowledge = { ...k };
  if (op.before !== null) {
    const list = listOf(op.on, op.before);
    next[list] = k[list].filter((p) => keyOf(op.on, p) !== key);
  }
  if (op.after !== null) {
    const list = listOf(op.on, op.after);
    const pair: GenePair =
      op.on === 'adjacency' && op.pair[1] < op.pair[0] ? [op.pair[1], op.pair[0]] : op.pair;
    // Kept sorted: the same knowledge is the same data whatever order it was edited in.
    next[list] = sortedPairs([...next[list], pair], (p) => keyOf(op.on, p));
  }
  return next;
}
