import { eventChannel } from '@shared/contracts/api.ts';
import type { Result } from '@shared/lib/result.ts';
import type { Bridge } from './bridge.ts';

interface Pending {
  resolve: (r: Result<unknown>) => void;
}

/** Waits before reconnecting a dropped connection that has event listeners: doubling, at most 10 s. */
const RECONNECT_MS = [250, 500, 1000, 2000, 5000, 10000];

/**
 * Server mode: the same contract over one WebSocket to the page's own origin. The session cookie set
 * when the token URL was opened authenticates the upgrade; the token never lives in page state.
 * Calls open the connection when needed. When it drops (server restarted, laptop slept), calls waiting
 * for a reply fail with E_IO, and if anything listens for events (job progress) the bridge reconnects
 * by itself with growing waits, so a progress bar resumes without the user doing anything.
 */
export function createWebSocketBridge(url: string, WebSocketImpl: typeof WebSocket = WebSocket): Bridge {
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let opened: Promise<WebSocket> | null = null;
  let failures = 0;
  /** The connection was open once and dropped: the next open is a restore. */
  let dropped = false;
  const emit = (channel: string, payload: unknown): void => {
    for (const l of listeners.get(channel) ?? []) l(payload);
  };
  let retry: ReturnType<typeof setTimeout> | null = null;
  const listening = (): boolean => [...listeners.values()].some((set) => set.size > 0);
  const scheduleReconnect = (): void => {
    if (retry !== null || !listening()) return;
    const wait = RECONNECT_MS[Math.min(failures, RECONNECT_MS.length - 1)] as number;
    failures++;
    retry = setTimeout(() => {
      retry = null;
      void connect().catch(() => undefined); // a failed attempt closes, which schedules the next
    }, wait);
  };

  const connect = (): Promise<WebSocket> => {
    if (opened) return opened;
    opened = new Promise((resolve, reject) => {
      const ws = new WebSocketImpl(url);
      ws.onopen = () => {
        socket = ws;
        failures = 0;
        resolve(ws);
        if (dropped) emit(eventChannel('connection.restored'), null);
        dropped = false;
      };
      ws.onerror = () => reject(new Error('Could not reach the Causeway server.'));
      ws.onclose = () => {
        if (socket === ws && !dropped) {
          dropped = true;
          emit(eventChannel('connection.dropped'), null);
        }
        socket = null;
        opened = null;
        for (const p of pending.values()) {
          p.resolve({
            ok: false,
            error: { code: 'E_IO', message: 'The connection to the Causeway server closed.' },
          });
        }
        pending.clear();
        scheduleReconnect();
      };
      ws.onmessage = (ev: MessageEvent) => {
        const msg = JSON.parse(String(ev.data)) as
          { id: number; result: Result<unknown> } | { event: string; payload: unknown };
        if ('id' in msg) {
          pending.get(msg.id)?.resolve(msg.result);
          pending.delete(msg.id);
        } else emit(msg.event, msg.payload);
      };
    });
    return opened;
  };

  return {
    async invoke(channel, payload) {
      let ws: WebSocket;
      try {
        ws = socket ?? (await connect());
      } catch (e) {
        return { ok: false, error: { code: 'E_IO', message: (e as Error).message } };
      }
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, { resolve });
        ws.send(JSON.stringify({ id, channel, payload }));
      });
    },
    on(channel, listener) {
      void connect().catch(() => undefined);
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}
