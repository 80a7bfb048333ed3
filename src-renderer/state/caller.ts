import type {
  EventName,
  EventPayload,
  MethodInput,
  MethodName,
  MethodOutput,
} from '@shared/contracts/api.ts';
import { toAppError, type Result } from '@shared/lib/result.ts';
import type { ZodType } from 'zod';
import type { ToastState } from './toasts.svelte.ts';

/** The part of ApiClient the state classes use; tests pass a fake. */
export interface ApiLike {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** What a failed call says in the toast title. */
const TITLES: Partial<Record<MethodName, string>> = {
  'project.open': 'Could not open the project',
  'project.openDemo': 'Could not open the demo project',
  'project.create': 'Could not create the project',
  'project.save': 'Could not save the project',
  'project.close': 'Could not close the project',
  'job.start': 'Could not start the job',
  'job.cancel': 'Could not cancel the job',
  'run.result': 'Could not load the result',
  'network.get': 'Could not load the network',
  'dataset.sampleColumns': 'Could not read the sample table',
  'dataset.geneValues': 'Could not read the gene values',
  'tables.geneDrugs': 'Could not read the drug–target table',
  'targets.export': 'Could not export the target table',
  'cluster.profiles': 'Could not read the cluster profiles',
  'cluster.saveProfile': 'Could not save the cluster profile',
  'cluster.deleteProfile': 'Could not delete the cluster profile',
  'cluster.estimate': 'Could not estimate the cluster run',
};

/**
 * Calls the API and turns every failure into an error toast, so no failed call goes unseen.
 * Callers still get the Result to decide what to do next.
 */
export class Caller {
  constructor(
    readonly api: ApiLike,
    private readonly toasts: ToastState,
  ) {}

  async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>> {
    let result: Result<MethodOutput<M>>;
    try {
      result = await this.api.call(method, input);
    } catch (thrown) {
      result = { ok: false, error: toAppError(thrown) };
    }
    if (!result.ok) this.toasts.error(result.error, TITLES[method] ?? `${method} failed`);
    return result;
  }

  /** A run's result document parsed by `schema`; null when it cannot be loaded (toasted) or parsed. */
  async runResult<T>(runId: string, schema: ZodType<T>): Promise<T | null> {
    const r = await this.call('run.result', { runId });
    if (!r.ok) return null;
    const parsed = schema.safeParse(r.value);
    return parsed.success ? parsed.data : null;
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.api.on(event, listener);
  }
}
