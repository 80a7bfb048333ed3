// Property tests of the edit operations (issue 13): on seeded random networks (directed, undirected,
// feedback loops, background knowledge, gene attributes) and random valid edits made with the
// builders, every operation's inverse undoes it exactly, any sequence followed by its undo sequence
// returns to the start, and an operation applied to a network in another state throws
// EditConflictError and leaves that network as it was.
import { beforeEach, describe, expect, it } from 'vitest';
import { SeededRng } from '../../../src-main/compute/numeric/rng.ts';
import {
  addGene,
  addRegulation,
  applyEdit,
  applyEdits,
  deleteGenes,
  EditConflictError,
  EditOp,
  invertEdit,
  invertEdits,
  orient,
  removeRegulation,
  reverse,
  setConstraint,
  setNote,
  setTiers,
  setAllowedAdjacencies,
} from './edits.ts';
import {
  arcKey,
  createNetwork,
  idOf,
  pairKey,
  type Attribute,
  type GeneKnowledge,
  type GenePair,
  type GeneRegulatoryNetwork,
  type Regulation,
} from './network.ts';
import { sameValue } from './same-value.ts';

const SEEDS = 100;
const STEPS = 20;
const POOL = ['TP53', 'MDM2', 'CDKN1A', 'BAX', 'MYC', 'E2F1', 'RB1', 'CDK4', 'JUN', 'FOS', 'EGFR', 'KRAS'];

const pick = <T>(rng: SeededRng, xs: readonly T[]): T => xs[rng.integer(xs.length)]!;
const maybe = (rng: SeededRng, p: number): boolean => rng.uniform() < p;

function randomAttributes(rng: SeededRng): Record<string, Attribute> {
  const out: Record<string, Attribute> = {};
  if (maybe(rng, 0.7)) out['log2FC'] = Math.round(rng.normal() * 1000) / 1000;
  if (maybe(rng, 0.3)) out['label'] = pick(rng, ['TF', 'kinase', 'receptor']);
  if (maybe(rng, 0.2)) out['measured'] = maybe(rng, 0.5);
  if (maybe(rng, 0.1)) out['score'] = null;
  return out;
}

function randomRegulation(rng: SeededRng, source: string, target: string, directed: boolean): Regulation {
  const p = (): number => Math.round(rng.uniform() * 100) / 100;
  return {
    source,
    target,
    directed,
    evidence: {
      ...(maybe(rng, 0.8) ? { stability: p() } : {}),
      ...(maybe(rng, 0.6) ? { arcStability: p(), reverseArcStability: p() } : {}),
      ...(maybe(rng, 0.5) ? { ciPValue: maybe(rng, 0.2) ? null : p() } : {}),
      ...(maybe(rng, 0.2) ? { orientedByIntervention: true } : {}),
      ...(maybe(rng, 0.1) ? { invariance: [{ setting: 'drug', pValue: p() }] } : {}),
      ...(maybe(rng, 0.2) ? { note: `PMID:${rng.integer(99999)}` } : {}),
      ...(maybe(rng, 0.1) ? { editedByUser: true } : {}),
    },
    attributes: maybe(rng, 0.3) ? { interaction: pick(rng, ['pd', 'pp']), weight: p() } : {},
  };
}

function randomPairs(rng: SeededRng, genes: readonly string[], n: number): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < n; i++) {
    const a = pick(rng, genes);
    const b = pick(rng, genes);
    if (a !== b) out.push([a, b]);
  }
  return out;
}

/** A network of 3–10 genes: directed, undirected and feedback-loop regulations, knowledge, attributes. */
function randomNetwork(rng: SeededRng): GeneRegulatoryNetwork {
  const genes = POOL.slice(0, 3 + rng.integer(8));
  const regulations: Regulation[] = [];
  for (let i = 0; i < genes.length * 2; i++) {
    const a = pick(rng, genes);
    const b = pick(rng, genes);
    if (a === b) continue;
    const kind = rng.integer(3);
    regulations.push(randomRegulation(rng, a, b, kind !== 1));
    if (kind === 2) regulations.push(randomRegulation(rng, b, a, true)); // a feedback loop
  }
  const shuffled = [...genes].sort(() => rng.uniform() - 0.5);
  const cut = rng.integer(genes.length);
  const forbiddenAdjacencies = randomPairs(rng, genes, rng.integer(3));
  const forbiddenArcs = randomPairs(rng, genes, rng.integer(3));
  const knowledge: GeneKnowledge = {
    ...(maybe(rng, 0.2) ? { allowedAdjacencies: randomPairs(rng, genes, 6) } : {}),
    forbiddenAdjacencies,
    // A pair both forbidden and required is a contradiction the search refuses (KnowledgeConflictError):
    // not a state the editor can reach, so not one to draw.
    requiredAdjacencies: randomPairs(rng, genes, rng.integer(2)).filter(
      ([a, b]) => !forbiddenAdjacencies.some(([x, y]) => pairKey(x, y) === pairKey(a, b)),
    ),
    forbiddenArcs,
    requiredArcs: randomPairs(rng, genes, rng.integer(2)).filter(
      ([a, b]) => !forbiddenArcs.some(([x, y]) => x === a && y === b),
    ),
    tiers: maybe(rng, 0.4) ? [shuffled.slice(0, cut), shuffled.slice(cut)].filter((t) => t.length) : [],
  };
  return createNetwork(
    genes.map((g) => [g, randomAttributes(rng)] as const),
    regulations,
    knowledge,
  );
}

const OP_KINDS = [
  'addGene',
  'deleteGenes',
  'addRegulation',
  'removeRegulation',
  'orient',
  'reverse',
  'setNote',
  'setConstraint',
  'setTiers',
  'setAllowedAdjacencies',
] as const;

/** One undoable step (one op, or deleteGenes' several) valid on `net`, built with the builders; null if the draw does not fit. */
function randomStep(
  net: GeneRegulatoryNetwork,
  rng: SeededRng,
  kind: (typeof OP_KINDS)[number],
): EditOp[] | null {
  const genes = [...net.genes.keys()];
  const ids = [...net.regulations.keys()];
  const gene = (): string => pick(rng, genes);
  try {
    switch (kind) {
      case 'addGene':
        return [addGene(net, maybe(rng, 0.9) ? `NEW${rng.integer(50)}` : gene())];
      case 'deleteGenes':
        return genes.length > 2 ? deleteGenes(net, [...new Set([gene(), gene()])]) : null;
      case 'addRegulation':
        return [addRegulation(net, gene(), gene(), maybe(rng, 0.7))];
      case 'removeRegulation':
        return ids.length ? [removeRegulation(net, pick(rng, ids))] : null;
      case 'orient': {
        if (!ids.length) return null;
        const id = pick(rng, ids);
        const { source, target } = net.regulations.get(id)!;
        const to = pick(rng, [null, { source, target }, { source: target, target: source }]);
        return [orient(net, id, to)];
      }
      case 'reverse':
        return ids.length ? [reverse(net, pick(rng, ids))] : null;
      case 'setNote':
        return ids.length
          ? [setNote(net, pick(rng, ids), maybe(rng, 0.3) ? null : `note ${rng.integer(4)}`)]
          : null;
      case 'setConstraint': {
        const on = maybe(rng, 0.5) ? 'arc' : 'adjacency';
        return [
          setConstraint(net, on, [gene(), gene()], pick(rng, [null, 'forbidden', 'required'] as const)),
        ];
      }
      case 'setAllowedAdjacencies': {
        if (maybe(rng, 0.2)) return [setAllowedAdjacencies(net, null)];
        const n = rng.integer(5);
        return [
          setAllowedAdjacencies(
            net,
            Array.from({ length: n }, () => [gene(), gene()] as const),
          ),
        ];
      }
      case 'setTiers': {
        const shuffled = genes.filter(() => maybe(rng, 0.7)).sort(() => rng.uniform() - 0.5);
        const cut = rng.integer(shuffled.length + 1);
        return [
          setTiers(
            net,
            [shuffled.slice(0, cut), shuffled.slice(cut)].filter((t) => t.length),
          ),
        ];
      }
    }
  } catch (e) {
    if (e instanceof EditConflictError) return null;
    throw e;
  }
}

/** Equal networks: the same genes with equal attributes, the same regulations, the same knowledge. */
function same(x: GeneRegulatoryNetwork, y: GeneRegulatoryNetwork): boolean {
  const sameMap = <T>(m: ReadonlyMap<string, T>, n: ReadonlyMap<string, T>): boolean =>
    m.size === n.size && [...m].every(([k, v]) => n.has(k) && sameValue(v, n.get(k)));
  return (
    sameMap(x.genes, y.genes) && sameMap(x.regulations, y.regulations) && sameValue(x.knowledge, y.knowledge)
  );
}

/** What every network must satisfy after any edit: nothing dangling, no contradictory pair, ids right. */
function problems(net: GeneRegulatoryNetwork): string[] {
  const out: string[] = [];
  const byPair = new Map<string, Regulation[]>();
  for (const [id, r] of net.regulations) {
    if (id !== idOf(r)) out.push(`${id} is stored under the wrong id`);
    if (!net.genes.has(r.source) || !net.genes.has(r.target)) out.push(`${id} names a missing gene`);
    const key = pairKey(r.source, r.target);
    byPair.set(key, [...(byPair.get(key) ?? []), r]);
  }
  // A pair holds one undirected regulation, or one directed regulation per direction.
  for (const regs of byPair.values())
    if (regs.length > 2 || (regs.length === 2 && regs.some((r) => !r.directed)))
      out.push(`${regs.map(idOf).join(' and ')} contradict each other`);
  const k = net.knowledge;
  const sortedBy = (name: string, pairs: readonly GenePair[], key: (p: GenePair) => string): void => {
    const keys = pairs.map(key);
    if (!sameValue(keys, [...new Set(keys)].sort())) out.push(`${name} is not sorted and unique`);
  };
  sortedBy('forbiddenAdjacencies', k.forbiddenAdjacencies, ([a, b]) => pairKey(a, b));
  sortedBy('requiredAdjacencies', k.requiredAdjacencies, ([a, b]) => pairKey(a, b));
  sortedBy('forbiddenArcs', k.forbiddenArcs, ([a, b]) => arcKey(a, b));
  sortedBy('requiredArcs', k.requiredArcs, ([a, b]) => arcKey(a, b));
  const tiered = k.tiers.flat();
  if (new Set(tiered).size !== tiered.length) out.push('a gene is in two tiers');
  for (const g of tiered) if (!net.genes.has(g)) out.push(`tier gene ${g} is not a gene`);
  return out;
}

/** Every broken property, described (one expect per test keeps hundreds of cases fast). */
let failures: string[] = [];
function check(ok: boolean, what: () => string): void {
  if (!ok && failures.length < 20) failures.push(what());
}

/** Applies `ops` expecting EditConflictError or success; on a conflict the input must be untouched. */
function applyOrConflict(net: GeneRegulatoryNetwork, ops: readonly EditOp[]): GeneRegulatoryNetwork | null {
  const before = structuredClone(net);
  try {
    return applyEdits(net, ops);
  } catch (e) {
    check(e instanceof EditConflictError, () => `${ops[0]?.op} threw ${String(e)}`);
    check(same(net, before), () => `a refused ${ops[0]?.op} changed the network`);
    return null;
  }
}

interface Walk {
  start: GeneRegulatoryNetwork;
  states: GeneRegulatoryNetwork[];
  steps: EditOp[][];
}

/** A random history of STEPS valid steps from a random network; onStep sees each step. */
function walk(
  seed: number,
  onStep: (net: GeneRegulatoryNetwork, step: EditOp[], next: GeneRegulatoryNetwork) => void,
): Walk {
  const rng = new SeededRng(seed);
  const start = randomNetwork(rng);
  const states = [start];
  const steps: EditOp[][] = [];
  let net = start;
  for (let tries = 0; steps.length < STEPS && tries < STEPS * 20; tries++) {
    const step = randomStep(net, rng, pick(rng, OP_KINDS));
    if (!step) continue;
    const before = structuredClone(net);
    const next = applyEdits(net, step);
    check(same(net, before), () => `${step[0]!.op} mutated the network it read`);
    onStep(net, step, next);
    steps.push(step);
    states.push(next);
    net = next;
  }
  return { start, states, steps };
}

describe('edit operations (property tests on seeded random networks)', { timeout: 30_000 }, () => {
  beforeEach(() => {
    failures = [];
  });

  it('apply then invert is the identity, for every operation on every state', () => {
    const seen = new Set<string>();
    let cases = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      walk(seed, (net, step, next) => {
        for (const p of problems(next)) check(false, () => `after ${step[0]!.op}: ${p}`);
        // One op at a time: each inverse undoes exactly its op.
        let state = net;
        for (const op of step) {
          const after = applyEdit(state, op);
          const undone = applyEdit(after, invertEdit(op));
          check(same(undone, state), () => `invert(${op.op}) did not undo it (seed ${seed})`);
          check(sameValue(invertEdit(invertEdit(op)), op), () => `invert(invert(${op.op})) is another op`);
          // The op survives storage (a saved version's history) unchanged.
          check(
            sameValue(EditOp.parse(JSON.parse(JSON.stringify(op))), op),
            () => `${op.op} lost data in JSON`,
          );
          seen.add(op.op);
          state = after;
          cases++;
        }
        check(same(applyEdits(next, invertEdits(step)), net), () => `step undo failed`);
      });
    }
    expect(failures).toEqual([]);
    expect(cases).toBeGreaterThan(SEEDS * STEPS);
    expect([...seen].sort()).toEqual([
      'addGene',
      'addRegulation',
      'orient',
      'removeGene',
      'removeRegulation',
      'setAllowedAdjacencies',
      'setConstraint',
      'setNote',
      'setTiers',
    ]);
  });

  it('any sequence followed by its undo sequence returns to the start (knowledge and attributes included)', () => {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const { start, states, steps } = walk(seed, () => {});
      const all = steps.flat();
      const end = applyEdits(start, all);
      check(same(end, states.at(-1)!), () => `replaying seed ${seed} gave another network`);
      const back = applyEdits(end, invertEdits(all));
      check(same(back, start), () => `undoing all of seed ${seed} did not return to the start`);
      check(sameValue(back.knowledge, start.knowledge), () => `seed ${seed}: knowledge differs`);
      for (const [g, attributes] of start.genes)
        check(sameValue(back.genes.get(g), attributes), () => `seed ${seed}: ${g}'s attributes differ`);
      // Undoing any suffix returns to the state before it (undo to any point in the history).
      const k = seed % (steps.length + 1);
      const suffix = steps.slice(k).flat();
      check(same(applyEdits(end, invertEdits(suffix)), states[k]!), () => `partial undo`);
    }
    expect(failures).toEqual([]);
  });

  it('an operation applied to a network in another state throws EditConflictError, never corrupts it', () => {
    let conflicts = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const rng = new SeededRng(10_000 + seed);
      walk(seed, (net, step, next) => {
        if (!same(next, net)) {
          // Applied twice: what the step changed is no longer in the state it expects.
          check(applyOrConflict(next, step) === null, () => `${step[0]!.op} applied twice`);
          // Undone although it was never applied.
          check(applyOrConflict(net, invertEdits(step)) === null, () => `${step[0]!.op} undone unapplied`);
          conflicts += 2;
        }
        // On an unrelated random network: a conflict, or a clean edit that its inverse undoes.
        const other = randomNetwork(rng);
        const done = applyOrConflict(other, step);
        if (done === null) conflicts++;
        else {
          for (const p of problems(done)) check(false, () => `${step[0]!.op} elsewhere: ${p}`);
          check(same(applyEdits(done, invertEdits(step)), other), () => `undo elsewhere`);
        }
      });
    }
    expect(failures).toEqual([]);
    expect(conflicts).toBeGreaterThan(SEEDS * STEPS);
  });
});
