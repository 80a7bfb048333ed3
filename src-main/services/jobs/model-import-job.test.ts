// model.import end to end: plan in main, validation and copy in a worker, then listed by model.list
// and usable by transport's latent shift; a bad file fails the job and leaves nothing in models/.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPLOAD_CHUNK_BYTES } from '#shared/contracts/data-import.ts';
import {
  ModelImportSpec,
  ModelValidationReport,
  TransportValidateSpec,
} from '#shared/contracts/transport.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { GraphBuilder } from '../../compute/inference/onnx-builder.ts';
import { readManifest } from '../../compute/inference/manifest.ts';
import { BUNDLED_MODELS_DIR } from '../../compute/inference/model-registry.ts';
import { locateModel } from '../../compute/inference/project-models.ts';
import { Backend } from '../backend.ts';
import { importDataset } from '../../cli/import-dataset.ts';
import { listModels, projectModelsDir } from '../models/model-list.ts';
import { readModelCard, startModelImport, validateModelFile } from '../models/model-import.ts';
import { inMemoryBackend } from './test-backend.ts';

const KANG = join(import.meta.dirname, '../../compute/io/fixtures/real/kang2018_valid_first120.h5ad');
const shipped = readManifest(BUNDLED_MODELS_DIR).models[0]!;
const shippedPath = join(BUNDLED_MODELS_DIR, shipped.file);
let root: string;
let backend: Backend;
let datasetId: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'causeway-model-import-'));
  backend = inMemoryBackend(root);
  backend.projects.create(join(root, 'proj'), 'model import test');
  datasetId = (await importDataset(backend, KANG)).dataset.id;
  writeFileSync(join(root, 'genes.txt'), shipped.genes.join('\n'));
}, 60_000);
afterAll(() => {
  backend.dispose();
  rmSync(root, { recursive: true, force: true });
});

const spec = (path: string, name: string): ModelImportSpec =>
  ModelImportSpec.parse({
    kind: 'model.import',
    path,
    card: {
      name,
      normalisation: 'log2p1-minmax',
      genes: { source: 'file', path: join(root, 'genes.txt') },
      licence: 'CC-BY-4.0',
      provenance: 'test',
      training: 'Kang 2018 PBMCs',
    },
    overlapDatasetId: datasetId,
    provider: 'cpu',
  });

describe('model.import job', () => {
  it('validates in a worker with the gene overlap of a dataset', async () => {
    const report = ModelValidationReport.parse(
      await validateModelFile(backend.supervisor, backend.projects, {
        path: shippedPath,
        genes: { source: 'file', path: join(root, 'genes.txt') },
        overlapDatasetId: datasetId,
      }),
    );
    expect(report.ok).toBe(true);
    expect(report.inference).toBe(true);
    expect(report.overlap?.total).toBe(1000);
    expect(report.overlap?.shared).toBeGreaterThan(0);
  }, 60_000);

  it('imports the file with its card, listed by model.list', async () => {
    backend.jobs.start('job-imp1', spec(shippedPath, 'My PBMC AE'));
    const record = await backend.jobs.wait('job-imp1');
    expect(record.error).toBeNull();
    expect(record.state).toBe('finished');
    const listed = listModels(backend.projects).find((m) => m.origin === 'project');
    expect(listed).toMatchObject({ name: 'My PBMC AE', genes: 1000 });
    const dir = projectModelsDir(backend.projects)!;
    const located = locateModel(BUNDLED_MODELS_DIR, dir, listed!.id);
    expect(located.card).toMatchObject({ kind: 'autoencoder', sha256: shipped.sha256 });
    expect(readFileSync(join(dir, located.card.file)).length).toBe(shipped.bytes);
  }, 60_000);

  it('fails a bad model with E_MODEL_LOAD and leaves nothing behind', async () => {
    const bad = join(root, 'bad.onnx');
    writeFileSync(bad, readFileSync(shippedPath).subarray(0, 300));
    const dir = projectModelsDir(backend.projects)!;
    const before = readdirSync(dir).sort();
    backend.jobs.start('job-imp2', spec(bad, 'Broken'));
    const record = await backend.jobs.wait('job-imp2');
    expect(record.state).toBe('failed');
    expect(record.error?.code).toBe('E_MODEL_LOAD');
    expect(readdirSync(dir).sort()).toEqual(before);
  }, 60_000);

  it('imports a browser upload: validated by upload id, then removed once the job settles', async () => {
    const bytes = readFileSync(shippedPath);
    const { uploadId } = backend.uploads.begin('pbmc upload.onnx', bytes.length);
    for (let at = 0; at < bytes.length; at += UPLOAD_CHUNK_BYTES)
      backend.uploads.chunk(uploadId, at, bytes.subarray(at, at + UPLOAD_CHUNK_BYTES).toString('base64'));
    backend.uploads.end(uploadId);
    const report = await validateModelFile(
      backend.supervisor,
      backend.projects,
      { uploadId, genes: { source: 'file', path: join(root, 'genes.txt') } },
      'cpu',
      backend.uploads,
    );
    expect(report).toMatchObject({ ok: true, file: 'pbmc upload.onnx' });
    const { path: _path, ...rest } = spec(shippedPath, 'Uploaded PBMC AE');
    startModelImport(backend.jobs, backend.uploads, 'job-imp3', ModelImportSpec.parse({ ...rest, uploadId }));
    const record = await backend.jobs.wait('job-imp3');
    expect(record.error).toBeNull();
    expect(listModels(backend.projects).some((m) => m.name === 'Uploaded PBMC AE')).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(() => backend.uploads.path(uploadId)).toThrow(/No upload/);
  }, 60_000);

  it('reads an uploaded model card into the wizard fields and removes the upload', () => {
    const text = JSON.stringify(shipped);
    const { uploadId } = backend.uploads.begin('card.json', Buffer.byteLength(text));
    backend.uploads.chunk(uploadId, 0, Buffer.from(text).toString('base64'));
    backend.uploads.end(uploadId);
    const draft = readModelCard({ uploadId }, backend.uploads);
    expect(draft).toMatchObject({ fileName: 'card.json', kind: 'autoencoder', name: shipped.name });
    expect(draft.genes).toHaveLength(1000);
    expect(() => backend.uploads.path(uploadId)).toThrow(/No upload/);
  });

  it('lists a non-autoencoder with the reason, and latent shift refuses it with E_INVALID_INPUT', async () => {
    const g = new GraphBuilder('classifier');
    const x = g.input('x', 'float', ['batch', 1000]);
    g.op('ReduceMean', [x], { axes: { ints: [1] }, keepdims: { i: 1 } }, 'score');
    g.output('score', 'float', ['batch', 1]);
    const file = join(root, 'classifier.onnx');
    writeFileSync(file, g.toModel());
    backend.jobs.start('job-imp4', spec(file, 'A classifier'));
    const record = await backend.jobs.wait('job-imp4');
    expect(record.error).toBeNull();
    const listed = listModels(backend.projects).find((m) => m.name === 'A classifier')!;
    expect(listed).toMatchObject({ kind: 'other' });
    expect(listed.latentShiftUnusable).toMatch(/not an autoencoder/);
    expect(listModels(backend.projects).find((m) => m.name === 'My PBMC AE')?.latentShiftUnusable).toBeNull();
    const validate = TransportValidateSpec.parse({
      kind: 'transport.validate',
      datasetId,
      cellTypeColumn: 'cell_type',
      conditionColumn: 'condition',
      control: 'control',
      perturbed: ['stimulated'],
      methods: ['latent-shift'],
      modelId: listed.id,
      seed: 1,
    });
    let thrown: unknown;
    try {
      backend.jobs.start('job-ls', validate);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(CausewayError);
    expect(thrown).toMatchObject({ code: 'E_INVALID_INPUT' });
    expect((thrown as Error).message).toMatch(/cannot run latent shift: not an autoencoder/);
  }, 60_000);
});
