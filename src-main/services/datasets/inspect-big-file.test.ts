// The wizard's inspect of a big file (issue 3): preview, shape, orientation guess and metadata columns
// come from inspect.ts's quick path, so choosing a 1 GB file answers in seconds; the matrix is read
// only by the import job. A ~70 MB file is generated here (above the 64 MB full-read limit) and removed.
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { InspectReport } from '#shared/contracts/data-import.ts';
import { FULL_READ_BYTES } from '../../compute/io/inspect.ts';
import { Backend } from '../backend.ts';
import { inMemoryBackend } from '../jobs/test-backend.ts';

/** Every full matrix read of the import path goes through readRaw: the quick inspect must not call it. */
const fullReads = vi.hoisted(() => ({ files: [] as string[] }));
vi.mock('../../compute/import/read-raw.ts', async (importOriginal) => {
  const mod = await importOriginal<typeof import('../../compute/import/read-raw.ts')>();
  return {
    ...mod,
    readRaw: (file: string, ...rest: unknown[]) => {
      fullReads.files.push(file);
      return (mod.readRaw as (...a: unknown[]) => unknown)(file, ...rest);
    },
  };
});
/** The values any delimited read materialises: a preview holds a few rows, never the whole matrix. */
const materialised = vi.hoisted(() => ({ values: [] as number[] }));
vi.mock('../../compute/io/delimited.ts', async (importOriginal) => {
  const mod = await importOriginal<typeof import('../../compute/io/delimited.ts')>();
  return {
    ...mod,
    readDelimited: async (...args: Parameters<typeof mod.readDelimited>) => {
      const r = await mod.readDelimited(...args);
      materialised.values.push(r.matrix.data.length);
      return r;
    },
  };
});

const N_CELLS = 23_500;
const N_GENES = 600;
const GENES = ['TP53', 'MDM2', 'EGFR', ...Array.from({ length: N_GENES - 3 }, (_, j) => `GENE${j + 3}`)];
const value = (i: number, j: number): number => ((i * 31 + j * 17) % 1000) / 100;

const dir = mkdtempSync(join(tmpdir(), 'causeway-wizard-big-'));
const file = join(dir, 'cells.csv');
let backend: Backend;

beforeAll(async () => {
  // samples × genes with a condition column: one row per cell, ~3 kB per row.
  const out = createWriteStream(file);
  out.write(`cell,condition,${GENES.join(',')}\n`);
  for (let i = 0; i < N_CELLS; i++) {
    const row = [`cell${i}`, i % 2 ? 'stim' : 'ctrl'];
    for (let j = 0; j < N_GENES; j++) row.push(value(i, j).toFixed(2));
    if (!out.write(`${row.join(',')}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  backend = inMemoryBackend(join(dir, 'data'));
}, 60_000);

afterAll(() => {
  backend?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe("the wizard's inspect of a big file", () => {
  it('answers from the first rows and a scan, without reading the matrix', async () => {
    expect(statSync(file).size).toBeGreaterThan(FULL_READ_BYTES);
    fullReads.files.length = 0;
    materialised.values.length = 0;
    const r = InspectReport.parse(await backend.imports.inspect({ path: file }, {}));
    expect(fullReads.files).toEqual([]);
    // Whatever was parsed holds at most a preview's rows, not 23 500 × 600 values.
    expect(Math.max(0, ...materialised.values)).toBeLessThanOrEqual(100 * N_GENES);
    expect(r).toMatchObject({
      fileName: 'cells.csv',
      format: 'csv',
      kind: 'matrix',
      quick: true,
      nGenes: N_GENES,
      nSamples: N_CELLS,
      shape: [N_CELLS, N_GENES],
      orientationGuess: 'samples-x-genes',
      metadataColumns: { samples: ['condition'], genes: [] },
      suggestedRoles: { condition: 'condition' },
      errors: [],
    });
    expect(r.bytes).toBe(statSync(file).size);
    expect(r.sampleColumns.map((c) => c.name)).toEqual(['condition']);
    expect(r.preview.genes.slice(0, 3)).toEqual(['TP53', 'MDM2', 'EGFR']);
    expect(r.preview.samples.slice(0, 2)).toEqual(['cell0', 'cell1']);
    r.preview.genes.forEach((_, gi) =>
      r.preview.samples.forEach((_, si) => expect(r.preview.values[gi]?.[si]).toBeCloseTo(value(si, gi), 5)),
    );
    expect(r.geneIds[0]).toMatchObject({ column: '', kind: 'symbol' });
    expect(r.warnings.join(' ')).toMatch(/Large file/);
  }, 60_000);

  it('re-inspects the other way round, still without a full read', async () => {
    fullReads.files.length = 0;
    const r = await backend.imports.inspect({ path: file }, { orientation: 'genes-x-samples' });
    expect(fullReads.files).toEqual([]);
    expect([r.orientationGuess, r.orientationSource, r.nGenes, r.nSamples]).toEqual([
      'genes-x-samples',
      'user',
      N_CELLS,
      N_GENES,
    ]);
  }, 60_000);

  it('a small file is still read whole, with every check', async () => {
    const small = join(dir, 'small.csv');
    const out = createWriteStream(small);
    out.end('gene,s1,s2\nTP53,1,2\nMDM2,3,x\n');
    await once(out, 'finish');
    fullReads.files.length = 0;
    await expect(backend.imports.inspect({ path: small }, {})).rejects.toThrow(/small\.csv.*row 3/);
    expect(fullReads.files).toEqual([small]);
  });
});
