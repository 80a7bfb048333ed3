#!/usr/bin/env node
// The `causeway` command. It runs the bundle in out/cli/ (built by `npm run build:cli`, and by
// `npm ci` through `prepare`) while that bundle is newer than every source it was built from;
// otherwise it runs the TypeScript sources through tsx, so a developer never runs a stale bundle.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'out', 'cli', 'causeway.mjs');

function bundleIsCurrent() {
  try {
    const built = statSync(bundle).mtimeMs;
    const inputs = JSON.parse(readFileSync(join(root, 'out', 'cli', 'inputs.json'), 'utf8'));
    return inputs.every((file) => statSync(join(root, file)).mtimeMs <= built);
  } catch {
    return false; // no bundle, or a source it was built from is gone
  }
}

if (process.env['CAUSEWAY_CLI_TSX'] !== '1' && bundleIsCurrent()) {
  // Workers forked by the CLI run the worker bundled with it (services/paths.ts computeWorkerSource).
  process.env['CAUSEWAY_COMPUTE_WORKER'] ??= join(root, 'out', 'cli', 'compute.worker.mjs');
  const { runCli } = await import(bundle);
  runCli();
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { runCli } = await import('../src-main/cli/main.ts');
  runCli();
}
