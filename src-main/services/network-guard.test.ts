import dgram from 'node:dgram';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockedConnections, connectTarget, installNetworkGuard, isLoopbackHost } from './network-guard.ts';

describe('network guard', () => {
  it('knows loopback from everything else', () => {
    for (const h of ['127.0.0.1', '127.5.6.7', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1', undefined]) {
      expect(isLoopbackHost(h)).toBe(true);
    }
    for (const h of [
      '10.0.0.1',
      '192.168.1.1',
      '8.8.8.8',
      'example.org',
      '::ffff:10.0.0.1',
      '1127.0.0.1',
      '127.0.0.1.evil.com',
    ]) {
      expect(isLoopbackHost(h)).toBe(false);
    }
  });

  it('reads the target from every call shape of Socket#connect', () => {
    expect(connectTarget([443, 'example.org'])).toEqual({ port: 443, host: 'example.org' });
    expect(connectTarget([{ host: 'a', port: 1 }])).toEqual({ host: 'a', port: 1, path: undefined });
    expect(connectTarget([[{ host: 'b', port: 2 }, null]])).toEqual({ host: 'b', port: 2, path: undefined });
    expect(connectTarget(['/tmp/sock'])).toEqual({ path: '/tmp/sock' });
  });

  it('blocks non-loopback connects and lets loopback through (on a fake socket: no traffic leaves)', () => {
    const calls: unknown[][] = [];
    class FakeSocket {
      destroyed: Error | null = null;
      connect(...args: unknown[]): this {
        calls.push(args);
        return this;
      }
      destroy(e: Error): void {
        this.destroyed = e;
      }
    }
    installNetworkGuard(FakeSocket.prototype as unknown as { connect(...a: unknown[]): unknown });
    const before = blockedConnections.length;
    new FakeSocket().connect(80, '203.0.113.9');
    new FakeSocket().connect({ host: 'updates.example.com', port: 443 });
    new FakeSocket().connect(8080, '127.0.0.1');
    new FakeSocket().connect({ port: 9000 });
    expect(calls).toEqual([[8080, '127.0.0.1'], [{ port: 9000 }]]);
    expect(blockedConnections.slice(before)).toEqual(['203.0.113.9:80', 'updates.example.com:443']);
  });
});

describe('network guard on the real socket prototype (the connect underneath is stubbed: no packet leaves)', () => {
  type Lookup = (h: string, o: object, cb: (e: Error | null, a?: unknown) => void) => void;
  const seen: unknown[] = [];
  const lookups: Lookup[] = [];
  const proto = net.Socket.prototype as unknown as { connect(...a: unknown[]): unknown };
  const real = proto.connect;
  const dgramProto = dgram.Socket.prototype as unknown as { send(...a: unknown[]): unknown };
  const realSend = dgramProto.send;
  beforeAll(() => {
    // The stub stands where the kernel connect would be; the guard is installed over it.
    proto.connect = function stub(this: net.Socket, ...args: unknown[]) {
      const o = (Array.isArray(args[0]) ? args[0][0] : args[0]) as { host?: string; lookup?: unknown };
      seen.push(o.host);
      lookups.push(o.lookup as Lookup);
      return this;
    };
    dgramProto.send = () => 'sent';
    installNetworkGuard();
  });
  afterAll(() => {
    proto.connect = real;
    dgramProto.send = realSend;
  });

  const failure = (req: http.ClientRequest): Promise<string> =>
    new Promise((resolve) => {
      req.on('error', (e) => resolve(e.message));
      setTimeout(() => {
        req.destroy();
        resolve('not blocked');
      }, 500);
    });

  it('blocks http and https requests (their Agents connect with path: null)', async () => {
    const before = blockedConnections.length;
    expect(await failure(http.get('http://192.0.2.1/'))).toMatch(/blocked a connection to 192\.0\.2\.1:80/);
    expect(await failure(https.get('https://192.0.2.1/'))).toMatch(/blocked .*192\.0\.2\.1:443/);
    expect(blockedConnections.slice(before)).toEqual(['192.0.2.1:80', '192.0.2.1:443']);
    expect(seen).not.toContain('192.0.2.1');
  });

  it('refuses what a custom lookup resolves "localhost" to when that is not loopback', () => {
    // What the caller's lookup answers; the guard wraps it before the connect underneath runs it.
    const resolveWith =
      (address: unknown): Lookup =>
      (_h, _o, cb) =>
        cb(null, address);
    const outcome = (address: unknown): string => {
      new net.Socket().connect({ host: 'localhost', port: 8080, lookup: resolveWith(address) as never });
      let got = 'no answer';
      lookups.at(-1)?.('localhost', {}, (e, a) => (got = e ? e.message : JSON.stringify(a)));
      return got;
    };
    expect(outcome('192.0.2.7')).toMatch(/blocked a connection to 192\.0\.2\.7:8080/);
    expect(outcome([{ address: '127.0.0.1' }, { address: '192.0.2.8' }])).toMatch(/192\.0\.2\.8:8080/);
    expect(outcome('127.0.0.1')).toBe('"127.0.0.1"');
    expect(outcome([{ address: '::1' }])).toBe('[{"address":"::1"}]');
  });

  it('blocks UDP datagrams off the machine and lets loopback ones through', () => {
    const sock = dgram.createSocket('udp4');
    expect(() => sock.send('x', 53, '192.0.2.53')).toThrow(/blocked a connection to 192\.0\.2\.53:53/);
    expect(sock.send('x', 53, '127.0.0.1')).toBe('sent');
    sock.close();
  });
});
