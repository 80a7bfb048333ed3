import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JobSpec } from '#shared/contracts/jobs.ts';
import { TransportPrediction, TransportValidationResult } from '#shared/contracts/transport.ts';
import { readMatrixArrow } from '../../compute/io/arrow-matrix.ts';
import { importDataset } from '../import-dataset.ts';
import { inMemoryBackend } from '../../services/jobs/test-backend.ts';
import { main } from '../main.ts';

const tmp = mkdtempSync(join(tmpdir(), 'causeway-transport-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// 120 real Kang 2018 cells (the h5ad subset fixture): CD4T has 16 control and 19 stimulated cells.
const DATA = join(import.meta.dirname, '../../compute/io/fixtures/real/kang2018_valid_first120.h5ad');
const BASE = [
  ...['--data', DATA, '--cell-type-column', 'cell_type', '--condition-column', 'condition'],
  ...['--control', 'control', '--perturbed', 'stimulated', '--target', 'CD4T'],
];

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('causeway transport', () => {
  it('--validate --json holds CD4T stimulated out and scores every method; the real methods beat no change on top-100', async () => {
    const reports: Record<string, Record<string, unknown>> = {};
    for (const method of ['none', 'nearest', 'additive', 'ntk', 'si']) {
      const r = await run('transport', ...BASE, '--method', method, '--seed', '1', '--validate', '--json');
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const report = JSON.parse(r.out) as Record<string, unknown>;
      expect(Object.keys(report)).toEqual([
        'method',
        'provider',
        'r2',
        'r2_top100',
        'pearson',
        'cosine',
        'n_genes',
        'elapsedMs',
      ]);
      expect(report).toMatchObject({ method, provider: 'cpu', n_genes: 6998 });
      reports[method] = report;
    }
    for (const m of ['additive', 'ntk', 'si']) {
      expect(reports[m]!.r2_top100 as number).toBeGreaterThan((reports.none!.r2_top100 as number) + 0.2);
    }
  });

  it('latent shift through the shipped ONNX autoencoder (trained without CD4T stimulated) beats no change', async () => {
    const none = JSON.parse(
      (await run('transport', ...BASE, '--method', 'none', '--validate', '--json')).out,
    ) as {
      pearson: number;
    };
    const r = await run(
      'transport',
      ...BASE,
      ...['--method', 'latent-shift', '--model', 'kang-pbmc-ae-1000', '--validate', '--json'],
    );
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { method: string; provider: string; pearson: number };
    expect(report).toMatchObject({ method: 'latent-shift', provider: 'cpu' });
    expect(report.pearson).toBeGreaterThan(none.pearson);
    const wrong = await run('transport', ...BASE, '--method', 'additive', '--model', 'x', '--validate');
    expect(wrong.err).toMatch(/--model applies to --method latent-shift only/);
    const missing = await run(
      'transport',
      ...BASE,
      '--method',
      'latent-shift',
      '--model',
      'nope',
      '--validate',
    );
    expect(missing.err).toMatch(/^error E_NOT_FOUND: No model "nope"/);
    const int8 = await run(
      'transport',
      ...BASE,
      ...['--method', 'latent-shift', '--model', 'kang-pbmc-ae-1000', '--precision', 'int8'],
      ...['--validate', '--json'],
    );
    expect(int8.code).toBe(0);
    const q = JSON.parse(int8.out) as { precision: string; r2: number };
    expect(q.precision).toBe('int8');
    expect(Math.abs(q.r2 - (report as unknown as { r2: number }).r2)).toBeLessThan(0.005);
    const bad = await run('transport', ...BASE, '--method', 'additive', '--precision', 'int8', '--validate');
    expect(bad.err).toMatch(/--precision applies to --method latent-shift only/);
  });

  it('writes the transported profile as Arrow and as CSV, identical', async () => {
    const arrow = join(tmp, 'transported.arrow');
    const csv = join(tmp, 'transported.csv');
    expect((await run('transport', ...BASE, '--method', 'additive', '--out', arrow)).code).toBe(0);
    expect((await run('transport', ...BASE, '--method', 'additive', '--out', csv)).code).toBe(0);
    const a = readMatrixArrow(arrow);
    expect(a.samples).toEqual(['CD4T|stimulated']);
    expect(a.genes).toHaveLength(6998);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('gene,CD4T|stimulated');
    const isg15 = a.genes.indexOf('ISG15');
    expect(isg15).toBeGreaterThan(-1);
    expect(Number(lines[isg15 + 1]!.split(',')[1])).toBeCloseTo(a.values[isg15]!, 5);
    // ISG15 is the textbook interferon-stimulated gene: the transported profile raises it.
    expect(a.values[isg15]!).toBeGreaterThan(1);
  });

  it('reports bad input as E_INVALID_INPUT with exit status 2', async () => {
    const bad = await run('transport', ...BASE, '--method', 'magic', '--validate');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^error E_INVALID_INPUT: --method must be one of/);
    const target = await run('transport', ...BASE.slice(0, -1), 'Neurons', '--method', 'none', '--validate');
    expect(target.err).toMatch(/No sample has cell_type = "Neurons"/);
    const column = await run(
      'transport',
      ...BASE,
      '--cell-type-column',
      'tissue',
      '--method',
      'none',
      '--validate',
    );
    expect(column.err).toMatch(/no sample column "tissue"/);
  });
});

describe('causeway transport and the app', () => {
  it('prints and writes what the app stores for the same transport.validate and transport.predict specs', async () => {
    const root = mkdtempSync(join(tmpdir(), 'causeway-transport-app-'));
    const backend = inMemoryBackend(root);
    const shared = {
      cellTypeColumn: 'cell_type',
      conditionColumn: 'condition',
      control: 'control',
      seed: 3,
    };
    let validation: TransportValidationResult;
    let prediction: TransportPrediction;
    try {
      backend.projects.create(join(root, 'project'), 'app');
      const datasetId = (await importDataset(backend, DATA)).dataset.id;
      const stored = async (spec: JobSpec): Promise<unknown> => {
        backend.jobs.start(`job_${spec.kind.replace('.', '_')}`, spec);
        const done = await backend.jobs.wait(`job_${spec.kind.replace('.', '_')}`);
        expect(done.error).toBeNull();
        return backend.projects.runResult(done.runId!);
      };
      validation = TransportValidationResult.parse(
        await stored({
          kind: 'transport.validate',
          datasetId,
          ...shared,
          perturbed: ['stimulated'],
          targetCellType: 'CD4T',
          methods: ['ntk'],
        }),
      );
      prediction = TransportPrediction.parse(
        await stored({
          kind: 'transport.predict',
          datasetId,
          ...shared,
          perturbed: 'stimulated',
          targetCellType: 'CD4T',
          method: 'ntk',
        }),
      );
    } finally {
      backend.dispose();
      rmSync(root, { recursive: true, force: true });
    }
    const out = join(tmp, 'same.arrow');
    const r = await run(
      'transport',
      ...BASE,
      '--method',
      'ntk',
      '--seed',
      '3',
      '--validate',
      '--json',
      '--out',
      out,
    );
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as Record<string, number>;
    const m = validation.methods[0]!.metrics!;
    expect([report.r2, report.r2_top100, report.pearson, report.cosine, report.n_genes]).toEqual([
      m.r2,
      m.top100.r2,
      m.pearson,
      m.cosine,
      m.nGenes,
    ]);
    const profile = readMatrixArrow(out);
    expect(profile.samples).toEqual([prediction.profile]);
    expect(profile.genes).toEqual(prediction.genes);
    expect(Array.from(profile.values)).toEqual(prediction.values.map((x) => Math.fround(x ?? Number.NaN)));
  }, 120_000);
});
