import { describe, expect, it } from 'vitest';
import {
  GIM_DEFAULTS,
  type GimModelDetail,
  type GimPrediction,
  type GimTrainResult,
} from '@shared/contracts/gim.ts';
import type { DatasetDescriptor, RunRecord } from '@shared/domain/project.ts';
import { FakeApi, flush, startsJobs } from '../lib/testing/fake-api.ts';
import { Caller } from './caller.ts';
import { GimPageState } from './gim.svelte.ts';
import { JobsState } from './jobs.svelte.ts';
import { ToastState } from './toasts.svelte.ts';

const expr: DatasetDescriptor = {
  id: 'gim_small',
  name: 'GIM small',
  kind: 'expression',
  description: '',
  matrixFile: 'datasets/g/matrix.bin',
  samplesFile: 'datasets/g/samples.arrow',
  nGenes: 10,
  nSamples: 300,
  source: { fileName: 'expression.csv', sha256: 'a'.repeat(64) },
  createdAt: '2024-01-01T00:00:00.000Z',
};
const run = (id: string, kind: string, createdAt: string): RunRecord => ({
  id,
  kind,
  label: id,
  inputs: {},
  params: {},
  resultFile: `results/${id}.json`,
  createdAt,
  elapsedMs: 1,
  appVersion: '0.1.0',
});
const COLUMNS = [
  { name: 'batch', nDistinct: 2, values: ['a', 'b'] },
  { name: 'context', nDistinct: 4, values: ['obs', 'drugA_1', 'drugA_2', 'drugB_1'] },
];

const CARD = {
  id: 'gim_m1',
  name: 'M1',
  dataset: { id: 'gim_small', name: 'GIM small' },
  contextColumn: 'context',
  observationalLabel: 'obs',
  featureTable: 'features.csv',
  features: [
    { name: 'dose', kind: 'numeric' as const, min: 0.1, max: 10 },
    { name: 'type', kind: 'categorical' as const, levels: ['A', 'B'] },
  ],
  genes: ['G1', 'G2', 'G3'],
  contexts: [{ name: 'drugA_1', cells: 50 }],
  observationalCells: 100,
  network: { source: 'learned' as const, edges: 2 },
  seed: 7,
  epochs: 5,
  hiddenUnits: 16,
  finalLoss: 1.5,
  runId: 'run_t',
  appVersion: '0.1.0',
  createdAt: '2024-01-01T00:00:00.000Z',
};
const DETAIL: GimModelDetail = {
  card: CARD,
  lossCurve: [{ epoch: 1, loss: 3 }],
  featureRows: [
    { context: 'drugA_1', values: { dose: 1, type: 'A' } },
    { context: 'drugB_1', values: { dose: 3, type: 'B' } },
  ],
};
const TRAINED: GimTrainResult = {
  kind: 'gim.train',
  modelId: 'gim_m1',
  genes: CARD.genes,
  contexts: ['drugA_1', 'drugA_2', 'drugB_1'],
  finalLoss: 1.5,
  lossCurve: [
    { epoch: 1, loss: 3 },
    { epoch: 2, loss: 2 },
  ],
  elapsedMs: 10,
  appVersion: '0.1.0',
  createdAt: '2024-01-01T00:00:00.000Z',
};
const PREDICTION: GimPrediction = {
  kind: 'gim.predict',
  modelId: 'gim_m1',
  name: 'M1: dose=20, type=A',
  features: { dose: 20, type: 'A' },
  genes: CARD.genes,
  mean: [1, 2, 3],
  observationalMean: [0, 2, 3],
  shift: [1, 0, 0],
  shiftLow: [0.8, -0.1, -0.1],
  shiftHigh: [1.2, 0.1, 0.1],
  intervalLevel: 0.9,
  targetProbability: [0.9, 0.1, 0.05],
  topTargets: [{ gene: 'G1', probability: 0.9, shift: 1 }],
  paths: [{ source: 'G1', target: 'G2', weight: 0.5 }],
  warnings: [],
  seed: 7,
  appVersion: '0.1.0',
  createdAt: '2024-01-01T00:00:00.000Z',
};

function setup() {
  const api = new FakeApi()
    .reply('dataset.sampleColumns', COLUMNS)
    .reply('gim.models', [CARD])
    .reply('gim.model', DETAIL)
    .handle('job.start', startsJobs);
  const toasts = new ToastState({ set: () => 0, clear: () => undefined });
  const caller = new Caller(api, toasts);
  const jobs = new JobsState(caller, toasts);
  const runs = [
    run('run_old', 'network.discover', '2024-01-01'),
    run('run_new', 'network.discover', '2024-02-01'),
  ];
  const gim = new GimPageState(
    caller,
    jobs,
    () => [expr],
    () => [...runs, run('r_x', 'drugs.rank', '2024-03-01')],
  );
  const offs = [jobs.subscribe(), gim.subscribe()];
  return { api, gim, jobs, off: () => offs.forEach((o) => o()) };
}

describe('GimDataForm', () => {
  it('guesses the context column and observational label, and names every missing input', async () => {
    const { gim } = setup();
    const f = gim.form;
    expect(f.errors[0]).toMatch(/^Dataset: /);
    await gim.open();
    // The newest saved model opens for prediction.
    expect(gim.predict.model?.card.id).toBe('gim_m1');
    expect(f.datasetId).toBe('gim_small');
    expect(f.contextColumn).toBe('context');
    expect(f.observationalLabel).toBe('obs');
    expect(f.perturbationContexts).toEqual(['drugA_1', 'drugA_2', 'drugB_1']);
    expect(f.networks.map((r) => r.id)).toEqual(['run_new', 'run_old']);
    expect(f.errors).toEqual([
      'Feature table: give the path of a CSV/TSV with one row per perturbation context, or upload one.',
    ]);
    // A column with one perturbation context besides "obs" cannot train a model.
    f.chooseContextColumn('batch');
    f.observationalLabel = 'a';
    expect(f.errors[0]).toMatch(/^Context column: “batch” has 1 perturbation context besides “a”/);
  });

  it('builds the spec fields: gene count, gene list or default; a fixed network only when chosen', async () => {
    const { gim } = setup();
    const f = gim.form;
    await gim.open();
    f.chooseFeaturesPath(' /data/features.csv ');
    expect(f.featuresFileName).toBe('features.csv');
    expect(await f.fields()).toEqual({
      datasetId: 'gim_small',
      contextColumn: 'context',
      observationalLabel: 'obs',
      features: { path: '/data/features.csv' },
      epochs: GIM_DEFAULTS.epochs,
      seed: 1,
    });
    f.genes = '20';
    f.networkRunId = 'run_new';
    expect(await f.fields()).toMatchObject({ genes: 20, networkRunId: 'run_new' });
    f.genes = 'G1, G2 G3';
    expect((await f.fields())?.geneList).toEqual(['G1', 'G2', 'G3']);
    f.genes = 'G1';
    expect(f.errors).toEqual(['Genes: name at least two genes, or leave blank.']);
    f.genes = '1';
    f.epochs = '0';
    f.seed = '-1';
    expect(f.errors).toEqual([
      'Genes: a number from 2 to 500, gene names, or blank.',
      'Epochs: a whole number from 1 to 20000.',
      'Seed: a whole number from 0 to 4294967295.',
    ]);
    expect(await f.fields()).toBeNull();
  });
});

describe('GimDataForm feature-table upload', () => {
  it('uploads a browser file afresh for each job (a job consumes its upload); a typed path wins', async () => {
    const { api, gim } = setup();
    let n = 0;
    api
      .handle('upload.begin', () => ({ ok: true, value: { uploadId: `upload_${++n}`, chunkBytes: 8 } }))
      .handle('upload.chunk', ({ offset, base64 }) => ({
        ok: true,
        value: { received: offset + atob(base64).length },
      }))
      .handle('upload.end', ({ uploadId }) => ({
        ok: true,
        value: { uploadId, fileName: 'features.csv', bytes: 10 },
      }));
    await gim.open();
    const bytes = new TextEncoder().encode('context,do');
    gim.form.chooseFeaturesFile({
      name: 'features.csv',
      size: bytes.length,
      slice: (a: number, b: number) => ({ arrayBuffer: () => Promise.resolve(bytes.slice(a, b).buffer) }),
    });
    expect(gim.form.featuresFileName).toBe('features.csv');
    expect(gim.form.errors).toEqual([]);
    expect((await gim.form.fields())?.features).toEqual({ uploadId: 'upload_1' });
    expect((await gim.form.fields())?.features).toEqual({ uploadId: 'upload_2' });
    expect(api.callsOf('upload.chunk')).toHaveLength(4);
    expect(gim.form.uploading).toBeNull();
    gim.form.featuresPath = '/srv/features.tsv';
    expect(gim.form.featuresFileName).toBe('features.tsv');
    expect((await gim.form.fields())?.features).toEqual({ path: '/srv/features.tsv' });
  });
});

describe('GimTrainState and GimPredictState', () => {
  it('trains: starts gim.train, draws the loss per epoch, then opens the new model for prediction', async () => {
    const { api, gim, jobs, off } = setup();
    await gim.open();
    gim.form.chooseFeaturesPath('/data/features.csv');
    gim.train.name = 'M1';
    expect(await gim.train.start()).toBe(true);
    const spec = (api.callsOf('job.start')[0] as { spec: Record<string, unknown> }).spec;
    expect(spec).toMatchObject({
      kind: 'gim.train',
      name: 'M1',
      contextColumn: 'context',
      hiddenUnits: GIM_DEFAULTS.hiddenUnits,
    });
    const jobId = gim.train.run.id!;
    api.emit('job.progressed', {
      jobId,
      progress: { phase: 'training', fraction: 0.5, etaMs: 100, metrics: { epoch: 1, epochs: 2, loss: 3 } },
    });
    api.emit('job.progressed', {
      jobId: 'other',
      progress: { phase: 'x', fraction: 0.5, etaMs: null, metrics: { epoch: 1, loss: 9 } },
    });
    expect(gim.train.points).toEqual([{ epoch: 1, trainLoss: 3, validationLoss: null }]);
    expect(gim.train.totalEpochs).toBe(2);
    api.reply('run.result', TRAINED);
    api.emit('job.finished', { jobId, runId: 'run_t' });
    await flush();
    await flush();
    expect(jobs.get(jobId)?.state).toBe('finished');
    expect(gim.train.result?.modelId).toBe('gim_m1');
    expect(gim.train.points.map((p) => p.trainLoss)).toEqual([3, 2]);
    expect(gim.train.models.map((m) => m.id)).toEqual(['gim_m1']);
    expect(gim.predict.model?.card.id).toBe('gim_m1');
    expect(gim.predict.form).toEqual({ dose: '', type: 'A' });
    off();
  });

  it('predicts an unseen dose from a picked row, warns outside the range, and sends the shift to Drug ranking', async () => {
    const { api, gim, off } = setup();
    await gim.train.select('gim_m1');
    const p = gim.predict;
    expect(p.parsed.values).toBeNull();
    p.pickRow('drugB_1');
    expect(p.form).toEqual({ dose: '3', type: 'B' });
    expect(p.row).toBe('drugB_1');
    p.setValue('dose', '20');
    p.setValue('type', 'A');
    expect(p.row).toBe('');
    expect(p.parsed.warnings.map((w) => w.field)).toEqual(['dose']);
    expect(p.defaultName).toBe('M1: dose=20, type=A');
    expect(await p.predict()).toBe(true);
    const spec = (api.callsOf('job.start')[0] as { spec: Record<string, unknown> }).spec;
    expect(spec).toEqual({
      kind: 'gim.predict',
      modelId: 'gim_m1',
      features: { dose: 20, type: 'A' },
      name: 'M1: dose=20, type=A',
      seed: 7,
    });
    api.reply('run.result', PREDICTION);
    api.emit('job.finished', { jobId: p.run.id!, runId: 'run_p' });
    await flush();
    await flush();
    expect(p.prediction?.topTargets[0]?.gene).toBe('G1');
    api.reply('gim.toSignature', { datasetId: 'sig_1', name: PREDICTION.name, kind: 'signature' });
    expect(await p.send('query')).toBe(true);
    expect(api.callsOf('gim.toSignature')).toEqual([{ runId: 'run_p', name: PREDICTION.name, as: 'query' }]);
    expect(p.sent).toEqual({ name: PREDICTION.name, as: 'query' });
    // Deleting the open model closes it for prediction.
    api.reply('gim.deleteModel', { deleted: true });
    api.reply('gim.models', []);
    await gim.train.remove('gim_m1');
    expect(p.model).toBeNull();
    expect(gim.train.models).toEqual([]);
    off();
  });

  it('shows a prediction opened from the Jobs list with its own model and its features in the form', async () => {
    const { api, gim } = setup();
    api.reply('run.result', PREDICTION);
    expect(await gim.predict.show('run_p')).toBe(true);
    expect(api.callsOf('gim.model')).toEqual([{ modelId: 'gim_m1' }]);
    expect(gim.predict.model?.card.id).toBe('gim_m1');
    expect(gim.predict.form).toEqual({ dose: '20', type: 'A' });
    expect(gim.predict.prediction?.name).toBe(PREDICTION.name);
  });

  it('validates with the same data inputs', async () => {
    const { api, gim, off } = setup();
    await gim.open();
    gim.form.chooseFeaturesPath('/data/features.csv');
    gim.form.seed = '3';
    expect(await gim.validate.start()).toBe(true);
    const spec = (api.callsOf('job.start')[0] as { spec: Record<string, unknown> }).spec;
    expect(spec).toMatchObject({
      kind: 'gim.validate',
      seed: 3,
      features: { path: '/data/features.csv' },
      methods: ['gim', 'no-change', 'mlp', 'nearest', 'context-targets'],
    });
    off();
  });
});
