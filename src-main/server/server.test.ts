import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodChannel } from '#shared/contracts/api.ts';
import { Backend } from '../services/backend.ts';
import { forkLauncher } from '../services/jobs/worker-handle.ts';
import { computeWorkerSource, demoDir } from '../services/paths.ts';
import { startServer, type RunningServer } from './server.ts';

let root: string;
let server: RunningServer;
let backend: Backend;
const serverLog: string[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'causeway-server-'));
  const ui = join(root, 'ui');
  mkdirSync(ui);
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Causeway</title>');
  writeFileSync(join(root, 'secret.txt'), 'outside the UI folder');
  backend = new Backend({
    version: '0.0.0',
    dataDir: join(root, 'data'),
    demoDir: demoDir(),
    launchComputeWorker: forkLauncher(computeWorkerSource()),
  });
  server = await startServer({ backend, rendererDir: ui, port: 0, log: (line) => serverLog.push(line) });
});
afterAll(async () => {
  await server.close();
  backend.dispose();
  rmSync(root, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const tokenOf = (url: string): string => new URL(url).searchParams.get('token') ?? '';

async function sessionCookie(): Promise<string> {
  const r = await get(`/?token=${tokenOf(server.newUrl())}`);
  const cookie = String(r.headers['set-cookie'] ?? '').split(';')[0] ?? '';
  return cookie;
}

function openSocket(headers: Record<string, string>): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api`, { headers });
    ws.on('open', () => resolve(ws));
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

function call(
  ws: WebSocket,
  channel: string,
  payload: unknown,
): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  return new Promise((resolve) => {
    const id = Math.floor(Math.random() * 1e9);
    const onMessage = (data: Buffer): void => {
      const msg = JSON.parse(data.toString()) as { id?: number; result?: never };
      if (msg.id === id) {
        ws.off('message', onMessage);
        resolve(msg.result as never);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, channel, payload }));
  });
}

function rawHttp(text: string): Promise<string> {
  return new Promise((resolve) => {
    const sock = connect(server.port, '127.0.0.1', () => sock.write(text));
    let got = '';
    sock.on('data', (d: Buffer) => {
      got += d.toString('latin1');
      if (got.includes('\r\n\r\n')) sock.destroy();
    });
    sock.on('close', () => resolve(got));
    sock.on('error', () => resolve(got));
    setTimeout(() => sock.destroy(), 2000);
  });
}

describe('server mode', () => {
  it('listens on loopback and prints a token URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it('refuses the page without the token, with a wrong token, and with a foreign Host', async () => {
    expect((await get('/')).status).toBe(403);
    expect((await get('/?token=wrong')).status).toBe(403);
    const token = tokenOf(server.newUrl());
    expect((await get(`/?token=${token}`, { Host: `evil.example:${server.port}` })).status).toBe(403);
  });

  it('trades the token for an HttpOnly session cookie and serves the UI with a CSP', async () => {
    const first = await get(`/?token=${tokenOf(server.url)}`);
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe('/');
    expect(String(first.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await get('/', { Cookie: await sessionCookie() });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Causeway</title>');
    expect(String(page.headers['content-security-policy'])).toContain("default-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
  });

  it('each token works once and each browser gets its own session cookie', async () => {
    const token = tokenOf(server.newUrl());
    const first = await get(`/?token=${token}`);
    expect(first.status).toBe(302);
    const again = await get(`/?token=${token}`);
    expect(again.status).toBe(403);
    expect(again.body).toMatch(/already used/);
    const a = await sessionCookie();
    const b = await sessionCookie();
    expect(a).toMatch(/^causeway_session=.{20,}/);
    expect(a).not.toBe(b);
    expect((await get('/', { Cookie: a })).status).toBe(200);
    expect((await get('/', { Cookie: b })).status).toBe(200);
    expect((await get('/', { Cookie: 'causeway_session=forged' })).status).toBe(403);
  });

  it('answers a request line it cannot parse with 400 and keeps serving', async () => {
    const reply = await rawHttp(`GET http://[ HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`);
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect((await get('/')).status).toBe(403);
  });

  it('never serves files outside the UI folder', async () => {
    const cookie = await sessionCookie();
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%00']) {
      const r = await get(p, { Cookie: cookie });
      expect(r.status, p).toBe(404);
      expect(r.body).not.toContain('outside the UI folder');
    }
  });

  it('refuses WebSocket upgrades without a session or from another origin', async () => {
    const origin = `http://127.0.0.1:${server.port}`;
    expect(await openSocket({ Origin: origin })).toBe(403);
    const cookie = await sessionCookie();
    expect(await openSocket({ Origin: 'http://evil.example', Cookie: cookie })).toBe(403);
    expect(await openSocket({ Cookie: cookie })).toBe(403);
  });

  it('answers the contract over the socket, validating input', async () => {
    const ws = await openSocket({ Origin: `http://127.0.0.1:${server.port}`, Cookie: await sessionCookie() });
    if (typeof ws === 'number') throw new Error(`socket refused: ${ws}`);
    const info = await call(ws, methodChannel('app.info'), {});
    expect(info).toMatchObject({
      ok: true,
      value: { name: 'Causeway', host: 'server', canPickFolders: false },
    });
    const bad = await call(ws, methodChannel('project.open'), { dir: 42 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'E_INVALID_INPUT' } });
    // Problems are said in words, not as zod's developer text.
    expect(bad.error?.message).toBe('project.open: "dir" must be a string (it was 42).');
    const empty = await call(ws, methodChannel('upload.begin'), { fileName: 'a.csv', size: 0 });
    expect(empty).toMatchObject({ ok: false, error: { code: 'E_INVALID_INPUT' } });
    expect(empty.error?.message).toBe('a.csv is empty (0 bytes); choose a file with data.');
    const unknown = await call(ws, 'causeway:fs.delete', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'E_INVALID_INPUT' } });
    const demo = await call(ws, methodChannel('project.openDemo'), {});
    expect(demo.ok).toBe(true);
    ws.close();
  });
});
