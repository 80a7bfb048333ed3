// Quick inspect of big Arrow (file and stream), Matrix Market and plain HDF5 matrices: the answers must
// equal those of the full read, and the matrix itself must stay unread (counted bytes, a spy on the
// HDF5 reads, and values past the preview that the full read refuses but the quick path never meets).
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Table, Utf8, makeVector, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openHdf5 } from './hdf5.ts';
import { inspectFile } from './inspect.ts';
import { peekArrow } from './inspect-arrow.ts';
import { peekMtx } from './mtx.ts';

const dir = mkdtempSync(join(tmpdir(), 'causeway-inspect-formats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function bothWays(file: string): Promise<Awaited<ReturnType<typeof inspectFile>>> {
  const full = await inspectFile(file);
  const big = await inspectFile(file, { fullReadBytes: 0 });
  expect(big.warnings.at(-1)).toMatch(/Large file: shape from a scan/);
  const { warnings: _w1, ...a } = full;
  const { warnings: _w2, ...b } = big;
  expect(b).toEqual(a);
  return big;
}

const value = (i: number, j: number): number => ((i * 7 + j * 3) % 101) / 8;

/** Rows × columns as an Arrow table in several record batches, a label column first. */
function arrowTable(
  label: string,
  rows: string[],
  cols: string[],
  at: (i: number, j: number) => number,
  extra: Record<string, string[]> = {},
): Table {
  const batches: Table[] = [];
  for (let r0 = 0; r0 < rows.length; r0 += 700) {
    const r1 = Math.min(rows.length, r0 + 700);
    const c: Record<string, Vector> = { [label]: vectorFromArray(rows.slice(r0, r1), new Utf8()) };
    for (const [k, v] of Object.entries(extra)) c[k] = vectorFromArray(v.slice(r0, r1), new Utf8());
    cols.forEach((name, j) => {
      c[name] = makeVector(Float32Array.from({ length: r1 - r0 }, (_, i) => at(r0 + i, j)));
    });
    batches.push(new Table(c));
  }
  return (batches[0] as Table).concat(...batches.slice(1));
}

describe('Arrow IPC', () => {
  const genes = Array.from({ length: 2000 }, (_, i) => `GENE${i}`);
  const samples = Array.from({ length: 150 }, (_, j) => `sample_${j}`);

  it('file and stream, genes × samples: schema, batch headers, names and a corner only', async () => {
    const t = arrowTable('gene', genes, samples, value);
    expect(t.batches.length).toBeGreaterThan(1);
    for (const kind of ['file', 'stream'] as const) {
      const file = join(dir, `g.${kind === 'file' ? 'arrow' : 'arrows'}`);
      writeFileSync(file, tableToIPC(t, kind));
      const r = await bothWays(file);
      expect([r.nGenes, r.nSamples, r.orientationGuess]).toEqual([2000, 150, 'genes-x-samples']);
      expect(r.preview.values[4]?.[3]).toBe(Math.fround(value(4, 3)));
      const p = peekArrow(file, 20);
      // Names (~20 kB) and a 20 × 5 corner, not the 1.2 MB of values.
      expect(p?.bytesRead).toBeLessThan(statSync(file).size / 20);
    }
  });

  it('samples × genes with a condition column', async () => {
    const cells = Array.from({ length: 1500 }, (_, i) => `cell${i}`);
    const cond = cells.map((_, i) => (i % 2 ? 'ctrl' : 'stim'));
    const t = arrowTable('cell', cells, genes.slice(0, 60), value, { condition: cond });
    const file = join(dir, 's.feather');
    writeFileSync(file, tableToIPC(t, 'file'));
    const r = await bothWays(file);
    expect([r.nGenes, r.nSamples, r.orientationGuess]).toEqual([60, 1500, 'samples-x-genes']);
    expect(r.metadataColumns.samples).toEqual(['condition']);
  });

  it('values past the corner are never read: an infinite value there fails only the import', async () => {
    const t = arrowTable('gene', genes, samples, (i, j) => (i > 100 || j > 10 ? Infinity : value(i, j)));
    const file = join(dir, 'late-inf.arrow');
    writeFileSync(file, tableToIPC(t, 'file'));
    await expect(inspectFile(file)).rejects.toThrow(/infinite value/);
    const r = await inspectFile(file, { fullReadBytes: 0 });
    expect([r.nGenes, r.nSamples]).toEqual([2000, 150]);
    expect(r.preview.values[0]?.[1]).toBe(Math.fround(value(0, 1)));
  });

  it('a dictionary-encoded label column falls back to the whole read', async () => {
    const dict = new Table({
      gene: vectorFromArray(['A1', 'B2', 'C3']),
      s1: makeVector(Float32Array.from([1, 2, 3])),
    });
    const file = join(dir, 'dict.arrow');
    writeFileSync(file, tableToIPC(dict, 'file'));
    const dictionary = dict.schema.fields[0]?.type.toString() ?? '';
    if (/Dictionary/.test(dictionary)) expect(peekArrow(file, 20)).toBeNull();
    const r = await inspectFile(file, { fullReadBytes: 0 });
    expect(r.preview.genes).toEqual(['A1', 'B2', 'C3']);
  });
});

/** A 10x-style folder: genes × cells entries sorted by cell, then gene (as Cell Ranger writes). */
function tenX(
  name: string,
  nG: number,
  nC: number,
  opts: { gzip?: boolean; shuffle?: boolean; tail?: string } = {},
): string {
  const d = join(dir, name);
  mkdirSync(d);
  const lines: string[] = [];
  for (let c = 0; c < nC; c++)
    for (let g = 0; g < nG; g++) if ((g * 3 + c) % 4 === 0) lines.push(`${g + 1} ${c + 1} ${(g + c) % 9}`);
  if (opts.shuffle) lines.sort((a, b) => (a.length - b.length) * 7 + (a < b ? -1 : 1));
  const text = [
    '%%MatrixMarket matrix coordinate integer general',
    '%metadata_json: {"software_version": "test"}',
    `${nG} ${nC} ${lines.length}`,
    ...lines,
    ...(opts.tail ? [opts.tail] : []),
  ].join('\n');
  const mtx = join(d, opts.gzip ? 'matrix.mtx.gz' : 'matrix.mtx');
  writeFileSync(mtx, opts.gzip ? gzipSync(`${text}\n`) : `${text}\n`);
  const ids = Array.from(
    { length: nG },
    (_, g) => `ENSG${String(g + 1).padStart(11, '0')}\tSYM${g}\tGene Expression`,
  );
  writeFileSync(join(d, 'features.tsv'), `${ids.join('\n')}\n`);
  writeFileSync(join(d, 'barcodes.tsv'), `${Array.from({ length: nC }, (_, c) => `BC${c}-1`).join('\n')}\n`);
  return mtx;
}

describe('Matrix Market', () => {
  it('10x layout (plain and gzip): size line, gene and cell tables, corner from the sorted entries', async () => {
    for (const gzip of [false, true]) {
      const r = await bothWays(tenX(`tenx-${gzip}`, 300, 400, { gzip }));
      expect([r.nGenes, r.nSamples, r.orientationGuess]).toEqual([300, 400, 'genes-x-samples']);
      expect(r.metadataColumns.genes).toEqual(['gene_symbols', 'feature_types']);
      expect(r.preview.values[4]?.[0]).toBe(4); // gene 4, cell 0: (4*3+0) % 4 == 0 → (4+0) % 9
      expect(r.preview.values[1]?.[0]).toBe(0);
    }
  });

  it('entries past the corner are never read: a bad line at the end fails only the import', async () => {
    const file = tenX('tenx-bad-tail', 300, 400, { tail: '1 1 oops' });
    await expect(inspectFile(file)).rejects.toThrow(/"oops" is not a finite number/);
    const r = await inspectFile(file, { fullReadBytes: 0 });
    expect([r.nGenes, r.nSamples]).toEqual([300, 400]);
    expect(r.warnings.some((w) => /30,000 stored entries in a 300 × 400 matrix/.test(w))).toBe(true);
    expect(r.preview.values[4]?.[0]).toBe(4);
  });

  it('unsorted entries: shape and names still come, preview values are not guessed', async () => {
    const r = await inspectFile(tenX('tenx-shuffled', 300, 400, { shuffle: true }), { fullReadBytes: 0 });
    expect([r.nGenes, r.nSamples]).toEqual([300, 400]);
    const full = await inspectFile(join(dir, 'tenx-shuffled', 'matrix.mtx'));
    expect(full.preview.values[4]?.[0]).toBe(4);
    // Small file: every entry was seen, so even unsorted the corner is exact.
    expect(r.preview.values[4]?.[0]).toBe(4);
    // Past the scan budget an unsorted file leaves the corner unknown instead of showing false zeros…
    const cut = await peekMtx(join(dir, 'tenx-shuffled', 'matrix.mtx'), 20, { scanBytes: 4000 });
    expect(Number.isNaN(cut.read.matrix.data[0])).toBe(true);
    expect(cut.read.warnings.at(-1)).toMatch(/not sorted by row or column/);
    expect(cut.nGenes).toBe(300);
    // …while a sorted one is complete long before the budget (20 of 400 cells).
    const sorted = await peekMtx(join(dir, 'tenx-false', 'matrix.mtx'), 20, { scanBytes: 64_000 });
    expect(sorted.read.matrix.data[4]).toBe(4);
    expect(sorted.read.warnings).toHaveLength(1);
  });
});

describe('plain HDF5 matrix', () => {
  it('shape and names from the headers and name datasets; only a corner of the matrix is read', async () => {
    const h5wasm = (await import('h5wasm/node')).default;
    await h5wasm.ready;
    const [a, b] = [40, 600]; // 40 signatures × 600 genes, genes on the fast axis (rhdf5 layout)
    const file = join(dir, 'db.h5');
    const f = new h5wasm.File(file, 'w');
    const data = Float32Array.from({ length: a * b }, (_, k) => value(k % b, Math.floor(k / b)));
    f.create_dataset({ name: 'assay', data, shape: [a, b], dtype: '<f' });
    f.create_dataset({ name: 'rownames', data: Array.from({ length: b }, (_, i) => `GENE${i}`) });
    f.create_dataset({ name: 'colnames', data: Array.from({ length: a }, (_, j) => `sig${j}`) });
    f.close();
    const r = await bothWays(file);
    expect([r.nGenes, r.nSamples, r.orientationGuess]).toEqual([600, 40, 'genes-x-samples']);
    expect(r.preview.values[3]?.[2]).toBe(Math.fround(value(3, 2)));
    // Count the values h5wasm hands back from the matrix dataset during the quick inspect. hdf5.ts may
    // load its own h5wasm instance (see importH5), so the spy goes on the class of a dataset it opened.
    const opened = await openHdf5(file);
    const proto = Object.getPrototypeOf(opened.get('assay')) as typeof h5wasm.Dataset.prototype;
    opened.close();
    const read: number[] = [];
    const originalSlice = proto.slice;
    const slice = vi.spyOn(proto, 'slice').mockImplementation(function (this: typeof proto, ranges) {
      const out = originalSlice.call(this, ranges);
      if (this.path === '/assay') read.push((out as ArrayLike<unknown>).length);
      return out;
    });
    const valueGetter = vi.spyOn(proto, 'value', 'get');
    try {
      await inspectFile(file, { fullReadBytes: 0 });
      expect(read).toEqual([20 * 20]); // one 20 × 20 corner
      expect(valueGetter.mock.contexts.filter((c) => (c as { path: string }).path === '/assay')).toEqual([]);
    } finally {
      slice.mockRestore();
      valueGetter.mockRestore();
    }
  });
});
