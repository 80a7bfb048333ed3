import { describe, expect, it } from 'vitest';
import type { JobRecord } from '@shared/contracts/jobs.ts';
import type { SteinerResult, TargetRankingResult } from '@shared/contracts/targets.ts';
import type { ProjectSummary, RunRecord } from '@shared/domain/project.ts';
import { FakeApi, flush } from '../lib/testing/fake-api.ts';
import { projectSummary } from '../lib/testing/fixtures.ts';
import { Caller } from './caller.ts';
import { JobsState } from './jobs.svelte.ts';
import { ProjectState } from './project.svelte.ts';
import { TargetsPageState } from './targets-page.svelte.ts';
import { ToastState } from './toasts.svelte.ts';

const SHA = 'b'.repeat(64);
const T = '2026-12-01T10:00:00.000Z';
const run = (id: string, kind: string, inputs: Record<string, string> = {}, createdAt = T): RunRecord => ({
  id,
  kind,
  label: id,
  inputs,
  params: {},
  resultFile: `results/${id}.json`,
  createdAt,
  elapsedMs: 10,
  appVersion: '0.1.0',
});
const provenance = (spec: Record<string, unknown>) => ({
  appVersion: '0.1.0',
  createdAt: T,
  elapsedMs: 5,
  inputs: {},
  spec,
});

function project(runs: RunRecord[]): ProjectSummary {
  const p = projectSummary({ runs });
  p.manifest.datasets.push({
    id: 'sig',
    name: 'SARS-CoV-2',
    kind: 'signature',
    description: '',
    matrixFile: 'datasets/sig/matrix.arrow',
    nGenes: 100,
    nSamples: 1,
    source: { fileName: 'x.csv', sha256: SHA },
    createdAt: T,
  });
  p.manifest.networks = [
    {
      id: 'ppi',
      name: 'iRefIndex',
      file: 'networks/ppi.json',
      nNodes: 50,
      nEdges: 400,
      source: { fileName: 'e.tsv', sha256: SHA },
      createdAt: T,
    },
  ];
  p.manifest.tables = [
    {
      id: 'dc',
      name: 'DrugCentral',
      kind: 'drug-targets',
      description: '',
      file: 'tables/dc.arrow',
      nRows: 10,
      source: { fileName: 'd.tsv', sha256: SHA },
      createdAt: T,
    },
  ];
  return p;
}

const steinerDoc: SteinerResult = {
  kind: 'targets.steiner',
  params: { w: 1.4, b: 40, g: 0, pruning: 'strong', robustness: null, specificity: null },
  nodes: [
    { gene: 'A', terminal: true, prize: 2, degree: 3, component: 0, robustness: null, specificity: null },
    { gene: 'B', terminal: false, prize: 0, degree: 7, component: 0, robustness: null, specificity: null },
  ],
  edges: [{ source: 'A', target: 'B', cost: 0.2, inForest: true, robustness: null }],
  summary: {
    nodes: 2,
    edges: 1,
    components: 1,
    terminalsKept: 1,
    terminalsGiven: 1,
    steinerNodes: 1,
    trees: 1,
    objective: 1,
  },
  prizes: { description: '|log2FC| ≥ 1', unmatched: [], unmatchedCount: 0 },
  interactome: { genes: 50, edges: 400 },
  networkId: 'steiner_net',
  provenance: provenance({ prizes: { from: 'signature', datasetId: 'sig', column: 'log2FC' } }),
};

const row = (gene: string, rank: number) => ({
  rank,
  gene,
  annotations: {},
  drugs: [],
  reach: [],
  reachSize: 0,
  pathStability: 0,
  reversal: { mean: 0, sd: 0 },
  rightWay: { mean: 0, sd: 0 },
  wrongWay: { mean: 0, sd: 0 },
  reachFrequency: 0,
  paths: [],
  shifts: [],
});
const rankingDoc: TargetRankingResult = {
  kind: 'targets.rank',
  rows: [row('B', 1), row('A', 2)],
  diseaseGenes: ['A'],
  graph: { genes: ['A', 'B'], arcs: [{ source: 'B', target: 'A', stability: 0.6 }] },
  dags: 10,
  ensembleSeed: 1,
  ridgedEquations: 0,
  settings: {
    threshold: 0.3,
    minAffinity: 5,
    keepUnmeasured: true,
    knockdown: 1,
    minPathStability: 0,
    reversalWeight: 0.5,
    diseaseGenes: 'steinerTerminals',
  },
  drugs: null,
  provenance: provenance({
    discoverRunId: 'disc1',
    diseaseGenes: { mode: 'steinerTerminals', steinerRunId: 'st1' },
  }),
};

function setup(runs: RunRecord[] = []) {
  const api = new FakeApi()
    .handle('run.result', ({ runId }) =>
      runId === 'st1'
        ? { ok: true, value: steinerDoc }
        : runId === 'rk1'
          ? { ok: true, value: rankingDoc }
          : { ok: true, value: { something: 'else' } },
    )
    .reply('dataset.geneValues', { columns: ['log2FC'], values: [] })
    .handle('job.start', ({ jobId, spec }) => ({
      ok: true as const,
      value: <JobRecord>{
        jobId,
        kind: spec.kind,
        spec,
        label: 'x',
        state: 'queued',
        progress: { phase: 'Queued', fraction: 0, etaMs: null },
        startedAt: 1,
        endedAt: null,
        runId: null,
        error: null,
      },
    }))
    .reply('targets.export', {
      fileName: 'targets.csv',
      mime: 'text/csv',
      bytes: 3,
      base64: btoa('a,b'),
      path: null,
    });
  const toasts = new ToastState({ set: () => 0, clear: () => undefined });
  const caller = new Caller(api, toasts);
  const proj = new ProjectState(caller);
  proj.current = project(runs);
  const jobs = new JobsState(caller, toasts);
  const page = new TargetsPageState(caller, proj, jobs, toasts);
  const offs = [jobs.subscribe(), page.subscribe()];
  return { api, page, jobs, toasts, off: () => offs.forEach((o) => o()) };
}

describe('TargetsPageState', () => {
  it('lists earlier Steiner and ranking runs newest first, and discoveries on the subnetwork first', async () => {
    const { page } = setup([
      run('st0', 'targets.steiner', {}, '2026-11-01T00:00:00.000Z'),
      run('st1', 'targets.steiner'),
      run('rk1', 'targets.rank'),
      run('d_other', 'network.discover', { datasetId: 'ds_airway' }, '2026-12-02T00:00:00.000Z'),
      run('disc1', 'network.discover', { datasetId: 'ds_airway', networkId: 'steiner_net' }),
    ]);
    expect(page.steinerRuns.map((r) => r.id)).toEqual(['st1', 'st0']);
    expect(page.rankRuns.map((r) => r.id)).toEqual(['rk1']);
    await page.showSteiner('st1');
    expect(page.discoveryRuns.map((r) => r.id)).toEqual(['disc1', 'd_other']);
    // The causal network already learned on this subnetwork and the project's drug table are preselected.
    expect(page.discoverRunId).toBe('disc1');
    expect(page.rank.drugTableId).toBe('dc');
  });

  it('reads the drug targets of the subnetwork before any ranking, and again when the pAct cut changes', async () => {
    const { page, api } = setup([run('st1', 'targets.steiner')]);
    api.handle('targets.druggableGenes', ({ minAffinity }) => ({
      ok: true,
      value: {
        genes: minAffinity! <= 5 ? [{ gene: 'B', drugs: ['x'], drugCount: 1 }] : [],
        asked: 2,
        pairs: 1,
      },
    }));
    await page.loadDruggable();
    expect(page.druggable).toBeNull(); // No subnetwork open yet: nothing asked.
    expect(api.callsOf('targets.druggableGenes')).toHaveLength(0);
    await page.showSteiner('st1');
    await page.loadDruggable();
    expect(api.callsOf('targets.druggableGenes')).toEqual([
      { tableId: 'dc', genes: ['A', 'B'], minAffinity: 5 },
    ]);
    expect(page.druggable?.genes.map((g) => g.gene)).toEqual(['B']);
    page.rank.minAffinity = '7';
    await page.loadDruggable();
    expect(page.druggable?.genes).toEqual([]);
    // A bad cut asks nothing and clears the marks.
    page.rank.minAffinity = 'x';
    await page.loadDruggable();
    expect(page.druggable).toBeNull();
    expect(api.callsOf('targets.druggableGenes')).toHaveLength(2);
  });

  it('starts the causal step on the subnetwork: its genes, its edges as the skeleton, the paper’s α grid', async () => {
    const { page, api } = setup([run('st1', 'targets.steiner')]);
    expect(page.discoverSpec()).toBeNull();
    expect(page.discoverProblem).toMatch(/Steiner subnetwork/);
    await page.showSteiner('st1');
    page.causal.subsamples = '10';
    expect(page.causal.runCount()).toBe(61);
    await page.startDiscover();
    const [started] = api.callsOf('job.start') as { spec: Record<string, unknown> }[];
    expect(started!.spec).toEqual({
      kind: 'network.discover',
      datasetId: 'ds_airway',
      genes: { mode: 'network', networkId: 'steiner_net' },
      restrictToNetworkId: 'steiner_net',
      // The paper's filter: genes expressed in more than 10% of the cells.
      minExpressedFraction: 0.1,
      algorithm: 'gsp',
      alpha: 0.01,
      stability: {
        subsamples: 10,
        fraction: 0.7,
        alphas: [0.0001, 0.001, 0.01, 0.1, 0.2, 0.3],
        threshold: 0.3,
      },
      seed: 0,
    });
    page.causal.alphas = '0.1, 2';
    expect(page.discoverProblem).toMatch(/α grid/);
  });

  it('ranks with the Steiner terminals as disease genes and the signature the prizes came from', async () => {
    const { page, api, jobs } = setup([run('st1', 'targets.steiner')]);
    await page.showSteiner('st1');
    expect(page.rankProblem).toMatch(/causal network/);
    page.discoverRunId = 'disc1';
    expect(page.rankSpec()).toMatchObject({
      kind: 'targets.rank',
      discoverRunId: 'disc1',
      datasetId: 'ds_airway',
      disease: { datasetId: 'sig', column: 'log2FC' },
      diseaseGenes: { mode: 'steinerTerminals', steinerRunId: 'st1' },
      drugTargetsTableId: 'dc',
      minAffinity: 5,
    });
    page.rank.minAffinity = 'x';
    expect(page.rankSpec()).toBeNull();
    page.rank.minAffinity = '6';
    const jobId = await page.startRank();
    expect(jobId).not.toBeNull();
    expect(page.job('rank')?.jobId).toBe(jobId);
    // The finished ranking opens by itself, its first row selected.
    api.emit('job.finished', { jobId: jobId!, runId: 'rk1' });
    await flush();
    await flush();
    expect(page.rankRunId).toBe('rk1');
    expect(page.selectedGene).toBe('B');
    expect(jobs.get(jobId!)?.state).toBe('finished');
  });

  it('reopens a ranking with its subnetwork, moves the selection by keys, and exports the table', async () => {
    const { page, api } = setup([run('st1', 'targets.steiner'), run('rk1', 'targets.rank')]);
    expect(await page.showRanking('rk1')).toBe(true);
    expect(page.steinerRunId).toBe('st1');
    expect(page.discoverRunId).toBe('disc1');
    page.step(1);
    expect(page.selectedRow?.gene).toBe('A');
    page.step(1);
    expect(page.selectedGene).toBe('A');
    page.step(-5);
    expect(page.selectedGene).toBe('B');
    const saved: string[] = [];
    expect(await page.export('csv', (name) => saved.push(name))).toBe(true);
    expect(saved).toEqual(['targets.csv']);
    expect(api.callsOf('targets.export')).toEqual([{ runId: 'rk1', format: 'csv' }]);
  });

  it('says so when a run does not hold what the page expects', async () => {
    const { page, toasts } = setup([run('x', 'targets.steiner')]);
    expect(await page.showSteiner('x')).toBe(false);
    expect(page.steiner).toBeNull();
    expect(toasts.items.at(-1)?.message).toMatch(/not a Steiner subnetwork/);
  });
});
