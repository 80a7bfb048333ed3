// The streamed matrix writer must produce exactly the bytes of the one-shot writer, whatever the order
// and size of the progress reports, and leave nothing behind when it is not used.
import { closeSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readMatrixArrow } from './arrow-matrix.ts';
import { openDirect } from './direct-write.ts';
import { writeSampleMajorArrow } from './matrix-store.ts';
import { StreamedMatrixFile } from './matrix-stream.ts';
import { toGeneMajor, type SampleMajorMatrix } from './types.ts';

const dir = mkdtempSync(join(tmpdir(), 'causeway-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function matrix(nG: number, nS: number): SampleMajorMatrix {
  const data = new Float32Array(nG * nS);
  for (let k = 0; k < data.length; k++) data[k] = k % 97 === 0 ? NaN : Math.sin(k) * 100;
  return {
    genes: Array.from({ length: nG }, (_, i) => `gène${i}`), // non-ASCII: byte lengths ≠ string lengths
    samples: Array.from({ length: nS }, (_, j) => `S-${j}`),
    data,
  };
}

async function streamed(
  path: string,
  m: SampleMajorMatrix,
  steps: number[],
  s = new StreamedMatrixFile(path),
): Promise<boolean> {
  s.begin(m.genes, m.samples, m.data);
  for (const k of steps) {
    s.progress(k);
    await new Promise((r) => setImmediate(r)); // as the readers do: completions run between reports
  }
  return s.commit(m);
}

describe('StreamedMatrixFile', () => {
  // 2000 genes × 4 bytes is a multiple of 8 (bodies back to back); 1001 genes needs 4 bytes of padding
  // per sample (writev path). 1500 samples × 8 KB crosses the 4 MB minimum write several times.
  for (const nG of [2000, 1001]) {
    it(`writes the same bytes as writeSampleMajorArrow (${nG} genes, uneven reports)`, async () => {
      const m = matrix(nG, 1500);
      const ref = join(dir, `ref-${nG}.arrow`);
      writeSampleMajorArrow(ref, m);
      const out = join(dir, `out-${nG}.arrow`);
      expect(await streamed(out, m, [1, 1, 700, 650, 1400, 1499])).toBe(true);
      expect(readFileSync(out).equals(readFileSync(ref))).toBe(true);
      const back = readMatrixArrow(out);
      expect(back.samples).toEqual(m.samples);
      expect(back.genes).toEqual(m.genes);
      expect(readdirSync(dir).filter((f) => f.endsWith('.stream'))).toEqual([]);
    });
  }

  it('commit with other names or another buffer discards the stream and returns false', async () => {
    const m = matrix(50, 40);
    const s = new StreamedMatrixFile(join(dir, 'renamed.arrow'));
    s.begin(m.genes, m.samples, m.data);
    s.progress(40);
    expect(await s.commit({ ...m, genes: m.genes.map((g) => g.toUpperCase()) })).toBe(false);
    const t = new StreamedMatrixFile(join(dir, 'copied.arrow'));
    t.begin(m.genes, m.samples, m.data);
    expect(await t.commit({ ...m, data: m.data.slice() })).toBe(false);
    expect(readdirSync(dir).filter((f) => /renamed|copied/.test(f))).toEqual([]);
  });

  it('a second begin (reader fell back) or abandon() also ends in a discard', async () => {
    const m = matrix(50, 40);
    const s = new StreamedMatrixFile(join(dir, 'twice.arrow'));
    s.begin(m.genes, m.samples, m.data);
    s.begin(m.genes, m.samples, m.data);
    expect(await s.commit(m)).toBe(false);
    const t = new StreamedMatrixFile(join(dir, 'abandoned.arrow'));
    t.begin(m.genes, m.samples, m.data);
    t.progress(20);
    t.abandon();
    expect(await t.commit(m)).toBe(false);
    const never = new StreamedMatrixFile(join(dir, 'never.arrow'));
    expect(await never.commit(m)).toBe(false); // no reader reported: nothing to keep
    expect(readdirSync(dir).filter((f) => /twice|abandoned|never/.test(f))).toEqual([]);
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

describe('StreamedMatrixFile with direct I/O', () => {
  const direct = directWorksHere();
  // 2000 genes: bodies back to back, so whole pages of the buffer go out directly; reports that split
  // pages and samples anywhere, a first report smaller than the aligned offset, and one all-at-once.
  const cases: [string, number[]][] = [
    ['uneven reports', [1, 3, 333, 334, 699, 700]],
    ['one report', [700]],
  ];
  for (const [name, steps] of cases)
    it.skipIf(!direct)(
      `stores the same matrix, only the body moved to a page boundary (${name})`,
      async () => {
        const m = matrix(2000, 700);
        const ref = join(dir, 'direct-ref.arrow');
        writeSampleMajorArrow(ref, m);
        const out = join(dir, `direct-${steps.length}.arrow`);
        const s = new StreamedMatrixFile(out, 0);
        expect(await streamed(out, m, steps, s)).toBe(true);
        expect(s.usesDirectIo).toBe(true);
        const back = readMatrixArrow(out);
        expect([back.genes, back.samples]).toEqual([m.genes, m.samples]);
        const want = toGeneMajor(m);
        expect(Buffer.from(back.values.buffer).equals(Buffer.from(want.buffer))).toBe(true);
        const gap = statSync(out).size - statSync(ref).size;
        expect(gap >= 0 && gap < 4096 && gap % 8 === 0).toBe(true);
        expect(readdirSync(dir).filter((f) => f.endsWith('.stream'))).toEqual([]);
      },
    );

  it('an odd gene count (padded bodies) or a small matrix is written the ordinary way', async () => {
    for (const [nG, min] of [
      [1001, 0],
      [2000, 64 << 20],
    ] as const) {
      const m = matrix(nG, 300);
      const ref = join(dir, `plain-ref-${nG}.arrow`);
      writeSampleMajorArrow(ref, m);
      const out = join(dir, `plain-${nG}-${min}.arrow`);
      const s = new StreamedMatrixFile(out, min);
      expect(await streamed(out, m, [100, 300], s)).toBe(true);
      expect(s.usesDirectIo).toBe(false);
      expect(readFileSync(out).equals(readFileSync(ref))).toBe(true);
    }
  });
});
