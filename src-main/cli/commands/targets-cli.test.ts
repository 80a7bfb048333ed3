// `causeway steiner` and `causeway targets` run the app's target jobs in a scratch project: the reference
// subnetwork from the full iRefIndex (when the shared data folder is beside the repository), the same
// result document as the app for the same spec, and a ranked target table with its provenance.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SteinerResult, TargetRankingResult, TargetsSteinerSpec } from '#shared/contracts/targets.ts';
import { SeededRng } from '../../compute/numeric/rng.ts';
import { inMemoryBackend } from '../../services/jobs/test-backend.ts';
import { demoDir } from '../../services/paths.ts';
import { main } from '../main.ts';

const repoRoot = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'causeway-targets-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const terminalsFile = join(repoRoot, 'src-main/compute/targets/steiner/fixtures/terminals_ppi_analysis.tsv');
const sliceFile = join(demoDir(), 'source', 'ppi_network_252nodes.edges.tsv');
const sharedData = process.env['CAUSEWAY_SHARED_DATA'] ?? join(repoRoot, '..', 'shared', 'data');
const fullInteractome = join(sharedData, 'irefindex_ppi_oi2/iRefIndex_v14_MIScore_interactome_C9.costs.txt');

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** The document without what differs between any two runs (time, ids of the project it ran in). */
function comparable(doc: SteinerResult): unknown {
  const { provenance, networkId: _id, ...rest } = doc;
  return { ...rest, spec: { ...provenance.spec, interactome: null } };
}

describe('causeway steiner', () => {
  it.skipIf(!existsSync(fullInteractome))(
    `reproduces the 252-gene reference subnetwork from the full iRefIndex (needs ${fullInteractome})`,
    async () => {
      const out = join(dir, 'sub.tsv');
      const r = await run([
        'steiner',
        ...['--interactome', fullInteractome, '--prizes', terminalsFile],
        ...['--w', '1.4', '--b', '40', '--g', '0', '--out', out],
      ]);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(
        /^steiner: 252 nodes, 1003 edges, 1 component \(162 of 162 terminals, 90 Steiner nodes\)/,
      );
      const lines = readFileSync(out, 'utf8').trim().split('\n');
      expect(lines[0]).toBe('protein1\tprotein2\tcost\tin_forest\trobustness');
      expect(lines).toHaveLength(1004);
      expect(lines.filter((l) => l.includes('\ttrue\t'))).toHaveLength(251);
    },
    120_000,
  );
  if (!existsSync(fullInteractome))
    console.warn(`skipped the full-iRefIndex CLI check: ${fullInteractome} is absent`);

  it('writes the same result document as the app for the same spec, robustness included', async () => {
    const json = join(dir, 'cli.json');
    const r = await run([
      'steiner',
      ...['--interactome', sliceFile, '--prizes', terminalsFile, '--out', join(dir, 'slice.tsv')],
      ...['--w', '1.4', '--b', '10', '--g', '0', '--noise', '0.1', '--runs', '6', '--seed', '9'],
      ...['--json', json, '--workers', '2'],
    ]);
    expect(r.code).toBe(0);
    const cli = SteinerResult.parse(JSON.parse(readFileSync(json, 'utf8')));

    const backend = inMemoryBackend(join(dir, 'app-data'), { poolSize: 1 });
    try {
      backend.projects.create(join(dir, 'app'), 'app');
      backend.jobs.start('import', {
        kind: 'reference.import',
        source: { path: sliceFile },
        referenceKind: 'network',
        name: 'interactome',
      });
      expect((await backend.jobs.wait('import')).error).toBeNull();
      const networkId = backend.projects.summary()!.manifest.networks[0]!.id;
      const entries = readFileSync(terminalsFile, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => ({ gene: l.split('\t')[0]!, prize: Number(l.split('\t')[1]) }));
      backend.jobs.start(
        'steiner',
        TargetsSteinerSpec.parse({
          kind: 'targets.steiner',
          interactome: { networkId },
          prizes: { from: 'table', name: 'terminals_ppi_analysis.tsv', entries },
          w: 1.4,
          b: 10,
          g: 0,
          robustness: { runs: 6, noise: 0.1, seed: 9 },
        }),
      );
      const done = await backend.jobs.wait('steiner');
      expect(done.error).toBeNull();
      const app = SteinerResult.parse(backend.projects.runResult(done.runId!));
      expect(comparable(cli)).toEqual(comparable(app));
      expect(cli.provenance.inputs['prizeTable']!.sha256).toBe(app.provenance.inputs['prizeTable']!.sha256);
      expect(cli.nodes.some((n) => n.robustness !== null && n.robustness < 1)).toBe(true);
    } finally {
      backend.dispose();
    }
  }, 120_000);

  it('names the missing flag', async () => {
    const r = await run(['steiner', '--interactome', sliceFile, '--out', join(dir, 'x.tsv')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--prizes/);
  });
});

// X → D1 ← W, X → D2 ← V, D1 → U, Z apart (as services/jobs/targets-jobs.test.ts): X reverses the signature.
const GENES = ['X', 'W', 'V', 'D1', 'D2', 'U', 'Z'];
const ARCS: [string, string, number][] = [
  ['X', 'D1', 0.8],
  ['W', 'D1', 0.8],
  ['X', 'D2', 0.8],
  ['V', 'D2', 0.8],
  ['D1', 'U', 0.7],
];

describe('causeway targets', () => {
  it('ranks the targets of a `causeway discover --stability` network into a CSV with provenance', async () => {
    const rng = new SeededRng(11);
    const rows: string[] = [GENES.join(',')];
    for (let s = 0; s < 400; s++) {
      const x = new Map<string, number>();
      for (const g of GENES) {
        let v = rng.normal();
        for (const [a, b, w] of ARCS) if (b === g) v += w * x.get(a)!;
        x.set(g, v);
      }
      rows.push(GENES.map((g) => x.get(g)!.toFixed(6)).join(','));
    }
    const data = join(dir, 'sim.csv');
    writeFileSync(data, `${rows.join('\n')}\n`);
    writeFileSync(join(dir, 'sig.tsv'), 'gene\tlog2FC\nD1\t1.5\nD2\t1\nU\t0.5\n');
    writeFileSync(
      join(dir, 'dt.tsv'),
      'DRUG_NAME\tGENE\tACTION_TYPE\nxinib\tX\tINHIBITOR\nwinib\tW\tINHIBITOR\nzinib\tZ\tINHIBITOR\n',
    );
    const graph = join(dir, 'graph.json');
    const d = await run([
      'discover',
      ...['--data', data, '--algorithm', 'gsp', '--stability', '8', '--alphas', '0.001,0.01'],
      ...['--seed', '2', '--workers', '2', '--out', graph],
    ]);
    expect(d.code).toBe(0);
    expect(existsSync(join(dir, 'graph.subsample-graphs.bin'))).toBe(true);

    const out = join(dir, 'targets.csv');
    const t = await run([
      'targets',
      ...['--network', graph, '--threshold', '0.3', '--data', data, '--disease', join(dir, 'sig.tsv')],
      ...['--drug-targets', join(dir, 'dt.tsv'), '--min-affinity', '5', '--out', out],
    ]);
    expect(t.err).toBe('');
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/^targets: 7 genes ranked over 16 DAGs, 3 disease genes; top X \(reaches 3/);
    const csv = readFileSync(out, 'utf8');
    expect(csv).toMatch(/# parameter: threshold: 0.3/);
    expect(csv).toMatch(/# input: drugTargets sha256: [0-9a-f]{64}/);
    const table = csv.split('\r\n').filter((l) => l && !l.startsWith('#'));
    expect(table).toHaveLength(8);
    expect(table[1]).toMatch(/^1,X,"xinib \(curated, INHIBITOR\)",1,D1; D2; U,3,/);

    const html = join(dir, 'targets.html');
    const h = await run([
      'targets',
      ...['--network', graph, '--data', data, '--disease', join(dir, 'sig.tsv')],
      ...['--drug-targets', join(dir, 'dt.tsv'), '--out', html],
    ]);
    expect(h.code).toBe(0);
    expect(readFileSync(html, 'utf8')).toContain('<svg');

    // Graph-aware drugs from a `causeway rank --result` document (here the demo's toy-DB ranking):
    // "trichostatin-a" (L1000 spelling) meets the table's "trichostatin A", whose target X leads.
    const demo = inMemoryBackend(join(dir, 'demo-data'), { poolSize: 1 });
    try {
      demo.projects.openDemo();
      demo.jobs.start('rank', {
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
      const ranked = await demo.jobs.wait('rank');
      expect(ranked.error).toBeNull();
      writeFileSync(join(dir, 'ranking.json'), JSON.stringify(demo.projects.runResult(ranked.runId!)));
    } finally {
      demo.dispose();
    }
    writeFileSync(
      join(dir, 'dt2.tsv'),
      'DRUG_NAME\tGENE\tACTION_TYPE\ntrichostatin A\tX\tINHIBITOR\nzinib\tZ\tINHIBITOR\n',
    );
    const json = join(dir, 'targets.json');
    const g = await run([
      'targets',
      ...['--network', graph, '--data', data, '--disease', join(dir, 'sig.tsv')],
      ...['--drug-targets', join(dir, 'dt2.tsv'), '--drug-ranking', join(dir, 'ranking.json'), '--out', json],
    ]);
    expect(g.err).toBe('');
    expect(g.code).toBe(0);
    const doc = TargetRankingResult.parse(JSON.parse(readFileSync(json, 'utf8')));
    expect(doc.drugs).toHaveLength(100);
    const tsa = doc.drugs!.find((d) => d.drug === 'trichostatin-a')!;
    expect(tsa.match).toMatchObject({ drug: 'trichostatin A', matchedBy: 'name' });
    expect(tsa.bestTarget).toBe('X');
    expect(tsa.causalPart).toBeGreaterThan(0.9);
    expect(doc.drugs!.filter((d) => d.bestTarget === null).every((d) => d.causalPart === 0.5)).toBe(true);
  }, 240_000);
});
