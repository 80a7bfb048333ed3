// The client a request came from, as an AbortSignal that fires when that client goes away (a closed
// browser tab, a dropped WebSocket). A worker task run for a request (inspecting a huge file, say)
// is cancelled, and its worker killed if it ignores the cancel, instead of burning CPU for no one.
// Carried by AsyncLocalStorage so the handlers between the transport and the supervisor need no
// extra parameter; only supervisors made with `cancelWithCaller` (the interactive lane) follow it, so
// jobs, which outlive the request that started them, never do.
import { AsyncLocalStorage } from 'node:async_hooks';

const caller = new AsyncLocalStorage<AbortSignal>();

export function withCaller<T>(signal: AbortSignal, fn: () => T): T {
  return caller.run(signal, fn);
}

export function callerSignal(): AbortSignal | undefined {
  return caller.getStore();
}
