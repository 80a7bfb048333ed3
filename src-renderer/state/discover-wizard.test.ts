import { describe, expect, it } from 'vitest';
import { JobSpec } from '@shared/contracts/jobs.ts';
import { methods } from '@shared/contracts/api.ts';
import { ClusterProfile } from '@shared/contracts/cluster.ts';
import { Caller } from './caller.ts';
import { DiscoverWizard, parseGeneList } from './discover-wizard.svelte.ts';
import { ToastState } from './toasts.svelte.ts';
import { FakeApi, flush } from '../lib/testing/fake-api.ts';
import { projectSummary } from '../lib/testing/fixtures.ts';

const base = projectSummary().manifest;
const manifest = {
  ...base,
  networks: [
    {
      id: 'ppi',
      name: 'PPI',
      file: 'networks/ppi.json',
      nNodes: 3,
      nEdges: 2,
      source: { fileName: 'ppi.tsv', sha256: 'a'.repeat(64) },
      createdAt: base.createdAt,
    },
  ],
};
const withSamples = { ...manifest.datasets[0]!, id: 'perturb', samplesFile: 'datasets/p/samples.arrow' };

function wizard(api = new FakeApi()) {
  return new DiscoverWizard(
    () => [...manifest.datasets, withSamples],
    () => manifest.networks,
    new Caller(api, new ToastState()),
  );
}

describe('Discover network wizard', () => {
  it('moves on only when the step is valid and builds a spec the contract accepts', () => {
    const w = wizard();
    expect(w.step).toBe('dataset');
    expect(w.next()).toBe(true);
    w.geneMode = 'list';
    w.geneListText = 'TP53';
    expect(w.next()).toBe(false);
    expect(w.step).toBe('genes');
    expect(w.errors[0]).toMatch(/at least two genes/);
    w.geneListText = 'TP53, MDM2\nTP53 CDKN1A';
    w.restrictToNetworkId = manifest.networks[0]!.id;
    expect(w.next()).toBe(true);
    w.algorithm = 'gsp';
    expect(w.next()).toBe(true);
    w.alpha = '0';
    expect(w.next()).toBe(false);
    w.alpha = '0.05';
    w.subsamples = '10';
    w.alphas = '0.01 0.1';
    expect(w.next()).toBe(true);
    expect(w.step).toBe('review');
    expect(w.runCount).toBe(21);
    const spec = w.spec();
    expect(JobSpec.parse(spec)).toEqual(spec);
    expect(spec).toMatchObject({
      genes: { mode: 'list', genes: ['TP53', 'MDM2', 'CDKN1A'] },
      algorithm: 'gsp',
      alpha: 0.05,
      restrictToNetworkId: manifest.networks[0]!.id,
      // the stability graph (every pair ≥ 0.3) by default, as the paper reports it
      stability: { subsamples: 10, fraction: 0.7, alphas: [0.01, 0.1], threshold: 0.3 },
      seed: 0,
    });
    expect(spec).not.toHaveProperty('compat');
    expect(spec).not.toHaveProperty('depth');
    w.goTo('genes');
    expect(w.step).toBe('genes');
    w.goTo('review');
    expect(w.step).toBe('genes');
  });

  it('asks for an intervention column for IGSP, and only offers it where a sample table exists', async () => {
    const api = new FakeApi().reply('dataset.sampleColumns', [
      { name: 'guide', nDistinct: 3, values: ['STAT1', 'ctrl', 'IRF1'] },
    ]);
    const w = wizard(api);
    w.step = 'algorithm';
    w.algorithm = 'igsp';
    expect(w.errorsFor('algorithm')[0]).toMatch(/no sample table/);
    await w.chooseDataset('perturb');
    await flush();
    expect(w.errorsFor('algorithm')[0]).toMatch(/Choose the column/);
    w.interventionColumn = 'guide';
    expect(w.errorsFor('algorithm')).toEqual([]);
    w.topN = '3';
    w.step = 'review';
    const spec = w.spec();
    expect(spec).toMatchObject({ algorithm: 'igsp', interventionColumn: 'guide', alphaInvariance: 1e-5 });
    expect(JobSpec.safeParse(spec).success).toBe(true);
    expect(JobSpec.safeParse({ ...spec, interventionColumn: undefined }).success).toBe(false);
  });

  it('offers the reference setting, depth and runs, and checks them', () => {
    const w = wizard();
    w.geneMode = 'all';
    w.step = 'parameters';
    w.compat = 'belyaeva2021';
    w.depth = '0';
    expect(w.errorsFor('parameters')).toEqual([
      'The search depth must be a whole number from 1 to 50, or blank.',
    ]);
    w.depth = '6';
    w.nruns = '3';
    w.threshold = '';
    w.topN = '3';
    w.step = 'review';
    const spec = w.spec();
    expect(spec).toMatchObject({ compat: 'belyaeva2021', depth: 6, nruns: 3 });
    expect(spec.stability).not.toHaveProperty('threshold');
    expect(JobSpec.safeParse(spec).success).toBe(true);
    w.algorithm = 'pc'; // PC has no permutation search: depth and runs are not sent
    expect(w.spec()).not.toHaveProperty('depth');
  });

  it('splits gene lists on spaces, commas, semicolons and lines, without duplicates', () => {
    expect(parseGeneList(' A,B;C\nA  D ')).toEqual(['A', 'B', 'C', 'D']);
  });
});

describe('re-run with my edits', () => {
  it('carries the version’s genes, constraints, tiers and optional skeleton into the spec', async () => {
    const w = wizard();
    await w.prefillFromVersion({
      version: { id: 'v1', name: 'curated' },
      genes: ['A', 'B', 'C'],
      knowledge: {
        forbiddenAdjacencies: [['A', 'C']],
        requiredAdjacencies: [],
        forbiddenArcs: [],
        requiredArcs: [['B', 'C']],
        tiers: [['A'], ['B', 'C']],
      },
      edges: [['A', 'B']],
    });
    const spec = w.spec();
    expect(JobSpec.safeParse(spec).success).toBe(true);
    expect(spec.genes).toEqual({ mode: 'list', genes: ['A', 'B', 'C'] });
    expect(spec.editedVersionId).toBe('v1');
    expect(spec.knowledge).toEqual({
      forbiddenAdjacencies: [['A', 'C']],
      requiredArcs: [['B', 'C']],
      tiers: [['A'], ['B', 'C']],
    });
    w.useSkeleton = true;
    // The required arc must be allowed, or the knowledge would contradict itself.
    expect(w.spec().knowledge?.allowedAdjacencies).toEqual([
      ['A', 'B'],
      ['B', 'C'],
    ]);
  });

  it('offers Run on a cluster profile only with sbatch and a profile, and carries it with its estimate', async () => {
    const estimate = {
      chunks: 7,
      arrayTasks: 7,
      chunkCostMs: 1000,
      availableCores: 4,
      wallMs: 5000,
      model: 'm',
      script: '#!/bin/bash',
    };
    const state = (sbatch: boolean) => ({
      file: '/f',
      profiles: { short: ClusterProfile.parse({}) },
      sbatch,
      error: null,
    });
    const offline = new FakeApi().reply('cluster.profiles', state(false));
    const w0 = wizard(offline);
    await w0.loadCluster();
    expect(w0.clusterProfiles).toEqual([]);
    await w0.chooseRunOn('short');
    expect(w0.executor()).toBeUndefined();

    const api = new FakeApi().reply('cluster.profiles', state(true)).reply('cluster.estimate', estimate);
    const w = wizard(api);
    await w.loadCluster();
    expect(w.clusterProfiles).toEqual(['short']);
    w.topN = '3';
    w.step = 'review';
    expect(w.errorsFor('review')).toEqual([]);
    await w.chooseRunOn('short');
    expect(w.executor()).toEqual({ kind: 'slurm', profile: 'short' });
    expect(w.estimate).toEqual(estimate);
    const [asked] = api.callsOf('cluster.estimate') as { spec: unknown; profile: string }[];
    expect(asked?.profile).toBe('short');
    expect(asked?.spec).toEqual(w.spec());
    await w.chooseRunOn('local');
    expect(w.executor()).toBeUndefined();
    expect(w.estimate).toBeNull();
    // The API carries the choice: job.start accepts it, and nothing but local or a named profile.
    const start = methods['job.start'].input;
    expect(
      start.safeParse({ jobId: 'job_1', spec: w.spec(), executor: { kind: 'slurm', profile: 'short' } })
        .success,
    ).toBe(true);
    expect(start.safeParse({ jobId: 'job_1', spec: w.spec(), executor: { kind: 'pbs' } }).success).toBe(
      false,
    );
  });
});
