import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';

export interface CausewayServer {
  url: string;
  /** Each printed address works once (one browser session): ask the server for a fresh one. */
  newUrl(): Promise<string>;
  origin: string;
  dataDir: string;
  networkLog: string;
  /** Requests the page made; every one must stay on loopback. */
  requests: string[];
}

async function startServer(
  dataDir: string,
  networkLog: string,
): Promise<{ child: ChildProcess; url: string; newUrl: () => Promise<string> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/server/main.ts', '--port', '0'], {
    env: {
      ...process.env,
      CAUSEWAY_DATA_DIR: dataDir,
      CAUSEWAY_NETWORK_LOG: networkLog,
      // Slows progress reports so a person (and this test) can watch and cancel a short job.
      CAUSEWAY_JOB_THROTTLE_MS: '120',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}\n${err}`)), 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}):\n${out}\n${err}`)));
  });
  // A line on the server's stdin prints a new one-time address.
  const newUrl = (): Promise<string> =>
    new Promise((resolve) => {
      const seen = out.length;
      const onData = (): void => {
        const m = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)/.exec(out.slice(seen));
        if (m?.[1]) {
          child.stdout?.off('data', onData);
          resolve(m[1]);
        }
      };
      child.stdout?.on('data', onData);
      child.stdin?.write('\n');
    });
  return { child, url, newUrl };
}

export const test = base.extend<{ app: Page }, { server: CausewayServer }>({
  server: [
    // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies this way.
    async ({}, use) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'causeway-e2e-'));
      const networkLog = join(dataDir, 'network.log');
      const { child, url, newUrl } = await startServer(dataDir, networkLog);
      const origin = new URL(url).origin;
      const server: CausewayServer = { url, newUrl, origin, dataDir, networkLog, requests: [] };
      await use(server);
      child.kill('SIGTERM');
      // The backend (server and workers) must never have tried to leave the machine.
      const blocked = existsSync(networkLog) ? readFileSync(networkLog, 'utf8') : '';
      rmSync(dataDir, { recursive: true, force: true });
      if (blocked.trim()) throw new Error(`The backend tried non-loopback connections:\n${blocked}`);
    },
    { scope: 'worker' },
  ],
  app: async ({ page, server }, use) => {
    page.on('request', (r) => server.requests.push(r.url()));
    // A CSP violation or an uncaught exception is a bug even when the journey still works.
    const problems: string[] = [];
    page.on('console', (m) => {
      if (
        m.type() === 'error' &&
        !/Failed to load resource: the server responded with a status of 403/.test(m.text())
      ) {
        problems.push(m.text());
      }
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(await server.newUrl());
    // Specs share one server per worker: every test starts on the start screen, whatever the last left open.
    const shellOrStart = page.getByTestId('app-shell').or(page.getByTestId('start-screen'));
    await expect(shellOrStart).toBeVisible();
    if (await page.getByTestId('app-shell').isVisible()) await page.getByTestId('close-project').click();
    await expect(page.getByTestId('start-screen')).toBeVisible();
    await use(page);
    expect(problems, 'console errors in the page').toEqual([]);
    const outside = server.requests.filter((u) => {
      const { protocol, hostname } = new URL(u);
      return !(
        protocol === 'data:' ||
        protocol === 'blob:' ||
        hostname === '127.0.0.1' ||
        hostname === 'localhost'
      );
    });
    expect(outside, 'the page made non-loopback requests').toEqual([]);
  },
});

export { expect };
