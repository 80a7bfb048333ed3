import { describe, expect, it } from 'vitest';
import type { InspectReport, ReferenceImportSummary } from '@shared/contracts/data-import.ts';
import type { JobRecord } from '@shared/contracts/jobs.ts';
import { Caller } from './caller.ts';
import { ImportWizard } from './import-wizard.svelte.ts';
import { JobsState } from './jobs.svelte.ts';
import { ToastState } from './toasts.svelte.ts';
import { FakeApi, flush } from '../lib/testing/fake-api.ts';

function report(kind: InspectReport['kind'], fileName: string): InspectReport {
  return {
    file: `/d/${fileName}`,
    fileName,
    bytes: 100,
    format: kind === 'network' ? 'edge-list' : 'drug-targets',
    kind,
    shape: [252, 1003],
    orientationGuess: null,
    orientationSource: null,
    nGenes: 252,
    nSamples: 0,
    metadataColumns: { samples: [], genes: [] },
    preview: { genes: [], samples: [], values: [] },
    sampleColumns: [],
    geneColumns: [],
    suggestedRoles: {},
    geneIds: [],
    layers: [],
    missingValues: 0,
    errors: [],
    warnings: [],
  };
}

function setup(api: FakeApi): { w: ImportWizard; jobs: JobsState } {
  const toasts = new ToastState();
  const caller = new Caller(api, toasts);
  const jobs = new JobsState(caller, toasts);
  jobs.subscribe();
  const w = new ImportWizard(caller, jobs);
  w.subscribe();
  return { w, jobs };
}

/** job.start answers with a running record of the spec it was given. */
function acceptJobs(api: FakeApi): FakeApi {
  return api.handle('job.start', ({ jobId, spec }) => {
    const record: JobRecord = {
      jobId,
      kind: spec.kind,
      spec: spec as JobRecord['spec'],
      label: 'Import',
      state: 'running',
      progress: { phase: 'Reading the file', fraction: 0.1, etaMs: null },
      startedAt: 1,
      endedAt: null,
      runId: null,
      error: null,
    };
    return { ok: true, value: record };
  });
}

const summary: ReferenceImportSummary = {
  kind: 'network',
  id: 'ppi_abc',
  name: 'PPI',
  format: 'edge-list',
  nNodes: 252,
  nEdges: 1003,
  nRows: 0,
  geneMatch: {
    total: 252,
    matched: 200,
    bySymbol: 190,
    viaGeneMap: 10,
    unmatched: 52,
    unmatchedExamples: ['X1'],
    datasets: 1,
    projectGenes: 5000,
  },
  warnings: ['52 of 252 gene ids of this network match no gene of the project.'],
};

describe('ImportWizard: networks and drug–target tables', () => {
  it('a network skips the matrix steps and is imported by a reference.import job', async () => {
    const api = acceptJobs(
      new FakeApi().reply('dataset.inspect', report('network', 'ppi.edges.tsv')).reply('run.result', summary),
    );
    const { w, jobs } = setup(api);
    w.open();
    expect(await w.choosePath('/d/ppi.edges.tsv')).toBe(true);
    expect(w.referenceKind).toBe('network');
    expect(w.step).toBe('choose');
    expect(w.name).toBe('ppi.edges.tsv');
    // The matrix steps (preview, roles, checks, dataset job) do not apply.
    expect(w.next()).toBe(false);
    expect(w.step).toBe('choose');
    w.name = '  ';
    expect(await w.importReference()).toBe(false);
    expect(api.callsOf('job.start')).toEqual([]);
    w.name = ' PPI ';
    expect(await w.importReference()).toBe(true);
    const [call] = api.callsOf('job.start') as { jobId: string; spec: unknown }[];
    expect(call?.spec).toEqual({
      kind: 'reference.import',
      source: { path: '/d/ppi.edges.tsv' },
      referenceKind: 'network',
      name: 'PPI',
    });
    // The job is an ordinary job: the Jobs panel lists it, with its progress.
    expect(jobs.get(call!.jobId)?.progress.phase).toBe('Reading the file');
    expect(w.importingReference).toBe(true);
    expect(w.imported).toBeNull();
    // While it runs, a second click starts nothing.
    expect(await w.importReference()).toBe(false);
    expect(api.callsOf('job.start')).toHaveLength(1);
    api.emit('job.finished', { jobId: call!.jobId, runId: 'run_ref' });
    await flush();
    expect(api.callsOf('run.result')).toEqual([{ runId: 'run_ref' }]);
    expect(w.imported).toEqual({ kind: 'network', id: 'ppi_abc', name: 'PPI' });
    expect(w.reference.summary?.geneMatch.matched).toBe(200);
    expect(w.importingReference).toBe(false);
    // Once imported, the same file is not imported twice.
    expect(await w.importReference()).toBe(false);
    w.reset();
    expect(w.imported).toBeNull();
  });

  it('a drug–target table is offered as one; a failed job leaves the wizard on the first step', async () => {
    const api = acceptJobs(new FakeApi().reply('dataset.inspect', report('drug-targets', 'drug_target.tsv')));
    const { w } = setup(api);
    w.open();
    await w.choosePath('/d/drug_target.tsv');
    expect(w.referenceKind).toBe('drug-targets');
    expect(w.errorsFor('choose')).toEqual([
      'This file is a drug–target table: import it as a drug–target table.',
    ]);
    expect(await w.importReference()).toBe(true);
    const [call] = api.callsOf('job.start') as { jobId: string; spec: { referenceKind: string } }[];
    expect(call?.spec.referenceKind).toBe('drug-targets');
    api.emit('job.failed', {
      jobId: call!.jobId,
      error: { code: 'E_INVALID_INPUT', message: 'drug_target.tsv (row 4): ragged rows.' },
    });
    await flush();
    expect(w.reference.job?.state).toBe('failed');
    expect(w.reference.job?.error?.message).toMatch(/row 4/);
    expect(w.imported).toBeNull();
    expect(w.importingReference).toBe(false);
    expect(w.step).toBe('choose');
  });

  it('cancel asks the backend to stop the running job', async () => {
    const api = acceptJobs(new FakeApi().reply('dataset.inspect', report('network', 'ppi.sif'))).reply(
      'job.cancel',
      { cancelled: true },
    );
    const { w } = setup(api);
    w.open();
    await w.choosePath('/d/ppi.sif');
    await w.importReference();
    await w.reference.cancel();
    expect(api.callsOf('job.cancel')).toEqual([{ jobId: w.reference.jobId }]);
  });

  it('a matrix still goes on to the preview step', async () => {
    const r = report('matrix', 'x.csv');
    const api = new FakeApi().reply('dataset.inspect', { ...r, orientationGuess: 'genes-x-samples' });
    const { w } = setup(api);
    w.open();
    await w.choosePath('/d/x.csv');
    expect(w.referenceKind).toBeNull();
    expect(w.step).toBe('preview');
  });
});
