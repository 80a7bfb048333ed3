/**
 * onnxruntime sessions with provider fallback and reuse. Imported only by worker-side code (compute runs
 * in workers; README.md, Architecture): onnxruntime-node is a native module that must never load in Electron
 * main. A provider that fails to start falls back to the next (CPU last) and the reason is recorded, so
 * every result can say which provider ran it and why a faster one did not.
 */
import * as ort from 'onnxruntime-node';
import { CausewayError } from '#shared/lib/result.ts';
import {
  conciseReason,
  providerPlan,
  type PlatformProbe,
  type Provider,
  type ProviderFailure,
  type ProviderSetting,
} from './providers.ts';

export interface LoadedSession {
  session: ort.InferenceSession;
  provider: Provider;
  /** Providers tried before `provider`, and why each was not used. */
  fallbacks: ProviderFailure[];
}

/** Session settings a caller may tune; everything else is fixed below. */
export interface SessionTuning {
  /**
   * Threads inside one operator (the GEMMs). Unset: onnxruntime's default, one per physical core, which
   * the app uses; bench/onnx.ts compares it with 1 and with every logical core.
   */
  intraOpNumThreads?: number;
}

export type SessionFactory = (
  model: Uint8Array,
  provider: Provider,
  tuning?: SessionTuning,
) => Promise<ort.InferenceSession>;

// Errors (level 3) only: provider load failures are reported through `fallbacks`, not the console.
const LOG_ERRORS_ONLY = 3;

export const ortSessionFactory: SessionFactory = (model, provider, tuning = {}) =>
  ort.InferenceSession.create(model, {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
    logSeverityLevel: LOG_ERRORS_ONLY,
    ...(tuning.intraOpNumThreads === undefined ? {} : { intraOpNumThreads: tuning.intraOpNumThreads }),
  });

export interface CreateSessionOptions {
  setting?: ProviderSetting;
  probe?: PlatformProbe;
  factory?: SessionFactory;
  /** Names the model in error messages. */
  label?: string;
  tuning?: SessionTuning;
}

/** Creates a session on the best provider that starts; E_MODEL_LOAD when even CPU cannot load the model. */
export async function createSession(
  model: Uint8Array,
  options: CreateSessionOptions = {},
): Promise<LoadedSession> {
  const plan = providerPlan(options.setting ?? 'auto', options.probe);
  const factory = options.factory ?? ortSessionFactory;
  const fallbacks: ProviderFailure[] = [...plan.skipped];
  for (const provider of plan.order) {
    try {
      const session = await factory(model, provider, options.tuning);
      return { session, provider, fallbacks };
    } catch (e) {
      fallbacks.push({ provider, reason: conciseReason(e) });
    }
  }
  const cpu = fallbacks.find((f) => f.provider === 'cpu');
  throw new CausewayError(
    'E_MODEL_LOAD',
    `onnxruntime could not load ${options.label ?? 'the model'}: ${cpu?.reason ?? 'no provider could start'}`,
    { fallbacks },
  );
}

/**
 * Keeps sessions for reuse (creating one costs graph optimisation and, on a GPU, weight upload), keyed by
 * model identity and provider setting, least recently used first out so memory stays bounded.
 */
export class SessionCache {
  private readonly entries = new Map<string, Promise<LoadedSession>>();

  constructor(private readonly capacity = 4) {}

  get(key: string, load: () => Promise<LoadedSession>): Promise<LoadedSession> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const created = load();
    // A failed load must not poison the cache: the next call retries.
    created.catch(() => this.entries.delete(key));
    this.entries.set(key, created);
    while (this.entries.size > this.capacity) {
      const [oldest, entry] = this.entries.entries().next().value as [string, Promise<LoadedSession>];
      this.entries.delete(oldest);
      void entry.then((s) => s.session.release()).catch(() => undefined);
    }
    return created;
  }

  get size(): number {
    return this.entries.size;
  }

  async clear(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(all.map((p) => p.then((s) => s.session.release()).catch(() => undefined)));
  }
}
