import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { EVENT_NAMES, eventChannel } from '#shared/contracts/api.ts';
import { dispatch } from '../ipc/dispatch.ts';
import { createHandlers, type Handlers } from '../ipc/handlers.ts';
import type { Backend } from '../services/backend.ts';
import { withCaller } from '../services/jobs/worker-caller.ts';
import { ServerAuth, isOwnHost, isOwnOrigin } from './auth.ts';
import { securityHeaders, serveStatic } from './static-files.ts';

export interface ServerOptions {
  backend: Backend;
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Where a misbehaving client is reported (default stderr). */
  log?: (line: string) => void;
}

export interface RunningServer {
  /** The address printed at start; its token works once. */
  url: string;
  port: number;
  /** A fresh one-time address for another browser. */
  newUrl(): string;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 1024 * 1024;

/** Server mode: the built UI and the same API as the desktop app, on loopback only, behind a token. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const auth = new ServerAuth();
  const firstToken = auth.issueToken();
  const handlers = createHandlers(options.backend, { host: 'server' });
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const sockets = new Set<WebSocket>();
  let port = 0;

  const http: Server = createServer((req, res) => {
    // A request the handler cannot make sense of is that client's problem: answer 400, keep serving.
    try {
      handleRequest(req, res);
    } catch (e) {
      log(`server: refused a malformed request (${(e as Error).message})`);
      if (!res.headersSent) res.writeHead(400);
      res.end();
    }
  });

  function handleRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headers = securityHeaders(port);
    if (!isOwnHost(req.headers.host, port)) {
      res.writeHead(403, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Forbidden: unexpected Host header.');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, headers);
      res.end();
      return;
    }
    const token = url.searchParams.get('token');
    const cookie = token === null ? null : auth.redeem(token);
    if (cookie !== null) {
      // Trade the one-time token for this browser's own session cookie; drop it from the address bar.
      url.searchParams.delete('token');
      res.writeHead(302, { ...headers, 'Set-Cookie': cookie, Location: url.pathname + url.search });
      res.end();
      return;
    }
    if (!auth.hasSession(req)) {
      res.writeHead(403, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(
        token === null
          ? 'Forbidden: open the address with the token that `npm run serve` printed.'
          : 'Forbidden: this token was already used or is wrong; each printed address works once. ' +
              'Press Enter in the terminal running `npm run serve` for a new one.',
      );
      return;
    }
    serveStatic(options.rendererDir, url.pathname, res, port);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  http.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    // Until ws takes the socket over, a reset connection must not become an uncaught 'error'.
    socket.on('error', () => socket.destroy());
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      return;
    }
    const allowed =
      url.pathname === '/api' && isOwnHost(req.headers.host, port) && isOwnOrigin(req.headers.origin, port);
    if (!allowed || !(auth.hasSession(req) || auth.redeem(url.searchParams.get('token')) !== null)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      // Reads this client started (an inspect of a huge file) stop when it leaves; jobs go on.
      const gone = new AbortController();
      ws.on('close', () => {
        sockets.delete(ws);
        gone.abort();
      });
      // Oversized, unmasked, reserved-opcode or invalid UTF-8 frames arrive here: drop this client only.
      ws.on('error', (e) => {
        log(`server: closed a client connection after a bad frame (${e.message})`);
        ws.terminate();
      });
      ws.on('message', (data, isBinary) =>
        withCaller(gone.signal, () => onMessage(handlers, ws, data, isBinary, log)),
      );
    });
  });

  const unsubscribe = options.backend.subscribe((event, payload) => {
    if (!EVENT_NAMES.includes(event)) return;
    const text = JSON.stringify({ event: eventChannel(event), payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text, ignoreSendError);
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  http.on('error', (e) => log(`server: ${e.message}`));
  port = (http.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}/`;
  return {
    url: `${base}?token=${firstToken}`,
    port,
    newUrl: () => `${base}?token=${auth.issueToken()}`,
    close: async () => {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function ignoreSendError(): void {
  // The client went away between the check and the send; its 'close' handler cleans up.
}

/** One API call: anything that is not `{id: number, channel: string, payload?}` in a text frame is dropped. */
function onMessage(
  handlers: Handlers,
  ws: WebSocket,
  data: RawData,
  isBinary: boolean,
  log: (line: string) => void,
): void {
  if (isBinary) return;
  let msg: unknown;
  try {
    msg = JSON.parse(String(data));
  } catch {
    return; // Not JSON: ignore, as a browser client never sends that.
  }
  if (msg === null || typeof msg !== 'object') return;
  const { id, channel, payload } = msg as { id?: unknown; channel?: unknown; payload?: unknown };
  if (typeof id !== 'number' || typeof channel !== 'string') return;
  dispatch(handlers, channel, payload)
    .then((result) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, result }), ignoreSendError);
    })
    .catch((e: unknown) => log(`server: could not answer ${channel.slice(0, 100)} (${String(e)})`));
}
