// The sha256 of a matrix file computed while the writer writes it (docs/dataset-store.md, "The file's
// sha256"), so that ranking never reads a CMap-sized collection a second time to hash it (~1 s of a core
// for 1.8 GB, as long as the ranking itself).
//
// node's hash runs on the calling thread (~0.6–0.8 s per GB here), and the import's reader keeps that
// thread busy, so the hash runs on a worker thread. Bytes in a SharedArrayBuffer (the streaming
// readers' result buffer, DatasetWriter.buffer) are hashed where they are: the worker is sent a view,
// not a copy. Other bytes (the header, the names, a matrix that prepareImport rebuilt) are copied into
// a few shared slots (a memcpy, ~0.12 s per GB) and hashed in order with the rest. Pieces wait as
// references (final once reported, alive until the write is committed) and are copied only when a
// slot comes back: memory stays at the slots however far the hash lags.
// Plain JS evaluated in the worker: no loader (tsx, bundler) is involved.
import { createHash, type Hash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

const SLOT_BYTES = 8 << 20;
/** Twice the largest block a streaming reader reports per event-loop turn (GCTX: 16 MB). */
const SLOTS = 4;
/** Smaller files are hashed on the calling thread: a few milliseconds, less than starting a thread. */
const THREAD_MIN_BYTES = 8 << 20;

const CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const h = createHash('sha256');
const slots = workerData.map((b) => new Uint8Array(b));
parentPort.on('message', (m) => {
  if (m.shared) return void h.update(m.shared);
  if (m.slot < 0) return parentPort.postMessage({ digest: h.digest('hex') });
  h.update(slots[m.slot].subarray(0, m.length));
  parentPort.postMessage({ slot: m.slot });
});
`;

/** sha256 of the pieces given to update(), in order, hashed on a worker thread. */
export class StreamingSha256 {
  private readonly worker: Worker | null;
  /** Small files, or where the worker cannot start (restricted environments): hashed on this thread. */
  private readonly local: Hash | null = null;
  private readonly slots: Uint8Array[] = [];
  private readonly free: number[] = [];
  private readonly pending: Uint8Array[] = [];
  private finish: { resolve(hex: string): void; reject(e: unknown): void } | null = null;
  private requested = false;
  private failure: unknown = null;

  /** `expectedBytes`: about how many bytes will be hashed (decides the thread). */
  constructor(expectedBytes: number) {
    let worker: Worker | null = null;
    if (expectedBytes >= THREAD_MIN_BYTES) {
      const buffers = Array.from({ length: SLOTS }, () => new SharedArrayBuffer(SLOT_BYTES));
      try {
        worker = new Worker(CODE, { eval: true, workerData: buffers });
        buffers.forEach((b, i) => (this.slots.push(new Uint8Array(b)), this.free.push(i)));
      } catch {
        /* hashed here instead */
      }
    }
    this.worker = worker;
    if (!worker) {
      this.local = createHash('sha256');
      return;
    }
    worker.on('message', (m: { slot?: number; digest?: string }) => {
      if (m.digest !== undefined) {
        this.finish?.resolve(m.digest);
        void worker.terminate();
      } else if (m.slot !== undefined) {
        this.free.push(m.slot);
        this.pump();
      }
    });
    const fail = (e: unknown): void => {
      this.failure ??= e;
      this.finish?.reject(e);
    };
    worker.once('error', fail);
    worker.once('exit', (code) => fail(new Error(`the hash thread stopped (exit ${code})`)));
  }

  /** Append `bytes` to what is hashed. They are read later: they must not change until digest(). */
  update(bytes: Uint8Array): void {
    if (this.local) this.local.update(bytes);
    else if (bytes.length > 0) {
      this.pending.push(bytes);
      this.pump();
    }
  }

  /** The hex digest once every piece is hashed; rejects if the hash thread failed or was cancelled. */
  digest(): Promise<string> {
    if (this.local) return Promise.resolve(this.local.digest('hex'));
    const done = new Promise<string>((resolve, reject) => (this.finish = { resolve, reject }));
    done.catch(() => undefined); // a cancelled hash is not an unhandled rejection
    if (this.failure) this.finish?.reject(this.failure);
    this.requested = true;
    this.pump();
    return done;
  }

  /** Stop hashing (the write failed); a pending digest() rejects. */
  cancel(): void {
    this.pending.length = 0;
    void this.worker?.terminate();
  }

  /**
   * Send waiting pieces in order: shared ones as they are, the others copied into free slots; once all
   * are sent, ask for the digest.
   */
  private pump(): void {
    const worker = this.worker as Worker;
    while (this.pending.length > 0 && (shared(this.pending[0]) || this.free.length > 0)) {
      if (shared(this.pending[0])) {
        worker.postMessage({ shared: this.pending.shift() });
        continue;
      }
      const slot = this.free.pop() as number;
      const into = this.slots[slot] as Uint8Array;
      let n = 0;
      while (n < into.length && this.pending.length > 0 && !shared(this.pending[0])) {
        const piece = this.pending[0] as Uint8Array;
        const k = Math.min(piece.length, into.length - n);
        into.set(piece.subarray(0, k), n);
        n += k;
        if (k === piece.length) this.pending.shift();
        else this.pending[0] = piece.subarray(k);
      }
      worker.postMessage({ slot, length: n });
    }
    if (this.requested && this.pending.length === 0) {
      this.requested = false;
      worker.postMessage({ slot: -1 }); // messages arrive in order: after every slot sent before it
    }
  }
}

const shared = (bytes: Uint8Array | undefined): boolean => bytes?.buffer instanceof SharedArrayBuffer;
