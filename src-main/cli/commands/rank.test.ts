import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DRUGS_RANK_DEFAULTS, DrugsRankSpec } from '#shared/contracts/drugs-rank.ts';
import { loadToyDatabase } from '../../compute/signatures/fixtures/toy-db.ts';
import { importDataset } from '../import-dataset.ts';
import { inMemoryBackend } from '../../services/jobs/test-backend.ts';
import { main } from '../main.ts';

const tmp = mkdtempSync(join(tmpdir(), 'causeway-rank-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const HDAC = ['HC-toxin', 'pyroxamide', 'trichostatin-a'];

// The signatureSearch vignette's query: vorinostat, here reversed (a "disease" the HDAC inhibitors undo),
// against the 99 other signatures of the toy DB (files as a user would have them).
const toy = loadToyDatabase();
const disease = join(tmp, 'vorinostat_reversed.tsv');
writeFileSync(
  disease,
  ['gene\tlog2FC', ...toy.genes.map((g, i) => `${g}\t${-toy.vorinostat[i]!}`)].join('\n'),
);
const collection = join(tmp, 'collection.tsv');
const n = toy.genes.length;
writeFileSync(
  collection,
  [
    ['entrez_gene_id', ...toy.signatures.map((s) => s.id)].join('\t'),
    ...toy.genes.map((g, i) => [g, ...toy.signatures.map((_, s) => toy.values[s * n + i])].join('\t')),
  ].join('\n'),
);

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const parseCsv = (file: string): string[][] =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\r\n')
    .map((l) => l.split(','));

describe('causeway rank', () => {
  for (const score of ['wtcs', 'cosine', 'pearson', 'spearman']) {
    it(`ranks the HDAC inhibitors first for the reversed vorinostat query (${score})`, async () => {
      const out = join(tmp, `ranked-${score}.csv`);
      const r = await run(
        'rank',
        ...['--disease', disease, '--signatures', collection, '--score', score],
        ...['--permutations', '100', '--seed', '3', '--orientation', 'genes-x-samples', '--out', out],
      );
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const [header, ...rows] = parseCsv(out);
      expect(header?.slice(0, 6)).toEqual(['rank', 'drug', 'score', 'p_value', 'fdr', 'n_signatures']);
      expect(rows).toHaveLength(99);
      expect(
        rows
          .slice(0, 3)
          .map((row) => row[1])
          .sort(),
      ).toEqual(HDAC);
      // 100 permutations: the smallest possible p is 1/101, and the top drugs reach it.
      expect(Number(rows[0]![3])).toBeCloseTo(1 / 101, 10);
      expect(rows.map((row) => Number(row[0]))).toEqual(Array.from({ length: 99 }, (_, i) => i + 1));
    }, 30_000);
  }

  it('writes XLSX and JSON with the recorded parameters, and is reproducible from the seed', async () => {
    const json1 = join(tmp, 'a.json');
    const json2 = join(tmp, 'b.json');
    const args = ['--disease', disease, '--signatures', collection, '--permutations', '50', '--seed', '11'];
    expect((await run('rank', ...args, '--aggregate', 'mean', '--out', json1)).code).toBe(0);
    expect((await run('rank', ...args, '--aggregate', 'mean', '--out', json2)).code).toBe(0);
    const a = JSON.parse(readFileSync(json1, 'utf8')) as {
      parameters: Record<string, unknown>;
      drugs: unknown[];
    };
    const b = JSON.parse(readFileSync(json2, 'utf8')) as typeof a;
    expect(a.parameters).toMatchObject({ score: 'wtcs', aggregate: 'mean', permutations: 50, seed: 11 });
    expect(a.drugs).toEqual(b.drugs);
    const xlsx = join(tmp, 'c.xlsx');
    expect((await run('rank', ...args, '--out', xlsx)).code).toBe(0);
    expect(readFileSync(xlsx).subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
  }, 30_000);

  it('refuses bad parameters before reading any file', async () => {
    const r = await run(
      'rank',
      '--disease',
      'x',
      '--signatures',
      'y',
      '--score',
      'magic',
      '--out',
      join(tmp, 'o.csv'),
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error E_INVALID_INPUT: --score/);
    expect((await run('rank', '--disease', 'x', '--signatures', 'y', '--out', 'o.txt')).err).toMatch(
      /\.csv, \.xlsx/,
    );
  });
});

describe('causeway rank and the app', () => {
  it('--result is the document the app stores for the same drugs.rank spec', async () => {
    const root = mkdtempSync(join(tmpdir(), 'causeway-rank-app-'));
    const backend = inMemoryBackend(root);
    let app: Record<string, unknown>;
    try {
      backend.projects.create(join(root, 'project'), 'app');
      // The same dataset names as the CLI gives its imports, so the recorded dataset ids match too.
      const d = await importDataset(backend, disease, { name: 'disease signature' });
      const c = await importDataset(backend, collection, {
        name: 'drug signatures',
        orientation: 'genes-x-samples',
      });
      const spec = DrugsRankSpec.parse({
        ...DRUGS_RANK_DEFAULTS,
        kind: 'drugs.rank',
        diseaseDatasetId: d.dataset.id,
        diseaseColumn: 'log2FC',
        collectionDatasetId: c.dataset.id,
        score: 'cosine',
        permutations: 20,
        seed: 5,
      });
      backend.jobs.start('job_rank', spec);
      const done = await backend.jobs.wait('job_rank');
      expect(done.error).toBeNull();
      app = backend.projects.runResult(done.runId!) as Record<string, unknown>;
    } finally {
      backend.dispose();
      rmSync(root, { recursive: true, force: true });
    }
    const result = join(tmp, 'run.json');
    const r = await run(
      'rank',
      ...[
        '--disease',
        disease,
        '--signatures',
        collection,
        '--score',
        'cosine',
        '--orientation',
        'genes-x-samples',
      ],
      ...['--permutations', '20', '--seed', '5', '--out', join(tmp, 'same.csv'), '--result', result],
    );
    expect(r.code).toBe(0);
    const cli = JSON.parse(readFileSync(result, 'utf8')) as Record<string, unknown>;
    // Ids (random per import) and timestamps aside, the documents are the same.
    const stable = (doc: Record<string, unknown>): unknown =>
      JSON.parse(
        JSON.stringify(doc, (key, v: unknown) =>
          ['datasetId', 'createdAt', 'elapsedMs'].includes(key) ? undefined : v,
        ),
      );
    expect(stable(cli)).toEqual(stable(app));
    expect((cli['drugs'] as unknown[]).length).toBe(99);
  }, 60_000);
});
