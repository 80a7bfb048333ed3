import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../../src-main/compute/numeric/rng.ts';
import { diffNetworks, isEmptyDiff } from './diff.ts';
import {
  addRegulation,
  applyEdit,
  applyEdits,
  EditConflictError,
  EditOp,
  invertEdit,
  invertEdits,
  orient,
  removeRegulation,
  reverse,
  setConstraint,
  setNote,
} from './edits.ts';
import { createNetwork, regulationId, type GeneRegulatoryNetwork, type Regulation } from './network.ts';

const GENES = ['TP53', 'MDM2', 'CDKN1A', 'BAX', 'MYC', 'E2F1'];

function start(): GeneRegulatoryNetwork {
  const reg = (source: string, target: string, directed: boolean, stability: number): Regulation => ({
    source,
    target,
    directed,
    evidence: { stability, arcStability: stability * 0.8, reverseArcStability: 0.1, ciPValue: 0.001 },
    attributes: {},
  });
  return createNetwork(
    GENES.map((g) => [g, { log2FC: g.length }] as const),
    [reg('TP53', 'MDM2', true, 0.9), reg('MDM2', 'TP53', true, 0.4), reg('TP53', 'BAX', false, 0.6)],
  );
}

/** One random edit that is valid on `net`, or null when the draw does not make one. */
function randomEdit(net: GeneRegulatoryNetwork, rng: SeededRng): EditOp | null {
  const ids = [...net.regulations.keys()];
  const gene = (): string => GENES[rng.integer(GENES.length)]!;
  const id = (): string | undefined => ids[rng.integer(Math.max(1, ids.length))];
  try {
    switch (rng.integer(6)) {
      case 0:
        return addRegulation(net, gene(), gene(), rng.uniform() < 0.7);
      case 1: {
        const r = id();
        return r === undefined ? null : removeRegulation(net, r);
      }
      case 2: {
        const r = id();
        if (r === undefined) return null;
        const { source, target } = net.regulations.get(r)!;
        const choice = rng.integer(3);
        return orient(
          net,
          r,
          choice === 0 ? null : choice === 1 ? { source, target } : { source: target, target: source },
        );
      }
      case 3: {
        const r = ids.find((x) => net.regulations.get(x)!.directed);
        return r === undefined ? null : reverse(net, r);
      }
      case 4: {
        const r = id();
        return r === undefined
          ? null
          : setNote(net, r, rng.uniform() < 0.3 ? null : `note ${rng.integer(5)}`);
      }
      default: {
        const c = [null, 'forbidden', 'required'] as const;
        return setConstraint(
          net,
          rng.uniform() < 0.5 ? 'arc' : 'adjacency',
          [gene(), gene()],
          c[rng.integer(3)]!,
        );
      }
    }
  } catch (e) {
    if (e instanceof EditConflictError) return null;
    throw e;
  }
}

describe('network edits', () => {
  it('invert(op) applied after op gives back an equal network, on random sequences of edits', () => {
    const kinds = new Set<string>();
    for (const seed of [1, 2, 3, 4, 5]) {
      const rng = new SeededRng(seed);
      let net = start();
      const history: { op: EditOp; before: GeneRegulatoryNetwork }[] = [];
      while (history.length < 60) {
        const op = randomEdit(net, rng);
        if (!op) continue;
        const next = applyEdit(net, op);
        const back = applyEdit(next, invertEdit(op));
        expect(isEmptyDiff(diffNetworks(net, back))).toBe(true);
        expect(back).toEqual(net);
        // the ops survive storage (undo history on disk)
        expect(EditOp.parse(JSON.parse(JSON.stringify(op)))).toEqual(op);
        history.push({ op, before: net });
        kinds.add(op.op);
        net = next;
      }
      // The whole history as one step (runs of regulation ops share one map copy) ends in the same
      // network, and its inverse sequence returns to the start.
      const ops = history.map((h) => h.op);
      expect(applyEdits(start(), ops)).toEqual(net);
      expect(applyEdits(net, invertEdits(ops))).toEqual(start());
      // Undoing the whole history, newest first, returns to the start.
      const end = net;
      for (const { op } of [...history].reverse()) net = applyEdit(net, invertEdit(op));
      expect(net).toEqual(start());
      expect(isEmptyDiff(diffNetworks(start(), end))).toBe(false);
    }
    expect([...kinds].sort()).toEqual([
      'addRegulation',
      'orient',
      'removeRegulation',
      'setConstraint',
      'setNote',
    ]);
  });

  it('reversing swaps the orientation and its arc stabilities and marks the edit', () => {
    const net = start();
    expect(regulationId('TP53', 'BAX', false)).toBe('BAX—TP53');
    expect(() => reverse(net, 'TP53→MDM2')).toThrow(EditConflictError); // MDM2 → TP53 already exists
    const released = applyEdit(net, removeRegulation(net, 'MDM2→TP53'));
    const reversed = applyEdit(released, reverse(released, 'TP53→MDM2'));
    const r = reversed.regulations.get('MDM2→TP53')!;
    expect(r.evidence).toMatchObject({
      arcStability: 0.1,
      reverseArcStability: 0.9 * 0.8,
      editedByUser: true,
    });
    expect(reversed.regulations.has('TP53→MDM2')).toBe(false);
    const d = diffNetworks(released, reversed);
    expect(d.removed.map((x) => `${x.source}>${x.target}`)).toEqual(['TP53>MDM2']);
    expect(d.added.map((x) => `${x.source}>${x.target}`)).toEqual(['MDM2>TP53']);
  });

  it('applies a bulk step in order and refuses it whole when one op does not fit', () => {
    const net = start();
    const remove = removeRegulation(net, 'TP53→MDM2');
    // Removing then re-adding the same regulation is valid only in this order.
    const readd = invertEdit(remove);
    expect(applyEdits(net, [remove, readd])).toEqual(net);
    expect(() => applyEdits(net, [readd, remove])).toThrow(/already connects/);
    expect(() => applyEdits(net, [remove, remove])).toThrow(/changed/);
    expect(net).toEqual(start()); // a refused step leaves the network as it was
  });

  it('refuses edits made for another state of the network', () => {
    const net = start();
    const remove = removeRegulation(net, 'TP53→MDM2');
    const after = applyEdit(net, remove);
    expect(() => applyEdit(after, remove)).toThrow(/no regulation|changed/);
    const note = setNote(net, 'BAX—TP53', 'seen in ChIP-seq');
    const noted = applyEdit(net, note);
    expect(noted.regulations.get('BAX—TP53')!.evidence.note).toBe('seen in ChIP-seq');
    expect(() => applyEdit(noted, note)).toThrow(EditConflictError);
    expect(() => addRegulation(net, 'TP53', 'BAX', true)).toThrow(/already connects/);
    expect(() => addRegulation(net, 'TP53', 'NOTAGENE', true)).toThrow(/not a gene/);
  });

  it('keeps background knowledge sorted, so the same constraints are the same data', () => {
    let a = start();
    for (const [x, y] of [
      ['MYC', 'E2F1'],
      ['BAX', 'TP53'],
    ] as const)
      a = applyEdit(a, setConstraint(a, 'adjacency', [x, y], 'forbidden'));
    let b = start();
    for (const [x, y] of [
      ['TP53', 'BAX'],
      ['E2F1', 'MYC'],
    ] as const)
      b = applyEdit(b, setConstraint(b, 'adjacency', [x, y], 'forbidden'));
    expect(a.knowledge).toEqual(b.knowledge);
    expect(a.knowledge.forbiddenAdjacencies).toEqual([
      ['BAX', 'TP53'],
      ['E2F1', 'MYC'],
    ]);
    const req = applyEdit(a, setConstraint(a, 'adjacency', ['TP53', 'BAX'], 'required'));
    expect(req.knowledge.forbiddenAdjacencies).toEqual([['E2F1', 'MYC']]);
    expect(req.knowledge.requiredAdjacencies).toEqual([['BAX', 'TP53']]);
    const arc = applyEdit(a, setConstraint(a, 'arc', ['TP53', 'BAX'], 'required'));
    expect(arc.knowledge.requiredArcs).toEqual([['TP53', 'BAX']]);
  });
});
