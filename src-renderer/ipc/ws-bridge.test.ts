import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWebSocketBridge } from './ws-bridge.ts';

/** Just enough of a browser WebSocket for the bridge. */
class FakeSocket {
  static last: FakeSocket | null = null;
  /** A server that is down: every new socket errors and closes instead of opening. */
  static down = false;
  sent: { id: number; channel: string; payload: unknown }[] = [];
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onmessage: ((ev: { data: string }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.last = this;
    const down = FakeSocket.down;
    queueMicrotask(() => {
      if (!down) return this.onopen?.();
      this.onerror?.();
      this.onclose?.();
    });
  }
  send(data: string) {
    this.sent.push(JSON.parse(data) as { id: number; channel: string; payload: unknown });
  }
  receive(msg: unknown) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
}

const Impl = FakeSocket as unknown as typeof WebSocket;
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('createWebSocketBridge', () => {
  it('matches replies to requests by id', async () => {
    const bridge = createWebSocketBridge('ws://x/api', Impl);
    const a = bridge.invoke('causeway:app.info', {});
    const b = bridge.invoke('causeway:project.recent', {});
    await tick();
    const ws = FakeSocket.last;
    expect(ws?.sent.map((m) => m.channel)).toEqual(['causeway:app.info', 'causeway:project.recent']);
    ws?.receive({ id: ws.sent[1]?.id, result: { ok: true, value: [] } });
    ws?.receive({ id: ws.sent[0]?.id, result: { ok: true, value: 'info' } });
    expect(await a).toEqual({ ok: true, value: 'info' });
    expect(await b).toEqual({ ok: true, value: [] });
  });

  it('delivers events to listeners until they unsubscribe', async () => {
    const bridge = createWebSocketBridge('ws://x/api', Impl);
    const got: unknown[] = [];
    const off = bridge.on('causeway-event:job.updated', (p) => got.push(p));
    await tick();
    FakeSocket.last?.receive({ event: 'causeway-event:job.updated', payload: 1 });
    off();
    FakeSocket.last?.receive({ event: 'causeway-event:job.updated', payload: 2 });
    expect(got).toEqual([1]);
  });

  it('fails pending calls with E_IO when the connection closes', async () => {
    const bridge = createWebSocketBridge('ws://x/api', Impl);
    const p = bridge.invoke('causeway:app.info', {});
    await tick();
    FakeSocket.last?.onclose?.();
    const r = await p;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('E_IO');
  });

  describe('after the connection drops', () => {
    afterEach(() => {
      vi.useRealTimers();
      FakeSocket.down = false;
    });

    it('reconnects by itself while something listens, and events flow again', async () => {
      vi.useFakeTimers();
      const bridge = createWebSocketBridge('ws://x/api', Impl);
      const got: unknown[] = [];
      bridge.on('causeway-event:job.updated', (p) => got.push(p));
      await vi.advanceTimersByTimeAsync(0);
      const first = FakeSocket.last;
      first?.onclose?.();
      expect(FakeSocket.last).toBe(first); // not at once: a short wait first
      await vi.advanceTimersByTimeAsync(300);
      const second = FakeSocket.last;
      expect(second).not.toBe(first);
      second?.receive({ event: 'causeway-event:job.updated', payload: 'after' });
      expect(got).toEqual(['after']);
    });

    it('waits longer after each failed attempt and starts over once connected', async () => {
      vi.useFakeTimers();
      const bridge = createWebSocketBridge('ws://x/api', Impl);
      bridge.on('causeway-event:job.updated', () => undefined);
      await vi.advanceTimersByTimeAsync(0);
      /** ms until the bridge makes its next socket. */
      const nextAttempt = async (): Promise<number> => {
        const before = FakeSocket.last;
        const t0 = Date.now();
        while (FakeSocket.last === before) await vi.advanceTimersByTimeAsync(10);
        return Date.now() - t0;
      };
      FakeSocket.down = true;
      FakeSocket.last?.onclose?.();
      const waits = [await nextAttempt(), await nextAttempt(), await nextAttempt()];
      expect(waits[1]).toBeGreaterThan(waits[0] as number);
      expect(waits[2]).toBeGreaterThan(waits[1] as number);
      FakeSocket.down = false;
      const recovered = await nextAttempt();
      expect(recovered).toBeGreaterThan(waits[2] as number);
      await vi.advanceTimersByTimeAsync(0); // it opens
      FakeSocket.last?.onclose?.();
      expect(await nextAttempt()).toBe(waits[0]); // connected once: back to the shortest wait
    });

    it('stays closed when nothing listens (the next call reconnects)', async () => {
      vi.useFakeTimers();
      const bridge = createWebSocketBridge('ws://x/api', Impl);
      const off = bridge.on('causeway-event:job.updated', () => undefined);
      await vi.advanceTimersByTimeAsync(0);
      off();
      const first = FakeSocket.last;
      first?.onclose?.();
      await vi.advanceTimersByTimeAsync(20000);
      expect(FakeSocket.last).toBe(first);
      const reply = bridge.invoke('causeway:app.info', {});
      await vi.advanceTimersByTimeAsync(0);
      const second = FakeSocket.last;
      expect(second).not.toBe(first);
      second?.receive({ id: second.sent[0]?.id, result: { ok: true, value: 'info' } });
      expect(await reply).toEqual({ ok: true, value: 'info' });
    });
    it('tells listeners the connection was lost once, and restored when it is back', async () => {
      vi.useFakeTimers();
      const bridge = createWebSocketBridge('ws://x/api', Impl);
      const seen: string[] = [];
      bridge.on('causeway-event:connection.dropped', () => seen.push('lost'));
      bridge.on('causeway-event:connection.restored', () => seen.push('restored'));
      await vi.advanceTimersByTimeAsync(0);
      expect(seen).toEqual([]); // the first connection is not a restore
      FakeSocket.down = true;
      FakeSocket.last?.onclose?.();
      await vi.advanceTimersByTimeAsync(2000); // failed attempts in between say nothing more
      expect(seen).toEqual(['lost']);
      FakeSocket.down = false;
      await vi.advanceTimersByTimeAsync(10000);
      expect(seen).toEqual(['lost', 'restored']);
    });
  });
});
