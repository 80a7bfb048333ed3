import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName } from '#shared/contracts/api.ts';
import { DatasetSummaryResult } from '#shared/domain/summary.ts';
import { Backend } from '../backend.ts';
import { computeWorkerSource, demoDir } from '../paths.ts';
import { forkLauncher } from './worker-handle.ts';

let root: string;
let backend: Backend;
let events: EventName[];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'causeway-jobs-'));
  // A slowed worker so that cancelling mid-run is observable.
  const launch = forkLauncher(computeWorkerSource(), { ...process.env, CAUSEWAY_JOB_THROTTLE_MS: '40' });
  backend = new Backend({
    version: '0.0.0-test',
    dataDir: root,
    demoDir: demoDir(),
    launchComputeWorker: launch,
  });
  events = [];
  backend.subscribe((e) => events.push(e));
  backend.projects.openDemo();
});
afterEach(() => {
  backend.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('dataset summary job, end to end through a real worker', () => {
  it('computes the summary of the demo cells and records a run', async () => {
    backend.jobs.start('job_a', { kind: 'dataset.summary', datasetId: 'a549_cells' });
    const done = await backend.jobs.wait('job_a');
    expect(done.state).toBe('finished');
    const summary = DatasetSummaryResult.parse(backend.projects.runResult(done.runId!));
    expect(summary.nGenes).toBe(252);
    expect(summary.nSamples).toBe(74);
    // The source notes 55% zeros in these cells; none are missing.
    expect(summary.overallMissingFraction).toBe(0);
    // "Summarise" shows the samples' PCA too (it once gave none); this dataset has no sample table.
    expect(summary.pca?.pc1).toHaveLength(74);
    expect(summary.pca?.explained[0]).toBeGreaterThan(summary.pca?.explained[1] ?? 1);
    expect(summary.colourBy).toEqual([]);
    const runs = backend.projects.summary()!.manifest.runs;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      kind: 'dataset.summary',
      inputs: { datasetId: 'a549_cells' },
      params: { pcaSeed: 1 },
    });
    expect(backend.projects.summary()!.dirty).toBe(false);
    expect(events).toContain('job.progressed');
    expect(events).toContain('job.finished');
  });

  it('cancels a running job; no run is recorded', async () => {
    backend.jobs.start('job_b', { kind: 'dataset.summary', datasetId: 'sars_cov2_a549' });
    await new Promise((r) => setTimeout(r, 400));
    expect(backend.jobs.cancel('job_b')).toBe(true);
    const done = await backend.jobs.wait('job_b');
    expect(done.state).toBe('cancelled');
    expect(done.error?.code).toBe('E_CANCELLED');
    expect(backend.projects.summary()!.manifest.runs).toHaveLength(0);
  });

  it('an unknown dataset fails at start with E_NOT_FOUND', () => {
    expect(() => backend.jobs.start('job_c', { kind: 'dataset.summary', datasetId: 'nope' })).toThrow(
      /No dataset/,
    );
  });
});

describe('dataset summary of a dataset with a sample table', () => {
  it('colours the PCA by the sample table, in the matrix sample order', async () => {
    backend.jobs.start('job_pca', { kind: 'dataset.summary', datasetId: 'lincs_toydb_skb' });
    const done = await backend.jobs.wait('job_pca');
    expect(done.error).toBeNull();
    const s = DatasetSummaryResult.parse(backend.projects.runResult(done.runId!));
    expect(s.pca?.pc1).toHaveLength(100);
    const cell = s.colourBy?.find((c) => /cell/.test(c.name));
    expect(cell?.values).toHaveLength(100);
    expect(new Set(cell?.values)).toEqual(new Set(['SKB']));
  });
});
