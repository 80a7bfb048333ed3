import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobProgress, JobSpec } from '#shared/contracts/jobs.ts';
import type { z } from 'zod';
import {
  ModelTrainResult,
  TransportValidateSpec,
  TransportValidationResult,
} from '#shared/contracts/transport.ts';
import { ModelCard } from '../../compute/inference/manifest.ts';
import { Backend } from '../backend.ts';
import { importDataset } from '../../cli/import-dataset.ts';
import { listModels } from '../models/model-list.ts';
import { inMemoryBackend } from './test-backend.ts';

// 120 real Kang 2018 PBMCs (control / IFN-β stimulated), imported into a fresh project like the wizard does.
const KANG = join(import.meta.dirname, '../../compute/io/fixtures/real/kang2018_valid_first120.h5ad');
let root: string;
let backend: Backend;
let datasetId: string;
const progress: Record<string, JobProgress[]> = {};

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'causeway-transport-jobs-'));
  backend = inMemoryBackend(root);
  backend.subscribe((event, payload) => {
    if (event !== 'job.progressed') return;
    const p = payload as { jobId: string; progress: JobProgress };
    (progress[p.jobId] ??= []).push(p.progress);
  });
  backend.projects.create(join(root, 'proj'), 'transport test');
  datasetId = (await importDataset(backend, KANG)).dataset.id;
}, 60_000);
afterAll(() => {
  backend.dispose();
  rmSync(root, { recursive: true, force: true });
});

async function run(jobId: string, spec: JobSpec) {
  backend.jobs.start(jobId, spec);
  return backend.jobs.wait(jobId);
}

/** A spec as the API would parse it. */
const tv = (over: Partial<z.input<typeof TransportValidateSpec>>): TransportValidateSpec =>
  TransportValidateSpec.parse({
    kind: 'transport.validate',
    datasetId,
    cellTypeColumn: 'cell_type',
    conditionColumn: 'condition',
    control: 'control',
    perturbed: ['stimulated'],
    seed: 1,
    ...over,
  });

describe('transport.validate on Kang 2018', () => {
  it('validates every closed-form method leave-one-out; additive and SI beat "no change"; result and run recorded', async () => {
    const spec = tv({ methods: ['none', 'nearest', 'additive', 'ntk', 'si'] });
    const rec = await run('tv1', spec);
    expect(rec.error).toBeNull();
    expect(rec.state).toBe('finished');
    const result = TransportValidationResult.parse(backend.projects.runResult(rec.runId!));
    expect(result.methods.map((m) => m.method)).toEqual(['none', 'nearest', 'additive', 'ntk', 'si']);
    // Every cell type with both conditions and a source is held out once.
    expect(result.pairs.length).toBeGreaterThanOrEqual(3);
    expect(result.pairs.every((q) => q.perturbation === 'stimulated')).toBe(true);
    const by = Object.fromEntries(result.methods.map((m) => [m.method, m]));
    const top = (id: string): number => by[id]!.metrics!.top100.r2!;
    for (const id of ['additive', 'si']) {
      expect(top(id)).toBeGreaterThan(top('none') + 0.1);
      expect(by[id]!.metrics!.r2!).toBeGreaterThan(by['none']!.metrics!.r2!);
    }
    for (const m of result.methods) {
      expect(m).toMatchObject({ provider: 'cpu', fallback: null, error: null });
      expect(m.folds).toHaveLength(result.pairs.length);
    }
    expect(result.recommendation.method).not.toBe('none');
    const best = result.methods
      .filter((m) => m.method !== 'none')
      .sort((a, b) => top(b.method) - top(a.method))[0]!;
    expect(result.recommendation.method).toBe(best.method);
    expect(result.recommendation.rule).toMatch(/top-100/);
    const runRec = backend.projects.summary()!.manifest.runs.find((r) => r.id === rec.runId)!;
    expect(runRec).toMatchObject({ kind: 'transport.validate', seed: 1, inputs: { datasetId } });
    expect(runRec.params).toMatchObject({ methods: 'none,nearest,additive,ntk,si', provider: 'auto' });
    expect(progress['tv1']!.some((p) => /Synthetic|SI|synthetic/i.test(p.phase))).toBe(true);
  }, 120_000);

  it('holds out only the target cell type; latent shift runs the shipped model and records the provider', async () => {
    const spec = tv({
      targetCellType: 'CD4T',
      methods: ['none', 'latent-shift'],
      modelId: 'kang-pbmc-ae-1000',
      provider: 'cpu',
    });
    const rec = await run('tv2', spec);
    expect(rec.error).toBeNull();
    const result = TransportValidationResult.parse(backend.projects.runResult(rec.runId!));
    expect(result.pairs).toEqual([{ cellType: 'CD4T', perturbation: 'stimulated' }]);
    const ls = result.methods.find((m) => m.method === 'latent-shift')!;
    expect(ls).toMatchObject({ provider: 'cpu', fallback: null, error: null });
    expect(ls.metrics!.pearson!).toBeGreaterThan(result.methods[0]!.metrics!.pearson!);
    expect(result.params).toMatchObject({
      modelId: 'kang-pbmc-ae-1000',
      providerSetting: 'cpu',
      targetCellType: 'CD4T',
    });
  }, 120_000);

  it('runs latent shift in int8 when asked, records it, and scores within 0.005 R² of float32', async () => {
    const spec = (precision: 'float32' | 'int8') =>
      tv({
        targetCellType: 'CD4T',
        methods: ['latent-shift'],
        modelId: 'kang-pbmc-ae-1000',
        provider: 'cpu',
        precision,
      });
    const rows = [];
    for (const [i, p] of (['float32', 'int8'] as const).entries()) {
      const rec = await run(`tvp${i}`, spec(p));
      expect(rec.error).toBeNull();
      rows.push(TransportValidationResult.parse(backend.projects.runResult(rec.runId!)).methods[0]!);
    }
    expect(rows.map((r) => r.precision)).toEqual(['float32', 'int8']);
    // Different arithmetic really ran (a silent float fallback would give the same numbers) …
    expect(rows[1]!.metrics!.r2).not.toBe(rows[0]!.metrics!.r2);
    // … and costs almost nothing in accuracy.
    expect(Math.abs(rows[1]!.metrics!.r2! - rows[0]!.metrics!.r2!)).toBeLessThan(0.005);
  }, 120_000);

  it('a model trained on a held-out pair is reported per method, never scored; bad specs are refused', async () => {
    const rec = await run(
      'tv3',
      tv({ targetCellType: 'B', methods: ['additive', 'latent-shift'], modelId: 'kang-pbmc-ae-1000' }),
    );
    expect(rec.error).toBeNull();
    const result = TransportValidationResult.parse(backend.projects.runResult(rec.runId!));
    const ls = result.methods.find((m) => m.method === 'latent-shift')!;
    expect(ls.metrics).toBeNull();
    expect(ls.error).toMatch(/trained on the profiles of every held-out pair/);
    expect(result.recommendation.method).toBe('additive');
    // Over every cell type, only the pairs the model saw are left out, for latent shift alone (the whole
    // latent-shift row was once dropped for one leaking pair).
    const all = await run(
      'tv3b',
      tv({ methods: ['additive', 'latent-shift'], modelId: 'kang-pbmc-ae-1000' }),
    );
    expect(all.error).toBeNull();
    const both = TransportValidationResult.parse(backend.projects.runResult(all.runId!));
    const additive = both.methods.find((m) => m.method === 'additive')!;
    const latent = both.methods.find((m) => m.method === 'latent-shift')!;
    expect(latent.error).toBeNull();
    expect(latent.metrics).not.toBeNull();
    expect(latent.folds.map((f) => `${f.cellType} × ${f.perturbation}`)).toEqual(['CD4T × stimulated']);
    expect(latent.skipped!.length + latent.folds.length).toBe(additive.folds.length);
    expect(latent.skipped!.every((q) => /trained on its profiles/.test(q.reason))).toBe(true);
    expect(additive.skipped).toBeUndefined();
    expect(() => backend.jobs.start('tv4', tv({ perturbed: ['control'], methods: ['none'] }))).toThrow(
      /is the control/,
    );
    expect(() =>
      backend.jobs.start('tv5', tv({ methods: ['additive'], modelId: 'kang-pbmc-ae-1000' })),
    ).toThrow(/latent-shift method only/);
    const none = await run('tv6', tv({ targetCellType: 'nope', methods: ['additive'] }));
    expect(none.state).toBe('failed');
    expect(none.error?.message).toMatch(/No sample has cell_type = "nope"/);
  }, 120_000);
});

describe('model.train from the app', () => {
  it('trains, reports the loss per epoch, saves the model with its card in the project, lists it for latent shift', async () => {
    backend.settings.set({ provider: 'cpu' });
    const rec = await run('mt1', {
      kind: 'model.train',
      datasetId,
      cellTypeColumn: 'cell_type',
      conditionColumn: 'condition',
      exclude: [{ cellType: 'CD4T', condition: 'stimulated' }],
      genes: 200,
      hidden: 32,
      epochs: 4,
      patience: 10,
      learningRate: 1e-3,
      seed: 3,
      name: 'Kang small',
    });
    expect(rec.error).toBeNull();
    const epochs = progress['mt1']!.filter((p) => p.metrics?.['trainLoss'] !== undefined);
    expect(epochs.map((p) => p.metrics!['epoch'])).toEqual([1, 2, 3, 4]);
    expect(epochs.every((p) => Number.isFinite(p.metrics!['trainLoss']))).toBe(true);
    const result = ModelTrainResult.parse(backend.projects.runResult(rec.runId!));
    expect(result).toMatchObject({ provider: 'cpu', genes: 200 });
    expect(result.history.map((h) => h.trainLoss)).toEqual(epochs.map((p) => p.metrics!['trainLoss']));
    const runRec = backend.projects.summary()!.manifest.runs.find((r) => r.id === rec.runId)!;
    expect(runRec.params).toMatchObject({ provider: 'cpu', genes: 200, excluded: 'CD4T|stimulated' });
    const dir = join(backend.projects.summary()!.dir, 'models');
    const card = ModelCard.parse(JSON.parse(readFileSync(join(dir, `${result.modelId}.card.json`), 'utf8')));
    expect(existsSync(join(dir, card.file))).toBe(true);
    // The card says exactly which samples trained it: every cell but the 19 stimulated CD4T ones.
    expect(card.training.samples).toHaveLength(120 - 19);
    expect(card.training.groups.some((g) => g.cellType === 'CD4T' && g.condition === 'stimulated')).toBe(
      false,
    );
    const listed = listModels(backend.projects).find((m) => m.id === result.modelId);
    expect(listed).toMatchObject({ origin: 'project', genes: 200, samples: 101, provider: 'cpu' });

    // The new model is selectable for latent shift, and scored on the pair it never saw.
    const v = await run(
      'mt2',
      tv({ targetCellType: 'CD4T', methods: ['latent-shift'], modelId: result.modelId }),
    );
    expect(v.error).toBeNull();
    const vr = TransportValidationResult.parse(backend.projects.runResult(v.runId!));
    expect(vr.methods[0]).toMatchObject({ method: 'latent-shift', provider: 'cpu', error: null });
    expect(vr.params.providerSetting).toBe('cpu');
    backend.settings.set({ provider: 'auto' });
  }, 180_000);
});
