// The target jobs through JobService (real planners, worker tasks, project files): the Steiner job on
// the demo's iRefIndex slice with the covid terminals gives the reference subnetwork and a project network
// discovery can use; randomisations fanned out over the pool equal the direct computation; a sweep equals
// direct sweepSetting calls; targets.rank on a simulated SEM ranks the true upstream regulator first; the
// exports carry the provenance and the rows.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JobSpec } from '#shared/contracts/jobs.ts';
import {
  SteinerResult,
  SteinerSweepResult,
  TARGETS_DEFAULTS,
  TargetRankingResult,
  TargetsRankSpec,
  TargetsSteinerSpec,
  TargetsSweepSpec,
} from '#shared/contracts/targets.ts';
import { NetworkGraph } from '#shared/domain/network.ts';
import { SeededRng } from '../../compute/numeric/rng.ts';
import { hubPenalizedCosts } from '../../compute/targets/steiner/forest.ts';
import { parseInteractome } from '../../compute/targets/steiner/interactome.ts';
import { mapPrizes, parsePrizeTable } from '../../compute/targets/steiner/prizes.ts';
import { aggregateRuns, robustnessRun } from '../../compute/targets/steiner/randomizations.ts';
import { sweepGrid, sweepSetting } from '../../compute/targets/steiner/sweep.ts';
import { createHandlers } from '../../ipc/handlers.ts';
import type { Backend } from '../backend.ts';
import { importDataset } from '../../cli/import-dataset.ts';
import { demoDir } from '../paths.ts';
import { inMemoryBackend } from './test-backend.ts';

const roots: string[] = [];
const backends: Backend[] = [];
afterAll(() => {
  for (const b of backends.splice(0)) b.dispose();
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function freshBackend(poolSize = 2): { backend: Backend; root: string } {
  const root = mkdtempSync(join(tmpdir(), 'causeway-targets-'));
  roots.push(root);
  const backend = inMemoryBackend(join(root, 'data'), { poolSize });
  backends.push(backend);
  return { backend, root };
}

async function run(backend: Backend, spec: JobSpec): Promise<string> {
  const jobId = `job_${Math.random().toString(36).slice(2, 10)}`;
  backend.jobs.start(jobId, spec);
  const done = await backend.jobs.wait(jobId);
  expect(done.error).toBeNull();
  expect(done.state).toBe('finished');
  return done.runId!;
}

const terminals = parsePrizeTable(
  readFileSync(
    join(import.meta.dirname, '../../compute/targets/steiner/fixtures/terminals_ppi_analysis.tsv'),
    'utf8',
  ),
);
/** The demo network is the 252-gene slice of iRefIndex; its `degree` attribute is the whole interactome's. */
const SLICE = { networkId: 'ppi_252', hubDegree: { attribute: 'degree', genes: 15_759 } };
const PAPER = { w: TARGETS_DEFAULTS.w, b: TARGETS_DEFAULTS.b, g: TARGETS_DEFAULTS.g };

describe('targets.steiner and targets.sweep on the demo project', () => {
  const { backend } = freshBackend(2);
  backend.projects.openDemo();
  const prizes = { from: 'table' as const, name: 'terminals_ppi_analysis.tsv', entries: terminals };

  it('reproduces the reference subnetwork, saves it as a project network, and fans randomisations out', async () => {
    const spec = TargetsSteinerSpec.parse({
      kind: 'targets.steiner',
      interactome: SLICE,
      prizes,
      ...PAPER,
      robustness: { runs: 12, noise: 0.1, seed: 3 },
      specificity: { runs: 4, seed: 5 },
    });
    const runId = await run(backend, spec);
    const doc = SteinerResult.parse(backend.projects.runResult(runId));
    expect(doc.summary).toMatchObject({
      nodes: 252,
      edges: 1003,
      components: 1,
      terminalsKept: 162,
      trees: 1,
    });
    expect(doc.nodes.filter((n) => n.terminal)).toHaveLength(162);
    expect(doc.edges.filter((e) => e.inForest)).toHaveLength(251);
    const ubc = doc.nodes.find((n) => n.gene === 'UBC')!;
    expect(ubc.degree).toBe(9796);

    // Robustness from 2 workers × blocks equals the runs computed here in order.
    const slice = parseInteractome(
      readFileSync(join(demoDir(), 'source', 'ppi_network_252nodes.edges.tsv'), 'utf8'),
    );
    const net = NetworkGraph.parse(
      JSON.parse(readFileSync(join(demoDir(), 'networks', 'ppi_252.json'), 'utf8')),
    );
    const deg = new Map(net.nodes.map((n) => [n.id, Number(n.attributes['degree'])]));
    const costs = hubPenalizedCosts(slice, 0, {
      degree: Int32Array.from(slice.genes, (g) => deg.get(g)!),
      n: 15_759,
    });
    // The project network lists its edges in the edge file's order, so gene indices agree.
    expect(slice.genes.length).toBe(252);
    const mapped = mapPrizes(slice, terminals);
    const direct = aggregateRuns(
      slice,
      'robustness',
      Array.from({ length: 12 }, (_, r) =>
        robustnessRun(slice, mapped, PAPER, { noise: 0.1, seed: 3 }, r, costs),
      ),
      3,
      0.1,
    );
    for (const n of doc.nodes) {
      expect(n.robustness).toBeCloseTo(direct.frequency[slice.geneIndex.get(n.gene)!]!, 12);
      expect(n.specificity! * 4).toBeCloseTo(Math.round(n.specificity! * 4), 12);
    }
    expect(doc.provenance.inputs['interactome']).toMatchObject({ id: 'ppi_252' });
    expect(doc.provenance.inputs['prizeTable']!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.provenance.spec).toMatchObject({ w: 1.4, b: 40, g: 0, robustness: { seed: 3 } });

    // The subnetwork is a project network: discovery can take its genes and skeleton from it.
    const saved = backend.projects.network(doc.networkId);
    expect(saved).toMatchObject({ nNodes: 252, nEdges: 1003 });
    const graph = backend.projects.networkGraph(doc.networkId);
    expect(graph.nodes.filter((n) => n.attributes['terminal'] === true)).toHaveLength(162);
    const discovered = await run(backend, {
      kind: 'network.discover',
      datasetId: 'a549_cells',
      genes: { mode: 'network', networkId: doc.networkId },
      restrictToNetworkId: doc.networkId,
      algorithm: 'gsp',
      alpha: 0.01,
      nruns: 1,
      depth: 2,
      seed: 1,
    });
    expect(backend.projects.summary()!.manifest.runs.find((r) => r.id === discovered)!.inputs).toMatchObject({
      genesFromNetworkId: doc.networkId,
    });
  }, 120_000);

  it('sweeps a (w, b) grid over the pool with the values of direct sweepSetting calls, in grid order', async () => {
    const ws = [0.8, 1.4, 2];
    const bs = [10, 40];
    const spec = TargetsSweepSpec.parse({
      kind: 'targets.sweep',
      interactome: SLICE,
      prizes,
      ws,
      bs,
      gs: [0, 1],
    });
    const doc = SteinerSweepResult.parse(backend.projects.runResult(await run(backend, spec)));
    const slice = parseInteractome(
      readFileSync(join(demoDir(), 'source', 'ppi_network_252nodes.edges.tsv'), 'utf8'),
    );
    const net = NetworkGraph.parse(
      JSON.parse(readFileSync(join(demoDir(), 'networks', 'ppi_252.json'), 'utf8')),
    );
    const deg = new Map(net.nodes.map((n) => [n.id, Number(n.attributes['degree'])]));
    const hub = { degree: Int32Array.from(slice.genes, (g) => deg.get(g)!), n: 15_759 };
    const mapped = mapPrizes(slice, terminals);
    const expected = sweepGrid(ws, bs, [0, 1]).map((s) =>
      sweepSetting(slice, mapped, s, { costs: hubPenalizedCosts(slice, s.g, hub) }),
    );
    expect(doc.points).toEqual(expected);
    expect(doc.terminalsGiven).toBe(162);
    expect(doc.points.find((p) => p.w === 1.4 && p.b === 40 && p.g === 0)).toMatchObject({ nodes: 252 });
  }, 120_000);

  it('previews the prizes of a signature on the interactome', async () => {
    const handlers = createHandlers(backend, { host: 'server' });
    const preview = await handlers['targets.prizePreview']({
      interactome: SLICE,
      prizes: { from: 'signature', datasetId: 'sars_cov2_a549', column: 'log2FC', minAbsLog2FC: 1 },
    });
    expect(preview.prizeGenes).toBeGreaterThan(preview.terminals);
    expect(preview.terminals).toBeGreaterThan(0);
    expect(preview.interactome).toEqual({ genes: 252, edges: 1003 });
    expect(preview.top[0]!.prize).toBeGreaterThanOrEqual(preview.top[1]!.prize);
  });
});

// ------------------------------------------------------------------ targets.rank on a known SEM

// X → D1 ← W and X → D2 ← V (v-structures, so the data orient X's arcs), D1 → U; Z stands apart.
// Disease: D1, D2, U up. Knocking X down lowers all three (the reversed signature); W moves D1 and U only,
// V moves D2 only: X is the upstream regulator whose inhibition reverses the signature best.
const GENES = ['X', 'W', 'V', 'D1', 'D2', 'U', 'Z'];
const ARCS: [string, string, number][] = [
  ['X', 'D1', 0.8],
  ['W', 'D1', 0.8],
  ['X', 'D2', 0.8],
  ['V', 'D2', 0.8],
  ['D1', 'U', 0.7],
];

function simulate(n: number, seed: number): number[][] {
  const rng = new SeededRng(seed);
  const rows: number[][] = [];
  for (let s = 0; s < n; s++) {
    const x = new Map<string, number>();
    for (const g of GENES) {
      let v = rng.normal();
      for (const [a, b, w] of ARCS) if (b === g) v += w * x.get(a)!;
      x.set(g, v);
    }
    rows.push(GENES.map((g) => x.get(g)!));
  }
  return rows;
}

/** A project with the simulated data, its signature, a drug–target table and a stability run. */
async function simulatedProject(
  backend: Backend,
  root: string,
): Promise<{ discoverRunId: string; expressionId: string; signatureId: string }> {
  backend.projects.create(join(root, 'sim'), 'simulated SEM');
  const rows = simulate(400, 11);
  const matrix = [
    ['gene', ...rows.map((_, s) => `s${s + 1}`)].join(','),
    ...GENES.map((g, j) => [g, ...rows.map((r) => r[j]!.toFixed(6))].join(',')),
  ];
  writeFileSync(join(root, 'expression.csv'), `${matrix.join('\n')}\n`);
  writeFileSync(join(root, 'signature.csv'), 'gene,log2FC\nD1,1.5\nD2,1\nU,0.5\nNOT_MEASURED,2\n');
  writeFileSync(
    join(root, 'targets.tsv'),
    'DRUG_NAME\tGENE\tACTION_TYPE\nxinib\tX\tINHIBITOR\nwinib\tW\tINHIBITOR\nvinib\tV\tINHIBITOR\nzinib\tZ\tINHIBITOR\n',
  );
  const expression = await importDataset(backend, join(root, 'expression.csv'), {
    name: 'expression',
    orientation: 'genes-x-samples',
  });
  const signature = await importDataset(backend, join(root, 'signature.csv'), {
    name: 'signature',
    orientation: 'genes-x-samples',
  });
  await run(backend, {
    kind: 'reference.import',
    source: { path: join(root, 'targets.tsv') },
    referenceKind: 'drug-targets',
    name: 'targets',
  });
  const discoverRunId = await run(backend, {
    kind: 'network.discover',
    datasetId: expression.dataset.id,
    genes: { mode: 'all' },
    algorithm: 'gsp',
    alpha: 0.01,
    stability: { subsamples: 10, fraction: 0.7, alphas: [0.001, 0.01] },
    nruns: 2,
    depth: 3,
    seed: 2,
  });
  return { discoverRunId, expressionId: expression.dataset.id, signatureId: signature.dataset.id };
}

describe('targets.rank on a simulated SEM', () => {
  it('ranks the true upstream regulator first, explains it, and exports with provenance', async () => {
    const { backend, root } = freshBackend(2);
    const { discoverRunId, expressionId, signatureId } = await simulatedProject(backend, root);
    const manifest = backend.projects.summary()!.manifest;
    const tableId = manifest.tables![0]!.id;
    const spec = TargetsRankSpec.parse({
      kind: 'targets.rank',
      discoverRunId,
      datasetId: expressionId,
      disease: { datasetId: signatureId, column: 'log2FC' },
      drugTargetsTableId: tableId,
      seed: 4,
    });
    const runId = await run(backend, spec);
    const doc = TargetRankingResult.parse(backend.projects.runResult(runId));
    expect(doc.dags).toBe(20);
    expect(doc.diseaseGenes.sort()).toEqual(['D1', 'D2', 'U']);
    const top = doc.rows[0]!;
    expect(top.gene).toBe('X');
    expect(top.drugs.map((d) => d.drug)).toEqual(['xinib']);
    expect(top.reach.map((r) => r.gene).sort()).toEqual(['D1', 'D2', 'U']);
    expect(top.reversal.mean).toBeGreaterThan(0.9);
    expect(top.paths.find((p) => p.to === 'U')!.genes).toEqual(['X', 'D1', 'U']);
    const z = doc.rows.find((r) => r.gene === 'Z')!;
    expect(z.reachSize).toBe(0);
    expect(z.reversal.mean).toBeCloseTo(0, 6);
    // Druggable genes first: X, W, V, Z, then the rest.
    expect(doc.rows.slice(0, 4).every((r) => r.drugs.length > 0)).toBe(true);
    expect(doc.provenance.inputs['expression']).toMatchObject({ id: expressionId });
    expect(doc.provenance.spec).toMatchObject({ seed: 4, minAffinity: 5 });

    const handlers = createHandlers(backend, { host: 'server' });
    const csvPath = join(root, 'targets.csv');
    await handlers['targets.export']({ runId, format: 'csv', path: csvPath });
    const csv = readFileSync(csvPath, 'utf8');
    expect(csv).toContain(`# run: ${runId}`);
    expect(csv).toMatch(/# input: expression sha256: [0-9a-f]{64}/);
    const lines = csv.split('\r\n').filter((l) => l && !l.startsWith('#'));
    expect(lines[0]).toMatch(
      /^rank,gene,drugs,n_drugs,reached_disease_genes,reach_size,path_stability,predicted_reversal_mean,predicted_reversal_sd/,
    );
    expect(lines[1]!.startsWith('1,X,"xinib (curated, INHIBITOR)",1,D1; D2; U,3,')).toBe(true);
    expect(lines).toHaveLength(GENES.length + 1);
    const html = await handlers['targets.export']({ runId, format: 'html' });
    const page = Buffer.from(html.base64!, 'base64').toString('utf8');
    expect(page).toContain('<svg');
    expect(page).toContain('Top targets and their paths');
    expect(page).toContain(runId);
    const xlsx = await handlers['targets.export']({ runId, format: 'xlsx' });
    const bytes = Buffer.from(xlsx.base64!, 'base64');
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect(xlsx.fileName).toBe(`targets-${runId}.xlsx`);
  }, 180_000);
});

describe('the SARS-CoV-2 demo, signature to ranked targets and graph-aware drugs', () => {
  it('chains Steiner (prizes from the shipped signature), discovery on the subnetwork, drug and target ranking', async () => {
    const { backend, root } = freshBackend(2);
    backend.projects.openDemo();
    const steinerRun = await run(
      backend,
      TargetsSteinerSpec.parse({
        kind: 'targets.steiner',
        interactome: SLICE,
        prizes: { from: 'signature', datasetId: 'sars_cov2_a549', column: 'log2FC', minAbsLog2FC: 1 },
        ...PAPER,
      }),
    );
    const steiner = SteinerResult.parse(backend.projects.runResult(steinerRun));
    expect(steiner.summary.terminalsKept).toBeGreaterThan(10);
    expect(steiner.prizes.description).toMatch(/\|log2FC\| where \|log2FC\| ≥ 1/);
    const discoverRun = await run(backend, {
      kind: 'network.discover',
      datasetId: 'a549_cells',
      genes: { mode: 'network', networkId: steiner.networkId },
      restrictToNetworkId: steiner.networkId,
      algorithm: 'gsp',
      alpha: 0.01,
      stability: { subsamples: 4, fraction: 0.7, alphas: [0.01, 0.1], threshold: 0.5 },
      nruns: 1,
      depth: 2,
      seed: 3,
    });
    const drugRun = await run(backend, {
      kind: 'drugs.rank',
      diseaseDatasetId: 'sars_cov2_a549',
      diseaseColumn: 'log2FC',
      collectionDatasetId: 'lincs_toydb_skb',
      score: 'cosine',
      querySize: 100,
      aggregate: 'best',
      permutations: 0,
      seed: 1,
    });
    const runId = await run(
      backend,
      TargetsRankSpec.parse({
        kind: 'targets.rank',
        discoverRunId: discoverRun,
        datasetId: 'a549_cells',
        disease: { datasetId: 'sars_cov2_a549', column: 'log2FC' },
        diseaseGenes: { mode: 'steinerTerminals', steinerRunId: steinerRun },
        drugTargetsTableId: 'drugcentral_targets',
        drugRankRunId: drugRun,
        seed: 1,
      }),
    );
    const doc = TargetRankingResult.parse(backend.projects.runResult(runId));
    expect(doc.dags).toBe(8);
    expect(new Set(doc.rows.map((r) => r.gene)).size).toBe(doc.rows.length);
    expect(doc.diseaseGenes.every((g) => steiner.nodes.find((n) => n.gene === g)?.terminal)).toBe(true);
    // Rows carry the Steiner network's node flags; druggable genes come first.
    expect(doc.rows.every((r) => typeof r.annotations['terminal'] === 'boolean')).toBe(true);
    const firstUndrugged = doc.rows.findIndex((r) => r.drugs.length === 0);
    expect(doc.rows.slice(firstUndrugged).every((r) => r.drugs.length === 0)).toBe(true);
    expect(firstUndrugged).toBeGreaterThan(0);
    // Graph-aware drugs: both parts in [0, 1] and the combination their mean (weight 0.5).
    expect(doc.drugs!.length).toBe(100);
    for (const d of doc.drugs!) {
      expect(d.combined).toBeCloseTo(0.5 * d.reversalPart + 0.5 * d.causalPart, 12);
      expect(d.reversalPart).toBeGreaterThanOrEqual(0);
      expect(d.causalPart).toBeLessThanOrEqual(1);
    }
    expect(doc.drugs!.some((d) => d.targets.length > 0)).toBe(true);
    const handlers = createHandlers(backend, { host: 'server' });
    const xlsx = await handlers['targets.export']({ runId, format: 'xlsx', path: join(root, 'demo.xlsx') });
    expect(xlsx.bytes).toBeGreaterThan(1000);
    const steinerHtml = await handlers['targets.export']({ runId: steinerRun, format: 'html' });
    const page = Buffer.from(steinerHtml.base64!, 'base64').toString('utf8');
    expect(page).toContain('Steiner subnetwork');
    expect(page).toContain('sars_cov2_a549');
    const steinerCsv = await handlers['targets.export']({ runId: steinerRun, format: 'csv' });
    const rows = Buffer.from(steinerCsv.base64!, 'base64').toString('utf8').split('\r\n');
    expect(rows.filter((l) => l && !l.startsWith('#'))).toHaveLength(steiner.nodes.length + 1);
  }, 300_000);
});
