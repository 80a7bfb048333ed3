// The import writes the matrix file while reading (dataset-store/dataset-writer.ts). Whatever the input
// format, the stored file must be byte for byte what the one-shot writer makes of the same matrix; readers that fill
// samples in order must actually stream; and a failure or a prepare step that changes the matrix must
// leave no stray file behind.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Float32, Table, Utf8, makeVector, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { readMatrixArrow } from '../../compute/io/arrow-matrix.ts';
import { writeDatasetStoreSync } from '../../compute/io/dataset-store/dataset-writer.ts';
import { writeParquet } from '../../compute/io/parquet.ts';
import { readMatrixFile } from '../../compute/io/read-matrix.ts';
import type { SampleStream } from '../../compute/io/sample-stream.ts';
import { toGeneMajor, type SampleMajorMatrix } from '../../compute/io/types.ts';
import { readRaw } from '../../compute/import/read-raw.ts';
import { importDataset } from '../../cli/import-dataset.ts';
import type { Backend } from '../backend.ts';
import { inMemoryBackend } from '../jobs/test-backend.ts';
import type { ProjectService } from '../projects/project-service.ts';
import { writeGctx } from '../../compute/io/testing/gctx-writer.ts';

// Count the whole-matrix writes after the read: a streamed import must not need one.
const oneShot = vi.hoisted(() => ({ calls: 0 }));
vi.mock('../../compute/io/dataset-store/dataset-writer.ts', async (original) => {
  const mod = await original<typeof import('../../compute/io/dataset-store/dataset-writer.ts')>();
  return {
    ...mod,
    writeDatasetStore: (...a: Parameters<typeof mod.writeDatasetStore>) => {
      oneShot.calls++;
      return mod.writeDatasetStore(...a);
    },
  };
});

const root = mkdtempSync(join(tmpdir(), 'causeway-import-stream-'));
let backend: Backend | undefined;
afterAll(() => {
  backend?.dispose();
  rmSync(root, { recursive: true, force: true });
});
let projects: ProjectService;
let proj: string;
let n = 0;
beforeEach(() => {
  oneShot.calls = 0;
  // The CLI's import: the dataset.import job, its worker in this process (so the mock above applies).
  backend?.dispose();
  backend = inMemoryBackend(join(root, `data${n}`));
  projects = backend.projects;
  proj = join(root, `proj${n++}`);
  projects.create(proj, 'stream test');
});

const NG = 37; // odd: sample bodies start at offsets that are not multiples of 8
const NS = 9000; // > 4096 rows per block and > 256 samples per report: several reports per file
function matrix(): SampleMajorMatrix {
  const data = new Float32Array(NG * NS);
  for (let k = 0; k < data.length; k++) data[k] = Math.round(Math.sin(k * 0.37) * 1e4) / 1e3 + 0; // no -0
  return {
    genes: Array.from({ length: NG }, (_, i) => `G${i}`),
    samples: Array.from({ length: NS }, (_, j) => `S${j}`),
    data,
  };
}
const M = matrix();

/** samples × genes Arrow in two record batches, as pandas/pyarrow write wide tables. */
function arrowSamplesByGenes(path: string, m: SampleMajorMatrix): void {
  const half = (from: number, to: number): Table => {
    const cols: Record<string, Vector> = { sample: vectorFromArray(m.samples.slice(from, to), new Utf8()) };
    m.genes.forEach((g, i) => {
      const col = new Float32Array(to - from);
      for (let j = from; j < to; j++) col[j - from] = m.data[j * NG + i] as number;
      cols[g] = makeVector(col);
    });
    return new Table(cols);
  };
  writeFileSync(path, tableToIPC(half(0, 5000).concat(half(5000, NS)), 'file'));
  void Float32;
}

const gctx = (path: string, m: SampleMajorMatrix): Promise<void> => writeGctx(path, m);

function csv(path: string, m: SampleMajorMatrix): void {
  const lines = [`gene,${m.samples.join(',')}`];
  for (let i = 0; i < NG; i++)
    lines.push(
      `${m.genes[i]},${m.samples.map((_, j) => (m.data[j * NG + i] as number).toFixed(3)).join(',')}`,
    );
  writeFileSync(path, lines.join('\n') + '\n');
}

const inputs: [string, (p: string) => Promise<void> | void, boolean][] = [
  ['arrow', (p) => arrowSamplesByGenes(p, M), true],
  ['parquet', (p) => writeParquet(p, M, 'samples-x-genes'), true],
  ['gctx', (p) => gctx(p, M), true],
  ['csv', (p) => csv(p, M), false], // genes × samples text: samples are final only at the end
];
const ext = (kind: string): string => (kind === 'parquet' ? 'parquet' : kind);
// 37 columns × 9000 rows of made-up names: say which side the samples are rather than rely on the guess.
const orient = (kind: string) =>
  kind === 'arrow' || kind === 'parquet' ? { orientation: 'samples-x-genes' as const } : {};
const files = new Map<string, string>();
async function input(kind: string): Promise<string> {
  let f = files.get(kind);
  if (!f) {
    f = join(root, `m.${ext(kind)}`);
    await (inputs.find((x) => x[0] === kind)?.[1] ?? (() => undefined))(f);
    files.set(kind, f);
  }
  return f;
}
/** Bitwise equality (vitest's deep equality walks typed arrays element by element, slowly). */
const same = (a: Float32Array, b: Float32Array): boolean =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
const leftovers = (): string[] =>
  readdirSync(join(proj, 'datasets'), { recursive: true })
    .map(String)
    .filter((f) => /^\.|\/\.|\.stream$|\.tmp$/.test(f) && !f.endsWith('.matrix.arrow.sha256')); // the writer's hash record

describe('streamed matrix write during import', () => {
  for (const [kind, , streams] of inputs) {
    it(`${kind}: the stored matrix equals the one-shot writer's bytes${streams ? ', written while reading' : ''}`, async () => {
      const file = await input(kind);
      const { dataset } = await importDataset(backend!, file, { name: kind, ...orient(kind) });
      const stored = join(proj, dataset.matrixFile);
      const ref = join(root, `ref-${kind}.arrow`);
      writeDatasetStoreSync(ref, (await readMatrixFile(file, orient(kind))).matrix);
      expect(readFileSync(stored).equals(readFileSync(ref))).toBe(true);
      const back = readMatrixArrow(stored);
      expect([back.genes, back.samples]).toEqual([M.genes, M.samples]);
      expect(same(back.values, toGeneMajor(M))).toBe(true);
      expect(oneShot.calls).toBe(streams ? 0 : 1);
      expect(leftovers()).toEqual([]);
    });
  }

  it('readers that fill samples in order report them progressively, before the read ends', async () => {
    for (const [kind, , streams] of inputs.filter((x) => x[2])) {
      const reports: number[] = [];
      let begun = false;
      const rec: SampleStream = {
        begin: (genes, samples, data) => {
          begun = genes.length === NG && samples.length === NS && data.length === NG * NS;
        },
        progress: (k) => reports.push(k),
        abandon: () => reports.push(-1),
      };
      await readRaw(await input(kind), { samples: rec, ...orient(kind) });
      expect([kind, begun, streams]).toEqual([kind, true, true]);
      // GCTX reports per 16 MB hyperslab: this small file is one.
      expect(reports.length, kind).toBeGreaterThan(kind === 'gctx' ? 0 : 1);
      expect(reports.at(-1)).toBe(NS);
      expect(reports.every((k, i) => k > 0 && (i === 0 || k >= (reports[i - 1] as number)))).toBe(true);
    }
  });

  it('a prepare step that changes the genes (gene column) falls back to the one-shot write', async () => {
    const m = { ...M, genes: M.genes.map((g) => g.toLowerCase()) };
    const file = join(root, 'with-symbols.arrow');
    // genes × samples Arrow with a second text column holding the symbols the wizard picks.
    const cols: Record<string, Vector> = {
      id: vectorFromArray(M.genes, new Utf8()),
      symbol: vectorFromArray(m.genes, new Utf8()),
    };
    M.samples.slice(0, 400).forEach((s, j) => (cols[s] = makeVector(M.data.slice(j * NG, (j + 1) * NG))));
    writeFileSync(file, tableToIPC(new Table(cols), 'file'));
    const { dataset } = await importDataset(backend!, file, {
      geneColumn: 'symbol',
      orientation: 'genes-x-samples',
    });
    const back = readMatrixArrow(join(proj, dataset.matrixFile));
    expect(back.genes).toEqual(m.genes);
    expect(back.samples).toEqual(M.samples.slice(0, 400));
    const want = toGeneMajor({ ...m, samples: M.samples.slice(0, 400), data: M.data.subarray(0, 400 * NG) });
    expect(same(back.values, want)).toBe(true);
    expect(oneShot.calls).toBe(1);
    expect(leftovers()).toEqual([]);
  });

  it('a failure after samples were streamed (an infinite value in the last sample) leaves no files', async () => {
    const bad = { ...M, data: M.data.slice() };
    bad.data[bad.data.length - 1] = Infinity;
    const file = join(root, 'inf.gctx');
    await gctx(file, bad);
    await expect(importDataset(backend!, file)).rejects.toThrow(/infinite/);
    expect(readdirSync(join(proj, 'datasets'))).toEqual([]);
  });

  it('cancelling mid-read (after the stream file appeared) leaves no files', async () => {
    const file = join(root, 'wide.parquet');
    // genes × samples: one Parquet column per sample, reported every 256 columns.
    writeParquet(file, { ...M, samples: M.samples.map((s) => `x${s}`) }, 'genes-x-samples');
    const ac = new AbortController();
    let sawStream = false;
    const watch = (): void => {
      const ds = join(proj, 'datasets');
      const staged = existsSync(ds) ? readdirSync(ds).filter((d) => d.startsWith('.import-')) : [];
      sawStream ||= staged.some((d) => readdirSync(join(ds, d)).some((f) => f.endsWith('.stream')));
      if (sawStream) ac.abort();
      else if (!ac.signal.aborted) setImmediate(watch);
    };
    setImmediate(watch);
    await expect(importDataset(backend!, file, { signal: ac.signal })).rejects.toMatchObject({
      code: 'E_CANCELLED',
    });
    ac.abort();
    expect(sawStream).toBe(true);
    expect(readdirSync(join(proj, 'datasets'))).toEqual([]);
  });
});
