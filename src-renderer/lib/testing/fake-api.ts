import type {
  EventName,
  EventPayload,
  MethodInput,
  MethodName,
  MethodOutput,
} from '@shared/contracts/api.ts';
import type { Result } from '@shared/lib/result.ts';
import type { ApiLike } from '../../state/caller.ts';

type Handler<M extends MethodName> = (
  input: MethodInput<M>,
) => Result<MethodOutput<M>> | Promise<Result<MethodOutput<M>>>;

/** An in-memory backend for unit tests: scripted replies, recorded calls, events on demand. */
export class FakeApi implements ApiLike {
  calls: { method: MethodName; input: unknown }[] = [];
  #handlers = new Map<MethodName, (input: unknown) => unknown>();
  #listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  handle<M extends MethodName>(method: M, handler: Handler<M>): this {
    this.#handlers.set(method, handler as (input: unknown) => unknown);
    return this;
  }

  reply<M extends MethodName>(method: M, value: MethodOutput<M>): this {
    return this.handle(method, () => ({ ok: true, value }));
  }

  async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>> {
    this.calls.push({ method, input });
    const h = this.#handlers.get(method);
    if (!h) return { ok: false, error: { code: 'E_NOT_FOUND', message: `No fake handler for ${method}.` } };
    return (await h(input)) as Result<MethodOutput<M>>;
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    const l = listener as (payload: unknown) => void;
    set.add(l);
    return () => set.delete(l);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const l of this.#listeners.get(event) ?? []) l(payload);
  }

  listenerCount(event: EventName): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  callsOf(method: MethodName): unknown[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.input);
  }
}

/** Lets pending promise callbacks run. */
export const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

/** A `job.start` handler that accepts every job and answers it as running, as the backend does. */
export function startsJobs({ jobId, spec }: MethodInput<'job.start'>): Result<MethodOutput<'job.start'>> {
  return {
    ok: true,
    value: {
      jobId,
      kind: spec.kind,
      // The spec as sent (zod input: defaults not filled in), which the record's type does not allow.
      spec: spec as never,
      label: 'x',
      state: 'running',
      progress: { phase: '', fraction: 0, etaMs: null },
      startedAt: 0,
      endedAt: null,
      runId: null,
      error: null,
    },
  };
}
