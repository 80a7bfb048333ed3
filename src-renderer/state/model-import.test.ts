import { describe, expect, it } from 'vitest';
import type { ModelValidationReport } from '@shared/contracts/transport.ts';
import { FakeApi, flush } from '../lib/testing/fake-api.ts';
import { Caller } from './caller.ts';
import { JobsState } from './jobs.svelte.ts';
import { ModelImportState } from './model-import.svelte.ts';
import { ToastState } from './toasts.svelte.ts';

const fileReport: ModelValidationReport = {
  file: '/m/my-model.onnx',
  ok: true,
  bytes: 1000,
  sha256: 'a'.repeat(64),
  irVersion: 8,
  opset: 17,
  inputs: [{ name: 'x', type: 'float32', shape: ['batch', 3] }],
  outputs: [
    { name: 'z', type: 'float32', shape: ['batch', 2] },
    { name: 'y', type: 'float32', shape: ['batch', 3] },
  ],
  errors: [],
  warnings: ['No gene list given: the model cannot be imported without one.'],
  genes: null,
  overlap: null,
  provider: 'cpu',
  inference: true,
};

function setup(validate: (input: { genes?: unknown }) => ModelValidationReport) {
  const started: unknown[] = [];
  const api = new FakeApi()
    .handle('model.validate', (input) => ({ ok: true, value: validate(input) }))
    .handle('job.start', ({ jobId, spec }) => {
      started.push(spec);
      return {
        ok: true,
        value: {
          jobId,
          kind: spec.kind,
          spec: spec as never,
          label: 'x',
          state: 'running' as const,
          progress: { phase: '', fraction: 0, etaMs: null },
          startedAt: 0,
          endedAt: null,
          runId: null,
          error: null,
        },
      };
    });
  const toasts = new ToastState({ set: () => 0, clear: () => undefined });
  const caller = new Caller(api, toasts);
  const jobs = new JobsState(caller, toasts);
  let imported = 0;
  const s = new ModelImportState(caller, jobs, () => imported++);
  return { api, jobs, s, started, imported: () => imported };
}

describe('ModelImportState', () => {
  it('walks file → card (defaults from the file) → report → import job → done', async () => {
    const { jobs, s, started, imported } = setup((input) =>
      input.genes
        ? {
            ...fileReport,
            genes: 3,
            warnings: [],
            overlap: { dataset: 'Kang', shared: 2, total: 3, fraction: 2 / 3, missing: ['C'] },
          }
        : fileReport,
    );
    const off = s.subscribe();
    s.open();
    expect(s.step).toBe('file');
    s.path = '/m/my-model.onnx';
    expect(await s.inspect()).toBe(true);
    expect(s.step).toBe('card');
    expect(s).toMatchObject({ name: 'my-model', inputName: 'x', outputName: 'y' });
    expect(s.inputShape).toBe('batch × 3');
    expect(s.spec()).toBeNull();
    expect(s.cardErrors.join(' ')).toMatch(/gene list/);
    s.genesPath = '/m/genes.txt';
    s.licence = 'MIT';
    s.training = 'Adam, 30 epochs';
    s.overlapDatasetId = 'kang';
    expect(await s.validate()).toBe(true);
    expect(s.step).toBe('report');
    expect(s.report?.overlap?.shared).toBe(2);
    expect(await s.start()).toBe(true);
    expect(s.step).toBe('importing');
    expect(started[0]).toMatchObject({
      kind: 'model.import',
      path: '/m/my-model.onnx',
      overlapDatasetId: 'kang',
      card: { name: 'my-model', genes: { source: 'file', path: '/m/genes.txt' }, inputName: 'x' },
    });
    jobs.applyUpdated({ ...jobs.get(s.jobId!)!, state: 'finished', runId: 'r1', endedAt: 1 });
    await flush();
    expect(s.step).toBe('done');
    expect(imported()).toBe(1);
    off();
  });

  it('a bad file stops at the first step with its error; a failing report blocks the import', async () => {
    const bad = setup(() => ({
      ...fileReport,
      ok: false,
      inputs: [],
      outputs: [],
      inference: false,
      errors: [{ code: 'E_MODEL_LOAD', message: 'm.onnx cannot be used: it is not a valid ONNX file.' }],
    }));
    bad.s.open();
    bad.s.path = '/m/m.onnx';
    expect(await bad.s.inspect()).toBe(false);
    expect(bad.s.step).toBe('file');
    expect(bad.s.failure).toMatch(/not a valid ONNX file/);

    const wrongGenes = setup((input) =>
      input.genes
        ? {
            ...fileReport,
            ok: false,
            errors: [{ code: 'E_MODEL_LOAD', message: 'takes 3 genes but the gene list has 2' }],
          }
        : fileReport,
    );
    const s = wrongGenes.s;
    s.open();
    s.path = '/m/my-model.onnx';
    await s.inspect();
    Object.assign(s, { genesPath: '/g.txt', licence: 'MIT', training: 't' });
    expect(await s.validate()).toBe(false);
    expect(s.step).toBe('report');
    expect(s.spec()).toBeNull();
    expect(await s.start()).toBe(false);
    expect(wrongGenes.started).toEqual([]);
  });

  it('uploads a model from the browser: validated and imported by upload id, discarded if abandoned', async () => {
    const { api, s, started } = setup((input) =>
      input.genes ? { ...fileReport, genes: 3, warnings: [] } : fileReport,
    );
    const chunks: number[] = [];
    api
      .reply('upload.begin', { uploadId: 'upload-1', chunkBytes: 4 })
      .handle('upload.chunk', ({ offset }) => {
        chunks.push(offset);
        return { ok: true, value: { received: offset + 4 } };
      })
      .reply('upload.end', { uploadId: 'upload-1', fileName: 'net.onnx', bytes: 10 })
      .reply('upload.discard', { discarded: true });
    const bytes = new Uint8Array(10).fill(7);
    const file = {
      name: 'net.onnx',
      size: 10,
      slice: (a: number, b: number) => new Blob([bytes.slice(a, b)]),
    };
    s.open();
    expect(await s.uploadFile(file)).toBe(true);
    expect(chunks).toEqual([0, 4, 8]);
    expect(api.calls.find((c) => c.method === 'model.validate')?.input).toEqual({ uploadId: 'upload-1' });
    expect(s).toMatchObject({ step: 'card', name: 'net', provenance: 'Imported from net.onnx' });
    Object.assign(s, { genesPath: '/g.txt', licence: 'MIT', training: 't' });
    expect(await s.validate()).toBe(true);
    expect(api.calls.filter((c) => c.method === 'model.validate').at(-1)?.input).toMatchObject({
      uploadId: 'upload-1',
      genes: { source: 'file', path: '/g.txt' },
    });
    const spec = s.spec()!;
    expect(spec).toMatchObject({ uploadId: 'upload-1' });
    expect(spec.path).toBeUndefined();
    // Closing before importing gives the upload back; after an import the server removes it itself.
    s.close();
    expect(api.calls.filter((c) => c.method === 'upload.discard').map((c) => c.input)).toEqual([
      { uploadId: 'upload-1' },
    ]);
    expect(started).toEqual([]);
  });

  it('fills the card from a model-card JSON (genes, kind, autoencoder names) chosen before the model', async () => {
    const { api, s, started } = setup((input) =>
      input.genes ? { ...fileReport, genes: 3, warnings: [] } : fileReport,
    );
    const names = {
      latentOutput: 'z',
      reconstructionOutput: 'y',
      encoderWeight: 'enc',
      decoderWeight: 'dec',
    };
    api.reply('model.readCard', {
      fileName: 'my.card.json',
      name: 'Card name',
      genes: ['A', 'B', 'C'],
      inputName: 'x',
      outputName: 'nope',
      licence: 'CC0',
      training: 'from the card',
      kind: 'autoencoder',
      autoencoder: names,
      warnings: ['Ignored "normalisation": bad.'],
    });
    s.open();
    expect(await s.chooseCardPath('/m/my.card.json')).toBe(true);
    expect(api.calls.at(-1)).toEqual({
      method: 'model.readCard',
      input: { file: { path: '/m/my.card.json' } },
    });
    s.path = '/m/my-model.onnx';
    expect(await s.inspect()).toBe(true);
    // The card wins over the file's defaults, except for names the file does not have.
    expect(s).toMatchObject({
      name: 'Card name',
      genesFrom: 'card',
      licence: 'CC0',
      kind: 'autoencoder',
      outputName: 'y',
    });
    expect(s.genes).toEqual({ source: 'list', genes: ['A', 'B', 'C'] });
    expect(await s.validate()).toBe(true);
    expect(await s.start()).toBe(true);
    expect(started[0]).toMatchObject({
      path: '/m/my-model.onnx',
      card: {
        name: 'Card name',
        genes: { source: 'list', genes: ['A', 'B', 'C'] },
        kind: 'autoencoder',
        autoencoder: names,
      },
    });
  });
});
