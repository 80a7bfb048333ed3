import { describe, expect, it } from 'vitest';
import type { DesignPlanResult } from '@shared/contracts/design.ts';
import type { JobRecord } from '@shared/contracts/jobs.ts';
import type { RunRecord } from '@shared/domain/project.ts';
import { FakeApi, flush } from '../lib/testing/fake-api.ts';
import { projectSummary } from '../lib/testing/fixtures.ts';
import { Caller } from './caller.ts';
import {
  DesignPlanState,
  edgesForArcs,
  gainCurve,
  hasSubsampleGraphs,
  orientSeries,
  parseGeneList,
} from './design-plan.svelte.ts';
import { JobsState } from './jobs.svelte.ts';
import { ProjectState } from './project.svelte.ts';
import { ToastState } from './toasts.svelte.ts';

const T = '2026-12-01T10:00:00.000Z';
const run = (id: string, params: RunRecord['params']): RunRecord => ({
  id,
  kind: 'network.discover',
  label: `Run ${id}`,
  inputs: {},
  params,
  resultFile: `results/${id}.json`,
  createdAt: T,
  elapsedMs: 10,
  appVersion: '0.1.0',
});
const STABLE = run('disc1', { subsampleGraphsFile: 'results/disc1.subsample-graphs.bin', subsamples: 4 });
const PLAIN = run('disc2', {});

const pick = (round: number, rank: number, gene: string, gain: number, after: number) => ({
  round,
  rank,
  gene,
  interventionType: 'knockdown' as const,
  expectedGain: gain,
  informationBits: gain / 2,
  expectedOriented: after,
  entropyBits: 1,
  edgesOriented: [{ source: gene, target: 'Z', frequency: 0.75 }],
  arcsTotal: 1,
});
const doc: DesignPlanResult = {
  kind: 'design.plan',
  goal: 'orient',
  objective: 'edges',
  interventionType: 'knockdown',
  budget: 2,
  rounds: 1,
  genes: 5,
  dags: 4,
  ensembleSeed: 7,
  meanEdges: 6,
  baselineOriented: 1.5,
  pool: { size: 5, notInNetworkCount: 0, notInNetwork: [] },
  perturbations: [pick(1, 1, 'A', 2, 3.5), pick(1, 2, 'B', 1, 4.5)],
  stoppedEarly: null,
  provenance: {
    appVersion: '0.1.0',
    createdAt: T,
    elapsedMs: 3,
    inputs: {},
    spec: { kind: 'design.plan', discoverRunId: 'disc1' },
  },
};

function setup() {
  const api = new FakeApi()
    .handle('run.result', ({ runId }) =>
      runId === 'plan1' ? { ok: true, value: doc } : { ok: true, value: { kind: 'other' } },
    )
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
    .reply('job.cancel', { cancelled: true })
    .reply('design.export', {
      fileName: 'plate-plan-plan1.csv',
      mime: 'text/csv',
      bytes: 4,
      base64: btoa('gene'),
      path: null,
    });
  const toasts = new ToastState({ set: () => 0, clear: () => undefined });
  const caller = new Caller(api, toasts);
  const project = new ProjectState(caller);
  project.current = projectSummary({ runs: [STABLE, PLAIN] });
  const jobs = new JobsState(caller, toasts);
  const shown: string[] = [];
  const design = new DesignPlanState(caller, jobs, project, (id) => shown.push(id));
  const offs = [jobs.subscribe(), design.subscribe()];
  return { api, design, jobs, toasts, shown, off: () => offs.forEach((o) => o()) };
}

describe('design plan helpers', () => {
  it('reads a pasted gene list in any common separator, once each', () => {
    expect(parseGeneList(' TP53\nMDM2, CDKN1A;TP53\tBAX  \n\n')).toEqual(['TP53', 'MDM2', 'CDKN1A', 'BAX']);
    expect(parseGeneList('  \n ')).toEqual([]);
  });

  it('offers design only on discovery runs that kept their subsample DAGs', () => {
    expect(hasSubsampleGraphs(STABLE)).toBe(true);
    expect(hasSubsampleGraphs(PLAIN)).toBe(false);
    expect(hasSubsampleGraphs({ ...STABLE, kind: 'targets.rank' })).toBe(false);
  });

  it('draws an arc on the network edge it orients, whichever way the network has it', () => {
    const edges = new Set(['A→B', 'C—D', 'F→E']);
    const r = edgesForArcs(
      [
        { source: 'A', target: 'B' }, // same direction
        { source: 'D', target: 'C' }, // undirected, genes in either order
        { source: 'E', target: 'F' }, // the network has it the other way round
        { source: 'X', target: 'Y' }, // not drawn
      ],
      (id) => edges.has(id),
    );
    expect(r.ids).toEqual(['A→B', 'C—D', 'F→E']);
    expect(r.missing).toBe(1);
  });

  it('plots oriented edges from the baseline through each experiment in plan order', () => {
    expect(gainCurve(doc)).toEqual([
      { x: 0, y: 1.5 },
      { x: 1, y: 3.5 },
      { x: 2, y: 4.5 },
    ]);
  });
});

describe('the orient simulation view', () => {
  it('draws random picks beside the plan when the result has them (older results: the plan alone)', () => {
    const orient = doc as Extract<DesignPlanResult, { goal: 'orient' }>;
    expect(orientSeries(orient).map((s) => s.label)).toEqual(['Plan (greedy)']);
    const series = orientSeries({ ...orient, random: { oriented: [1.5, 2, 2.25], draws: 20, seed: 1 } });
    expect(series.map((s) => s.label)).toEqual(['Plan (greedy)', 'Random picks (mean of 20)']);
    expect(series[0]!.points).toEqual(gainCurve(orient));
    expect(series[1]!.points).toEqual([
      { x: 0, y: 1.5 },
      { x: 1, y: 2 },
      { x: 2, y: 2.25 },
    ]);
  });
});

describe('DesignPlanState', () => {
  it('validates the form and builds the design.plan spec (every gene unless a list is given)', () => {
    const { design } = setup();
    design.open('disc1');
    expect(design.designable('disc1')?.id).toBe('disc1');
    expect(design.designable('disc2')).toBeNull();
    expect(design.spec()).toEqual({
      kind: 'design.plan',
      discoverRunId: 'disc1',
      goal: 'orient',
      budget: 3,
      rounds: 1,
      interventionType: 'knockout',
      objective: 'edges',
      seed: 1,
    });
    design.poolMode = 'list';
    expect(design.errors).toEqual([expect.stringContaining('Paste or type the genes')]);
    expect(design.spec()).toBeNull();
    design.poolText = 'A, B\nA';
    design.budget = 0;
    design.rounds = 21;
    expect(design.errors).toHaveLength(2);
    design.budget = 2;
    design.rounds = 3;
    design.objective = 'information';
    design.interventionType = 'knockdown';
    expect(design.spec()).toMatchObject({ budget: 2, rounds: 3, pool: ['A', 'B'], objective: 'information' });
  });

  it('starts the job, cancels it, and opens the plan when the job finishes', async () => {
    const { api, design, jobs } = setup();
    design.open('disc1');
    expect(await design.start()).toBe(true);
    const jobId = design.jobId!;
    expect(api.callsOf('job.start')).toEqual([{ jobId, spec: design.spec() }]);
    expect(design.running).toBe(true);
    await design.cancel();
    expect(api.callsOf('job.cancel')).toEqual([{ jobId }]);

    jobs.applyFinished({ jobId, runId: 'plan1' });
    await flush();
    expect(design.running).toBe(false);
    expect(design.runId).toBe('plan1');
    expect(design.result?.goal === 'orient' && design.result.perturbations.map((p) => p.gene)).toEqual([
      'A',
      'B',
    ]);
    expect(design.selectedRow?.gene).toBe('A');
  });

  it('a finished job that is not this panel’s does not replace what it shows', async () => {
    const { design, jobs } = setup();
    design.open('disc1');
    await design.start();
    jobs.applyUpdated({
      jobId: 'other',
      kind: 'design.plan',
      spec: design.spec()!,
      label: 'y',
      state: 'finished',
      progress: { phase: 'Done', fraction: 1, etaMs: 0 },
      startedAt: 1,
      endedAt: 2,
      runId: 'plan1',
      error: null,
    });
    await flush();
    expect(design.result).toBeNull();
  });

  it('opens a plan from the Jobs list: the network it was made for is shown and the panel opens on it', async () => {
    const { design, shown } = setup();
    expect(await design.show('plan1')).toBe(true);
    expect(shown).toEqual(['disc1']);
    expect(design.discoverRunId).toBe('disc1');
    // Moving through the list stays within it.
    design.step(1);
    expect(design.selectedRow?.gene).toBe('B');
    design.step(5);
    expect(design.selected).toBe(1);
    design.step(-9);
    expect(design.selected).toBe(0);
    // A run that is not a plan is refused (and shown nowhere).
    expect(await design.show('nope')).toBe(false);
    expect(design.runId).toBe('plan1');
  });

  it('exports the plate plan through design.export and saves the bytes it returns', async () => {
    const { api, design } = setup();
    await design.show('plan1');
    const saved: { name: string; text: string; mime: string }[] = [];
    const ok = await design.export('csv', (name, blob, mime) => {
      void blob.text().then((text) => saved.push({ name, text, mime }));
    });
    await flush();
    expect(ok).toBe(true);
    expect(api.callsOf('design.export')).toEqual([{ runId: 'plan1', format: 'csv' }]);
    expect(saved).toEqual([{ name: 'plate-plan-plan1.csv', text: 'gene', mime: 'text/csv' }]);
    expect(design.exporting).toBe(false);
  });

  it('closes, plans again from the form, and forgets everything on reset', async () => {
    const { design } = setup();
    await design.show('plan1');
    design.replan();
    expect(design.result).toBeNull();
    expect(design.discoverRunId).toBe('disc1');
    design.close();
    expect(design.discoverRunId).toBeNull();
    await design.show('plan1');
    design.reset();
    expect(design.discoverRunId).toBeNull();
    expect(design.result).toBeNull();
  });
});
