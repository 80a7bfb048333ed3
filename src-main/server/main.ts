// `npm run serve`: the Causeway UI in any local browser, for headless workstations and e2e tests.
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Backend, defaultDataDir } from '../services/backend.ts';
import { forkLauncher } from '../services/jobs/worker-handle.ts';
import { installNetworkGuard } from '../services/network-guard.ts';
import { appVersion, computeWorkerSource, demoDir, rendererDir } from '../services/paths.ts';
import { startServer } from './server.ts';

installNetworkGuard();

const { values } = parseArgs({
  options: { port: { type: 'string' }, help: { type: 'boolean' } },
  strict: true,
});
if (values.help) {
  process.stdout.write(
    'Usage: npm run serve -- [--port N]\n' +
      'Serves Causeway on http://127.0.0.1 and prints an address with a one-time token: opening it gives\n' +
      'that browser its own session cookie and the token stops working. For another browser, press\n' +
      'Enter in this terminal (or send SIGUSR2 to the process) and a new address is printed.\n',
  );
  process.exit(0);
}
const port = values.port === undefined ? 0 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(
    `error E_INVALID_INPUT: --port must be a number from 0 to 65535, got "${values.port}".\n`,
  );
  process.exit(2);
}
if (!existsSync(rendererDir())) {
  process.stderr.write('error E_NOT_FOUND: the UI is not built; run `npm run build:web` first.\n');
  process.exit(2);
}

const backend = new Backend({
  version: appVersion(),
  dataDir: defaultDataDir(),
  demoDir: demoDir(),
  launchComputeWorker: forkLauncher(computeWorkerSource()),
  prewarmWorkers: 1,
});
const server = await startServer({ backend, rendererDir: rendererDir(), port });
process.stdout.write(`Causeway ${appVersion()} is serving on 127.0.0.1 only.\nOpen: ${server.url}\n`);

// One client's bad input must never stop the server for the others or kill their running jobs: log
// whatever escapes the per-connection handlers and keep serving.
// (Installed once listening, so a port already in use still stops the start with its error.)
process.on('uncaughtException', (e) =>
  process.stderr.write(`server: unexpected error, still serving: ${e.stack ?? e.message}\n`),
);
process.on('unhandledRejection', (e) =>
  process.stderr.write(`server: unexpected rejection, still serving: ${String(e)}\n`),
);

// Each address works once; another browser needs a new one.
const printNewUrl = (): void => {
  process.stdout.write(`Open: ${server.newUrl()}\n`);
};
createInterface({ input: process.stdin }).on('line', printNewUrl);
if (process.platform !== 'win32') process.on('SIGUSR2', printNewUrl);

const shutdown = (): void => {
  backend.dispose();
  void server.close().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
