import { describe, expect, it } from 'vitest';
import type { DatasetDescriptor, TableDescriptor } from '@shared/domain/project.ts';
import { FakeApi } from '../lib/testing/fake-api.ts';
import { Caller } from './caller.ts';
import { CausalStepForm, RankStepForm } from './targets-steps.svelte.ts';
import { ToastState } from './toasts.svelte.ts';

const SHA = 'd'.repeat(64);
const T = '2026-12-01T10:00:00.000Z';
const signature: DatasetDescriptor = {
  id: 'sig',
  name: 'sig',
  kind: 'signature',
  description: '',
  matrixFile: 'datasets/sig/matrix.arrow',
  nGenes: 10,
  nSamples: 2,
  source: { fileName: 'x', sha256: SHA },
  createdAt: T,
};
const table: TableDescriptor = {
  id: 'dc',
  name: 'DrugCentral',
  kind: 'drug-targets',
  description: '',
  file: 'tables/dc.arrow',
  nRows: 1,
  source: { fileName: 'x', sha256: SHA },
  createdAt: T,
};

describe('CausalStepForm', () => {
  it('defaults to the paper’s run and counts its GSP runs', () => {
    const form = new CausalStepForm();
    expect(form.runCount()).toBe(601);
    expect(form.spec('net', 'cells')?.stability).toEqual({
      subsamples: 100,
      fraction: 0.7,
      alphas: [0.0001, 0.001, 0.01, 0.1, 0.2, 0.3],
      threshold: 0.3,
    });
    // The paper's gene filter: expressed in more than 10% of the cells; 0 sends no filter at all.
    expect(form.spec('net', 'cells')?.minExpressedFraction).toBe(0.1);
    form.minExpressedPercent = '0';
    expect(form.spec('net', 'cells')).not.toHaveProperty('minExpressedFraction');
    form.minExpressedPercent = '100';
    expect(form.problem).toMatch(/expressed/i);
    form.minExpressedPercent = '10';
    form.compat = 'belyaeva2021';
    form.depth = '5';
    expect(form.spec('net', 'cells')).toMatchObject({ compat: 'belyaeva2021', depth: 5 });
    form.depth = '0';
    expect(form.problem).toMatch(/depth/);
    expect(form.spec('net', 'cells')).toBeNull();
  });
});

describe('RankStepForm', () => {
  it('takes the signature’s first column when the asked one is not there, and needs every input', async () => {
    const api = new FakeApi().reply('dataset.geneValues', { columns: ['log2FC', 'padj'], values: [] });
    const form = new RankStepForm(
      new Caller(api, new ToastState({ set: () => 0, clear: () => undefined })),
      () => [signature],
    );
    await form.setDisease('sig', 'nope');
    expect([form.diseaseId, form.diseaseColumn, form.diseaseColumns]).toEqual([
      'sig',
      'log2FC',
      ['log2FC', 'padj'],
    ]);
    const inputs = { discoverRunId: 'd1', steinerRunId: null, expressionId: 'cells', tables: [table] };
    expect(form.problem(inputs)).toMatch(/drug–target table/);
    form.drugTableId = 'dc';
    form.diseaseGenesFrom = 'steinerTerminals';
    // Without a Steiner run the disease genes are the signature's.
    expect(form.spec(inputs)).toMatchObject({
      disease: { datasetId: 'sig', column: 'log2FC' },
      diseaseGenes: { mode: 'signature' },
      minAffinity: 5,
    });
    expect(form.problem({ ...inputs, discoverRunId: null })).toMatch(/causal network/);
  });
});
