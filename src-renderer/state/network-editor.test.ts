import { describe, expect, it } from 'vitest';
import { createNetwork, type Regulation } from '@shared/domain/grn/network.ts';
import { applyEdits } from '@shared/domain/grn/edits.ts';
import type { ViewGraph } from '../graph/view-model.ts';
import { NetworkEditor, type EditorHost } from './network-editor.svelte.ts';
import { editorCommandFor } from './network-editor-keys.ts';

const reg = (source: string, target: string, directed = true): Regulation => ({
  source,
  target,
  directed,
  evidence: { stability: 0.8 },
  attributes: {},
});

function setup() {
  const graph: ViewGraph = {
    title: 't',
    network: createNetwork(
      ['A', 'B', 'C', 'D'].map((g) => [g, {}] as const),
      [reg('A', 'B'), reg('B', 'C'), reg('C', 'D', false)],
    ),
  };
  const host = {
    graph: graph as ViewGraph | null,
    editable: true as boolean,
    setGraph(g: ViewGraph) {
      host.graph = g;
    },
  } satisfies EditorHost;
  const editor = new NetworkEditor(host);
  editor.attach({ kind: 'network', id: 'net' }, graph);
  const edges = () => [...host.graph!.network.regulations.keys()].sort();
  return { editor, host, edges, original: graph };
}

describe('NetworkEditor', () => {
  it('makes each action one step and undoes and redoes them in order', () => {
    const { editor, host, edges, original } = setup();
    expect(editor.addGene('E')).toBe(true);
    expect(editor.addRegulation('E', 'A', true)).toBe(true);
    expect(editor.reverse(['A→B'])).toBe(true);
    // Deleting a gene takes its regulations with it, in the same step.
    expect(editor.delete(['C'], ['C—D', 'E→A'])).toBe(true);
    expect(edges()).toEqual(['B→A']);
    expect(editor.done.map((s) => s.label)).toEqual(['add E', 'add E→A', 'reverse A→B', 'delete 2 items']);
    expect(editor.done.map((s) => s.ops.length)).toEqual([1, 1, 1, 4]);

    expect(editor.undo()).toBe(true);
    expect(edges()).toEqual(['B→A', 'B→C', 'C—D', 'E→A']);
    expect(editor.undo() && editor.undo()).toBe(true);
    expect(edges()).toEqual(['A→B', 'B→C', 'C—D']);
    expect(editor.redo()).toBe(true);
    expect(edges()).toEqual(['A→B', 'B→C', 'C—D', 'E→A']);
    // A new action after undo drops the redo stack.
    expect(editor.setDirected(['C—D'], true)).toBe(true);
    expect(editor.undone).toEqual([]);
    expect(editor.redo()).toBe(false);
    expect(edges()).toEqual(['A→B', 'B→C', 'C→D', 'E→A']);
    // The saved history replays on the base to the network on screen.
    expect(applyEdits(original.network, editor.ops)).toEqual(host.graph!.network);
    while (editor.undo());
    expect(host.graph!.network).toEqual(original.network);
  });

  it('reports a conflicting edit as a clear message and leaves the network and history alone', () => {
    const { editor, host, original } = setup();
    expect(editor.addRegulation('B', 'A', true)).toBe(true);
    const before = host.graph;
    expect(editor.addRegulation('A', 'B', false)).toBe(false);
    expect(editor.error).toMatch(/^That edit cannot be made: .*already connects A and B/);
    expect(editor.reverse(['C—D'])).toBe(false);
    expect(editor.error).toMatch(/undirected/);
    expect(editor.addGene('A')).toBe(false);
    expect(host.graph).toBe(before);
    expect(editor.done).toHaveLength(1);
    // A failed step in the middle of a bulk action applies none of it.
    expect(editor.reverse(['B→C', 'C—D'])).toBe(false);
    expect(host.graph).toBe(before);
    editor.undo();
    expect(host.graph!.network).toEqual(original.network);
  });

  it('sets constraints and tiers as steps, keeps version ops before the history, refuses overlays', () => {
    const { editor, host } = setup();
    editor.constrain(['A→B'], 'arc', 'required');
    editor.constrain(['B→C'], 'adjacency', 'forbidden');
    editor.setTiers([['A'], [], ['B', 'C']]);
    const k = host.graph!.network.knowledge;
    expect([k.requiredArcs, k.forbiddenAdjacencies, k.tiers]).toEqual([
      [['A', 'B']],
      [['B', 'C']],
      [['A'], ['B', 'C']],
    ]);
    editor.saved('v1');
    expect([editor.versionId, editor.versionOps.length, editor.done.length]).toEqual(['v1', 3, 0]);
    expect(editor.undo()).toBe(false); // a saved version's ops are its base, not undoable steps
    editor.setNote('A→B', '  PMID:123 ');
    expect(host.graph!.network.regulations.get('A→B')?.evidence.note).toBe('PMID:123');
    expect(editor.ops).toHaveLength(4);
    // Re-opening the base drops them.
    expect(editor.openVersion(null, [])).toBe(true);
    expect(host.graph!.network.knowledge.requiredArcs).toEqual([]);
    host.editable = false;
    expect(editor.addGene('Z')).toBe(false);
    expect(editor.error).toMatch(/cannot be edited/);
  });

  it('keeps genes in the order they were selected', () => {
    const { editor } = setup();
    editor.select(['B'], []);
    editor.select(['A', 'B'], []);
    expect(editor.selectedGenes).toEqual(['B', 'A']);
  });
});

describe('editorCommandFor', () => {
  const key = (
    k: string,
    mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {},
  ) =>
    editorCommandFor({
      key: k,
      code: '',
      ctrlKey: false,
      metaKey: false,
      shiftKey: false,
      altKey: false,
      ...mods,
    });
  it('maps the shortcuts of the sheet, with Ctrl or Cmd', () => {
    expect(key('z', { ctrlKey: true })).toBe('undo');
    expect(key('Z', { metaKey: true, shiftKey: true })).toBe('redo');
    expect(key('y', { ctrlKey: true })).toBe('redo');
    expect(key('Delete')).toBe('delete');
    expect(key('R')).toBe('reverse');
    expect(key('?', { shiftKey: true })).toBe('help');
    expect(key('F10', { shiftKey: true })).toBe('menu');
    expect(key('ContextMenu')).toBe('menu');
    // Not Ctrl+R (reload), not Alt+D, not plain letters without a command.
    expect([key('r', { ctrlKey: true }), key('d', { altKey: true }), key('x')]).toEqual([null, null, null]);
  });
});

describe('saved ops', () => {
  it('replay on the base even when the page added display values to the genes', () => {
    const { editor, host, original } = setup();
    // The page colours by a signature: every gene gets a value the document does not have.
    const genes = new Map([...host.graph!.network.genes].map(([g, a]) => [g, { ...a, log2FC: 1 }]));
    host.graph = { ...host.graph!, network: { ...host.graph!.network, genes } };
    editor.addGene('E');
    editor.delete(['A', 'E'], []);
    expect(editor.done.at(-1)!.ops.find((o) => o.op === 'removeGene')).toMatchObject({
      attributes: { log2FC: 1 },
    });
    const replayed = applyEdits(original.network, editor.ops);
    expect([...replayed.genes.keys()]).toEqual(['B', 'C', 'D']);
  });
});

describe('selection after an edit', () => {
  it('follows a reversed edge and drops what was deleted', () => {
    const { editor } = setup();
    editor.select(['A', 'D'], ['A→B', 'C—D']);
    editor.reverse(['A→B']);
    expect(editor.selectedEdges).toEqual(['B→A', 'C—D']);
    editor.delete(['D'], []);
    expect([editor.selectedGenes, editor.selectedEdges]).toEqual([['A'], ['B→A']]);
    editor.undo();
    expect(editor.selectedEdges).toEqual(['B→A']);
  });
});
