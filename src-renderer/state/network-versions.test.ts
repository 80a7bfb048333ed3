import { describe, expect, it } from 'vitest';
import type { NetworkGraph } from '@shared/domain/network.ts';
import { fromNetworkGraph } from '@shared/domain/grn/from-documents.ts';
import { createNetwork } from '@shared/domain/grn/network.ts';
import type {
  NetworkVersion,
  NetworkVersionSummary,
  SaveNetworkVersion,
} from '@shared/domain/grn/versions.ts';
import type { RunRecord } from '@shared/domain/project.ts';
import type { ViewGraph } from '../graph/view-model.ts';
import { FakeApi } from '../lib/testing/fake-api.ts';
import { Caller } from './caller.ts';
import { NetworkEditor, pageHost } from './network-editor.svelte.ts';
import { BASE, NetworkVersionsState, type VersionsPage } from './network-versions.svelte.ts';
import { ToastState } from './toasts.svelte.ts';

const doc: NetworkGraph = {
  nodes: ['A', 'B', 'C', 'D'].map((id) => ({ id, attributes: {} })),
  edges: [
    { source: 'A', target: 'B', directed: false, attributes: {} },
    { source: 'B', target: 'C', directed: false, attributes: {} },
    { source: 'C', target: 'D', directed: false, attributes: {} },
  ],
};

/** A backend that stores versions like the service does (ids minted, never overwritten). */
function backend() {
  const saved: NetworkVersion[] = [];
  const api = new FakeApi()
    .reply('network.get', doc)
    .handle('network.saveVersion', (input: SaveNetworkVersion) => {
      const v: NetworkVersion = {
        ...input,
        id: `v${saved.length + 1}`,
        nOps: input.ops.length,
        note: input.note ?? '',
        createdAt: new Date(2026, 0, saved.length + 1).toISOString(),
      };
      saved.push(v);
      const { ops: _ops, ...summary } = v;
      return { ok: true, value: summary as NetworkVersionSummary };
    })
    .handle('network.listVersions', () => ({
      ok: true,
      value: saved.map(({ ops: _ops, ...s }) => s as NetworkVersionSummary),
    }))
    .handle('network.getVersion', ({ versionId }) => {
      const v = saved.find((x) => x.id === versionId);
      return v ? { ok: true, value: v } : { ok: false, error: { code: 'E_NOT_FOUND', message: 'no' } };
    });
  return { api, saved };
}

function setup() {
  const { api, saved } = backend();
  const graph: ViewGraph = { title: 'ppi', network: fromNetworkGraph(doc) };
  const page: VersionsPage & { overlay: ViewGraph | null } = {
    graphA: graph,
    graphB: null,
    compare: 'off',
    versionDiff: false,
    wizard: null,
    openWizard: () => undefined,
    get overlay() {
      return this.compare === 'overlay' && this.graphB ? this.graphB : null;
    },
  };
  const runs: RunRecord[] = [];
  const editor = new NetworkEditor(pageHost(page));
  editor.attach({ kind: 'network', id: 'ppi' }, graph);
  const versions = new NetworkVersionsState(new Caller(api, new ToastState()), editor, page, { runs });
  return { api, saved, page, editor, versions, runs, graph };
}

describe('network versions', () => {
  it('saves the whole history from the base, with the version edited as parent, and lists who changed what', async () => {
    const { api, saved, editor, versions } = setup();
    editor.reverse(['A—B']); // cannot: undirected
    editor.setDirected(['A—B'], true);
    editor.delete([], ['C—D']);
    expect(await versions.save(' curated ', 'from the literature')).toBe('v1');
    expect(api.callsOf('network.saveVersion')[0]).toMatchObject({
      name: 'curated',
      base: { kind: 'network', networkId: 'ppi' },
      note: 'from the literature',
    });
    expect(saved[0]!.ops).toHaveLength(2);
    expect(saved[0]!.parentId).toBeUndefined();
    expect([editor.versionId, editor.dirty]).toEqual(['v1', false]);
    editor.addRegulation('A', 'D', true);
    expect(await versions.save('more', '')).toBe('v2');
    expect(saved[1]).toMatchObject({ parentId: 'v1', nOps: 3 });
    expect(versions.rows.map((r) => [r.id, r.byUser, r.learned])).toEqual([
      [BASE, null, 3],
      ['v1', expect.objectContaining({ added: 0, removed: 1, reversed: 0, reoriented: 1, reweighted: 0 }), 1],
      ['v2', expect.objectContaining({ added: 1, removed: 1, reversed: 0, reoriented: 1, reweighted: 0 }), 1],
    ]);
  });

  it('diffs two versions on the canvas and as a table, then puts the edited graph back', async () => {
    const { editor, versions, page } = setup();
    editor.delete([], ['C—D']);
    await versions.save('v', '');
    editor.addGene('E');
    const editing = page.graphA;
    await versions.compare(BASE, 'v1');
    expect(versions.diff?.result.counts.removed).toBe(1);
    expect([page.compare, page.graphA?.title, page.graphB?.title]).toEqual([
      'overlay',
      'As learned / imported',
      'v',
    ]);
    expect(editor.editable).toBe(false); // an overlay is not one network
    versions.closeDiff();
    expect([page.compare, page.graphB, page.graphA]).toEqual(['off', null, editing]);
    // Opening the base drops the version's edits from the screen.
    expect(await versions.open(BASE)).toBe(true);
    expect([...page.graphA!.network.regulations.keys()]).toEqual(['A—B', 'B—C', 'C—D']);
  });

  it('compares a run given a version with that version', async () => {
    const { editor, versions, runs } = setup();
    editor.setDirected(['B—C'], true); // my B→C
    editor.constrain(['A—B'], 'adjacency', 'forbidden');
    await versions.save('mine', '');
    runs.push({ id: 'r1', params: { editedVersionId: 'v1' } } as unknown as RunRecord);
    const result = createNetwork(
      ['A', 'B', 'C', 'D'].map((g) => [g, {}] as const),
      [
        { source: 'B', target: 'C', directed: true, evidence: {}, attributes: {} },
        { source: 'C', target: 'D', directed: false, evidence: {}, attributes: {} },
      ],
    );
    editor.attach({ kind: 'run', id: 'r1' }, { title: 'run', network: result });
    expect(versions.editedVersionOf('r1')).toBe('v1');
    expect(await versions.compareRun('r1')).toBe(true);
    expect(versions.comparison?.versionName).toBe('mine');
    expect(versions.comparison?.result.counts).toMatchObject({ supported: 1, honoured: 1, violated: 0 });
  });
});
