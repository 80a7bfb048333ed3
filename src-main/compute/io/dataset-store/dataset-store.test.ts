// The store gives back exactly the bytes it was given, for every read shape and odd size; the streamed
// writer writes the same file as the one-shot writer; older projects' Arrow files read as before; and a
// damaged file is refused with its name.
import {
  closeSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readMatrixArrow } from '../arrow-matrix.ts';
import { openDirect } from '../direct-write.ts';
import type { SampleMajorMatrix } from '../types.ts';
import { DatasetReader } from './dataset-reader.ts';
import { DatasetWriter, writeDatasetStore, writeDatasetStoreSync } from './dataset-writer.ts';
import { STORE_HEADER_BYTES } from './store-format.ts';

const dir = mkdtempSync(join(tmpdir(), 'causeway-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const legacy = join(import.meta.dirname, '../fixtures/legacy-store');

function matrix(nG: number, nS: number): SampleMajorMatrix {
  const data = new Float32Array(nG * nS);
  for (let k = 0; k < data.length; k++) data[k] = k % 97 === 0 ? NaN : Math.sin(k) * 100;
  // A NaN with a payload: the store must not canonicalise it.
  if (data.length > 5) new Uint32Array(data.buffer)[5] = 0x7fc01234;
  return {
    genes: Array.from({ length: nG }, (_, i) => `gène${i}`), // non-ASCII: byte lengths ≠ string lengths
    samples: Array.from({ length: nS }, (_, j) => `S-${j} "q"`),
    data,
  };
}

const bytes = (a: Float32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('DatasetReader on the store', () => {
  const shapes: [number, number][] = [
    [1, 1],
    [5, 3],
    [1001, 37],
    [3, 0],
    [0, 4],
  ];
  for (const [nG, nS] of shapes) {
    it(`gives back the exact bytes for every read shape (${nG} genes × ${nS} samples)`, async () => {
      const m = matrix(nG, nS);
      const file = join(dir, `m-${nG}x${nS}.arrow`);
      writeDatasetStoreSync(file, m);
      const r = DatasetReader.open(file);
      try {
        expect([r.geneCount, r.sampleCount, r.genes, r.samples]).toEqual([nG, nS, m.genes, m.samples]);
        expect(bytes(r.readAll().data).equals(bytes(m.data))).toBe(true);
        for (let j = 0; j < nS; j++)
          expect(bytes(r.readSample(j)).equals(bytes(m.data.subarray(j * nG, (j + 1) * nG)))).toBe(true);
        // A block in the middle, into a bigger caller buffer that must stay untouched past the block.
        const first = Math.floor(nS / 3);
        const count = nS - first - (nS > 2 ? 1 : 0);
        const into = new Float32Array((count + 1) * nG).fill(7);
        r.readSamples(first, count, into);
        expect(
          bytes(into.subarray(0, count * nG)).equals(
            bytes(m.data.subarray(first * nG, (first + count) * nG)),
          ),
        ).toBe(true);
        expect(into.subarray(count * nG).every((v) => v === 7)).toBe(true);
        const viaAsync = await r.readSamplesAsync(first, count);
        expect(bytes(viaAsync).equals(bytes(m.data.subarray(first * nG, (first + count) * nG)))).toBe(true);
        // A gene subset, out of order and repeated, comes back gene-major.
        const chosen = nG > 2 ? [nG - 1, 0, 2, 0] : nG > 0 ? [0] : [];
        const genes = r.readGenes(chosen);
        const want = new Float32Array(chosen.length * nS);
        chosen.forEach((g, k) => {
          for (let s = 0; s < nS; s++) want[k * nS + s] = m.data[s * nG + g]!;
        });
        expect(bytes(genes).equals(bytes(want))).toBe(true);
      } finally {
        r.close();
      }
    });
  }

  it('gathers genes across read blocks (more samples than one 8 MiB block holds)', () => {
    const m = matrix(3, 800_000);
    const file = join(dir, 'tall.arrow');
    writeDatasetStoreSync(file, m);
    const r = DatasetReader.open(file);
    const g = r.readGenes([2]);
    r.close();
    expect(g.length).toBe(800_000);
    for (const s of [0, 699_049, 699_050, 799_999]) expect(Object.is(g[s], m.data[s * 3 + 2])).toBe(true);
  });

  it('refuses reads outside the matrix and reads after close', () => {
    const file = join(dir, 'small.arrow');
    writeDatasetStoreSync(file, matrix(4, 3));
    const r = DatasetReader.open(file);
    expect(() => r.readSamples(2, 2)).toThrow(RangeError);
    expect(() => r.readGenes([4])).toThrow(RangeError);
    expect(() => r.readSamples(0, 2, new Float32Array(7))).toThrow(RangeError);
    r.close();
    expect(() => r.readSample(0)).toThrow(/closed/);
  });

  it('readMatrixArrow returns the genes × samples view of the store', () => {
    const m = matrix(7, 5);
    const file = join(dir, 'view.arrow');
    writeDatasetStoreSync(file, m);
    const back = readMatrixArrow(file);
    for (let g = 0; g < 7; g++)
      for (let s = 0; s < 5; s++) expect(Object.is(back.values[g * 5 + s], m.data[s * 7 + g])).toBe(true);
  });
});

describe('old projects (Arrow layout)', () => {
  const expected = JSON.parse(readFileSync(join(legacy, 'expected.json'), 'utf8')) as Record<
    string,
    { genes: string[]; samples: string[]; values: (number | null)[] }
  >;
  for (const [file, want] of Object.entries(expected))
    it(`reads ${file} as the previous reader did`, () => {
      const back = readMatrixArrow(join(legacy, file));
      expect(back.genes).toEqual(want.genes);
      expect(back.samples).toEqual(want.samples);
      expect(Array.from(back.values, (v) => (Number.isNaN(v) ? null : v))).toEqual(want.values);
      const r = DatasetReader.open(join(legacy, file));
      const nG = want.genes.length;
      const nS = want.samples.length;
      const last = r.readSample(nS - 1);
      r.close();
      expect(Array.from(last, (v) => (Number.isNaN(v) ? null : v))).toEqual(
        want.genes.map((_, g) => want.values[g * nS + nS - 1]),
      );
      expect(last.length).toBe(nG);
    });
});

describe('damaged store files', () => {
  const good = join(dir, 'good.arrow');
  writeDatasetStoreSync(good, matrix(50, 20));
  const copy = (name: string, edit: (b: Buffer) => Buffer): string => {
    const f = join(dir, name);
    writeFileSync(f, edit(readFileSync(good)));
    return f;
  };
  const header = (b: Buffer, patch: (h: Record<string, unknown>) => void): Buffer => {
    const len = b.readUInt32LE(8);
    const h = JSON.parse(b.subarray(12, 12 + len).toString('utf8')) as Record<string, unknown>;
    patch(h);
    const json = Buffer.from(JSON.stringify(h));
    const out = Buffer.from(b);
    out.fill(0, 12, STORE_HEADER_BYTES);
    out.writeUInt32LE(json.length, 8);
    json.copy(out, 12);
    return out;
  };

  it('a truncated file is an E_IO error naming the file', () => {
    const f = copy('cut.arrow', (b) => b);
    truncateSync(f, STORE_HEADER_BYTES + 1000);
    expect(() => DatasetReader.open(f)).toThrow(
      expect.objectContaining({ code: 'E_IO', message: expect.stringContaining('cut.arrow') }),
    );
  });

  const hostile: [string, (b: Buffer) => Buffer][] = [
    ['counts that do not match the offsets', (b) => header(b, (h) => (h['samples'] = 10 ** 9))],
    ['a negative count', (b) => header(b, (h) => (h['genes'] = -1))],
    ['another value type', (b) => header(b, (h) => (h['dtype'] = 'float64'))],
    ['a newer version', (b) => header(b, (h) => (h['version'] = 99))],
    ['a header length past the page', (b) => (b.writeUInt32LE(1 << 30, 8), b)],
    ['a header that is not JSON', (b) => (b.write('{{{', 12, 'latin1'), b)],
    [
      'names that do not match the counts',
      (b) =>
        header(b, (h) => ((h['genes'] = 49), (h['namesOffset'] = (h['bodyOffset'] as number) + 49 * 20 * 4))),
    ],
    ['garbage instead of the store or Arrow', () => Buffer.from('gene,s1\nTP53,1\n')],
  ];
  for (const [what, edit] of hostile)
    it(`${what} is an E_INVALID_INPUT error naming the file`, () => {
      const f = copy(`hostile-${what.replace(/\W+/g, '-')}.arrow`, edit);
      expect(() => DatasetReader.open(f)).toThrow(
        expect.objectContaining({ code: 'E_INVALID_INPUT', message: expect.stringContaining('hostile-') }),
      );
    });

  it('a missing file is an E_IO error naming it', () => {
    expect(() => DatasetReader.open(join(dir, 'nope.arrow'))).toThrow(
      expect.objectContaining({ code: 'E_IO', message: expect.stringContaining('nope.arrow') }),
    );
  });
});

async function streamed(
  path: string,
  m: SampleMajorMatrix,
  steps: number[],
  w = new DatasetWriter(path),
): Promise<boolean> {
  w.begin(m.genes, m.samples, m.data);
  for (const k of steps) {
    w.progress(k);
    await new Promise((r) => setImmediate(r)); // as the readers do: completions run between reports
  }
  return w.commit(m);
}

describe('DatasetWriter (streamed)', () => {
  it('writes the same bytes as the one-shot writer, whatever the reports', async () => {
    // 1001 genes × 1500 samples crosses the 4 MiB minimum write several times, at odd byte offsets.
    const m = matrix(1001, 1500);
    const ref = join(dir, 'ref.arrow');
    writeDatasetStoreSync(ref, m);
    const out = join(dir, 'streamed.arrow');
    expect(await streamed(out, m, [1, 1, 700, 650, 1400, 1499], new DatasetWriter(out, Infinity))).toBe(true);
    expect(readFileSync(out).equals(readFileSync(ref))).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.stream'))).toEqual([]);
  });

  it('commit with other names or another buffer, a second begin or abandon() discards the stream', async () => {
    const m = matrix(50, 40);
    const renamed = new DatasetWriter(join(dir, 'renamed.arrow'));
    renamed.begin(m.genes, m.samples, m.data);
    renamed.progress(40);
    expect(await renamed.commit({ ...m, genes: m.genes.map((g) => g.toUpperCase()) })).toBe(false);
    const copied = new DatasetWriter(join(dir, 'copied.arrow'));
    copied.begin(m.genes, m.samples, m.data);
    expect(await copied.commit({ ...m, data: m.data.slice() })).toBe(false);
    const twice = new DatasetWriter(join(dir, 'twice.arrow'));
    twice.begin(m.genes, m.samples, m.data);
    twice.begin(m.genes, m.samples, m.data);
    expect(await twice.commit(m)).toBe(false);
    const abandoned = new DatasetWriter(join(dir, 'abandoned.arrow'));
    abandoned.begin(m.genes, m.samples, m.data);
    abandoned.progress(20);
    abandoned.abandon();
    expect(await abandoned.commit(m)).toBe(false);
    expect(await new DatasetWriter(join(dir, 'never.arrow')).commit(m)).toBe(false);
    expect(readdirSync(dir).filter((f) => /renamed|copied|twice|abandoned|never/.test(f))).toEqual([]);
  });

  it('writeDatasetStore writes a matrix whole', async () => {
    const m = matrix(3, 2);
    const f = join(dir, 'whole.arrow');
    await writeDatasetStore(f, m);
    const r = DatasetReader.open(f);
    expect(bytes(r.readAll().data).equals(bytes(m.data))).toBe(true);
    r.close();
  });
});

/** Whether this folder's filesystem takes O_DIRECT at all (ext4 here and in CI; not tmpfs, macOS, Windows). */
function directWorksHere(): boolean {
  const probe = join(dir, 'probe');
  writeFileSync(probe, '');
  const t = openDirect(probe, new Uint8Array(1 << 16));
  if (t) closeSync(t.fd);
  rmSync(probe);
  return t !== null;
}

describe('DatasetWriter with direct I/O', () => {
  const direct = directWorksHere();
  const cases: [string, number[]][] = [
    ['uneven reports', [1, 3, 333, 334, 699, 700]],
    ['one report', [700]],
  ];
  for (const [name, steps] of cases)
    it.skipIf(!direct)(`stores the same matrix, the body moved to a page boundary (${name})`, async () => {
      const m = matrix(1001, 700);
      const out = join(dir, `direct-${steps.length}.arrow`);
      const w = new DatasetWriter(out, 0);
      expect(await streamed(out, m, steps, w)).toBe(true);
      expect(w.usesDirectIo).toBe(true);
      const r = DatasetReader.open(out);
      expect([r.genes, r.samples]).toEqual([m.genes, m.samples]);
      expect(bytes(r.readAll().data).equals(bytes(m.data))).toBe(true);
      r.close();
      expect(readdirSync(dir).filter((f) => f.endsWith('.stream'))).toEqual([]);
    });
});

describe('names', () => {
  it('keeps empty, non-ASCII and separator-like names, and refuses a name with NUL', () => {
    const m = { genes: ['', 'ß', 'a\nb'], samples: ['"x"', ''], data: new Float32Array(6) };
    const f = join(dir, 'names.arrow');
    writeDatasetStoreSync(f, m);
    const r = DatasetReader.open(f);
    expect([r.genes, r.samples]).toEqual([m.genes, m.samples]);
    r.close();
    expect(() => writeDatasetStoreSync(join(dir, 'nul.arrow'), { ...m, samples: ['a\0b', 'c'] })).toThrow(
      expect.objectContaining({ code: 'E_INVALID_INPUT', message: expect.stringContaining('NUL') }),
    );
  });
});
