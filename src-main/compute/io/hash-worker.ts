// The source file's sha256 on another core: node's hash update runs on the calling thread, ~0.6 s per GB
// here. stage-dataset.ts starts it with the read, so the hash is done by the time the reader is (the
// reader uses one core, the hash the other; the matrix file's direct writes need little CPU). Plain JS
// evaluated in the worker: no loader (tsx, bundler) is involved.
import { Worker } from 'node:worker_threads';
import { sha256File } from './file-hash.ts';

const CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const h = createHash('sha256');
const buf = Buffer.allocUnsafe(4 << 20);
const fd = openSync(workerData, 'r');
try {
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, null);
    if (n === 0) break;
    h.update(buf.subarray(0, n));
  }
} finally {
  closeSync(fd);
}
parentPort.postMessage(h.digest('hex'));
`;

export interface PendingHash {
  promise: Promise<string>;
  /** Stop hashing (the import failed); the promise then rejects, and nobody needs to await it. */
  cancel(): void;
}

export function sha256InWorker(file: string): PendingHash {
  let worker: Worker;
  try {
    worker = new Worker(CODE, { eval: true, workerData: file });
  } catch {
    // No workers (restricted environments): hash on this thread instead.
    const ac = new AbortController();
    const promise = sha256File(file, ac.signal);
    promise.catch(() => undefined);
    return { promise, cancel: () => ac.abort() };
  }
  let settled = false;
  const promise = new Promise<string>((resolve, reject) => {
    worker.once('message', (hex: string) => {
      settled = true;
      resolve(hex);
      void worker.terminate();
    });
    worker.once('error', (e) => {
      settled = true;
      reject(e);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`hashing ${file} stopped (worker exit ${code})`));
    });
  });
  promise.catch(() => undefined); // a cancelled hash is not an unhandled rejection
  return { promise, cancel: () => void worker.terminate() };
}
