// The gim.* jobs end to end on the shipped fixture (resources/fixtures/gim-small: 10 genes, 6 compound
// types × 3 doses, 200 observational cells, with the true targets in truth.json): imported as the CLI and
// the wizard import it, trained with per-epoch loss progress, listed with its card, asked about an unseen
// dose, its prediction sent to Drug ranking; and every bad input the issue names gets a clear error.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GIM_FOLDER,
  GIM_MODEL_FILES,
  GimPrediction,
  GimPredictSpec,
  GimTrainResult,
  GimTrainSpec,
  GimValidateSpec,
  GimValidationResult,
} from '#shared/contracts/gim.ts';
import type { JobProgress, JobRecord, JobSpec } from '#shared/contracts/jobs.ts';
import type { z } from 'zod';
import { DrugRankingResult } from '#shared/domain/drug-ranking.ts';
import { importDataset } from '../../cli/import-dataset.ts';
import { createHandlers } from '../../ipc/handlers.ts';
import type { Backend } from '../backend.ts';
import { inMemoryBackend } from '../jobs/test-backend.ts';

const FIXTURE = join(import.meta.dirname, '../../../resources/fixtures/gim-small');
const FEATURES = join(FIXTURE, 'features.csv');
const truth = JSON.parse(readFileSync(join(FIXTURE, 'truth.json'), 'utf8')) as {
  types: { name: string; targets: string[] }[];
};
const targetsOf = (type: string): string[] => truth.types.find((t) => t.name === type)!.targets;

let root: string;
let backend: Backend;
let datasetId: string;
const progress: Record<string, JobProgress[]> = {};

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'causeway-gim-jobs-'));
  backend = inMemoryBackend(root);
  backend.subscribe((event, payload) => {
    if (event !== 'job.progressed') return;
    const p = payload as { jobId: string; progress: JobProgress };
    (progress[p.jobId] ??= []).push(p.progress);
  });
  backend.projects.create(join(root, 'proj'), 'gim test');
  datasetId = (await importDataset(backend, join(FIXTURE, 'expression.csv'))).dataset.id;
}, 60_000);
afterAll(() => {
  backend.dispose();
  rmSync(root, { recursive: true, force: true });
});

async function run(jobId: string, spec: JobSpec): Promise<JobRecord> {
  backend.jobs.start(jobId, spec);
  return backend.jobs.wait(jobId);
}

const trainSpec = (over: Partial<z.input<typeof GimTrainSpec>> = {}): GimTrainSpec =>
  GimTrainSpec.parse({
    kind: 'gim.train',
    datasetId,
    contextColumn: 'context',
    features: { path: FEATURES },
    seed: 3,
    name: 'Fixture GIM',
    ...over,
  });

const predict = (jobId: string, modelId: string, features: Record<string, string | number>) =>
  run(jobId, GimPredictSpec.parse({ kind: 'gim.predict', modelId, features }));

const validateSpec = (over: Partial<z.input<typeof GimValidateSpec>> = {}): GimValidateSpec =>
  GimValidateSpec.parse({
    kind: 'gim.validate',
    datasetId,
    contextColumn: 'context',
    features: { path: FEATURES },
    seed: 1,
    ...over,
  });

/** A variant of the fixture's feature table, written beside the test project. */
function featureTable(name: string, edit: (lines: string[]) => string[]): { path: string } {
  const path = join(root, name);
  writeFileSync(path, edit(readFileSync(FEATURES, 'utf8').trim().split('\n')).join('\n') + '\n');
  return { path };
}

describe('gim.train → gim.predict on the fixture', () => {
  let modelId: string;
  let predictRunId: string;
  const handlers = () => createHandlers(backend, { host: 'server' });

  it('trains with per-epoch loss progress, saves the model with its card, and records the run', async () => {
    const done = await run('train', trainSpec());
    expect(done.error).toBeNull();
    const result = GimTrainResult.parse(backend.projects.runResult(done.runId!));
    modelId = result.modelId;
    expect(result.genes).toHaveLength(10);
    expect(result.contexts).toHaveLength(18);
    expect(Number.isFinite(result.finalLoss)).toBe(true);
    // The loss curve the page draws arrives while training: epochs rising, fraction rising with them.
    const training = progress['train']!.filter((p) => p.metrics?.['epoch'] !== undefined);
    expect(training.length).toBeGreaterThan(10);
    const epochs = training.map((p) => p.metrics!['epoch']!);
    expect(epochs).toEqual([...epochs].sort((a, b) => a - b));
    expect(training.at(-1)!.metrics!['epoch']).toBe(training.at(-1)!.metrics!['epochs']);
    expect(training.every((p) => Number.isFinite(p.metrics!['loss']))).toBe(true);
    expect(training.at(-1)!.fraction).toBeGreaterThan(training[0]!.fraction);
    // Loss falls over training.
    expect(result.lossCurve.at(-1)!.loss).toBeLessThan(result.lossCurve[0]!.loss);
    const record = backend.projects.summary()!.manifest.runs.find((r) => r.id === done.runId)!;
    expect(record).toMatchObject({ kind: 'gim.train', seed: 3, inputs: { datasetId } });
    expect(record.params).toMatchObject({ modelId, contextColumn: 'context', featureTable: 'features.csv' });
  }, 240_000);

  it('lists the model with its card; gim.model gives the loss curve and the training feature rows', async () => {
    const cards = await handlers()['gim.models']({});
    expect(cards.map((c) => c.id)).toEqual([modelId]);
    const detail = await handlers()['gim.model']({ modelId });
    expect(detail.card).toMatchObject({
      name: 'Fixture GIM',
      contextColumn: 'context',
      observationalCells: 200,
      seed: 3,
      network: { source: 'learned' },
    });
    expect(detail.card.features).toContainEqual({ name: 'dose', kind: 'numeric', min: 0.5, max: 2 });
    expect(detail.card.features).toContainEqual({
      name: 'target_class',
      kind: 'categorical',
      levels: ['A', 'B', 'C'],
    });
    expect(detail.lossCurve.length).toBeGreaterThan(10);
    expect(detail.featureRows.find((r) => r.context === 'cmpd06_1')!.values).toMatchObject({
      dose: 1,
      target_class: 'C',
    });
  });

  it('predicts an unseen dose of a fixture type: its top target is a true target, with intervals and paths', async () => {
    const row = (await handlers()['gim.model']({ modelId })).featureRows.find(
      (r) => r.context === 'cmpd06_1',
    )!;
    const done = await predict('predict', modelId, { ...row.values, dose: 1.5 });
    expect(done.error).toBeNull();
    predictRunId = done.runId!;
    const p = GimPrediction.parse(backend.projects.runResult(predictRunId));
    expect(targetsOf('cmpd06')).toContain(p.topTargets[0]!.gene);
    expect(p.warnings).toEqual([]);
    p.genes.forEach((_, j) => {
      expect(p.shiftLow[j]!).toBeLessThanOrEqual(p.shiftHigh[j]! + 1e-9);
      expect(p.mean[j]! - p.observationalMean[j]!).toBeCloseTo(p.shift[j]!, 4);
    });
    for (const e of p.paths) expect(p.genes).toContain(e.source);
  });

  it('warns when a value lies outside the training range, and refuses an unknown category', async () => {
    const row = (await handlers()['gim.model']({ modelId })).featureRows[0]!;
    const far = await predict('predict_far', modelId, { ...row.values, dose: 8 });
    expect(far.error).toBeNull();
    const p = GimPrediction.parse(backend.projects.runResult(far.runId!));
    expect(p.warnings.join(' ')).toMatch(/dose = 8 is outside the training range 0\.5–2/);
    const unknown = await predict('predict_level', modelId, { ...row.values, target_class: 'Z' });
    expect(unknown.error?.message).toMatch(/target_class.*no level "Z"/);
  });

  it('sends the prediction to Drug ranking as a signature and as a one-member collection', async () => {
    const asQuery = await handlers()['gim.toSignature']({
      runId: predictRunId,
      name: 'GIM cmpd06 1.5',
      as: 'query',
    });
    expect(asQuery.kind).toBe('signature');
    const p = GimPrediction.parse(backend.projects.runResult(predictRunId));
    const values = await handlers()['dataset.geneValues']({ datasetId: asQuery.datasetId, genes: p.genes });
    expect(values.columns).toEqual(['log2fc']);
    values.values.forEach((row, j) => expect(row[0]).toBeCloseTo(p.shift[j]!, 4));
    const asMember = await handlers()['gim.toSignature']({
      runId: predictRunId,
      name: 'GIM cmpd06 1.5 (member)',
      as: 'collection',
    });
    const dataset = backend.projects.dataset(asMember.datasetId);
    expect(dataset).toMatchObject({ kind: 'drug-signatures', nSamples: 1, nGenes: 10 });
    const columns = await handlers()['dataset.sampleColumns']({ datasetId: asMember.datasetId });
    expect(columns.find((c) => c.name === 'drug')?.values).toEqual(['GIM cmpd06 1.5 (member)']);
    // Drug ranking takes them: the prediction ranked against itself mimics (cosine with the reversed
    // disease signature −1), so both datasets work as query and as collection.
    const ranked = await run('rank', {
      kind: 'drugs.rank',
      diseaseDatasetId: asQuery.datasetId,
      diseaseColumn: 'log2fc',
      collectionDatasetId: asMember.datasetId,
      score: 'cosine',
      querySize: 5,
      aggregate: 'best',
      permutations: 0,
      seed: 1,
    });
    expect(ranked.error).toBeNull();
    const ranking = DrugRankingResult.parse(backend.projects.runResult(ranked.runId!));
    expect(ranking.drugs[0]).toMatchObject({ drug: 'GIM cmpd06 1.5 (member)' });
    expect(ranking.drugs[0]!.score).toBeCloseTo(-1, 4);
    await expect(
      handlers()['gim.toSignature']({
        runId: backend.projects.summary()!.manifest.runs[0]!.id,
        name: 'x',
        as: 'query',
      }),
    ).rejects.toThrow(/not a GIM prediction/);
  });

  it('a model file that does not parse fails prediction with a sentence, not a crash', async () => {
    const dir = join(backend.projects.summary()!.dir, GIM_FOLDER);
    cpSync(join(dir, modelId), join(dir, 'broken-model'), { recursive: true });
    const file = join(dir, 'broken-model', GIM_MODEL_FILES.model);
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 500));
    const done = await predict('predict_broken', 'broken-model', {});
    expect(done.error?.code).toBe('E_INVALID_INPUT');
    expect(done.error?.message).toMatch(/not valid JSON \(truncated\?\)/);
  });

  it('deletes a model', async () => {
    expect(await handlers()['gim.deleteModel']({ modelId: 'broken-model' })).toEqual({ deleted: true });
    expect(await handlers()['gim.deleteModel']({ modelId: 'broken-model' })).toEqual({ deleted: false });
    expect((await handlers()['gim.models']({})).map((c) => c.id)).toEqual([modelId]);
  });
});

describe('a DAG from a discovery run', () => {
  it("keeps the run's DAG fixed and models its genes; the card names the run", async () => {
    const discovered = await run('discover', {
      kind: 'network.discover',
      datasetId,
      genes: { mode: 'all' },
      algorithm: 'pc',
      alpha: 0.01,
      seed: 1,
    });
    expect(discovered.error).toBeNull();
    const done = await run(
      'train_dag',
      trainSpec({ networkRunId: discovered.runId!, epochs: 200, name: 'On a DAG' }),
    );
    expect(done.error).toBeNull();
    const { modelId, genes } = GimTrainResult.parse(backend.projects.runResult(done.runId!));
    expect(genes).toHaveLength(10);
    const { card } = await createHandlers(backend, { host: 'server' })['gim.model']({ modelId });
    expect(card.network).toMatchObject({ source: 'run', runId: discovered.runId });
    expect(card.network.edges).toBeGreaterThan(0);
    const record = backend.projects.summary()!.manifest.runs.find((r) => r.id === done.runId)!;
    expect(record.inputs).toMatchObject({ datasetId, networkRunId: discovered.runId });
    // A run that is not a discovery is refused when the job is planned.
    expect(() =>
      backend.jobs.start('train_bad_dag', trainSpec({ networkRunId: done.runId!, name: 'x' })),
    ).toThrow(/is not a causal discovery run/);
  }, 120_000);
});

describe('a feature table uploaded from the browser', () => {
  it('trains from the upload, keeps a copy beside the model under its own name, and removes the upload', async () => {
    const h = createHandlers(backend, { host: 'server' });
    const bytes = readFileSync(FEATURES);
    const { uploadId } = await h['upload.begin']({ fileName: 'my features.csv', size: bytes.length });
    await h['upload.chunk']({ uploadId, offset: 0, base64: bytes.toString('base64') });
    await h['upload.end']({ uploadId });
    await h['job.start']({
      jobId: 'upload_train',
      spec: trainSpec({ features: { uploadId }, epochs: 50, name: 'From upload' }),
    });
    const done = await backend.jobs.wait('upload_train');
    expect(done.error).toBeNull();
    const { modelId } = GimTrainResult.parse(backend.projects.runResult(done.runId!));
    const detail = await h['gim.model']({ modelId });
    expect(detail.card.featureTable).toBe('my_features.csv');
    const copy = join(backend.projects.summary()!.dir, GIM_FOLDER, modelId, GIM_MODEL_FILES.features);
    expect(readFileSync(copy)).toEqual(bytes);
    expect(() => backend.uploads.path(uploadId)).toThrow();
  }, 120_000);
});

describe('gim.validate on the fixture', () => {
  it('holds every context out: the issue report shape, per-context rows; GIM and the baselines beat no change', async () => {
    const methods = ['gim', 'no-change', 'mlp', 'nearest'] as const;
    const done = await run('validate', validateSpec({ methods: [...methods], epochs: 300 }));
    expect(done.error).toBeNull();
    const r = GimValidationResult.parse(backend.projects.runResult(done.runId!));
    expect(r.methods.map((m) => m.method)).toEqual(methods);
    expect(r.methods.every((m) => m.error === null)).toBe(true);
    expect(r.contexts).toHaveLength(18 * methods.length);
    expect(Object.keys(r.targets)).toHaveLength(18);
    const score = (res: GimValidationResult, m: string) =>
      res.methods.find((x) => x.method === m)!.meanError!;
    for (const m of ['gim', 'mlp', 'nearest']) expect(score(r, m)).toBeLessThan(score(r, 'no-change'));
    // The top target of most held-out contexts is a true target of its type.
    const hits = Object.entries(r.targets).filter(([ctx, gene]) =>
      targetsOf(ctx.split('_')[0]!).includes(gene),
    );
    expect(hits.length).toBeGreaterThanOrEqual(12);
    // A method's numbers do not depend on which others ran (its folds' seeds are its own).
    const alone = await run('validate_mlp', validateSpec({ methods: ['mlp'] }));
    const mlp = GimValidationResult.parse(backend.projects.runResult(alone.runId!));
    expect(score(mlp, 'mlp')).toBe(score(r, 'mlp'));
    expect(mlp.targets).toEqual({});
  }, 600_000);
});

describe('bad inputs get clear errors', () => {
  it('features missing for a context', async () => {
    const done = await run(
      'bad_missing',
      validateSpec({
        features: featureTable('missing.csv', (l) => l.filter((x) => !x.startsWith('cmpd03_1,'))),
      }),
    );
    expect(done.error?.code).toBe('E_INVALID_INPUT');
    expect(done.error?.message).toMatch(/no feature row for context "cmpd03_1"/i);
  });

  it('non-numeric feature values', async () => {
    const path = featureTable('text-dose.csv', (l) =>
      l.map((x) => (x.startsWith('cmpd02_1,') ? x.replace(/^cmpd02_1,1,/, 'cmpd02_1,high,') : x)),
    );
    const done = await run('bad_text', validateSpec({ features: path }));
    expect(done.error?.code).toBe('E_INVALID_INPUT');
    expect(done.error?.message).toMatch(/"dose" mixes numbers and text: context "cmpd02_1" has "high"/);
  });

  it('one perturbation context only', async () => {
    const lines = readFileSync(join(FIXTURE, 'expression.csv'), 'utf8').trim().split('\n');
    const one = join(root, 'one-context.csv');
    writeFileSync(
      one,
      lines.filter((x, i) => i === 0 || x.startsWith('obs,') || x.startsWith('cmpd01_1,')).join('\n') + '\n',
    );
    const single = (await importDataset(backend, one)).dataset.id;
    const done = await run('bad_one', validateSpec({ datasetId: single }));
    expect(done.error?.code).toBe('E_INVALID_INPUT');
    expect(done.error?.message).toMatch(/one perturbation context only \("cmpd01_1"\).*at least two/);
  });

  it('an unknown context column names the columns there are', async () => {
    const done = await run('bad_column', validateSpec({ contextColumn: 'treatment' }));
    expect(done.error?.code).toBe('E_INVALID_INPUT');
    expect(done.error?.message).toMatch(/no sample column "treatment"; its columns are "context"/);
  });

  it('a feature table that is missing is refused before any work starts', () => {
    expect(() =>
      backend.jobs.start('bad_file', validateSpec({ features: { path: join(root, 'nope.csv') } })),
    ).toThrow(/does not exist/);
  });
});
