// Every job kind stops within 1 s of cancel and leaves the project as it was: no run, no result, no
// temp folder. Jobs run in real compute worker processes (a kill is a real SIGKILL), slowed by the
// worker's progress throttle so that each kind runs for seconds when left alone. A cancel lands either
// where the job hears it (between chunks) or in a loop that cannot (the causal search, an onnxruntime
// call): then the job's own process is killed, which stops it without touching any other job.
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DesignPlanSpec } from '#shared/contracts/design.ts';
import { DrugsRankSpec } from '#shared/contracts/drugs-rank.ts';
import { GimPredictSpec, GimTrainSpec, GimValidateSpec } from '#shared/contracts/gim.ts';
import type { JobKind, JobSpec } from '#shared/contracts/jobs.ts';
import {
  TARGETS_DEFAULTS,
  TargetsRankSpec,
  TargetsSteinerSpec,
  TargetsSweepSpec,
} from '#shared/contracts/targets.ts';
import { ModelImportSpec, TransportPredictSpec, TransportValidateSpec } from '#shared/contracts/transport.ts';
import { readManifest } from '../../compute/inference/manifest.ts';
import { BUNDLED_MODELS_DIR } from '../../compute/inference/model-registry.ts';
import { createHandlers } from '../../ipc/handlers.ts';
import { Backend } from '../backend.ts';
import { importDataset } from '../../cli/import-dataset.ts';
import { computeWorkerSource, demoDir } from '../paths.ts';
import { forkLauncher } from './worker-handle.ts';

const FIXTURES = join(import.meta.dirname, '../../compute/io/fixtures/real');
const KANG = join(FIXTURES, 'kang2018_valid_first120.h5ad');
const SACHS = join(FIXTURES, 'sachs_all_conditions.tsv.gz');
const GIM_FIXTURE = join(import.meta.dirname, '../../../resources/fixtures/gim-small');
const shipped = readManifest(BUNDLED_MODELS_DIR).models[0]!;

let root: string;
let backend: Backend;
let kang: string;
/** The GIM fixture dataset and a GIM trained on it (gim.predict predicts from it). */
let gimData: string;
let gimModelId: string;
/** A finished stability run on the demo (targets.rank ranks its genes). */
let discoverRunId: string;
const started = new Set<string>();

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'causeway-cancel-'));
  backend = new Backend({
    version: '0.0.0-test',
    dataDir: join(root, 'data'),
    demoDir: demoDir(),
    launchComputeWorker: forkLauncher(computeWorkerSource(), {
      ...process.env,
      CAUSEWAY_JOB_THROTTLE_MS: '250',
    }),
    poolSize: 2,
  });
  backend.subscribe((event, payload) => {
    if (event === 'job.progressed') started.add((payload as { jobId: string }).jobId);
  });
  backend.projects.openDemo();
  kang = (await importDataset(backend, KANG)).dataset.id;
  writeFileSync(join(root, 'genes.txt'), shipped.genes.join('\n'));
  gimData = (await importDataset(backend, join(GIM_FIXTURE, 'expression.csv'))).dataset.id;
  backend.jobs.start('setup_gim', { ...specs['gim.train'](), epochs: 20, name: 'Setup GIM' });
  const trained = await backend.jobs.wait('setup_gim');
  expect(trained.error).toBeNull();
  gimModelId = String(
    backend.projects.summary()!.manifest.runs.find((r) => r.id === trained.runId)!.params['modelId'],
  );
  backend.jobs.start('setup_discover', {
    kind: 'network.discover',
    datasetId: 'a549_cells',
    genes: { mode: 'network', networkId: 'ppi_252' },
    restrictToNetworkId: 'ppi_252',
    algorithm: 'gsp',
    alpha: 0.01,
    stability: { subsamples: 4, fraction: 0.7, alphas: [0.01] },
    nruns: 1,
    depth: 2,
    seed: 7,
  });
  const discovered = await backend.jobs.wait('setup_discover');
  expect(discovered.error).toBeNull();
  discoverRunId = discovered.runId!;
}, 180_000);

afterAll(() => {
  backend.dispose();
  rmSync(root, { recursive: true, force: true });
});

/** Every file and folder under the project, so a leftover (temp folder, result, model) shows up. */
function projectFiles(): string[] {
  const dir = backend.projects.summary()!.dir;
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      out.push(relative(dir, p));
      if (statSync(p).isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

const TARGETS_DEFAULTS_FOREST = { w: TARGETS_DEFAULTS.w, b: TARGETS_DEFAULTS.b, g: TARGETS_DEFAULTS.g };

/** One spec per job kind, on data that keeps it busy for seconds; the mapped type misses none. */
const specs: { [K in JobKind]: () => Extract<JobSpec, { kind: K }> } = {
  'dataset.summary': () => ({ kind: 'dataset.summary', datasetId: 'a549_cells' }),
  'network.discover': () => ({
    kind: 'network.discover',
    datasetId: 'a549_cells',
    genes: { mode: 'network', networkId: 'ppi_252' },
    algorithm: 'gsp',
    alpha: 0.01,
    nruns: 2,
    depth: 3,
    seed: 7,
  }),
  'drugs.rank': () =>
    DrugsRankSpec.parse({
      kind: 'drugs.rank',
      diseaseDatasetId: 'vorinostat_skb_reversed',
      diseaseColumn: 'negated_z',
      collectionDatasetId: 'lincs_toydb_skb',
      score: 'wtcs',
      querySize: 100,
      aggregate: 'best',
      permutations: 2_000,
      seed: 1,
    }),
  'dataset.import': () => ({
    kind: 'dataset.import',
    source: { path: SACHS },
    roles: { condition: 'condition', intervention_targets: 'intervention_target' },
    duplicates: 'first',
    seed: 1,
  }),
  'reference.import': () => ({
    kind: 'reference.import',
    source: { path: join(demoDir(), 'source', 'ppi_network_252nodes.edges.tsv') },
    referenceKind: 'network',
  }),
  'signature.build': () => ({
    kind: 'signature.build',
    datasetId: kang,
    column: 'condition',
    caseValues: ['stimulated'],
    controlValues: ['control'],
    log2: false,
  }),
  'transport.validate': () =>
    TransportValidateSpec.parse({
      kind: 'transport.validate',
      datasetId: kang,
      cellTypeColumn: 'cell_type',
      conditionColumn: 'condition',
      control: 'control',
      perturbed: ['stimulated'],
      methods: ['none', 'nearest', 'additive', 'ntk', 'si'],
      seed: 1,
    }),
  'transport.predict': () =>
    TransportPredictSpec.parse({
      kind: 'transport.predict',
      datasetId: kang,
      cellTypeColumn: 'cell_type',
      conditionColumn: 'condition',
      control: 'control',
      perturbed: 'stimulated',
      targetCellType: 'CD4T',
      method: 'ntk',
      seed: 1,
    }),
  'model.train': () => ({
    kind: 'model.train',
    datasetId: kang,
    cellTypeColumn: 'cell_type',
    conditionColumn: 'condition',
    exclude: [],
    genes: 200,
    hidden: 32,
    epochs: 200,
    patience: 200,
    learningRate: 1e-3,
    seed: 3,
    name: 'Cancelled model',
  }),
  'model.import': () =>
    ModelImportSpec.parse({
      kind: 'model.import',
      path: join(BUNDLED_MODELS_DIR, shipped.file),
      card: {
        name: 'Cancelled import',
        normalisation: 'log2p1-minmax',
        genes: { source: 'file', path: join(root, 'genes.txt') },
        licence: 'CC-BY-4.0',
        provenance: 'test',
        training: 'Kang 2018 PBMCs',
      },
      overlapDatasetId: kang,
      provider: 'cpu',
    }),
  'targets.steiner': () =>
    TargetsSteinerSpec.parse({
      kind: 'targets.steiner',
      interactome: { networkId: 'ppi_252', hubDegree: { attribute: 'degree', genes: 15_759 } },
      prizes: { from: 'signature', datasetId: 'sars_cov2_a549', column: 'log2FC', minAbsLog2FC: 1 },
      ...TARGETS_DEFAULTS_FOREST,
      robustness: { runs: 100, noise: 0.1, seed: 1 },
    }),
  'targets.sweep': () =>
    TargetsSweepSpec.parse({
      kind: 'targets.sweep',
      interactome: { networkId: 'ppi_252', hubDegree: { attribute: 'degree', genes: 15_759 } },
      prizes: { from: 'signature', datasetId: 'sars_cov2_a549', column: 'log2FC', minAbsLog2FC: 1 },
      ws: [...TARGETS_DEFAULTS.sweep.ws],
      bs: [...TARGETS_DEFAULTS.sweep.bs],
      gs: [0],
    }),
  'targets.rank': () =>
    TargetsRankSpec.parse({
      kind: 'targets.rank',
      discoverRunId,
      datasetId: 'a549_cells',
      disease: { datasetId: 'sars_cov2_a549', column: 'log2FC' },
      drugTargetsTableId: 'drugcentral_targets',
      seed: 1,
    }),
  'design.plan': () =>
    DesignPlanSpec.parse({
      kind: 'design.plan',
      discoverRunId,
      goal: 'orient',
      budget: 20,
      rounds: 5,
      seed: 1,
    }),
  'gim.train': () =>
    GimTrainSpec.parse({
      kind: 'gim.train',
      datasetId: gimData,
      contextColumn: 'context',
      features: { path: join(GIM_FIXTURE, 'features.csv') },
      epochs: 2_000,
      seed: 1,
      name: 'Cancelled GIM',
    }),
  'gim.predict': () =>
    GimPredictSpec.parse({
      kind: 'gim.predict',
      modelId: gimModelId,
      // An unseen dose of the fixture's cmpd06 (its descriptors from features.csv).
      features: { dose: 1.5, z1: 2.557, z2: 1.219, ec50: 0.789, target_class: 'C' },
    }),
  'gim.validate': () =>
    GimValidateSpec.parse({
      kind: 'gim.validate',
      datasetId: gimData,
      contextColumn: 'context',
      features: { path: join(GIM_FIXTURE, 'features.csv') },
      seed: 1,
    }),
};

describe('cancel, per job kind', () => {
  it.each(Object.keys(specs) as JobKind[])(
    '%s stops within 1 s of cancel and leaves no run, result or temp file',
    async (kind) => {
      const handlers = createHandlers(backend, { host: 'server' });
      const before = projectFiles();
      const runs = backend.projects.summary()!.manifest.runs.length;
      const jobId = `cancel_${kind.replace('.', '_')}`;
      await handlers['job.start']({ jobId, spec: specs[kind]() });
      // Running in its worker (progress came back), and a little into its work.
      while (!started.has(jobId)) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 300));
      const t0 = Date.now();
      expect(backend.jobs.cancel(jobId)).toBe(true);
      const done = await backend.jobs.wait(jobId);
      expect(Date.now() - t0).toBeLessThan(1_000);
      expect(done.state).toBe('cancelled');
      expect(backend.projects.summary()!.manifest.runs).toHaveLength(runs);
      expect(projectFiles()).toEqual(before);
    },
    60_000,
  );

  it('a causal search that cannot hear the cancel (one synchronous GSP run) is stopped within 1 s', async () => {
    const unthrottled = new Backend({
      version: '0.0.0-test',
      dataDir: join(root, 'data-unthrottled'),
      demoDir: demoDir(),
      launchComputeWorker: forkLauncher(computeWorkerSource()),
      poolSize: 1,
    });
    try {
      unthrottled.projects.openDemo();
      const phases: string[] = [];
      unthrottled.subscribe((event, payload) => {
        if (event === 'job.progressed')
          phases.push((payload as { progress: { phase: string } }).progress.phase);
      });
      unthrottled.jobs.start('search', { ...specs['network.discover'](), nruns: 20, depth: 5 });
      // The search has begun: its loop now runs without returning to the event loop.
      while (!phases.some((p) => p.startsWith('Running GSP'))) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 300));
      const t0 = Date.now();
      expect(unthrottled.jobs.cancel('search')).toBe(true);
      const done = await unthrottled.jobs.wait('search');
      expect(Date.now() - t0).toBeLessThan(1_000);
      expect(done.state).toBe('cancelled');
    } finally {
      unthrottled.dispose();
    }
  }, 60_000);
});
