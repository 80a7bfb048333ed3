import { describe, expect, it } from 'vitest';
import type { DatasetDescriptor } from '@shared/domain/project.ts';
import { FakeApi, flush } from '../lib/testing/fake-api.ts';
import { Caller } from './caller.ts';
import { RankWizard } from './rank-wizard.svelte.ts';
import { ToastState } from './toasts.svelte.ts';

const noTimers = { set: () => 0, clear: () => undefined };
const dataset = (id: string, kind: DatasetDescriptor['kind'], nSamples = 1): DatasetDescriptor => ({
  id,
  name: id,
  kind,
  description: '',
  matrixFile: `datasets/${id}/matrix.arrow`,
  nGenes: 100,
  nSamples,
  source: { fileName: 'x', sha256: 'a'.repeat(64) },
  createdAt: '2024-01-01T00:00:00.000Z',
});
const datasets = [
  dataset('cells', 'expression', 10),
  dataset('sig', 'signature'),
  dataset('l1000', 'drug-signatures', 100),
];

function setup(shared = 500) {
  const api = new FakeApi()
    .reply('dataset.geneValues', { columns: ['log2FC', 'p'], values: [[], []] })
    .handle('drugs.preview', (input) => ({
      ok: true,
      value: {
        genes: ['A'],
        values: [1],
        pValues: null,
        shared,
        upInDisease: Array(input.querySize).fill('A'),
        downInDisease: [],
      },
    }))
    .reply('dataset.sampleColumns', [
      { name: 'drug', nDistinct: 2, values: ['x', 'y'] },
      { name: 'cell_type', nDistinct: 2, values: ['A549', 'MCF7'] },
    ]);
  const wizard = new RankWizard(new Caller(api, new ToastState(noTimers)), () => datasets);
  return { api, wizard };
}

describe('RankWizard', () => {
  it('picks the first signature and collection, its first column, and previews the query sets', async () => {
    const { api, wizard } = setup();
    await flush();
    expect([wizard.diseaseId, wizard.diseaseColumn, wizard.collectionId]).toEqual(['sig', 'log2FC', 'l1000']);
    expect(wizard.diseases.map((d) => d.id)).toEqual(['sig']);
    expect(api.callsOf('drugs.preview')).toEqual([
      { diseaseDatasetId: 'sig', column: 'log2FC', collectionDatasetId: 'l1000', querySize: 100 },
    ]);
  });

  it('walks the steps only when each is valid and builds the job spec', async () => {
    const { wizard } = setup();
    await flush();
    expect(await wizard.next()).toBe(true);
    expect(wizard.step).toBe('cells');
    expect(wizard.chosenCellTypes).toEqual(['A549', 'MCF7']);
    wizard.toggleCellType('A549');
    wizard.toggleCellType('MCF7');
    expect(wizard.problem).toMatch(/at least one cell type/);
    expect(await wizard.next()).toBe(false);
    wizard.toggleCellType('MCF7');
    expect(await wizard.next()).toBe(true);
    wizard.querySize = '300';
    expect(wizard.problem).toMatch(/more than 600 shared genes; there are 500/);
    wizard.score = 'pearson';
    expect(wizard.problem).toBeNull(); // the query size matters to WTCS only
    expect(await wizard.next()).toBe(true);
    wizard.seed = '1.5';
    expect(wizard.problem).toMatch(/seed/);
    expect(wizard.spec()).toBeNull();
    wizard.seed = '7';
    wizard.permutations = '250';
    expect(wizard.spec()).toEqual({
      kind: 'drugs.rank',
      diseaseDatasetId: 'sig',
      diseaseColumn: 'log2FC',
      collectionDatasetId: 'l1000',
      cellTypes: ['MCF7'],
      score: 'pearson',
      querySize: 300,
      aggregate: 'best',
      permutations: 250,
      seed: 7,
    });
    wizard.back();
    expect(wizard.step).toBe('score');
  });

  it('refuses a disease signature that shares too few genes with the collection', async () => {
    const { wizard } = setup(4);
    await flush();
    expect(wizard.problem).toMatch(/Only 4 genes are shared/);
    expect(await wizard.next()).toBe(false);
  });

  it('adds the optional transport step to the spec only when asked, and needs a target cell type', async () => {
    const { wizard } = setup();
    await flush();
    await wizard.next();
    expect(wizard.spec()?.transport).toBeUndefined();
    wizard.transportOn = true;
    expect(wizard.problem).toMatch(/cell type to transport/);
    expect(await wizard.next()).toBe(false);
    expect(wizard.transportTargets).toEqual(['A549', 'MCF7']);
    // A cell type the collection never measured would only relabel the signatures (was "A549" for SKB).
    wizard.transportTarget = 'HEPG2';
    expect(wizard.problem).toMatch(/No chosen signature was measured in "HEPG2".*only relabel.*A549, MCF7/);
    wizard.toggleCellType('MCF7');
    expect(wizard.transportTargets).toEqual([]);
    expect(wizard.problem).toMatch(/at least two cell types/);
    wizard.toggleCellType('MCF7');
    wizard.transportTarget = ' A549 ';
    wizard.transportMethod = 'si';
    expect(wizard.problem).toBeNull();
    expect(wizard.spec()?.transport).toEqual({ targetCellType: 'A549', method: 'si' });
  });
});
