import { describe, expect, it } from 'vitest';
import type { DatasetDescriptor } from '@shared/domain/project.ts';
import { FakeApi, flush, startsJobs } from '../lib/testing/fake-api.ts';
import { Caller } from './caller.ts';
import { JobsState } from './jobs.svelte.ts';
import { ModelTrainState } from './model-train.svelte.ts';
import { SettingsState } from './settings.svelte.ts';
import { TransportPageState } from './transport-page.svelte.ts';
import { ToastState } from './toasts.svelte.ts';

const kang: DatasetDescriptor = {
  id: 'kang',
  name: 'Kang',
  kind: 'expression',
  description: '',
  matrixFile: 'datasets/kang/matrix.arrow',
  samplesFile: 'datasets/kang/samples.arrow',
  nGenes: 10,
  nSamples: 120,
  source: { fileName: 'k.h5ad', sha256: 'a'.repeat(64) },
  createdAt: '2024-01-01T00:00:00.000Z',
};
const COLUMNS = [
  { name: 'cell_type', nDistinct: 3, values: ['B', 'CD4T', 'NK'] },
  { name: 'condition', nDistinct: 2, values: ['control', 'stimulated'] },
  { name: 'barcode', nDistinct: 120, values: [] },
];

function setup() {
  const api = new FakeApi()
    .reply('dataset.sampleColumns', COLUMNS)
    .reply('model.list', [])
    .handle('job.start', startsJobs);
  const toasts = new ToastState({ set: () => 0, clear: () => undefined });
  const caller = new Caller(api, toasts);
  const jobs = new JobsState(caller, toasts);
  return { api, caller, jobs };
}

const model = (id: string, latentShiftUnusable: string | null) => ({
  id,
  name: id.toUpperCase(),
  origin: 'project' as const,
  genes: 10,
  trainedOn: [],
  samples: null,
  provider: null,
  kind: latentShiftUnusable ? ('other' as const) : ('autoencoder' as const),
  latentShiftUnusable,
});

describe('TransportPageState', () => {
  it('offers every model for latent shift, usable ones first, and refuses an unusable one', async () => {
    const { api, caller, jobs } = setup();
    api.reply('model.list', [model('clf', 'not an autoencoder'), model('ae', null)]);
    const t = new TransportPageState(caller, jobs, () => [kang]);
    await t.open();
    expect(t.modelChoices.map((m) => m.id)).toEqual(['ae', 'clf']);
    t.toggleMethod('latent-shift');
    t.modelId = 'ae';
    expect(t.errors).toEqual([]);
    t.modelId = 'clf';
    expect(t.errors).toContain('“CLF” cannot run latent shift: not an autoencoder.');
    expect(t.spec()).toBeNull();
  });

  it('guesses the columns and the control, builds the spec, and refuses an incomplete one', async () => {
    const { caller, jobs } = setup();
    const t = new TransportPageState(caller, jobs, () => [kang]);
    await t.open();
    expect(t.cellTypeColumn).toBe('cell_type');
    expect(t.conditionColumn).toBe('condition');
    expect(t.control).toBe('control');
    expect(t.perturbed).toEqual(['stimulated']);
    expect(t.columns.map((c) => c.name)).not.toContain('barcode');
    t.target = 'CD4T';
    expect(t.spec()).toMatchObject({
      kind: 'transport.validate',
      datasetId: 'kang',
      targetCellType: 'CD4T',
      methods: ['none', 'nearest', 'additive', 'ntk', 'si'],
      seed: 1,
    });
    t.toggleMethod('latent-shift');
    expect(t.spec()?.methods).toEqual(['none', 'nearest', 'additive', 'latent-shift', 'ntk', 'si']);
    expect(t.spec()?.epochs).toBe(10);
    t.modelId = 'kang-pbmc-ae-1000';
    expect(t.spec()).toMatchObject({ modelId: 'kang-pbmc-ae-1000' });
    expect(t.spec()?.epochs).toBeUndefined();
    t.togglePerturbed('stimulated');
    expect(t.spec()).toBeNull();
    expect(t.errors).toContain('Choose at least one perturbed condition.');
    t.togglePerturbed('stimulated');
    t.setControl('stimulated');
    expect(t.perturbed).toEqual([]);
  });

  it('starts the job and loads its result when it finishes', async () => {
    const { api, caller, jobs } = setup();
    jobs.subscribe();
    const t = new TransportPageState(caller, jobs, () => [kang]);
    t.subscribe();
    await t.open();
    api.reply('run.result', {
      kind: 'transport.validate',
      dataset: { id: 'kang', name: 'Kang' },
      params: {
        cellTypeColumn: 'cell_type',
        conditionColumn: 'condition',
        control: 'control',
        perturbed: ['stimulated'],
        targetCellType: null,
        modelId: null,
        providerSetting: 'auto',
        seed: 1,
      },
      pairs: [{ cellType: 'CD4T', perturbation: 'stimulated' }],
      methods: [],
      recommendation: { method: 'none', rule: 'r', reason: 'x' },
      appVersion: '0',
      createdAt: '2024-01-01T00:00:00.000Z',
    });
    expect(await t.run()).toBe(true);
    api.emit('job.finished', { jobId: t.jobId!, runId: 'run_1' });
    await flush();
    await flush();
    expect(t.result?.pairs).toHaveLength(1);
  });
});

describe('ModelTrainState', () => {
  it('plots the loss from progress metrics of its own job only, and builds the spec with a hold-out', async () => {
    const { api, caller, jobs } = setup();
    const m = new ModelTrainState(caller, jobs);
    m.subscribe();
    await m.chooseDataset('kang');
    m.holdOut = 'CD4T|stimulated';
    m.provider = 'cpu';
    expect(m.spec()).toMatchObject({
      kind: 'model.train',
      exclude: [{ cellType: 'CD4T', condition: 'stimulated' }],
      genes: 1000,
      provider: 'cpu',
    });
    expect(await m.start()).toBe(true);
    const progress = (jobId: string, metrics?: Record<string, number>) =>
      api.emit('job.progressed', {
        jobId,
        progress: { phase: 'x', fraction: 0.5, etaMs: null, ...(metrics ? { metrics } : {}) },
      });
    progress(m.jobId!, { epoch: 1, trainLoss: 0.5, validationLoss: 0.6 });
    progress('other', { epoch: 2, trainLoss: 9 });
    progress(m.jobId!);
    progress(m.jobId!, { epoch: 2, trainLoss: 0.4 });
    expect(m.points).toEqual([
      { epoch: 1, trainLoss: 0.5, validationLoss: 0.6 },
      { epoch: 2, trainLoss: 0.4, validationLoss: null },
    ]);
    m.epochs = '0';
    expect(m.spec()).toBeNull();
  });
});

describe('SettingsState', () => {
  it('loads and pins a valid provider; refuses an unknown one without calling', async () => {
    const { api, caller } = setup();
    api
      .reply('settings.get', { provider: 'auto' })
      .handle('settings.set', (input) => ({ ok: true, value: input }));
    const s = new SettingsState(caller);
    await s.load();
    expect(s.provider).toBe('auto');
    expect(await s.setProvider('cuda')).toBe(true);
    expect(s.provider).toBe('cuda');
    expect(await s.setProvider('tpu')).toBe(false);
    expect(api.callsOf('settings.set')).toEqual([{ provider: 'cuda' }]);
  });
});
