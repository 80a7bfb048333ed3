// The ranking records the collection's sha256 (provenance): it must be the sha256 of the matrix file's
// bytes, whether the hash comes from the record the import's writer left beside a fresh store, or is
// computed on first use for an old-layout file or a store written before that record existed.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DrugRankingResult } from '#shared/domain/drug-ranking.ts';
import { DatasetReader } from '../../compute/io/dataset-store/dataset-reader.ts';
import { DatasetWriter, writeDatasetStoreSync } from '../../compute/io/dataset-store/dataset-writer.ts';
import { hashCacheFile } from '../../compute/io/hash-worker.ts';
import { drugsRankTask } from './drugs-rank.task.ts';

const dir = mkdtempSync(join(tmpdir(), 'causeway-rank-task-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const legacy = join(import.meta.dirname, '../../compute/io/fixtures/legacy-store');

const sha256Of = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Rank `collection` (cosine, no permutations) against a disease over the same genes; the result's record. */
async function rank(collection: string): Promise<DrugRankingResult['inputs']['collection']> {
  const genes = DatasetReader.open(collection).genes;
  const disease = join(dir, `disease-${genes.length}.arrow`);
  writeDatasetStoreSync(disease, {
    genes,
    samples: ['log2FC'],
    data: Float32Array.from(genes, (_, g) => Math.cos(g)),
  });
  const resultPath = join(dir, 'result.json');
  await drugsRankTask(
    {
      disease: { datasetId: 'd', name: 'disease', path: disease, column: 'log2FC' },
      collection: { datasetId: 'c', name: 'collection', path: collection, samplesPath: null },
      targets: null,
      cellTypes: null,
      score: 'cosine',
      querySize: 2,
      aggregate: 'best',
      permutations: 0,
      split: null,
      merge: null,
      seed: 1,
      transport: null,
      appVersion: 'test',
      resultPath,
    },
    { jobId: 'j', signal: new AbortController().signal, progress: () => Promise.resolve() },
  );
  return (JSON.parse(readFileSync(resultPath, 'utf8')) as DrugRankingResult).inputs.collection;
}

describe('drugs.rank records the sha256 of the collection file', () => {
  it('a fresh store: the hash the writer recorded while writing it', async () => {
    // 978 genes × 3,000 signatures (11.7 MB): big enough that the writer hashes on its thread.
    const nG = 978;
    const nS = 3000;
    const data = new Float32Array(nG * nS).map((_, k) => Math.sin(k * 0.01));
    const m = {
      genes: Array.from({ length: nG }, (_, g) => `g${g}`),
      samples: Array.from({ length: nS }, (_, j) => `drug${j % 300}__cell${j % 7}__trt_cp`),
      data,
    };
    const f = join(dir, 'fresh.arrow');
    const w = new DatasetWriter(f);
    w.begin(m.genes, m.samples, m.data);
    w.progress(1234);
    await new Promise((r) => setImmediate(r));
    expect(await w.commit(m)).toBe(true);
    expect(existsSync(hashCacheFile(f))).toBe(true); // before any ranking
    const c = await rank(f);
    expect(c.sha256).toBe(sha256Of(f));
    expect(c.nSignatures).toBe(nS);
  });

  it('a store written before the record existed: hashed on first use', async () => {
    const f = join(dir, 'unrecorded.arrow');
    writeDatasetStoreSync(f, {
      genes: ['a', 'b', 'c', 'd'],
      samples: ['x__c1__t', 'y__c1__t'],
      data: Float32Array.of(1, 2, 3, 4, -4, -3, -2, -1),
    });
    rmSync(hashCacheFile(f));
    expect((await rank(f)).sha256).toBe(sha256Of(f));
    expect(existsSync(hashCacheFile(f))).toBe(true); // and the next ranking reuses it
  });

  it('an old-layout (Arrow) file', async () => {
    const f = join(dir, 'old.arrow');
    copyFileSync(join(legacy, 'import-writer-5x3.arrow'), f);
    expect((await rank(f)).sha256).toBe(sha256Of(f));
  });
});
