import { appendFileSync } from 'node:fs';
import dgram from 'node:dgram';
import net from 'node:net';

/**
 * Causeway is built for offline labs: every process (main, server, CLI, workers) refuses any TCP
 * connection or UDP datagram that is not to this machine. Every route out goes through one of the two
 * prototypes guarded here: net.Socket#connect (net, tls, http and https Agents, fetch) and dgram.Socket.
 * A refused attempt is recorded (and, when CAUSEWAY_NETWORK_LOG names a file, appended to it) so the
 * end-to-end suite can assert there were none.
 */
const LOOPBACK_NAMES = new Set(['localhost', '::1', '[::1]', '0:0:0:0:0:0:0:1']);

export function isLoopbackHost(host: string | undefined | null): boolean {
  if (host === undefined || host === null || host === '') return true; // Node defaults to localhost.
  const h = host.toLowerCase();
  if (LOOPBACK_NAMES.has(h)) return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  if (/^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  return false;
}

type Lookup = (host: string, options: unknown, callback: (...result: unknown[]) => void) => void;

interface ConnectTarget {
  host?: string | undefined;
  port?: number | string | undefined;
  /** A Unix socket or Windows pipe: only a non-empty string (http Agents pass `path: null` for TCP). */
  path?: string | undefined;
  lookup?: Lookup | undefined;
}

/** Read the destination out of the many call shapes of Socket#connect. */
export function connectTarget(args: unknown[]): ConnectTarget {
  let first = args[0];
  // net.connect() passes pre-normalised arguments as an array whose first item is the options.
  if (Array.isArray(first)) first = first[0];
  if (first !== null && typeof first === 'object') {
    const o = first as { host?: unknown; port?: unknown; path?: unknown; lookup?: unknown };
    const target: ConnectTarget = {
      host: typeof o.host === 'string' ? o.host : undefined,
      port: o.port as ConnectTarget['port'],
      path: typeof o.path === 'string' && o.path !== '' ? o.path : undefined,
    };
    if (typeof o.lookup === 'function') target.lookup = o.lookup as Lookup;
    return target;
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    return { port: first, host: typeof args[1] === 'string' ? args[1] : undefined };
  }
  if (typeof first === 'string' && first !== '') return { path: first }; // Unix socket or pipe: local.
  return {};
}

export const blockedConnections: string[] = [];

function record(where: string): string {
  blockedConnections.push(where);
  const line = `network-guard: blocked a connection to ${where} (Causeway works offline)`;
  process.stderr.write(`${line}\n`);
  const log = process.env['CAUSEWAY_NETWORK_LOG'];
  if (log) appendFileSync(log, `${new Date().toISOString()} pid ${process.pid} ${where}\n`);
  return line;
}

/**
 * A caller's own `lookup` may turn "localhost" into any address: let it resolve, then refuse the
 * answer unless every address is loopback.
 */
function guardedLookup(lookup: Lookup, port: unknown): Lookup {
  return (host, options, callback) => {
    lookup(host, options, (err: unknown, address: unknown, family: unknown) => {
      if (err) return callback(err);
      const list = Array.isArray(address)
        ? (address as { address: string }[]).map((a) => a.address)
        : [String(address)];
      const outside = list.find((a) => !isLoopbackHost(a));
      if (outside !== undefined) return callback(new Error(record(`${outside}:${String(port ?? '?')}`)));
      return callback(null, address, family);
    });
  };
}

let installed = false;

interface SocketProto {
  connect(this: unknown, ...args: unknown[]): unknown;
}

interface DatagramProto {
  connect(this: unknown, ...args: unknown[]): unknown;
  send(this: unknown, ...args: unknown[]): unknown;
}

export function installNetworkGuard(
  proto: SocketProto = net.Socket.prototype as unknown as SocketProto,
  datagram?: DatagramProto,
): void {
  if (proto === (net.Socket.prototype as unknown as SocketProto)) {
    if (installed) return;
    installed = true;
    datagram ??= dgram.Socket.prototype as unknown as DatagramProto;
  }
  const original = proto.connect;
  proto.connect = function guardedConnect(this: unknown, ...args: unknown[]): unknown {
    const target = connectTarget(args);
    if (target.path === undefined && !isLoopbackHost(target.host)) {
      const line = record(`${target.host ?? '?'}:${String(target.port ?? '?')}`);
      const socket = this as { destroy?: (e: Error) => void };
      process.nextTick(() => socket.destroy?.(new Error(line)));
      return this;
    }
    if (target.path === undefined && target.lookup) {
      const options = (Array.isArray(args[0]) ? args[0][0] : args[0]) as { lookup: Lookup };
      options.lookup = guardedLookup(target.lookup, target.port);
    }
    return original.apply(this, args);
  };
  if (datagram) guardDatagrams(datagram);
}

/** UDP: `connect(port, address)` and `send(…, port, address)` name the peer as their string argument. */
function guardDatagrams(proto: DatagramProto): void {
  for (const method of ['connect', 'send'] as const) {
    const original = proto[method];
    proto[method] = function guardedDatagram(this: unknown, ...args: unknown[]): unknown {
      const address = args.find((a, i) => i > 0 && typeof a === 'string');
      if (typeof address === 'string' && !isLoopbackHost(address)) {
        const port = args.find((a, i) => i > 0 && typeof a === 'number');
        throw new Error(record(`${address}:${String(port ?? '?')} (UDP)`));
      }
      return original.apply(this, args);
    };
  }
}
