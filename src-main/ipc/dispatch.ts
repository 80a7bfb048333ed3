import { METHOD_NAMES, methodChannel, methods, type MethodName } from '#shared/contracts/api.ts';
import { describeIssue } from '#shared/contracts/errors.ts';
import { toAppError, type Result } from '#shared/lib/result.ts';
import type { Handlers } from './handlers.ts';

const byChannel = new Map<string, MethodName>(METHOD_NAMES.map((m) => [methodChannel(m), m]));

/**
 * The single entry for every inbound call, whatever the transport: unknown channel → refused,
 * input parsed with the contract's schema, handler errors become Result errors (never a stack).
 */
export async function dispatch(
  handlers: Handlers,
  channel: string,
  payload: unknown,
): Promise<Result<unknown>> {
  const method = byChannel.get(channel);
  if (!method) {
    return {
      ok: false,
      error: { code: 'E_INVALID_INPUT', message: `Unknown method ${String(channel).slice(0, 100)}.` },
    };
  }
  const parsed = methods[method].input.safeParse(payload ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const what = issue ? describeIssue(issue, payload ?? {}) : 'the request is not valid.';
    return { ok: false, error: { code: 'E_INVALID_INPUT', message: `${method}: ${what}` } };
  }
  try {
    const handler = handlers[method] as (input: unknown) => unknown;
    const value = await handler(parsed.data);
    return { ok: true, value };
  } catch (thrown) {
    return { ok: false, error: toAppError(thrown) };
  }
}
