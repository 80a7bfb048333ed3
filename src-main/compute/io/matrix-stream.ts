// The project matrix file written while the reader is still reading. Writing a 1 GB matrix after the
// read would add 0.7–3.5 s (this disk's durable-write speed) to an import whose read takes ~2 s; written
// in sample order as the reader reports samples done (sample-stream.ts), only the last stretch and the
// final fsync remain after the read. Everything before the sample bodies depends only on the names
// (matrix-store.ts arrowLayout), so it is written at begin(); body j lands at head + j × stride.
//
// Writes run in the libuv pool while the reader goes on (write-queue.ts).
//
// Big bodies go out with O_DIRECT where the system allows (direct-write.ts): no page-cache copy, and
// the disk is busy from the first report instead of at the final fsync. Only whole 4 KiB pages go that
// way; the head, the first and last partial pages and the tail use the ordinary descriptor.
//
// Whether the streamed file is used is decided at commit(): only if the prepared matrix has exactly the
// names and the very buffer that were streamed (prepareImport left them alone). Otherwise, and on any
// failure, discard() removes the temp file and the caller writes the matrix the ordinary way.
import { close, closeSync, fsync, openSync, rename, rmSync, write, writev } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { DIRECT_PAGE, openDirect, type DirectTarget } from './direct-write.ts';
import { arrowLayout, writeSampleMajorArrowAsync, type ArrowLayout } from './matrix-store.ts';
import type { SampleStream } from './sample-stream.ts';
import type { SampleMajorMatrix } from './types.ts';
import { WriteQueue, writeAll, writePieces } from './write-queue.ts';

const CHUNK_BYTES = 32 << 20;
/** Smaller stretches wait for more samples: many small writes cost more syscalls than they overlap. */
const MIN_CHUNK_BYTES = 4 << 20;
const SYNC_EVERY_BYTES = 96 << 20;
const WRITES_IN_FLIGHT = 2;
/** IOV_MAX is 1024: one writev covers at most 512 padded samples (data + padding each). */
const MAX_IOV_SAMPLES = 512;
/** Below this, direct I/O is not worth its probe and the file is left to the page cache. */
const DIRECT_MIN_BYTES = 32 << 20;

const writeP = promisify(write);
const writevP = promisify(writev);

export class StreamedMatrixFile implements SampleStream {
  private fd = -1;
  private tmp = '';
  private layout: ArrowLayout | null = null;
  private genes: readonly string[] = [];
  private samples: readonly string[] = [];
  private data: Float32Array | null = null;
  /** Samples whose bodies are queued or written (page-cache mode). */
  private queuedTo = 0;
  private writes: WriteQueue | null = null;
  /** Set once streaming cannot produce the file (second begin, mismatch, failure): ignore reports. */
  private dead = false;
  private direct: DirectTarget | null = null;
  private wentDirect = false;
  /** Direct mode: buffer bytes up to here are queued (starts at the probe's aligned offset). */
  private directTo = 0;
  private edgesQueued = { first: false, last: false };

  constructor(
    private readonly path: string,
    private readonly directMinBytes = DIRECT_MIN_BYTES,
  ) {}

  /** Whether the bodies go out with O_DIRECT (for tests). */
  get usesDirectIo(): boolean {
    return this.wentDirect;
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
      this.writes = new WriteQueue(this.fd, WRITES_IN_FLIGHT, SYNC_EVERY_BYTES);
    } catch {
      this.dead = true; // streaming is only an optimisation; the ordinary write reports real problems
      return;
    }
    this.genes = genes.slice();
    this.samples = samples.slice();
    this.data = data;
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    // Direct writes need every body where the buffer puts it: no per-sample padding (even gene count).
    if (genes.length % 2 === 0 && data.byteLength >= this.directMinBytes)
      this.direct = openDirect(this.tmp, bytes);
    this.wentDirect = this.direct !== null;
    const memOffset = this.direct?.memOffset ?? 0;
    this.directTo = memOffset;
    this.layout = arrowLayout(genes, samples, this.direct ? { page: DIRECT_PAGE, memOffset } : undefined);
    // The pieces as they are: concatenating them would hold a second copy of the ~40 MB head of a
    // 250,000-sample file at the import's peak memory.
    const pieces = this.layout.head;
    this.enqueue(() => writePieces(this.fd, pieces, 0), this.layout.headLength);
  }

  progress(samplesDone: number): void {
    if (this.dead || this.writes?.error || !this.layout || !this.data) return;
    const done = Math.min(samplesDone, this.samples.length);
    if (this.direct) return this.queueDirect(done * this.layout.colBytes, done === this.samples.length);
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

  /**
   * Direct mode: the bodies' bytes [0, avail) are final. Whole pages from the aligned offset go out
   * directly in chunks; the bytes before it (start of the first page) and, at the end, after the last
   * whole page go through the ordinary descriptor.
   */
  private queueDirect(avail: number, final: boolean): void {
    const { fd, memOffset } = this.direct as DirectTarget;
    const { headLength } = this.layout as ArrowLayout;
    const data = this.data as Float32Array;
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (!this.edgesQueued.first && avail >= memOffset) {
      this.edgesQueued.first = true;
      const part = bytes.subarray(0, memOffset);
      if (part.length) this.enqueue(() => writeAll(this.fd, part, headLength), part.length);
    }
    if (avail < memOffset) return;
    const pagesEnd = memOffset + Math.floor((avail - memOffset) / DIRECT_PAGE) * DIRECT_PAGE;
    while (this.directTo < pagesEnd && (pagesEnd - this.directTo >= MIN_CHUNK_BYTES || final)) {
      const a = this.directTo;
      const part = bytes.subarray(a, Math.min(pagesEnd, a + CHUNK_BYTES));
      this.directTo += part.length;
      this.enqueue(async () => {
        try {
          const { bytesWritten } = await writeP(fd, part, 0, part.length, headLength + a);
          if (bytesWritten !== part.length) throw Object.assign(new Error('short write'), { code: 'EINVAL' });
        } catch (e) {
          // The probe passed but the filesystem refuses after all: fall back to the ordinary writer.
          if ((e as NodeJS.ErrnoException).code !== 'EINVAL') throw e;
          this.dead = true;
        }
      }, 0);
    }
    if (final && !this.edgesQueued.last && this.directTo === pagesEnd) {
      this.edgesQueued.last = true;
      const part = bytes.subarray(pagesEnd);
      if (part.length) this.enqueue(() => writeAll(this.fd, part, headLength + pagesEnd), part.length);
    }
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

  private enqueue(job: () => Promise<void>, cachedBytes: number): void {
    this.writes?.add(job, cachedBytes);
  }

  private async idle(): Promise<void> {
    await this.writes?.idle();
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
      if (this.writes?.error) throw this.writes.error;
      if (this.dead) {
        await this.discard(); // direct I/O refused after all: the caller's ordinary writer takes over
        return false;
      }
      await promisify(fsync)(this.fd); // one fsync covers the inode, direct writes' metadata included
      this.closeDirect();
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

  private closeDirect(): void {
    if (!this.direct) return;
    try {
      closeSync(this.direct.fd);
    } catch {
      /* already closed */
    }
    this.direct = null;
  }

  /** Stop streaming and remove the temp file once no write is in flight (safe to call repeatedly). */
  async discard(): Promise<void> {
    this.dead = true;
    this.writes?.clear();
    await this.idle();
    this.closeDirect();
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

/**
 * The whole matrix at once (readers that cannot stream, or a prepared matrix that is not the streamed
 * one): the same writer, so big files still get direct I/O; the ordinary one-shot writer otherwise.
 */
export async function writeMatrixFile(path: string, m: SampleMajorMatrix): Promise<void> {
  const s = new StreamedMatrixFile(path);
  s.begin(m.genes, m.samples, m.data);
  if (!(await s.commit(m))) await writeSampleMajorArrowAsync(path, m);
}
