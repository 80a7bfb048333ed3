import { describe, expect, it } from 'vitest';
import { CausewayError } from '#shared/lib/result.ts';
import { AE_NAMES, LEAKY_SLOPE, buildAutoencoderModel, floatToHalf } from './autoencoder-graph.ts';
import { inferAll, inferBatches } from './batch-infer.ts';
import { createSession } from './session.ts';
import { initWeights } from './trainer.ts';

describe('batched inference', () => {
  it('matches a hand forward pass, in batches with progress, on any batch size', async () => {
    const w = initWeights(6, 4, 9);
    const loaded = await createSession(buildAutoencoderModel(w), { setting: 'cpu' });
    const rows = 7;
    const x = Float32Array.from({ length: rows * 6 }, (_, i) => (i % 5) / 4);
    const progress: number[] = [];
    const r = await inferAll(loaded, x, 6, {
      input: AE_NAMES.input,
      outputs: [AE_NAMES.latent, AE_NAMES.output],
      batchSize: 3,
      onProgress: (done) => void progress.push(done),
    });
    expect(progress).toEqual([3, 6, 7]);
    expect(r.provider).toBe('cpu');
    const y = r.values[AE_NAMES.output]!;
    for (let n = 0; n < rows; n++) {
      for (let g = 0; g < 6; g++) {
        let out = 0;
        for (let h = 0; h < 4; h++) {
          let z = 0;
          for (let k = 0; k < 6; k++) z += x[n * 6 + k]! * w.w1[k * 4 + h]!;
          if (g === 0) expect(r.values[AE_NAMES.latent]![n * 4 + h]).toBeCloseTo(z, 5);
          out += (z > 0 ? z : LEAKY_SLOPE * z) * w.w2[h * 6 + g]!;
        }
        expect(y[n * 6 + g]).toBeCloseTo(out, 5);
      }
    }
    const one = await inferAll(loaded, x, 6, {
      input: AE_NAMES.input,
      outputs: [AE_NAMES.output],
      batchSize: 100,
    });
    expect(Array.from(one.values[AE_NAMES.output]!)).toEqual(Array.from(y));
    await loaded.session.release();
  });

  it('writes batches straight into preallocated results, identical to the copying path', async () => {
    const w = initWeights(6, 4, 3);
    const loaded = await createSession(buildAutoencoderModel(w), { setting: 'cpu' });
    const x = Float32Array.from({ length: 7 * 6 }, (_, i) => Math.sin(i));
    const options = { input: AE_NAMES.input, outputs: [AE_NAMES.latent, AE_NAMES.output], batchSize: 3 };
    const copied = await inferAll(loaded, x, 6, options);
    const direct = await inferAll(loaded, x, 6, {
      ...options,
      outputWidths: { [AE_NAMES.latent]: 4, [AE_NAMES.output]: 6 },
    });
    expect(direct.widths).toEqual({ [AE_NAMES.latent]: 4, [AE_NAMES.output]: 6 });
    expect(direct.values[AE_NAMES.latent]).toHaveLength(7 * 4);
    expect(Array.from(direct.values[AE_NAMES.latent]!)).toEqual(Array.from(copied.values[AE_NAMES.latent]!));
    expect(Array.from(direct.values[AE_NAMES.output]!)).toEqual(Array.from(copied.values[AE_NAMES.output]!));
    // A wrong width is onnxruntime's shape error, never a silently misaligned result.
    await expect(
      inferAll(loaded, x, 6, { ...options, outputWidths: { [AE_NAMES.latent]: 5, [AE_NAMES.output]: 6 } }),
    ).rejects.toThrow();
    await loaded.session.release();
  });

  it('stops between batches when cancelled', async () => {
    const loaded = await createSession(buildAutoencoderModel(initWeights(6, 4, 1)), { setting: 'cpu' });
    const controller = new AbortController();
    let batches = 0;
    const err = await inferBatches(
      loaded,
      new Float32Array(60),
      6,
      { input: AE_NAMES.input, outputs: [AE_NAMES.output], batchSize: 2, signal: controller.signal },
      () => {
        if (++batches === 2) controller.abort();
      },
    ).catch((e: unknown) => e);
    expect((err as CausewayError).code).toBe('E_CANCELLED');
    expect(batches).toBe(2);
    await loaded.session.release();
  });

  it('rounds weights to float16 as IEEE 754 does', () => {
    expect(floatToHalf(1)).toBe(0x3c00);
    expect(floatToHalf(-2)).toBe(0xc000);
    expect(floatToHalf(65504)).toBe(0x7bff);
    expect(floatToHalf(1e6)).toBe(0x7c00);
    expect(floatToHalf(2 ** -24)).toBe(0x0001);
    expect(floatToHalf(1 + 2 ** -11)).toBe(0x3c00); // a tie rounds to even
    expect(floatToHalf(1 + 3 * 2 ** -11)).toBe(0x3c02);
  });
});
