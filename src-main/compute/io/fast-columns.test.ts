// The hand-written column paths (parquet-float.ts, arrow-ipc-columns.ts) must give exactly what the
// libraries give on the same files: hyparquet for Parquet, apache-arrow for Arrow.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Float32,
  Float64,
  Int32,
  Int64,
  Table,
  Utf8,
  tableToIPC,
  vectorFromArray,
  type Vector,
} from 'apache-arrow';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { parquetWriteFile } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import { readArrowFile } from './arrow-ipc-columns.ts';
import { readMatrixFile } from './read-matrix.ts';

const dir = mkdtempSync(join(tmpdir(), 'causeway-fast-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const N = 300; // rows: samples, so columns are genes and go through the tile transpose
const GENES = ['TP53', 'MYC', 'ACE2', 'EGFR', 'KRAS'];
const samples = Array.from({ length: N }, (_, i) => `S${i}`);
const value = (i: number, g: number): number | null =>
  (i * 7 + g) % 41 === 0 ? null : Math.round(Math.sin(i * 13 + g) * 1e4) / 1e3;
const str = (a: ArrayLike<number>): string[] => Array.from(a, String);

describe('Parquet float decoder matches hyparquet', () => {
  const variants = [
    { name: 'plain', encoding: 'PLAIN' as const, codec: 'UNCOMPRESSED' as const, type: 'FLOAT' as const },
    { name: 'dictionary', encoding: undefined, codec: 'UNCOMPRESSED' as const, type: 'FLOAT' as const },
    { name: 'snappy', encoding: 'PLAIN' as const, codec: 'SNAPPY' as const, type: 'DOUBLE' as const },
    { name: 'snappy-dict', encoding: undefined, codec: 'SNAPPY' as const, type: 'FLOAT' as const },
  ];
  for (const v of variants) {
    for (const nulls of [false, true]) {
      it(`${v.name}${nulls ? ' with nulls' : ''}, two row groups`, async () => {
        const path = join(dir, `${v.name}-${nulls}.parquet`);
        parquetWriteFile({
          filename: path,
          columnData: [
            { name: 'sample', data: samples, type: 'STRING' },
            ...GENES.map((g, k) => ({
              name: g,
              data: Array.from({ length: N }, (_, i) => (nulls ? value(i, k) : (value(i, k) ?? 0.5))),
              type: v.type,
              ...(v.encoding ? { encoding: v.encoding } : {}),
            })),
          ],
          codec: v.codec,
          rowGroupSize: 128,
        });
        const read = await readMatrixFile(path, { orientation: 'samples-x-genes' });
        const rows = (await parquetReadObjects({
          file: await asyncBufferFromFile(path),
          compressors,
        })) as Record<string, number | null>[];
        const expected = new Float32Array(N * GENES.length);
        rows.forEach((r, i) =>
          GENES.forEach((g, k) => (expected[i * GENES.length + k] = r[g] ?? Number.NaN)),
        );
        expect(read.matrix.genes).toEqual(GENES);
        expect(str(read.matrix.data)).toEqual(str(expected));
      });
    }
  }
});

describe('Arrow column reader matches apache-arrow', () => {
  const cols: Record<string, Vector> = { sample: vectorFromArray(samples, new Utf8()) };
  cols.TP53 = vectorFromArray(
    Array.from({ length: N }, (_, i) => value(i, 0)),
    new Float32(),
  );
  cols.MYC = vectorFromArray(
    Array.from({ length: N }, (_, i) => value(i, 1)),
    new Float64(),
  );
  cols.ACE2 = vectorFromArray(
    Array.from({ length: N }, (_, i) => i % 5),
    new Int32(),
  );
  cols.EGFR = vectorFromArray(
    Array.from({ length: N }, (_, i) => BigInt(i)),
    new Int64(),
  );
  cols.dose = vectorFromArray(
    Array.from({ length: N }, (_, i) => (i % 3 === 0 ? null : i / 2)),
    new Float64(),
  );
  const table = new Table(cols);

  it('reads file-format columns like the stream path (which goes through apache-arrow)', async () => {
    const filePath = join(dir, 'm.arrow');
    const streamPath = join(dir, 'm.arrows');
    writeFileSync(filePath, tableToIPC(table, 'file'));
    writeFileSync(streamPath, tableToIPC(table, 'stream'));
    expect(await readArrowFile(streamPath)).toBeNull(); // streams fall back to apache-arrow
    const fast = await readArrowFile(filePath, { orientation: 'samples-x-genes' });
    const slow = await readMatrixFile(streamPath, { orientation: 'samples-x-genes' });
    expect(fast).not.toBeNull();
    expect(fast?.matrix.genes).toEqual(slow.matrix.genes);
    expect(fast?.matrix.samples).toEqual(slow.matrix.samples);
    expect(str(fast?.matrix.data ?? [])).toEqual(str(slow.matrix.data));
    expect(fast?.sampleMeta).toEqual(slow.sampleMeta);
    expect(fast?.warnings).toEqual(slow.warnings);
  });

  it('reads genes × samples files (one column per sample) by direct copy', async () => {
    const byGene: Record<string, Vector> = { gene: vectorFromArray(GENES, new Utf8()) };
    for (let j = 0; j < 4; j++)
      byGene[`S${j}`] = vectorFromArray(
        GENES.map((_, g) => value(j, g)),
        new Float32(),
      );
    const t = new Table(byGene);
    const filePath = join(dir, 'g.arrow');
    const streamPath = join(dir, 'g.arrows');
    writeFileSync(filePath, tableToIPC(t, 'file'));
    writeFileSync(streamPath, tableToIPC(t, 'stream'));
    const fast = await readArrowFile(filePath, { orientation: 'genes-x-samples' });
    const slow = await readMatrixFile(streamPath, { orientation: 'genes-x-samples' });
    expect(str(fast?.matrix.data ?? [])).toEqual(str(slow.matrix.data));
    expect(fast?.matrix.genes).toEqual(GENES);
  });
});
