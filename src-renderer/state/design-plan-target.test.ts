import { describe, expect, it } from 'vitest';
import { DesignPlanSpec, type TargetPlanResult } from '@shared/contracts/design.ts';
import type { JobRecord } from '@shared/contracts/jobs.ts';
import type { DatasetDescriptor, RunRecord } from '@shared/domain/project.ts';
import { FakeApi, flush } from '../lib/testing/fake-api.ts';
import { projectSummary } from '../lib/testing/fixtures.ts';
import { Caller } from './caller.ts';
import { DesignPlanState } from './design-plan.svelte.ts';
import {
  describeShift,
  parseTargetState,
  simulationSeries,
  targetSummary,
} from './design-plan-target.svelte.ts';
import { JobsState } from './jobs.svelte.ts';
import { ProjectState } from './project.svelte.ts';
import { ToastState } from './toasts.svelte.ts';

const T = '2026-12-01T10:00:00.000Z';
const STABLE: RunRecord = {
  id: 'disc1',
  kind: 'network.discover',
  label: 'Run disc1',
  inputs: { datasetId: 'expr' },
  params: { subsampleGraphsFile: 'results/disc1.subsample-graphs.bin' },
  resultFile: 'results/disc1.json',
  createdAt: T,
  elapsedMs: 10,
  appVersion: '0.1.0',
};
const SIG: DatasetDescriptor = {
  id: 'sig',
  name: 'Disease vs control',
  kind: 'signature',
  description: '',
  matrixFile: 'datasets/sig/matrix.arrow',
  nGenes: 3,
  nSamples: 2,
  source: { fileName: 'x', sha256: 'd'.repeat(64) },
  createdAt: T,
};
/** Signature values per gene: log2FC, padj (B has none). */
const SIG_VALUES: Record<string, (number | null)[]> = { A: [1.5, 0.01], B: [null, null], C: [-2, 0.2] };

const round = (r: number, gene: string, value: number, distance: number) => ({
  round: r,
  shift: [{ gene, value }],
  candidates: [],
  predicted: [
    { gene: 'A', shift: 0.2, wanted: -1.5 },
    { gene: 'C', shift: 1.1, wanted: 2 },
    { gene: 'D', shift: -0.05, wanted: 0 },
  ],
  genesShifted: 3,
  distance,
  bestDistance: distance - 0.1,
});
const TARGET_DOC: TargetPlanResult = {
  kind: 'design.plan',
  goal: 'target',
  acquisition: 'civ',
  target: { kind: 'reverse', genes: 2, notInNetwork: [] },
  genes: 4,
  arcs: 3,
  cells: 50,
  dags: 4,
  shiftSize: 1,
  cellsPerRound: 100,
  budget: 1,
  rounds: 2,
  pool: null,
  startDistance: 2.5,
  startBestDistance: 1.2,
  plan: [round(1, 'C', 0.8, 1.4), round(2, 'A', -0.3, 0.9)],
  simulation: { planned: [2.5, 1.1, 0.6], random: [2.5, 2.0, 1.7], seed: 9 },
  provenance: {
    appVersion: '0.1.0',
    createdAt: T,
    elapsedMs: 3,
    inputs: {},
    spec: { kind: 'design.plan', discoverRunId: 'disc1', goal: 'target' },
  },
};

const startedSpec = (api: FakeApi): unknown => (api.callsOf('job.start') as { spec: unknown }[])[0]?.spec;

function setup(datasets: DatasetDescriptor[] = [SIG]) {
  const api = new FakeApi()
    .handle('dataset.geneValues', ({ genes }) => ({
      ok: true as const,
      // One row per column, one value per asked gene (as dataset.geneValues answers).
      value: {
        columns: ['log2FC', 'padj'],
        values: [0, 1].map((j) => genes.map((g) => SIG_VALUES[g]?.[j] ?? null)),
      },
    }))
    .handle('dataset.sampleColumns', ({ datasetId }) => ({
      ok: true as const,
      // The network's dataset: a column every sample shares, a donor, and the treatment ('' = unannotated).
      value:
        datasetId === 'expr'
          ? [
              { name: 'batch', nDistinct: 1, values: ['b1'] },
              { name: 'donor', nDistinct: 3, values: ['d1', 'd2', 'd3'] },
              { name: 'treatment', nDistinct: 3, values: ['', 'control', 'drug'] },
            ]
          : [],
    }))
    .handle('run.result', () => ({ ok: true, value: TARGET_DOC }))
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
    }));
  const toasts = new ToastState({ set: () => 0, clear: () => undefined });
  const caller = new Caller(api, toasts);
  const project = new ProjectState(caller);
  const summary = projectSummary({ runs: [STABLE] });
  summary.manifest.datasets.push(...datasets);
  project.current = summary;
  const design = new DesignPlanState(caller, new JobsState(caller, toasts), project);
  design.open('disc1');
  design.goal = 'target';
  return { api, design };
}

describe('the target state typed per gene', () => {
  it('reads gene–value lines as the CLI reads --target: a header, comments, any separator', () => {
    expect(parseTargetState('gene\tvalue\nA\t1.5 # up\n\nB, -2\nC 0\nA 3')).toEqual({
      genes: [
        { gene: 'A', value: 3 },
        { gene: 'B', value: -2 },
        { gene: 'C', value: 0 },
      ],
      error: null,
    });
    expect(parseTargetState('A 1\nB high').error).toMatch(/Line 2 .*B high/);
    expect(parseTargetState('A 1\nB 1 2').error).toMatch(/Line 2/);
    expect(parseTargetState('').genes).toEqual([]);
  });
});

describe('DesignPlanState, goal target', () => {
  it('reverses the signature on the network genes it has values for, in the spec the CLI builds', async () => {
    const { api, design } = setup();
    await design.target.init();
    expect(design.target.signatureId).toBe('sig');
    expect(design.target.signatureColumn).toBe('log2FC');
    expect(design.errors).toEqual([]);
    // Without the target state read, there is no spec.
    expect(design.spec()).toBeNull();
    expect(await design.start(['A', 'B', 'C', 'D'])).toBe(true);
    const spec = startedSpec(api);
    expect(spec).toEqual({
      kind: 'design.plan',
      discoverRunId: 'disc1',
      goal: 'target',
      budget: 3,
      rounds: 1,
      interventionType: 'knockout',
      objective: 'edges',
      seed: 1,
      target: {
        kind: 'reverse',
        genes: [
          { gene: 'A', value: 1.5 },
          { gene: 'C', value: -2 },
        ],
      },
      acquisition: 'civ',
    });
    expect(DesignPlanSpec.safeParse(spec).success).toBe(true);
  });

  it('takes the listed genes and the chosen column, and says when none has a value', async () => {
    const { api, design } = setup();
    await design.target.init();
    design.target.genesText = 'C, B';
    design.target.signatureColumn = 'padj';
    design.target.acquisition = 'greedy';
    design.poolMode = 'list';
    design.poolText = 'A\nC';
    await design.start(['A', 'B', 'C']);
    expect(api.callsOf('dataset.geneValues').at(-1)).toEqual({ datasetId: 'sig', genes: ['C', 'B'] });
    expect(startedSpec(api)).toMatchObject({
      target: { kind: 'reverse', genes: [{ gene: 'C', value: 0.2 }] },
      acquisition: 'greedy',
      pool: ['A', 'C'],
    });
    design.target.genesText = 'B';
    expect(await design.start(['A', 'B', 'C'])).toBe(false);
    expect(design.target.problem).toMatch(/no “padj” value for the listed genes/);
    expect(api.callsOf('job.start')).toHaveLength(1);
  });

  it('needs a signature or typed levels, and sends typed levels as the state to reach', async () => {
    const { api, design } = setup([]);
    await design.target.init();
    expect(design.errors).toEqual([expect.stringContaining('Choose the disease signature')]);
    expect(await design.start(['A'])).toBe(false);
    design.target.source = 'typed';
    expect(design.errors).toEqual([expect.stringContaining('Type the target state')]);
    design.target.stateText = 'A 1\nB x';
    expect(design.errors).toEqual([expect.stringContaining('Line 2')]);
    design.target.stateText = 'A 1\nB -0.5';
    design.rounds = 4;
    expect(await design.start(['A'])).toBe(true);
    expect(startedSpec(api)).toMatchObject({
      goal: 'target',
      rounds: 4,
      target: {
        kind: 'state',
        genes: [
          { gene: 'A', value: 1 },
          { gene: 'B', value: -0.5 },
        ],
      },
    });
  });

  it("a condition's state: the dataset's columns that split it, a condition-like one first, in the spec", async () => {
    const { api, design } = setup();
    await design.target.init();
    const t = design.target;
    expect(api.callsOf('dataset.sampleColumns')).toEqual([{ datasetId: 'expr' }]);
    expect(t.conditionColumns.map((c) => c.name)).toEqual(['donor', 'treatment']);
    expect([t.conditionColumn, t.conditionValue]).toEqual(['treatment', 'control']);
    expect(t.conditionValues).toEqual(['control', 'drug']);
    expect(t.conditionValuesComplete).toBe(true);
    t.source = 'condition';
    t.conditionValue = 'drug';
    expect(design.errors).toEqual([]);
    expect(await design.start(['A', 'B'])).toBe(true);
    expect(startedSpec(api)).toMatchObject({
      goal: 'target',
      target: { kind: 'condition', column: 'treatment', value: 'drug' },
    });
    expect((startedSpec(api) as { target: object }).target).not.toHaveProperty('genes');
    expect(DesignPlanSpec.safeParse(startedSpec(api)).success).toBe(true);
    // Listed genes restrict the target; another column offers its own first value.
    t.genesText = 'E, D';
    t.setConditionColumn('donor');
    expect(t.conditionValue).toBe('d1');
    await design.start(['A']);
    expect((api.callsOf('job.start')[1] as { spec: unknown }).spec).toMatchObject({
      target: { kind: 'condition', column: 'donor', value: 'd1', genes: ['E', 'D'] },
    });
    t.conditionValue = ' ';
    expect(design.errors).toEqual([expect.stringContaining('Choose the sample column and the condition')]);
    // A dataset whose samples no column splits cannot give a condition.
    await t.loadConditions('other');
    expect(design.errors).toEqual([expect.stringContaining('no sample column with two values or more')]);
    await flush();
  });

  it('opens a target plan: its goal, and rounds to move through', async () => {
    const { design } = setup();
    design.goal = 'orient';
    expect(await design.show('plan2')).toBe(true);
    expect(design.goal).toBe('target');
    expect(design.result?.goal).toBe('target');
    expect(design.selectedRow).toBeNull();
    design.step(5);
    expect(design.selected).toBe(1);
    design.step(-5);
    expect(design.selected).toBe(0);
    await flush();
  });
});

describe('the target plan view', () => {
  it("says where the target came from: a condition's samples left out of the fit", () => {
    expect(targetSummary(TARGET_DOC)).toMatch(
      /^2 rounds of CIV shifts toward reversing the signature on 2 genes, modelled on 4 genes \(3 arcs, 50 cells, 4 DAGs\)/,
    );
    const doc: TargetPlanResult = {
      ...TARGET_DOC,
      target: {
        kind: 'condition',
        genes: 2,
        notInNetwork: [],
        condition: { column: 'treatment', value: 'drug', samples: 12 },
      },
    };
    expect(targetSummary(doc)).toMatch(
      /toward the state of treatment = drug \(the mean of its 12 samples, left out of the fit\) on 2 genes, .*50 cells fitted/,
    );
  });

  it('says each round’s shift with its direction and size, largest first', () => {
    expect(describeShift([{ gene: 'C', value: 0.8 }])).toBe('C ↑ 0.80');
    expect(
      describeShift(
        [
          { gene: 'A', value: -1.234 },
          { gene: 'B', value: 0.5 },
          { gene: 'C', value: 0.1 },
        ],
        2,
      ),
    ).toBe('A ↓ 1.23, B ↑ 0.50, +1 more');
    expect(describeShift([])).toBe('no shift');
  });

  it('plots the simulated distance after 0…rounds rounds: the plan against random', () => {
    const [plan, random] = simulationSeries(TARGET_DOC);
    expect(plan!.label).toBe('Plan (CIV)');
    expect(plan!.points).toEqual([
      { x: 0, y: 2.5 },
      { x: 1, y: 1.1 },
      { x: 2, y: 0.6 },
    ]);
    expect(random!.points.map((p) => p.y)).toEqual([2.5, 2.0, 1.7]);
  });
});
