// The matrix file's sha256 (provenance of every ranking) is computed by the writer as it writes and
// recorded beside the file, so it must be exactly the sha256 of the bytes on disk, whichever way the
// file was written; files without a record (old layout, or written before the record existed) are
// hashed once on first use.
import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDirect } from '../direct-write.ts';
import { cachedSha256, hashCacheFile } from '../hash-worker.ts';
import type { SampleMajorMatrix } from '../types.ts';
import { DatasetWriter, writeDatasetStore, writeDatasetStoreSync } from './dataset-writer.ts';
import { StreamingSha256 } from './store-hash.ts';

const dir = mkdtempSync(join(tmpdir(), 'causeway-store-hash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const legacy = join(import.meta.dirname, '../fixtures/legacy-store');

const sha256Of = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** The record beside `file`, checked to be for this very file (size, mtime, inode), as cachedSha256 requires. */
function recorded(file: string): string {
  const r = JSON.parse(readFileSync(hashCacheFile(file), 'utf8')) as Record<string, unknown>;
  const st = statSync(file);
  expect([r['size'], r['mtimeMs'], r['ino']]).toEqual([st.size, st.mtimeMs, st.ino]);
  return r['sha256'] as string;
}

/** 978 genes × n samples with varied bytes (every float differs), as a collection would hold. */
function matrix(nS: number, nG = 978): SampleMajorMatrix {
  const data = new Float32Array(nG * nS);
  for (let k = 0; k < data.length; k++) data[k] = Math.sin(k * 0.37) * 1000 + k;
  return {
    genes: Array.from({ length: nG }, (_, i) => `g${i}`),
    samples: Array.from({ length: nS }, (_, j) => `sig${j}`),
    data,
  };
}

/** As the streaming readers do: fill the writer's (shared) buffer, reporting samples as they are final. */
async function streamed(path: string, m0: SampleMajorMatrix, w: DatasetWriter): Promise<boolean> {
  const m = { ...m0, data: w.buffer(m0.data.length) };
  m.data.set(m0.data);
  w.begin(m.genes, m.samples, m.data);
  for (let k = 1; k <= m.samples.length; k += 997) {
    w.progress(k);
    await new Promise((r) => setImmediate(r));
  }
  return w.commit(m);
}

function directWorksHere(): boolean {
  const probe = join(dir, 'probe');
  writeFileSync(probe, '');
  const t = openDirect(probe, new Uint8Array(1 << 16));
  if (t) closeSync(t.fd);
  rmSync(probe);
  return t !== null;
}

describe('StreamingSha256', () => {
  it('hashes pieces of any size in order, across its slots, on a thread or here', async () => {
    // 41 MB in pieces that straddle the 8 MiB slots, some empty, some larger than a slot.
    const all = new Uint8Array(41_000_003);
    for (let i = 0; i < all.length; i++) all[i] = (i * 2654435761) >>> 24;
    const cuts = [0, 1, 1, 4099, 8_388_608, 9_000_001, 30_000_000, 30_000_000, all.length];
    const expected = createHash('sha256').update(all).digest('hex');
    for (const expectedBytes of [all.length, 0]) {
      const h = new StreamingSha256(expectedBytes);
      for (let i = 1; i < cuts.length; i++) h.update(all.subarray(cuts[i - 1], cuts[i]));
      expect(await h.digest()).toBe(expected);
    }
  });

  it('reads shared pieces in place, in order with copied ones', async () => {
    const all = new Uint8Array(new SharedArrayBuffer(30_000_001));
    for (let i = 0; i < all.length; i++) all[i] = (i * 40503) >>> 9;
    const plain = Uint8Array.from(all.subarray(0, 20_000_000));
    const h = new StreamingSha256(all.length);
    // plain, shared, plain, shared: a shared piece must wait for the plain ones before it.
    h.update(plain.subarray(0, 9_000_000));
    h.update(all.subarray(9_000_000, 12_000_000));
    h.update(plain.subarray(12_000_000, 20_000_000));
    h.update(all.subarray(20_000_000));
    expect(await h.digest()).toBe(createHash('sha256').update(all).digest('hex'));
  });

  it('a cancelled hash rejects its digest', async () => {
    const h = new StreamingSha256(64 << 20);
    h.update(new Uint8Array(20 << 20));
    h.cancel();
    await expect(h.digest()).rejects.toThrow();
  });
});

describe('the writers record the sha256 of the bytes they wrote', () => {
  it('streamed through the page cache (hashed on a thread, in place)', async () => {
    const f = join(dir, 'streamed.arrow');
    expect(await streamed(f, matrix(3000), new DatasetWriter(f, Infinity))).toBe(true);
    expect(recorded(f)).toBe(sha256Of(f));
  });

  it.skipIf(!directWorksHere())(
    'streamed with direct I/O (the body moved past the header page)',
    async () => {
      const f = join(dir, 'direct.arrow');
      const w = new DatasetWriter(f, 0);
      expect(await streamed(f, matrix(3001), w)).toBe(true);
      expect(w.usesDirectIo).toBe(true);
      expect(recorded(f)).toBe(sha256Of(f));
    },
  );

  it('whole (writeDatasetStore) and small synchronous files (writeDatasetStoreSync)', async () => {
    const whole = join(dir, 'whole.arrow');
    await writeDatasetStore(whole, matrix(2500));
    expect(recorded(whole)).toBe(sha256Of(whole));
    const small = join(dir, 'small.arrow');
    writeDatasetStoreSync(small, matrix(7, 5));
    expect(recorded(small)).toBe(sha256Of(small));
    // What the ranking asks for is the record, not a second read (a planted record is returned as is).
    writeFileSync(
      hashCacheFile(small),
      readFileSync(hashCacheFile(small), 'utf8').replace(/[0-9a-f]{64}/, 'x'),
    );
    expect(await cachedSha256(small).promise).toBe('x');
  });

  it('a discarded stream leaves neither a file nor a record', async () => {
    const m = matrix(3000);
    const f = join(dir, 'discarded.arrow');
    const w = new DatasetWriter(f);
    w.begin(m.genes, m.samples, m.data);
    w.progress(1500);
    expect(await w.commit({ ...m, data: m.data.slice() })).toBe(false);
    expect(readdirSync(dir).filter((x) => x.includes('discarded'))).toEqual([]);
  });
});

describe('files without a record are hashed once, on first use', () => {
  for (const name of ['apache-arrow-3x2.arrow', 'import-writer-5x3.arrow'])
    it(`the old Arrow layout (${name})`, async () => {
      const f = join(dir, `old-${name}`);
      copyFileSync(join(legacy, name), f);
      expect(existsSync(hashCacheFile(f))).toBe(false);
      expect(await cachedSha256(f).promise).toBe(sha256Of(f));
      expect(recorded(f)).toBe(sha256Of(f));
    });

  it('a store written before the writer recorded its hash', async () => {
    const f = join(dir, 'unrecorded.arrow');
    writeDatasetStoreSync(f, matrix(40));
    rmSync(hashCacheFile(f));
    expect(await cachedSha256(f).promise).toBe(sha256Of(f));
    expect(recorded(f)).toBe(sha256Of(f));
  });
});
