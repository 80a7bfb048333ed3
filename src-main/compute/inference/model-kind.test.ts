// What kind an imported model is: Causeway's layout is detected, a card may declare other names, and a
// declared autoencoder whose file does not compute what latent shift would compute is refused.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ModelCardInput } from '#shared/contracts/transport.ts';
import { LEAKY_SLOPE } from './autoencoder-graph.ts';
import { weightsFromModel } from './autoencoder-runtime.ts';
import { latentShiftUnusable, readModelFile, requireLatentShiftModel } from './manifest.ts';
import { importUserModel } from './model-import.ts';
import { loadAutoencoder } from './model-registry.ts';
import { loadLatentShiftModel } from '../../workers/tasks/transport-inputs.ts';
import { GraphBuilder } from './onnx-builder.ts';

const tmp = mkdtempSync(join(tmpdir(), 'causeway-model-kind-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const G = 6;
const H = 4;
const genes = Array.from({ length: G }, (_, i) => `G${i}`);
const fill = (n: number, k: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * k) * 0.5);

/** A single-graph autoencoder named its own way; `bias` adds what Causeway's graph does not have. */
function userAe(o: { bias?: boolean; slope?: number } = {}): string {
  const g = new GraphBuilder('user_ae');
  const x = g.input('expr', 'float', ['n', G]);
  const enc = g.initializer('enc.W', 'float', [G, H], fill(G * H, 1.3));
  const dec = g.initializer('dec.W', 'float', [H, G], fill(H * G, 0.7));
  let z = g.op('MatMul', [x, enc], {}, o.bias ? 'z0' : 'embedding');
  if (o.bias) z = g.op('Add', [z, g.initializer('enc.b', 'float', [H], fill(H, 2.1))], {}, 'embedding');
  const a = g.op('LeakyRelu', [z], { alpha: { f: o.slope ?? LEAKY_SLOPE } });
  g.op('MatMul', [a, dec], {}, 'decoded');
  g.output('embedding', 'float', ['n', H]);
  g.output('decoded', 'float', ['n', G]);
  const file = join(tmp, `ae-${Math.random().toString(36).slice(2)}.onnx`);
  writeFileSync(file, g.toModel());
  return file;
}

function classifier(): string {
  const g = new GraphBuilder('clf');
  const x = g.input('expr', 'float', ['n', G]);
  g.op('Relu', [x], {}, 'y');
  g.output('y', 'float', ['n', G]);
  const file = join(tmp, 'clf.onnx');
  writeFileSync(file, g.toModel());
  return file;
}

const names = {
  latentOutput: 'embedding',
  reconstructionOutput: 'decoded',
  encoderWeight: 'enc.W',
  decoderWeight: 'dec.W',
};
const card = (extra: Partial<ModelCardInput> = {}): ModelCardInput => ({
  name: 'm',
  normalisation: 'minmax',
  genes: { source: 'list', genes },
  licence: 'MIT',
  provenance: 'test',
  training: 'test',
  ...extra,
});
let n = 0;
const run = (path: string, c: ModelCardInput) =>
  importUserModel({ path, modelId: `m${++n}`, card: c, genes, outDir: join(tmp, 'models') });

describe('model kind on import', () => {
  it('imports any other model as kind "other", which latent shift refuses with the reason', async () => {
    const { card: c } = await run(classifier(), card());
    expect(c.kind).toBe('other');
    expect(c.autoencoder).toBeUndefined();
    expect(latentShiftUnusable(c)).toMatch(/not an autoencoder/);
    expect(() => requireLatentShiftModel(c)).toThrow(
      expect.objectContaining({
        code: 'E_INVALID_INPUT',
        message: expect.stringMatching(/cannot run latent shift/),
      }),
    );
  });

  it('every latent-shift loader refuses it before reading weights: CLI registry and worker', async () => {
    const dir = join(tmp, 'models');
    const { card: c } = await run(classifier(), card());
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ version: 1, models: [c] }));
    const refusal = { code: 'E_INVALID_INPUT', message: expect.stringMatching(/cannot run latent shift/) };
    expect(() => loadAutoencoder(dir, c.id)).toThrow(expect.objectContaining(refusal));
    expect(() => loadLatentShiftModel({ id: c.id, bundledDir: dir, projectDir: dir })).toThrow(
      expect.objectContaining(refusal),
    );
  });

  it('does not detect an autoencoder under other names unless the card names them', async () => {
    expect((await run(userAe(), card())).card.kind).toBe('other');
    const { card: c } = await run(userAe(), card({ autoencoder: names }));
    expect(c).toMatchObject({ kind: 'autoencoder', autoencoder: { ...names, hidden: H } });
    expect(latentShiftUnusable(c)).toBeNull();
    // Latent shift reads the declared weights back from the imported copy.
    const w = weightsFromModel(readModelFile(join(tmp, 'models'), c), c);
    expect([w.genes, w.hidden]).toEqual([G, H]);
  });

  it('refuses a declared autoencoder whose graph differs from encoder → LeakyReLU → decoder', async () => {
    await expect(run(userAe({ bias: true }), card({ autoencoder: names }))).rejects.toMatchObject({
      code: 'E_INVALID_INPUT',
      message: expect.stringMatching(/"embedding" is not x · enc\.W/),
    });
    await expect(run(userAe({ slope: 0.2 }), card({ autoencoder: names }))).rejects.toMatchObject({
      code: 'E_INVALID_INPUT',
      message: expect.stringMatching(/"decoded" is not LeakyReLU/),
    });
    await expect(run(classifier(), card({ kind: 'autoencoder' }))).rejects.toMatchObject({
      code: 'E_INVALID_INPUT',
      message: expect.stringMatching(/declares an autoencoder, but the model has no output "z"/),
    });
  });

  it('keeps kind "other" when the card says so, even for an autoencoder layout', async () => {
    const { card: c } = await run(userAe(), card({ kind: 'other' }));
    expect(c.kind).toBe('other');
    await expect(run(userAe(), card({ kind: 'other', autoencoder: names }))).rejects.toMatchObject({
      code: 'E_INVALID_INPUT',
    });
  });
});
