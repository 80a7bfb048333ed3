import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { NetworkDiscoverSpec } from '#shared/contracts/jobs.ts';
import { DiscoveredGraph } from '#shared/domain/discovered-graph.ts';
import { readMatrixArrow } from '../../compute/io/arrow-matrix.ts';
import { SeededRng } from '../../compute/numeric/rng.ts';
import { randomLinearSem, sampleSem } from '../../compute/causal/testing/simulate.ts';
import { inMemoryBackend } from '../../services/jobs/test-backend.ts';
import { main } from '../main.ts';

const dir = mkdtempSync(join(tmpdir(), 'causeway-discover-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const genes = ['g0', 'g1', 'g2', 'g3', 'g4', 'g5'];

// A small linear-Gaussian data set: 400 observational rows and 300 rows with g1 intervened on.
const rng = new SeededRng(11);
const sem = randomLinearSem(6, 2, rng);
const obs = sampleSem(sem, 400, rng);
const iv = sampleSem(sem, 300, rng, { targets: [1], mean: 2, sd: 0.5 });
const lines = [['setting', ...genes].join(',')];
for (const [m, label] of [
  [obs, 'obs'],
  [iv, 'g1'],
] as const) {
  for (let r = 0; r < m.rows; r++)
    lines.push([label, ...genes.map((_, c) => m.data[c * m.rows + r]!.toPrecision(8))].join(','));
}
const dataFile = join(dir, 'data.csv');
writeFileSync(dataFile, `${lines.join('\n')}\n`);

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

interface GraphJson {
  nodes: string[];
  edges: {
    source: string;
    target: string;
    directed: boolean;
    stability?: number;
    evidence?: { ciPValue?: number; orientedByIntervention?: boolean; inFullDataGraph?: boolean };
  }[];
  params: Record<string, unknown>;
  ciTest: string;
  learnedTargets?: Record<string, string[]>;
  dataHash: string;
  seed: number;
}
const readGraph = (f: string): GraphJson => JSON.parse(readFileSync(f, 'utf8')) as GraphJson;

describe('causeway discover', () => {
  it('gives bit-identical stability scores with 1 and 2 worker processes', async () => {
    const base = [
      'discover',
      '--data',
      dataFile,
      '--algorithm',
      'gsp',
      '--alpha',
      '0.01',
      '--intervention-column',
      'setting',
    ];
    const stab = ['--stability', '4', '--subsample', '0.7', '--alphas', '0.001,0.01,0.1', '--seed', '5'];
    const one = join(dir, 'one.json');
    const two = join(dir, 'two.json');
    expect((await run([...base, ...stab, '--workers', '1', '--out', one])).code).toBe(0);
    expect((await run([...base, ...stab, '--workers', '2', '--out', two])).code).toBe(0);
    const a = readGraph(one);
    const b = readGraph(two);
    expect(a.edges.length).toBeGreaterThan(0);
    expect(a.edges.map((e) => e.stability)).toEqual(b.edges.map((e) => e.stability));
    for (const e of a.edges) {
      expect(e.stability).toBeGreaterThan(0);
      expect(e.stability).toBeLessThanOrEqual(1);
      expect(e.evidence!.ciPValue).toBeLessThan(0.01); // every kept edge was decided by a rejected CI test
    }
    expect(a.nodes).toEqual(genes);
    expect(a.dataHash).toMatch(/^[0-9a-f]{64}$/);
    // a different seed draws different subsamples, so the comparison above could have failed
    const three = join(dir, 'three.json');
    await run([...base, ...stab.slice(0, -1), '6', '--workers', '1', '--out', three]);
    expect(readGraph(three).edges.map((e) => e.stability)).not.toEqual(a.edges.map((e) => e.stability));
  }, 120_000);

  it('takes --depth, --nruns and --compat, and records every search choice', async () => {
    const base = ['discover', '--data', dataFile, '--algorithm', 'gsp', '--alpha', '0.01'];
    const ref = join(dir, 'ref.json');
    const r = await run([
      ...base,
      '--compat',
      'belyaeva2021',
      '--nruns',
      '2',
      '--workers',
      '1',
      '--out',
      ref,
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('belyaeva2021: depth 5, 2 runs, untestable CI independent');
    const g = readGraph(ref) as GraphJson & { search?: Record<string, unknown> };
    expect(g.search).toEqual({
      compat: 'belyaeva2021',
      smallSampleCi: 'independent',
      coveredArcUpdate: 'reference',
      subsampleSize: 'floor',
      depth: 5,
      nruns: 2,
    });
    const own = join(dir, 'own.json');
    const args = ['--depth', '2', '--small-sample-ci', 'keep-edge', '--workers', '1', '--out', own];
    expect((await run([...base, ...args])).code).toBe(0);
    expect((readGraph(own) as GraphJson & { search?: unknown }).search).toMatchObject({
      compat: 'causeway',
      smallSampleCi: 'keep-edge',
      coveredArcUpdate: 'theory',
      depth: 2,
      nruns: 5,
    });
    const bad = await run([...base, '--compat', 'pcalg', '--out', own]);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('--compat must be causeway or belyaeva2021');
  }, 60_000);

  it('UT-IGSP learns the hidden target and respects forbidden edges', async () => {
    const forbidden = join(dir, 'forbidden.tsv');
    const [s, t] = sem.dag.arcs()[0]!;
    writeFileSync(forbidden, `source\ttarget\ng${s}\tg${t}\n`);
    const out = join(dir, 'ut.json');
    const r = await run([
      'discover',
      '--data',
      dataFile,
      '--algorithm',
      'utigsp',
      '--alpha',
      '0.01',
      '--alpha-inv',
      '1e-3',
      '--intervention-column',
      'setting',
      '--targets-unknown',
      '--forbidden-edges',
      forbidden,
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    const g = readGraph(out);
    expect(g.learnedTargets?.g1).toContain('g1');
    expect(
      g.edges.some(
        (e) =>
          (e.source === `g${s}` && e.target === `g${t}`) || (e.source === `g${t}` && e.target === `g${s}`),
      ),
    ).toBe(false);
  });

  it('keeps required arcs and tiers, and records the knowledge by gene name', async () => {
    const required = join(dir, 'required.tsv');
    writeFileSync(required, 'g5\tg0\n');
    const tiers = join(dir, 'tiers.txt');
    writeFileSync(tiers, '# earliest first\ng5 g0\ng1,g2,g3,g4\n');
    const out = join(dir, 'knowledge.json');
    const r = await run([
      ...['discover', '--data', dataFile, '--algorithm', 'gsp', '--alpha', '0.01'],
      ...['--required-arcs', required, '--tiers', tiers, '--out', out],
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const g = JSON.parse(readFileSync(out, 'utf8')) as DiscoveredGraph;
    expect(g.knowledge).toEqual({
      requiredArcs: [['g5', 'g0']],
      tiers: [
        ['g5', 'g0'],
        ['g1', 'g2', 'g3', 'g4'],
      ],
    });
    expect(g.edges).toContainEqual(expect.objectContaining({ source: 'g5', target: 'g0', directed: true }));
    const early = new Set(['g5', 'g0']);
    for (const e of g.edges) if (e.directed && early.has(e.target)) expect(early.has(e.source)).toBe(true);
  });

  it('reads a project dataset with --project/--dataset and keeps edges by --threshold', async () => {
    const demo = join(import.meta.dirname, '../../../resources/demo');
    const genes8 = readMatrixArrow(join(demo, 'datasets/a549_cells/matrix.arrow')).genes.slice(0, 8);
    const args = (out: string, extra: string[]): string[] => [
      'discover',
      '--project',
      demo,
      '--dataset',
      'a549_cells',
      '--variables',
      genes8.join(','),
      '--algorithm',
      'gsp',
      '--alpha',
      '0.1',
      '--seed',
      '3',
      '--out',
      out,
      ...extra,
    ];
    const plain = join(dir, 'project.json');
    expect((await run(args(plain, []))).code).toBe(0);
    const g = readGraph(plain);
    expect(g.nodes).toEqual(genes8);
    // The spelling, --data <project-dir> --dataset <id>, is the same run.
    const viaData = join(dir, 'project-via-data.json');
    const dataArgs = args(viaData, []).map((a) => (a === '--project' ? '--data' : a));
    expect((await run(dataArgs)).code).toBe(0);
    const same = readGraph(viaData);
    expect(same.edges).toEqual(g.edges);
    expect(same.dataHash).toBe(g.dataHash);
    const stable = join(dir, 'project-stable.json');
    const stab = ['--stability', '6', '--alphas', '0.01,0.1,0.3', '--workers', '1'];
    expect((await run(args(stable, [...stab, '--threshold', '0.5']))).code).toBe(0);
    const t = readGraph(stable);
    expect(t.params.threshold).toBe(0.5);
    for (const e of t.edges) expect(e.stability).toBeGreaterThanOrEqual(0.5);
    // Every full-data edge that clears the threshold is kept; any other edge is marked subsample-only.
    const all = join(dir, 'project-all.json');
    expect((await run(args(all, stab))).code).toBe(0);
    const key = (e: { source: string; target: string }): string => [e.source, e.target].sort().join('|');
    const kept = readGraph(all)
      .edges.filter((e) => e.stability! >= 0.5)
      .map(key);
    expect(t.edges.filter((e) => e.evidence?.inFullDataGraph !== false).map(key)).toEqual(kept);
    expect(t.edges.length).toBeGreaterThan(0);
  }, 120_000);

  it('learns with the HSIC test via --ci-test hsic and refuses conflicting data options', async () => {
    const out = join(dir, 'hsic.json');
    const r = await run([
      'discover',
      '--data',
      dataFile,
      '--algorithm',
      'pc',
      '--alpha',
      '0.01',
      '--ci-test',
      'hsic',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    const g = readGraph(out);
    expect(g.ciTest).toBe('hsic');
    expect(g.edges.length).toBeGreaterThan(0);
    for (const e of g.edges) expect(e.evidence!.ciPValue).toBeLessThan(0.01);
    const both = await run([
      'discover',
      '--data',
      dataFile,
      '--project',
      dir,
      '--dataset',
      'x',
      '--algorithm',
      'pc',
      '--alpha',
      '0.01',
      '--out',
      out,
    ]);
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/either --data/);
    const badTest = await run([
      'discover',
      '--data',
      dataFile,
      '--algorithm',
      'pc',
      '--alpha',
      '0.01',
      '--ci-test',
      'kci',
      '--out',
      out,
    ]);
    expect(badTest.err).toMatch(/--ci-test must be/);
    const noStab = await run([
      'discover',
      '--data',
      dataFile,
      '--algorithm',
      'pc',
      '--alpha',
      '0.01',
      '--threshold',
      '0.3',
      '--out',
      out,
    ]);
    expect(noStab.err).toMatch(/--threshold needs --stability/);
  });

  it('reports usage and data errors as E_INVALID_INPUT with exit status 2', async () => {
    const noAlpha = await run([
      'discover',
      '--data',
      dataFile,
      '--algorithm',
      'pc',
      '--out',
      join(dir, 'x.json'),
    ]);
    expect(noAlpha.code).toBe(2);
    expect(noAlpha.err).toMatch(/^error E_INVALID_INPUT: .*--alpha/);
    const badColumn = await run([
      'discover',
      '--data',
      dataFile,
      '--algorithm',
      'igsp',
      '--alpha',
      '0.01',
      '--intervention-column',
      'nope',
      '--out',
      join(dir, 'x.json'),
    ]);
    expect(badColumn.code).toBe(2);
    expect(badColumn.err).toMatch(/error E_INVALID_INPUT: .*no column "nope"/);
  });
});

describe('causeway discover and the app', () => {
  it('writes the result document the app stores for the same network.discover spec', async () => {
    const demo = join(import.meta.dirname, '../../../resources/demo');
    const genes8 = readMatrixArrow(join(demo, 'datasets/a549_cells/matrix.arrow')).genes.slice(0, 8);
    const forbidden = join(dir, 'app-forbidden.tsv');
    writeFileSync(forbidden, `source\ttarget\n${genes8[0]}\t${genes8[1]}\n${genes8[2]}\tnot_a_gene\n`);
    const spec: NetworkDiscoverSpec = {
      kind: 'network.discover',
      datasetId: 'a549_cells',
      genes: { mode: 'list', genes: genes8 },
      algorithm: 'pc',
      ciTest: 'hsic',
      alpha: 0.05,
      knowledge: {
        forbiddenAdjacencies: [
          [genes8[0]!, genes8[1]!],
          [genes8[2]!, 'not_a_gene'],
        ],
      },
      stability: { subsamples: 3, fraction: 0.7, alphas: [0.01, 0.05, 0.1] },
      seed: 4,
    };
    const root = mkdtempSync(join(tmpdir(), 'causeway-discover-app-'));
    const backend = inMemoryBackend(root);
    let app: DiscoveredGraph;
    try {
      backend.projects.openDemo();
      backend.jobs.start('job_app', spec);
      const done = await backend.jobs.wait('job_app');
      expect(done.error).toBeNull();
      app = DiscoveredGraph.parse(backend.projects.runResult(done.runId!));
    } finally {
      backend.dispose();
      rmSync(root, { recursive: true, force: true });
    }
    const out = join(dir, 'cli-same.json');
    const cli = await run([
      'discover',
      '--data',
      demo,
      '--dataset',
      'a549_cells',
      '--variables',
      genes8.join(','),
      '--algorithm',
      'pc',
      '--ci-test',
      'hsic',
      '--alpha',
      '0.05',
      '--forbidden-edges',
      forbidden,
      '--stability',
      '3',
      '--alphas',
      '0.01,0.05,0.1',
      '--seed',
      '4',
      '--workers',
      '2',
      '--out',
      out,
    ]);
    expect(cli.code).toBe(0);
    expect(cli.err).toMatch(/1 background-knowledge entries name genes that are not variables/);
    const { elapsedMs: _a, ...fromApp } = app;
    const { elapsedMs: _b, ...fromCli } = DiscoveredGraph.parse(readGraph(out));
    expect(fromCli).toEqual(fromApp);
    expect(fromApp.ciTest).toBe('hsic');
    expect(fromApp.knowledge?.forbiddenAdjacencies).toHaveLength(2);
    expect(fromApp.params.knowledgeIgnored).toBe(1);
    expect(
      fromApp.edges.some((e) => [e.source, e.target].sort().join() === [genes8[0], genes8[1]].sort().join()),
    ).toBe(false);
    expect(fromApp.edges.every((e) => e.stability !== undefined)).toBe(true);
  }, 120_000);

  it('reads a table: numeric columns are genes, text columns annotations; --alphas stands in for --alpha', async () => {
    const lines = ['cell\tx\ty\tz\tcondition\ttarget'];
    for (let i = 0; i < 12; i++) lines.push(`c${i}\t${i}\t${(i * 3) % 7}\t${(i * 7) % 5}\tctrl\t`);
    for (let i = 0; i < 4; i++) lines.push(`k${i}\t${i}\t${i + 3}\t${i * 3}\tx knock-down\tx`);
    const file = join(dir, 't.tsv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const out = join(dir, 'table.json');
    const base = ['discover', '--data', file, '--algorithm', 'igsp', '--intervention-column', 'target'];
    const r = await run([
      ...base,
      '--stability',
      '2',
      '--alphas',
      '0.01,0.2,0.3',
      '--workers',
      '1',
      '--out',
      out,
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const g = readGraph(out);
    expect(g.nodes).toEqual(['x', 'y', 'z']);
    expect(g.params.alpha).toBe(0.2); // the middle of the grid
    expect(g.learnedTargets).toEqual({ x: ['x'] }); // IGSP's known targets: the label names gene x
    const picked = await run([...base, '--alpha', '0.1', '--variables', 'z,x', '--out', out]);
    expect(picked.code).toBe(0);
    expect(readGraph(out).nodes).toEqual(['z', 'x']);
    const text = await run([...base, '--alpha', '0.1', '--variables', 'x,condition', '--out', out]);
    expect(text.err).toMatch(/no variable column "condition"/);
    const noGrid = await run([...base, '--out', out]);
    expect(noGrid.err).toMatch(/--alpha/);
  }, 60_000);
});
