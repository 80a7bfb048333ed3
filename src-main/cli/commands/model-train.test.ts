// `causeway model train`: the model.train trainer from the command line. Same seed → byte-identical
// model files; per-epoch lines and a summary; held-out groups really kept out; usage errors exit 2.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelCard } from '../../compute/inference/manifest.ts';
import { readProjectModelCards } from '../../compute/inference/project-models.ts';
import { demoDir } from '../../services/paths.ts';
import { main } from '../main.ts';

const tmp = mkdtempSync(join(tmpdir(), 'causeway-model-train-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const KANG = join(import.meta.dirname, '../../compute/io/fixtures/real/kang2018_valid_first120.h5ad');

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** 20 genes × 30 samples of counts with structure (two groups of samples), as a CSV. */
function syntheticCsv(): string {
  const genes = Array.from({ length: 20 }, (_, i) => `GENE${i}`);
  const samples = Array.from({ length: 30 }, (_, j) => `s${j}`);
  const rows = genes.map((g, i) =>
    [
      g,
      ...samples.map((_, j) => String(Math.round(50 + 40 * Math.sin(i * 1.7 + j * (j % 2 ? 0.3 : 1.1))))),
    ].join(','),
  );
  const file = join(tmp, 'tiny.csv');
  writeFileSync(file, [['gene', ...samples].join(','), ...rows].join('\n'));
  return file;
}

const lines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('causeway model train', () => {
  const csv = syntheticCsv();
  const train = (out: string, seed: string, ...more: string[]) =>
    cli(
      'model',
      'train',
      '--data',
      csv,
      '--genes',
      '12',
      '--hidden',
      '8',
      '--epochs',
      '4',
      '--batch',
      '8',
      '--lr',
      '0.01',
      '--seed',
      seed,
      '--id',
      'tiny',
      '--out',
      out,
      '--json',
      ...more,
    );

  it('prints one JSON line per epoch and a summary; the same seed gives identical bytes', async () => {
    const a = await train(join(tmp, 'a'), '7');
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    const out = lines(a.stdout);
    const epochs = out.filter((l) => l['type'] === 'epoch');
    expect(epochs.map((l) => l['epoch'])).toEqual([1, 2, 3, 4]);
    const summary = out.at(-1)!;
    expect(summary).toMatchObject({
      type: 'summary',
      modelId: 'tiny',
      epochs: 4,
      provider: 'cpu',
      seed: 7,
      samples: 30,
      genes: 12,
    });
    expect(summary['bestLoss']).toBeGreaterThan(0);
    expect(summary['elapsedMs']).toBeGreaterThan(0);
    const card = ModelCard.parse(JSON.parse(readFileSync(summary['card'] as string, 'utf8')));
    expect(card).toMatchObject({
      id: 'tiny',
      kind: 'autoencoder',
      training: { seed: 7, epochs: 4, batchSize: 8, learningRate: 0.01 },
    });

    const b = await train(join(tmp, 'b'), '7');
    expect((await train(join(tmp, 'c'), '8')).code).toBe(0);
    const bytes = (dir: string) => readFileSync(join(dir, 'tiny.onnx'));
    expect(bytes(join(tmp, 'b')).equals(bytes(join(tmp, 'a')))).toBe(true);
    expect(readFileSync(join(tmp, 'b', 'tiny.card.json'), 'utf8')).toBe(
      readFileSync(join(tmp, 'a', 'tiny.card.json'), 'utf8'),
    );
    expect(bytes(join(tmp, 'c')).equals(bytes(join(tmp, 'a')))).toBe(false);
    expect(
      lines(b.stdout)
        .filter((l) => l['type'] === 'epoch')
        .map((l) => l['trainLoss']),
    ).toEqual(epochs.map((l) => l['trainLoss']));
    // Never over an existing model.
    const again = await train(join(tmp, 'a'), '7');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^error E_INVALID_INPUT: A model "tiny" already exists/);
  }, 60_000);

  it('prints readable epoch lines without --json', async () => {
    const r = await cli(
      'model',
      'train',
      '--data',
      csv,
      '--genes',
      '5',
      '--hidden',
      '4',
      '--epochs',
      '2',
      '--out',
      join(tmp, 'text'),
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Epoch 1\/2: loss [\d.e-]+, validation [\d.e-]+ \(cpu\)\nEpoch 2\/2: /);
    expect(r.stdout).toMatch(
      /Saved "tiny-autoencoder" to .*tiny-autoencoder\.onnx: 2 epochs \(best \d, loss [\d.e-]+\), 30 samples × 5 genes, provider cpu, seed 1, \d+ ms\n$/,
    );
  }, 60_000);

  it('keeps the held-out (cell type, condition) out of training and records the groups', async () => {
    const r = await cli(
      'model',
      'train',
      '--data',
      KANG,
      '--genes',
      '30',
      '--hidden',
      '8',
      '--epochs',
      '1',
      '--holdout-cell-type',
      'CD4T',
      '--cell-type-column',
      'cell_type',
      '--condition-column',
      'condition',
      '--perturbed',
      'stimulated',
      '--out',
      join(tmp, 'kang'),
      '--json',
    );
    expect(r.stderr).toBe('');
    const summary = lines(r.stdout).at(-1)!;
    const card = ModelCard.parse(JSON.parse(readFileSync(summary['card'] as string, 'utf8')));
    const groups = card.training.groups.map((g) => `${g.cellType}|${g.condition}`);
    expect(groups).toContain('CD4T|control');
    expect(groups).not.toContain('CD4T|stimulated');
    expect(card.training.samples).toHaveLength(summary['samples'] as number);
    expect(summary['samples']).toBeLessThan(120);
  }, 60_000);

  it('trains on a project dataset and saves into the project, where the app lists it', async () => {
    const dir = join(tmp, 'demo');
    cpSync(demoDir(), dir, { recursive: true });
    const r = await cli(
      'model',
      'train',
      '--data',
      dir,
      '--dataset',
      'a549_cells',
      '--genes',
      '20',
      '--hidden',
      '8',
      '--epochs',
      '1',
      '--name',
      'A549 AE',
      '--project-save',
      '--json',
    );
    expect(r.stderr).toBe('');
    expect(lines(r.stdout).at(-1)).toMatchObject({ modelId: 'a549-ae', samples: 74, genes: 20 });
    expect(readProjectModelCards(join(dir, 'models')).map((c) => c.id)).toEqual(['a549-ae']);
  }, 60_000);

  it('--gene-list fixes the genes and their order; an unknown gene is refused', async () => {
    const list = join(tmp, 'genes.txt');
    writeFileSync(list, '# input order\nGENE7\ngene2\nGENE11\n');
    const r = await cli(
      'model',
      'train',
      '--data',
      csv,
      '--gene-list',
      list,
      '--hidden',
      '4',
      '--epochs',
      '1',
      '--id',
      'listed',
      '--out',
      join(tmp, 'listed'),
      '--json',
    );
    expect(r.stderr).toBe('');
    const card = ModelCard.parse(JSON.parse(readFileSync(join(tmp, 'listed', 'listed.card.json'), 'utf8')));
    expect(card.genes).toEqual(['GENE7', 'GENE2', 'GENE11']);
    writeFileSync(list, 'GENE1\nNOPE\n');
    const bad = await cli(
      'model',
      'train',
      '--data',
      csv,
      '--gene-list',
      list,
      '--epochs',
      '1',
      '--out',
      join(tmp, 'nope'),
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^error E_INVALID_INPUT: 1 of the 2 listed genes are not in the data, e.g. NOPE/,
    );
  }, 60_000);

  it.each([
    [['--data', 'x.csv', '--json'], /--out <models dir> or --project-save/],
    [['--data', 'x.csv', '--out', 'o', '--holdout-cell-type', 'CD4T'], /needs --cell-type-column/],
    [['--data', 'x.csv', '--out', 'o', '--genes', '5', '--gene-list', 'g.txt'], /not both/],
    [['--data', 'x.csv', '--out', 'o', '--epochs', '0'], /--epochs must be a whole number/],
    [['--data', 'x.csv', '--project-save'], /--project-save needs a project/],
  ])('refuses %j with E_INVALID_INPUT and exit 2', async (args, message) => {
    const r = await cli('model', 'train', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error E_INVALID_INPUT: /);
    expect(r.stderr).toMatch(message);
  });
});
