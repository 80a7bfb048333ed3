// The source file's sha256 on another core: node's hash update runs on the calling thread, ~0.6 s per GB
// here. stage-dataset.ts starts it with the read, so the hash is done by the time the reader is (the
// reader uses one core, the hash the other; the matrix file's direct writes need little CPU). Plain JS
// evaluated in the worker: no loader (tsx, bundler) is involved.
import { Worker } from 'node:worker_threads';
import { readFileSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from './atomic-write.ts';
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

/** Where cachedSha256 keeps a file's hash: beside it, hidden. */
export const hashCacheFile = (file: string): string => join(dirname(file), `.${basename(file)}.sha256`);

const cacheKey = (st: Stats): { size: number; mtimeMs: number; ino: number } => ({
  size: st.size,
  mtimeMs: st.mtimeMs,
  ino: st.ino,
});

/**
 * Keep `sha256` beside `file` as cachedSha256 reads it, for the file as `st` describes it (stat taken
 * before hashing, or fstat of the written descriptor: a file replaced meanwhile then misses the cache).
 * The dataset store's writer records the hash it computed while writing (dataset-store/store-hash.ts),
 * so no later job hashes the file. Best effort: a read-only folder only loses the cache.
 */
export function recordSha256(file: string, sha256: string, st: Stats): void {
  try {
    writeFileAtomic(hashCacheFile(file), JSON.stringify({ ...cacheKey(st), sha256 }));
  } catch {
    /* read-only project: hash again next time */
  }
}

/**
 * sha256InWorker for project files, which are replaced by rename and never modified in place: the hash
 * is kept beside the file with its size, mtime and inode, and reused while they match. Ranking against
 * a CMap-sized collection would otherwise hash 1.8 GB on every run (~1 s of a core, half the job).
 */
export function cachedSha256(file: string): PendingHash {
  const st = statSync(file);
  const key = cacheKey(st);
  const cache = hashCacheFile(file);
  try {
    const c = JSON.parse(readFileSync(cache, 'utf8')) as typeof key & { sha256: unknown };
    if (c.size === key.size && c.mtimeMs === key.mtimeMs && c.ino === key.ino && typeof c.sha256 === 'string')
      return { promise: Promise.resolve(c.sha256), cancel: () => undefined };
  } catch {
    /* no cache yet, or an unreadable one: hash */
  }
  const pending = sha256InWorker(file);
  const promise = pending.promise.then((sha256) => {
    recordSha256(file, sha256, st);
    return sha256;
  });
  promise.catch(() => undefined); // a cancelled hash is not an unhandled rejection
  return { promise, cancel: pending.cancel };
}
