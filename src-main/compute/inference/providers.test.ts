import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { CausewayError } from '#shared/lib/result.ts';
import { GraphBuilder } from './onnx-builder.ts';
import { conciseReason, providerPlan, type PlatformProbe } from './providers.ts';
import { SessionCache, createSession, ortSessionFactory } from './session.ts';

const probe = (platform: NodeJS.Platform, files: string[] = []): PlatformProbe => ({
  platform,
  binaryDir: '/ort',
  exists: (p) => files.includes(p),
});

function identityModel(): Uint8Array {
  const g = new GraphBuilder('id');
  g.op('Identity', [g.input('x', 'float', [2])], {}, 'y');
  g.output('y', 'float', [2]);
  return g.toModel();
}

describe('execution provider plan', () => {
  it('orders providers by platform, CUDA only when its library is installed, CPU last', () => {
    expect(providerPlan('auto', probe('linux')).order).toEqual(['webgpu', 'cpu']);
    expect(providerPlan('auto', probe('linux')).skipped[0]?.reason).toMatch(
      /libonnxruntime_providers_cuda\.so/,
    );
    expect(providerPlan('auto', probe('linux', ['/ort/libonnxruntime_providers_cuda.so'])).order).toEqual([
      'cuda',
      'webgpu',
      'cpu',
    ]);
    expect(providerPlan('auto', probe('win32')).order).toEqual(['dml', 'webgpu', 'cpu']);
    expect(providerPlan('auto', probe('darwin')).order).toEqual(['coreml', 'webgpu', 'cpu']);
  });

  it('pins a provider when the setting names one, still backed by CPU', () => {
    expect(providerPlan('cuda', probe('linux')).order).toEqual(['cuda', 'cpu']);
    expect(providerPlan('cpu', probe('darwin')).order).toEqual(['cpu']);
  });
});

describe('session creation', () => {
  it('falls back to CPU with the reason when a pinned provider fails (CUDA is not installed here)', async () => {
    const loaded = await createSession(identityModel(), { setting: 'cuda' });
    expect(loaded.provider).toBe('cpu');
    expect(loaded.fallbacks).toHaveLength(1);
    expect(loaded.fallbacks[0]?.provider).toBe('cuda');
    expect(loaded.fallbacks[0]?.reason.length).toBeGreaterThan(5);
    await loaded.session.release();
  });

  it('says in words when WebGPU finds no graphics card (here: no GPU), not the raw adapter text', async () => {
    const loaded = await createSession(identityModel(), { setting: 'webgpu' });
    // On a machine with a usable GPU WebGPU starts and there is nothing to say.
    if (loaded.provider === 'cpu')
      expect(loaded.fallbacks).toEqual([
        { provider: 'webgpu', reason: 'no graphics card is available to WebGPU on this machine' },
      ]);
    expect(conciseReason(new Error('Failed to get a WebGPU adapter: requestAdapter() returned null'))).toBe(
      'no graphics card is available to WebGPU on this machine',
    );
    await loaded.session.release();
  });

  it('hands session tuning (intra-op threads) to the factory, and the real factory accepts it', async () => {
    const seen: unknown[] = [];
    const loaded = await createSession(identityModel(), {
      setting: 'cpu',
      tuning: { intraOpNumThreads: 1 },
      factory: (model, provider, tuning) => {
        seen.push(tuning);
        return ortSessionFactory(model, provider, tuning);
      },
    });
    expect(seen).toEqual([{ intraOpNumThreads: 1 }]);
    const out = await loaded.session.run({ x: new ort.Tensor('float32', Float32Array.of(1, 2), [2]) });
    expect(Array.from(out['y']!.data as Float32Array)).toEqual([1, 2]);
    await loaded.session.release();
  });

  it('records every failed provider in order and raises E_MODEL_LOAD when CPU fails too', async () => {
    const tried: string[] = [];
    const factory = (_: Uint8Array, p: string): Promise<never> => {
      tried.push(p);
      return Promise.reject(new Error(`/src/x.cc:1 f() ${p} broke\nstack`));
    };
    const err = await createSession(identityModel(), {
      setting: 'auto',
      probe: probe('win32'),
      factory,
    }).catch((e: unknown) => e);
    expect(tried).toEqual(['dml', 'webgpu', 'cpu']);
    expect(err).toBeInstanceOf(CausewayError);
    expect((err as CausewayError).code).toBe('E_MODEL_LOAD');
    expect((err as CausewayError).message).toMatch(/cpu broke/);
    const fallbacks = (err as CausewayError).details?.['fallbacks'] as { provider: string; reason: string }[];
    expect(fallbacks.map((f) => f.provider)).toEqual(['cuda', 'dml', 'webgpu', 'cpu']);
    expect(fallbacks[1]?.reason).toBe('dml broke');
  });

  it('reuses sessions by key and evicts the least recently used beyond capacity', async () => {
    const cache = new SessionCache(2);
    let created = 0;
    const load = () => {
      created++;
      return createSession(identityModel(), { setting: 'cpu' });
    };
    const a = await cache.get('a', load);
    expect(await cache.get('a', load)).toBe(a);
    await cache.get('b', load);
    await cache.get('a', load);
    await cache.get('c', load); // evicts b, the least recently used
    expect(cache.size).toBe(2);
    await cache.get('a', load);
    expect(created).toBe(3);
    await cache.get('b', load);
    expect(created).toBe(4);
    await cache.clear();
    expect(cache.size).toBe(0);
  });
});
