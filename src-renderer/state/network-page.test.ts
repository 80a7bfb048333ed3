import { describe, expect, it } from 'vitest';
import type { ProjectSummary, RunRecord } from '@shared/domain/project.ts';
import { discovered } from '../lib/testing/graphs.ts';
import { FakeApi } from '../lib/testing/fake-api.ts';
import { projectSummary } from '../lib/testing/fixtures.ts';
import { Caller } from './caller.ts';
import { JobsState } from './jobs.svelte.ts';
import { NetworkPageState } from './network-page.svelte.ts';
import { ProjectState } from './project.svelte.ts';
import { ToastState } from './toasts.svelte.ts';

function setup(api = fakeApi(), current: ProjectSummary | null = null) {
  const toasts = new ToastState({ set: () => 0, clear: () => undefined });
  const caller = new Caller(api, toasts);
  const project = new ProjectState(caller);
  project.current = current;
  return new NetworkPageState(caller, project, new JobsState(caller, toasts), toasts);
}

function fakeApi() {
  return new FakeApi()
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

describe('the evidence pane and the slider follow the threshold', () => {
  it('ranges the slider over the network’s stabilities and starts it with every edge drawn', async () => {
    const page = setup();
    await page.show({ kind: 'run', id: 'r1' });
    expect(page.stabilityRange).toEqual({ min: 0.1, max: 0.9, step: 0.05 });
    expect(page.threshold).toBe(0.1);
    await page.showB({ kind: 'run', id: 'r2' }); // the overlay adds B→E at 0.4: the same span
    expect(page.stabilityRange).toEqual({ min: 0.1, max: 0.9, step: 0.05 });
  });

  it('says when the selected edge is hidden by the threshold, and lowering it shows the edge again', async () => {
    const page = setup();
    await page.show({ kind: 'run', id: 'r1' });
    page.selectedEdgeId = 'B—C'; // stability 0.35
    expect(page.selectedEdgeHidden).toBe(false);
    page.threshold = 0.5;
    expect(page.selectedEdge?.id).toBe('B—C');
    expect(page.selectedEdgeHidden).toBe(true);
    page.showSelectedEdge();
    expect(page.threshold).toBe(0.35);
    expect(page.selectedEdgeHidden).toBe(false);
    page.selectedEdgeId = 'A→B';
    page.threshold = 0.9;
    expect(page.selectedEdgeHidden).toBe(false); // 0.9 ≥ 0.9: still drawn
  });
});

describe('the gene panel', () => {
  const run: RunRecord = {
    id: 'r1',
    kind: 'network.discover',
    label: 'GSP network of Airway',
    inputs: { datasetId: 'ds_airway' },
    params: {},
    resultFile: 'runs/r1.json',
    createdAt: '2024-05-01T10:00:00.000Z',
    elapsedMs: 5,
    appVersion: '0.1.0',
  };
  const table = {
    id: 'dc',
    name: 'DrugCentral',
    kind: 'drug-targets' as const,
    description: '',
    file: 'tables/dc.arrow',
    nRows: 3,
    source: { fileName: 'dc.tsv', sha256: 'a'.repeat(64) },
    createdAt: '2024-05-01T10:00:00.000Z',
  };

  function withProject() {
    const api = fakeApi()
      .handle('dataset.geneValues', ({ genes }) => ({
        ok: true,
        value: { columns: ['s1', 's2', 's3'], values: [[genes[0] === 'B' ? 2 : 0], [null], [3]] },
      }))
      .handle('tables.geneDrugs', ({ genes }) => ({
        ok: true,
        value: {
          hasActivity: true,
          drugs: [
            genes[0] === 'B' ? [{ drug: 'imatinib', action: 'INHIBITOR', actValue: 7.5, actType: 'Ki' }] : [],
          ],
        },
      }));
    const summary = projectSummary({ runs: [run] });
    const page = setup(api, { ...summary, manifest: { ...summary.manifest, tables: [table] } });
    return { page, api };
  }

  it('assembles a gene’s expression in the run’s dataset, its drugs and its links at the threshold', async () => {
    const { page, api } = withProject();
    await page.show({ kind: 'run', id: 'r1' });
    await page.openGene('B');
    expect(api.callsOf('dataset.geneValues').at(-1)).toEqual({ datasetId: 'ds_airway', genes: ['B'] });
    expect(page.genePanel.expression).toEqual({
      datasetId: 'ds_airway',
      datasetName: 'Airway',
      values: [2, null, 3],
    });
    expect(page.genePanel.drugs).toMatchObject({
      tableId: 'dc',
      hasActivity: true,
      drugs: [{ drug: 'imatinib', actValue: 7.5 }],
    });
    expect(page.geneDetail?.regulators.map((l) => l.gene)).toEqual(['A']);
    expect(page.geneDetail?.undirected.map((l) => [l.gene, l.hidden])).toEqual([['C', false]]);
    page.threshold = 0.5;
    expect(page.geneDetail?.undirected.map((l) => [l.gene, l.hidden])).toEqual([['C', true]]);

    await page.openGene('D'); // targeted by no drug
    expect(page.genePanel.drugs?.drugs).toEqual([]);
    await page.show({ kind: 'run', id: 'r1' });
    expect(page.genePanel.gene).toBeNull(); // another network closes the panel
  });

  it('reads no expression for an imported network, and a newer gene wins over one still loading', async () => {
    const { page, api } = withProject();
    api.reply('network.get', {
      nodes: [
        { id: 'A', attributes: {} },
        { id: 'B', attributes: {} },
      ],
      edges: [{ source: 'A', target: 'B', directed: false, attributes: {} }],
    });
    await page.show({ kind: 'network', id: 'ppi' });
    const first = page.openGene('A');
    const second = page.openGene('B');
    await Promise.all([first, second]);
    expect(page.genePanel.gene).toBe('B');
    expect(page.genePanel.expression).toBeNull();
    expect(api.callsOf('dataset.geneValues')).toEqual([]);
    expect(page.genePanel.drugs?.drugs.map((d) => d.drug)).toEqual(['imatinib']);
    page.genePanel.close();
    expect(page.geneDetail).toBeNull();
  });
});

describe('a finished discovery job links to its network', () => {
  // The Jobs list's "Open result" (features/jobs/result-routes.ts) goes to the page and calls this.
  it('shows a finished run by its id', async () => {
    const network = setup();
    await network.show({ kind: 'run', id: 'r2' });
    expect(network.sourceA).toEqual({ kind: 'run', id: 'r2' });
    expect(network.loadedA).toBe('run:r2');
    expect(network.graphA?.network.regulations.has('B→E')).toBe(true);
  });
});
