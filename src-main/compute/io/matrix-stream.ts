// The project matrix file written while the reader is still reading. The disk here takes ~250 MB/s with
// fsync, so writing a 1 GB matrix after reading it adds ~4 s to an import whose read takes ~3 s; written
// in sample order as the reader reports samples done (sample-stream.ts), only the last stretch and the
// final fsync remain after the read. Everything before the sample bodies depends only on the names
// (matrix-store.ts arrowLayout), so it is written at begin(); body j lands at head + j × stride.
//
// Writes run in the libuv pool, at most WRITES_IN_FLIGHT at once (plus one fdatasync), so one pool
// thread stays free for readers that read through it (Parquet's async buffer). Completions are seen
// when the reader yields to the event loop, which streaming readers do after each report. A periodic
// fdatasync makes the kernel flush during the read instead of all at the end.
//
// Whether the streamed file is used is decided at commit(): only if the prepared matrix has exactly the
// names and the very buffer that were streamed (prepareImport left them alone). Otherwise, and on any
// failure, discard() removes the temp file and the caller writes the matrix the ordinary way.
import { close, closeSync, fdatasync, fsync, openSync, rename, rmSync, write, writev } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { arrowLayout, type ArrowLayout } from './matrix-store.ts';
import type { SampleStream } from './sample-stream.ts';
import type { SampleMajorMatrix } from './types.ts';

const CHUNK_BYTES = 32 << 20;
/** Smaller stretches wait for more samples: many small writes cost more syscalls than they overlap. */
const MIN_CHUNK_BYTES = 4 << 20;
const SYNC_EVERY_BYTES = 96 << 20;
const WRITES_IN_FLIGHT = 2;
/** IOV_MAX is 1024: one writev covers at most 512 padded samples (data + padding each). */
const MAX_IOV_SAMPLES = 512;

const writeP = promisify(write);
const writevP = promisify(writev);

async function writeAll(fd: number, buf: Uint8Array, pos: number): Promise<void> {
  let o = 0;
  while (o < buf.length) o += (await writeP(fd, buf, o, buf.length - o, pos + o)).bytesWritten;
}

export class StreamedMatrixFile implements SampleStream {
  private fd = -1;
  private tmp = '';
  private layout: ArrowLayout | null = null;
  private genes: readonly string[] = [];
  private samples: readonly string[] = [];
  private data: Float32Array | null = null;
  /** Samples whose bodies are queued or written. */
  private queuedTo = 0;
  private unsynced = 0;
  private syncing = false;
  private inFlight = 0;
  private readonly queue: (() => Promise<void>)[] = [];
  private idleWaiters: (() => void)[] = [];
  private error: unknown = null;
  /** Set once streaming cannot produce the file (second begin, mismatch, failure): ignore reports. */
  private dead = false;

  constructor(private readonly path: string) {}

  /** Whether a stream is open and has bodies written or queued (for tests and the bench). */
  get streamedSamples(): number {
    return this.dead ? 0 : this.queuedTo;
  }

  begin(genes: readonly string[], samples: readonly string[], data: Float32Array): void {
    // A reader that began and then fell back to another path reports a second time: give up streaming.
    if (this.fd >= 0 || this.dead || data.length !== genes.length * samples.length) {
      this.dead = true;
      return;
    }
    this.tmp = join(dirname(this.path), `.${basename(this.path)}.${randomBytes(6).toString('hex')}.stream`);
    try {
      this.fd = openSync(this.tmp, 'wx', 0o644);
    } catch {
      this.dead = true; // streaming is only an optimisation; the ordinary write reports real problems
      return;
    }
    this.genes = genes.slice();
    this.samples = samples.slice();
    this.data = data;
    this.layout = arrowLayout(genes, samples);
    // The pieces as they are: concatenating them would hold a second copy of the ~40 MB head of a
    // 250,000-sample file at the import's peak memory.
    const pieces = this.layout.head;
    const headBytes = pieces.reduce((n, p) => n + p.length, 0);
    this.enqueue(async () => {
      let pos = 0;
      for (const piece of pieces) {
        await writeAll(this.fd, piece, pos);
        pos += piece.length;
      }
    }, headBytes);
  }

  progress(samplesDone: number): void {
    if (this.dead || this.error || !this.layout || !this.data) return;
    const done = Math.min(samplesDone, this.samples.length);
    const { stride } = this.layout;
    const perChunk = Math.max(1, Math.floor(CHUNK_BYTES / stride));
    const final = done === this.samples.length;
    while (this.queuedTo < done && ((done - this.queuedTo) * stride >= MIN_CHUNK_BYTES || final)) {
      const a = this.queuedTo;
      const b = Math.min(done, a + perChunk);
      this.queueBodies(a, b);
      this.queuedTo = b;
    }
  }

  abandon(): void {
    this.dead = true; // the written part is stale; commit() sees `dead` and discards the file
  }

  /** Bodies of samples [a, b): one write of the buffer itself, or writevs adding each sample's padding. */
  private queueBodies(a: number, b: number): void {
    const { headLength, colBytes, stride } = this.layout as ArrowLayout;
    const data = this.data as Float32Array;
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (colBytes === stride) {
      const part = bytes.subarray(a * colBytes, b * colBytes);
      this.enqueue(() => writeAll(this.fd, part, headLength + a * stride), part.length);
      return;
    }
    const pad = new Uint8Array(stride - colBytes);
    for (let s = a; s < b; s += MAX_IOV_SAMPLES) {
      const e = Math.min(b, s + MAX_IOV_SAMPLES);
      const iov: Uint8Array[] = [];
      for (let j = s; j < e; j++) iov.push(bytes.subarray(j * colBytes, (j + 1) * colBytes), pad);
      const pos = headLength + s * stride;
      this.enqueue(
        async () => {
          const n = (e - s) * stride;
          const { bytesWritten } = await writevP(this.fd, iov, pos);
          // A short writev (rare on regular files): write the remainder from a staged copy.
          if (bytesWritten < n)
            await writeAll(this.fd, Buffer.concat(iov).subarray(bytesWritten), pos + bytesWritten);
        },
        (e - s) * stride,
      );
    }
  }

  private enqueue(job: () => Promise<void>, bytes: number): void {
    this.queue.push(async () => {
      await job();
      this.unsynced += bytes;
    });
    this.pump();
  }

  private pump(): void {
    while (this.inFlight < WRITES_IN_FLIGHT && this.queue.length > 0 && !this.error) {
      const job = this.queue.shift() as () => Promise<void>;
      this.inFlight++;
      job()
        .catch((e: unknown) => {
          this.error ??= e;
        })
        .finally(() => {
          this.inFlight--;
          this.maybeSync();
          this.pump();
          this.wakeIfIdle();
        });
    }
    this.wakeIfIdle();
  }

  /** Flush what is written so far in the background, so the final fsync finds little left to do. */
  private maybeSync(): void {
    if (this.syncing || this.unsynced < SYNC_EVERY_BYTES || this.error || this.fd < 0) return;
    this.syncing = true;
    this.unsynced = 0;
    fdatasync(this.fd, (e) => {
      this.syncing = false;
      if (e) this.error ??= e;
      this.wakeIfIdle();
    });
  }

  private wakeIfIdle(): void {
    if (this.inFlight > 0 || this.syncing || (this.queue.length > 0 && !this.error)) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.wakeIfIdle();
    });
  }

  /** Whether `m` is what was streamed: the same names and the very buffer the reader filled. */
  matches(m: SampleMajorMatrix): boolean {
    const same = (x: readonly string[], y: readonly string[]): boolean =>
      x.length === y.length && x.every((v, i) => v === y[i]);
    return (
      !this.dead &&
      this.fd >= 0 &&
      m.data === this.data &&
      same(m.genes, this.genes) &&
      same(m.samples, this.samples)
    );
  }

  /**
   * Finish the file as `m` (rest of the bodies, footer, fsync, rename) and return true; or, when `m` is
   * not what was streamed, discard the stream and return false so the caller writes it the usual way.
   */
  async commit(m: SampleMajorMatrix): Promise<boolean> {
    if (!this.matches(m)) {
      await this.discard();
      return false;
    }
    try {
      this.progress(this.samples.length);
      const layout = this.layout as ArrowLayout;
      let pos = layout.headLength + this.samples.length * layout.stride;
      for (const piece of layout.tail) {
        const at = pos;
        this.enqueue(() => writeAll(this.fd, piece, at), piece.length);
        pos += piece.length;
      }
      await this.idle();
      if (this.error) throw this.error;
      await promisify(fsync)(this.fd);
      const fd = this.fd;
      this.fd = -1;
      await promisify(close)(fd);
      await promisify(rename)(this.tmp, this.path);
      return true;
    } catch (e) {
      await this.discard();
      throw e;
    }
  }

  /** Stop streaming and remove the temp file once no write is in flight (safe to call repeatedly). */
  async discard(): Promise<void> {
    this.dead = true;
    this.queue.length = 0;
    await this.idle();
    if (this.fd >= 0) {
      try {
        closeSync(this.fd);
      } catch {
        /* already closed */
      }
      this.fd = -1;
    }
    if (this.tmp) rmSync(this.tmp, { force: true });
    this.data = null;
  }
}
