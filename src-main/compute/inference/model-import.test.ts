import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ModelCardInput } from '#shared/contracts/transport.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { readManifest, readModelFile } from './manifest.ts';
import { BUNDLED_MODELS_DIR } from './model-registry.ts';
import { parseGeneList } from './gene-list.ts';
import { importUserModel } from './model-import.ts';
import { validateUserModel } from './validate-user-model.ts';
import { readProjectModelCards } from './project-models.ts';
import { checkAgainstCard } from './validate-model.ts';

const tmp = mkdtempSync(join(tmpdir(), 'causeway-model-import-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const shipped = readManifest(BUNDLED_MODELS_DIR).models[0]!;
const shippedPath = join(BUNDLED_MODELS_DIR, shipped.file);
const cardInput: ModelCardInput = {
  name: 'My PBMC model',
  normalisation: 'log2p1-minmax',
  genes: { source: 'list', genes: shipped.genes },
  licence: 'CC-BY-4.0',
  provenance: 'Lab export',
  training: 'Trained on Kang 2018',
};

describe('user model import', () => {
  it('parses gene lists with comments, commas and blank lines', () => {
    expect(parseGeneList('# genes\nA\r\nB, C\n\n"D"\tE\n')).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('reports structure, gene overlap and a dummy inference', async () => {
    const { report } = await validateUserModel(shippedPath, {
      genes: shipped.genes,
      overlap: { dataset: 'half', genes: shipped.genes.slice(0, 500) },
    });
    expect(report.ok).toBe(true);
    expect(report.inference).toBe(true);
    expect(report.overlap).toMatchObject({ shared: 500, total: 1000, fraction: 0.5 });
    expect(report.warnings.join(' ')).toMatch(/500 of the model's 1000 genes/);
  });

  it('copies the file with its card and sha256; the card validates and reads back', async () => {
    const out = join(tmp, 'models');
    const { card } = await importUserModel({
      path: shippedPath,
      modelId: 'my-pbmc',
      card: cardInput,
      genes: shipped.genes,
      outDir: out,
    });
    expect(card).toMatchObject({ id: 'my-pbmc', kind: 'autoencoder', sha256: shipped.sha256 });
    expect(card.autoencoder?.hidden).toBe(shipped.autoencoder?.hidden);
    expect(readProjectModelCards(out).map((c) => c.id)).toEqual(['my-pbmc']);
    checkAgainstCard(readModelFile(out, card), card);
    await expect(
      importUserModel({
        path: shippedPath,
        modelId: 'my-pbmc',
        card: cardInput,
        genes: shipped.genes,
        outDir: out,
      }),
    ).rejects.toThrow(/already exists/);
  });

  it('leaves nothing behind when the model is bad', async () => {
    const out = join(tmp, 'bad-models');
    const bad = join(tmp, 'bad.onnx');
    writeFileSync(bad, readFileSync(shippedPath).subarray(0, 200));
    const err = await importUserModel({
      path: bad,
      modelId: 'bad',
      card: cardInput,
      genes: shipped.genes,
      outDir: out,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CausewayError);
    expect((err as CausewayError).code).toBe('E_MODEL_LOAD');
    expect(() => readdirSync(out)).toThrow();
    const wrongGenes = await importUserModel({
      path: shippedPath,
      modelId: 'wrong',
      card: cardInput,
      genes: shipped.genes.slice(0, 10),
      outDir: out,
    }).catch((e: unknown) => e);
    expect((wrongGenes as Error).message).toMatch(/takes 1000 genes but the gene list has 10/);
  });
});
