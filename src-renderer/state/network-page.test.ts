import { describe, expect, it } from 'vitest';
import { discovered } from '../lib/testing/graphs.ts';
import { FakeApi } from '../lib/testing/fake-api.ts';
import { Caller } from './caller.ts';
import { JobsState } from './jobs.svelte.ts';
import { NetworkPageState } from './network-page.svelte.ts';
import { ProjectState } from './project.svelte.ts';
import { ToastState } from './toasts.svelte.ts';

function setup() {
  const api = new FakeApi()
    .handle('run.result', ({ runId }) =>
      runId === 'r1'
        ? { ok: true, value: discovered }
        : {
            ok: true,
            value: {
              ...discovered,
              nodes: ['A', 'B', 'E'],
              edges: [{ source: 'B', target: 'E', directed: true, stability: 0.4 }],
            },
          },
    )
    .reply('dataset.geneValues', { columns: ['log2FC'], values: [[1, -1, null, 0.5, null]] });
  const toasts = new ToastState({ set: () => 0, clear: () => undefined });
  const caller = new Caller(api, toasts);
  const project = new ProjectState(caller);
  return new NetworkPageState(caller, project, new JobsState(caller, toasts), toasts);
}

describe('NetworkPageState', () => {
  it('keeps the loaded source when values, overlays or the threshold change, so the canvas diffs', async () => {
    const page = setup();
    await page.show({ kind: 'run', id: 'r1' });
    expect(page.loadedA).toBe('run:r1');
    const before = page.graphA!;

    await page.colourFromDataset('sig');
    expect(page.graphA).not.toBe(before);
    expect(page.graphA!.network.regulations).toBe(before.network.regulations); // no regulation to touch
    expect(page.graphA!.network.genes.get('A')).toEqual({ sig: 1 });
    expect(page.colourBy).toBe('sig');

    await page.showB({ kind: 'run', id: 'r2' });
    expect(page.loadedB).toBe('run:r2');
    expect(page.shown?.title).toBe('r1 vs r2');
    expect(page.loadedA).toBe('run:r1');
    page.selectedEdgeId = 'B→E';
    expect(page.selectedEdge).toMatchObject({ source: 'B', target: 'E', membership: 'b' });

    await page.show({ kind: 'run', id: 'r2' });
    expect(page.loadedA).toBe('run:r2'); // another network: a new canvas and layout
    page.reset();
    expect([page.loadedA, page.loadedB]).toEqual(['', '']);
  });

  it('hides genes without an edge at the threshold by default, counted, and shows them on request', async () => {
    const page = setup();
    await page.show({ kind: 'run', id: 'r1' });
    expect(page.hideIsolated).toBe(true);
    expect([...page.isolated]).toEqual([]);
    page.threshold = 0.5; // keeps A→B (0.9) only
    expect([...page.isolated].sort()).toEqual(['C', 'D']);
    expect([...page.hidden].sort()).toEqual(['C', 'D']);
    page.hideIsolated = false;
    expect(page.hidden.size).toBe(0);
    expect(page.isolated.size).toBe(2); // still counted for the toolbar
  });
});
