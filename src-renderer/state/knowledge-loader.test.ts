import { describe, expect, it } from 'vitest';
import type { ReadKnowledgeResult } from '@shared/contracts/network-versions.ts';
import { fromNetworkGraph } from '@shared/domain/grn/from-documents.ts';
import type { NetworkGraph } from '@shared/domain/network.ts';
import type { ViewGraph } from '../graph/view-model.ts';
import { FakeApi } from '../lib/testing/fake-api.ts';
import { Caller } from './caller.ts';
import { KnowledgeLoader } from './knowledge-loader.svelte.ts';
import { NetworkEditor, type EditorHost } from './network-editor.svelte.ts';
import { ToastState } from './toasts.svelte.ts';

const doc: NetworkGraph = {
  nodes: ['A', 'B', 'C', 'D'].map((id) => ({ id, attributes: {} })),
  edges: [
    { source: 'A', target: 'B', directed: true, attributes: {} },
    { source: 'B', target: 'C', directed: false, attributes: {} },
  ],
};

const read: ReadKnowledgeResult = {
  source: 'tetrad',
  knowledge: {
    forbiddenAdjacencies: [],
    requiredAdjacencies: [['C', 'D']],
    forbiddenArcs: [['B', 'A']],
    requiredArcs: [['A', 'B']],
    // X is not a gene of this network: a tier may only name the network's genes.
    tiers: [
      ['A', 'X'],
      ['B', 'C', 'D'],
    ],
    allowedAdjacencies: [
      ['A', 'B'],
      ['B', 'C'],
      ['C', 'D'],
    ],
  },
  counts: {
    allowedAdjacencies: 3,
    forbiddenAdjacencies: 0,
    requiredAdjacencies: 1,
    forbiddenArcs: 1,
    requiredArcs: 1,
    tiers: 2,
    tieredGenes: 5,
  },
};

function setup() {
  let graph: ViewGraph | null = { title: 'prior', network: fromNetworkGraph(doc) };
  const host: EditorHost = {
    get graph() {
      return graph;
    },
    editable: true,
    setGraph: (g) => (graph = g),
  };
  const editor = new NetworkEditor(host);
  editor.attach({ kind: 'network', id: 'prior' }, graph);
  const api = new FakeApi().reply('network.readKnowledge', read);
  return { api, editor, loader: new KnowledgeLoader(new Caller(api, new ToastState()), editor) };
}

describe('loading constraints from a file', () => {
  it('reads the file in the backend with the chosen meaning, then applies it as one undoable step', async () => {
    const { api, editor, loader } = setup();
    loader.as = 'allowed-skeleton';
    await loader.choosePath('/data/prior.txt');
    expect(api.calls.at(-1)).toEqual({
      method: 'network.readKnowledge',
      input: { file: { path: '/data/prior.txt' }, as: 'allowed-skeleton' },
    });
    expect(loader.apply()).toBe(true);
    const k = editor.network!.knowledge;
    expect(k.requiredArcs).toEqual([['A', 'B']]);
    expect(k.forbiddenArcs).toEqual([['B', 'A']]);
    expect(k.requiredAdjacencies).toEqual([['C', 'D']]);
    expect(k.tiers).toEqual([['A'], ['B', 'C', 'D']]);
    expect(k.allowedAdjacencies).toHaveLength(3);
    expect(editor.done).toHaveLength(1);
    expect(editor.done[0]!.label).toBe('load knowledge from prior.txt');

    expect(editor.undo()).toBe(true);
    expect(editor.network!.knowledge.requiredArcs).toEqual([]);
    expect(editor.network!.knowledge.tiers).toEqual([]);
    expect(editor.network!.knowledge.allowedAdjacencies).toBeUndefined();
  });

  it('does not record constraints that are already so, and applies nothing before a file is read', () => {
    const { editor, loader } = setup();
    expect(loader.apply()).toBe(false);
    expect(editor.loadKnowledge({ ...read.knowledge, tiers: [] }, 'first')).toBe(true);
    const first = editor.done[0]!.ops.length;
    expect(
      editor.loadKnowledge({ ...read.knowledge, tiers: [], allowedAdjacencies: undefined }, 'again'),
    ).toBe(false);
    expect(editor.done).toHaveLength(1);
    expect(first).toBe(4); // three constraints + the skeleton
  });
});
