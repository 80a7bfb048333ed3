import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { NetworkDiscoverSpec } from '#shared/contracts/jobs.ts';
import { DiscoveredGraph } from '#shared/domain/discovered-graph.ts';
import { dagToCpdag } from '../../compute/causal/graph/essential-graph.ts';
import { decodeSubsampleGraphs } from '../../compute/causal/stability/subsample-graphs.ts';
import { Backend } from '../backend.ts';
import { demoDir } from '../paths.ts';
import { inMemoryBackend } from './test-backend.ts';

const roots: string[] = [];
const backends: Backend[] = [];

function demoBackend(poolSize: number, throttleMs = 0): Backend {
  const root = mkdtempSync(join(tmpdir(), 'causeway-discover-'));
  roots.push(root);
  const backend = inMemoryBackend(root, { poolSize, throttleMs });
  backends.push(backend);
  backend.projects.openDemo();
  return backend;
}

afterEach(() => {
  for (const b of backends.splice(0)) b.dispose();
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

const ppi = JSON.parse(readFileSync(join(demoDir(), 'networks', 'ppi_252.json'), 'utf8')) as {
  nodes: { id: string }[];
  edges: { source: string; target: string }[];
};
// The 40 best-connected PPI genes: a small, dense piece of the demo that runs in well under a second.
const degree = new Map<string, number>();
for (const e of ppi.edges) for (const g of [e.source, e.target]) degree.set(g, (degree.get(g) ?? 0) + 1);
const hubGenes = [...degree.entries()]
  .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
  .slice(0, 40)
  .map(([g]) => g);
const adjacent = new Set(ppi.edges.flatMap((e) => [`${e.source}|${e.target}`, `${e.target}|${e.source}`]));

const spec = (over: Partial<NetworkDiscoverSpec> = {}): NetworkDiscoverSpec => ({
  kind: 'network.discover',
  datasetId: 'a549_cells',
  genes: { mode: 'list', genes: hubGenes },
  algorithm: 'gsp',
  alpha: 0.01,
  restrictToNetworkId: 'ppi_252',
  stability: { subsamples: 5, fraction: 0.7, alphas: [1e-3, 1e-2, 0.1] },
  nruns: 2,
  depth: 3,
  seed: 7,
  ...over,
});

async function discover(backend: Backend, s: NetworkDiscoverSpec): Promise<DiscoveredGraph> {
  backend.jobs.start('job_d', s);
  const done = await backend.jobs.wait('job_d');
  expect(done.error).toBeNull();
  expect(done.state).toBe('finished');
  return DiscoveredGraph.parse(backend.projects.runResult(done.runId!));
}

describe('network.discover job on the demo project', () => {
  it('fans stability out over the pool with bit-identical scores for 1 or 3 workers', async () => {
    const one = await discover(demoBackend(1), spec());
    const three = await discover(demoBackend(3), spec());
    expect(one.edges.length).toBeGreaterThan(3);
    expect(JSON.stringify({ ...three, elapsedMs: 0 })).toBe(JSON.stringify({ ...one, elapsedMs: 0 }));
    // Scores are frequencies over 5 subsamples: multiples of 1/5, max over α.
    for (const e of one.edges) {
      expect(e.stability).toBeDefined();
      expect(Math.abs(e.stability! * 5 - Math.round(e.stability! * 5))).toBeLessThan(1e-12);
      expect(adjacent.has(`${e.source}|${e.target}`)).toBe(true);
      expect(e.evidence?.ciPValue).not.toBeUndefined();
      if (e.directed) expect(e.evidence?.arcStability).toBeLessThanOrEqual(e.stability!);
    }
    expect(one.edges.some((e) => e.stability! > 0)).toBe(true);
    expect(one.nodes).toEqual(hubGenes.filter((g) => one.nodes.includes(g)));
    expect(one).toMatchObject({ algorithm: 'gsp', seed: 7, params: { alpha: 0.01, stability: 5 } });
  });

  it('records the run with its seed, parameters and data hash; run.result returns the graph', async () => {
    const backend = demoBackend(2);
    const graph = await discover(backend, spec({ stability: undefined, seed: 3 }));
    const run = backend.projects.summary()!.manifest.runs.at(-1)!;
    expect(run).toMatchObject({
      kind: 'network.discover',
      seed: 3,
      inputs: { datasetId: 'a549_cells', skeletonNetworkId: 'ppi_252' },
      params: { alpha: 0.01, dataHash: graph.dataHash, nEdges: graph.edges.length },
    });
    const sha = (await import('node:crypto')).createHash('sha256');
    sha.update(readFileSync(join(backend.projects.summary()!.dir, 'datasets/a549_cells/matrix.arrow')));
    expect(graph.dataHash).toBe(sha.digest('hex'));
    expect(graph.edges.every((e) => e.stability === undefined)).toBe(true);
  });

  it('runs the reference-compatible setting, records every choice, and keeps each run’s DAG', async () => {
    const backend = demoBackend(2);
    const graph = await discover(
      backend,
      spec({
        compat: 'belyaeva2021',
        nruns: undefined,
        depth: undefined,
        stability: { subsamples: 3, fraction: 0.7, alphas: [1e-2, 0.1], threshold: 0.3 },
      }),
    );
    expect(graph.search).toEqual({
      compat: 'belyaeva2021',
      smallSampleCi: 'independent',
      coveredArcUpdate: 'reference',
      subsampleSize: 'floor',
      depth: 5,
      nruns: 5,
    });
    expect(graph.params).toMatchObject({ compat: 'belyaeva2021', depth: 5, subsampleSize: 'floor' });
    // the stability graph: every pair at or above the threshold, whether or not the full run found it
    expect(graph.edges.length).toBeGreaterThan(0);
    for (const e of graph.edges) expect(e.stability).toBeGreaterThanOrEqual(0.3);
    const run = backend.projects.summary()!.manifest.runs.at(-1)!;
    expect(run.params).toMatchObject({ compat: 'belyaeva2021', smallSampleCi: 'independent', depth: 5 });
    const file = join(backend.projects.summary()!.dir, String(run.params['subsampleGraphsFile']));
    const kept = decodeSubsampleGraphs(readFileSync(file));
    expect(kept.header.version).toBe(2);
    expect(kept.header.plan.subsampleSize).toBe('floor');
    const p = kept.header.genes.length;
    kept.dags!.forEach((arcs, i) => {
      const marks = new Uint8Array(p * p);
      for (const m of arcs) marks[m] = 1;
      const cpdag = dagToCpdag({ p, marks });
      expect([...cpdag.marks.keys()].filter((t) => cpdag.marks[t] === 1)).toEqual(Array.from(kept.arcs[i]!));
    });
  });

  it('takes the genes of a project network and never leaves its skeleton', async () => {
    const backend = demoBackend(2);
    const graph = await discover(
      backend,
      spec({ genes: { mode: 'network', networkId: 'ppi_252' }, stability: undefined, nruns: 1, depth: 2 }),
    );
    // 252 PPI genes, 17 of them never expressed in these cells (constant): left out and counted.
    expect(graph.nodes).toHaveLength(235);
    expect(graph.params['excludedGenes']).toBe(17);
    for (const e of graph.edges) expect(adjacent.has(`${e.source}|${e.target}`)).toBe(true);
  });

  it('keeps the genes expressed in more than 10% of the cells: the 204 of Belyaeva et al. 2021', async () => {
    const backend = demoBackend(1);
    const graph = await discover(
      backend,
      spec({
        genes: { mode: 'network', networkId: 'ppi_252' },
        minExpressedFraction: 0.1,
        stability: undefined,
        nruns: 1,
        depth: 1,
      }),
    );
    expect(graph.nodes).toHaveLength(204);
    expect(graph.params['minExpressedFraction']).toBe(0.1);
    expect(graph.params['excludedGenes']).toBe(48);
  });

  it('cancel reaches every running chunk within a second; nothing is recorded', async () => {
    const backend = demoBackend(2, 30);
    const progress: number[] = [];
    backend.subscribe((event, payload) => {
      if (event === 'job.progressed')
        progress.push((payload as { progress: { fraction: number } }).progress.fraction);
    });
    backend.jobs.start('job_c', spec({ stability: { subsamples: 200, fraction: 0.7, alphas: [0.01, 0.1] } }));
    while (progress.length < 3) await new Promise((r) => setTimeout(r, 20));
    const t0 = Date.now();
    expect(backend.jobs.cancel('job_c')).toBe(true);
    const done = await backend.jobs.wait('job_c');
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(done.state).toBe('cancelled');
    expect(backend.pool.inFlight).toBe(0);
    expect(backend.projects.summary()!.manifest.runs).toHaveLength(0);
    // One bar over all chunks, never going backwards.
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]!).toBeGreaterThanOrEqual(progress[i - 1]! - 1e-12);
  });

  it('refuses interventions on a dataset without a sample table, before any work starts', () => {
    const backend = demoBackend(1);
    expect(() =>
      backend.jobs.start('job_x', spec({ algorithm: 'igsp', interventionColumn: 'perturbation' })),
    ).toThrow(/no sample table/);
  });
});
