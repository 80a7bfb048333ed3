// The one writer of a project's matrix file (store-format.ts), used by the import while the reader is
// still reading. Writing a 1 GB matrix after the read would add 0.7–3.5 s (this disk's durable-write
// speed) to an import whose read takes ~2 s; written in sample order as the reader reports samples done
// (sample-stream.ts), only the last stretch and the final fsync remain after the read. The body is the
// reader's sample-major buffer byte for byte, so sample j lands at bodyOffset + j × genes × 4 and the
// header and names depend only on the counts and names known at begin().
//
// Writes run in the libuv pool while the reader goes on (write-queue.ts). Big bodies go out with
// O_DIRECT where the system allows (direct-write.ts): no page-cache copy, and the disk is busy from the
// first report instead of at the final fsync. The body offset is moved by a few bytes past 4096 so the
// buffer's aligned pages land on aligned file offsets; whatever is not a whole page (the start and the
// end of the buffer) goes through the ordinary descriptor.
//
// Whether the streamed file is used is decided at commit(): only if the prepared matrix has exactly the
// names and the very buffer that were streamed (prepareImport left them alone). Otherwise, and on any
// failure, discard() removes the temp file and the caller writes the matrix whole (writeDatasetStore).
//
// Every writer also hashes the bytes it writes, in file order (store-hash.ts, on a worker thread), and
// records the file's sha256 beside it (hash-worker.ts recordSha256), so ranking never reads a
// collection a second time for its provenance hash.
import {
  close,
  closeSync,
  fstatSync,
  fsync,
  fsyncSync,
  openSync,
  rename,
  renameSync,
  rmSync,
  write,
  writeSync,
} from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { DIRECT_PAGE, openDirect, type DirectTarget } from '../direct-write.ts';
import { recordSha256 } from '../hash-worker.ts';
import type { SampleStream } from '../sample-stream.ts';
import type { SampleMajorMatrix } from '../types.ts';
import { WriteQueue, writeAll } from '../write-queue.ts';
import {
  STORE_HEADER_BYTES,
  encodeHeader,
  encodeNames,
  storeHeader,
  type StoreHeader,
} from './store-format.ts';
import { StreamingSha256 } from './store-hash.ts';

const CHUNK_BYTES = 32 << 20;
/** Smaller stretches wait for more samples: many small writes cost more syscalls than they overlap. */
const MIN_CHUNK_BYTES = 4 << 20;
const SYNC_EVERY_BYTES = 96 << 20;
const WRITES_IN_FLIGHT = 2;
/** Below this, direct I/O is not worth its probe and the file is left to the page cache. */
const DIRECT_MIN_BYTES = 32 << 20;

const writeP = promisify(write);

const tempName = (path: string, tag: string): string =>
  join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.${tag}`);

export class DatasetWriter implements SampleStream {
  private fd = -1;
  private tmp = '';
  private header: StoreHeader | null = null;
  private names: Uint8Array = new Uint8Array(0);
  private genes: readonly string[] = [];
  private samples: readonly string[] = [];
  private data: Float32Array | null = null;
  /** Bytes of the body that are queued (page-cache mode) or, in direct mode, queued from memOffset. */
  private queuedTo = 0;
  private writes: WriteQueue | null = null;
  /** Set once streaming cannot produce the file (second begin, mismatch, failure): ignore reports. */
  private dead = false;
  private direct: DirectTarget | null = null;
  private wentDirect = false;
  private edgesQueued = { first: false, last: false };
  /** The file's bytes in order: the header page, the body as samples are reported, the names. */
  private hash: StreamingSha256 | null = null;
  private hashedTo = 0;

  constructor(
    private readonly path: string,
    private readonly directMinBytes = DIRECT_MIN_BYTES,
  ) {}

  /** Whether the body went out with O_DIRECT (for tests and the import bench). */
  get usesDirectIo(): boolean {
    return this.wentDirect;
  }

  /** Shared, so that the hash thread reads the reported samples in place instead of a copy. */
  buffer(values: number): Float32Array {
    return new Float32Array(new SharedArrayBuffer(values * 4));
  }

  begin(genes: readonly string[], samples: readonly string[], data: Float32Array): void {
    // A reader that began and then fell back to another path reports a second time: give up streaming.
    if (this.fd >= 0 || this.dead || data.length !== genes.length * samples.length) {
      this.dead = true;
      return;
    }
    this.tmp = tempName(this.path, 'stream');
    try {
      this.fd = openSync(this.tmp, 'wx', 0o644);
      this.writes = new WriteQueue(this.fd, WRITES_IN_FLIGHT, SYNC_EVERY_BYTES);
    } catch {
      this.dead = true; // streaming is only an optimisation; the whole-matrix write reports real problems
      return;
    }
    this.genes = genes.slice();
    this.samples = samples.slice();
    this.data = data;
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (data.byteLength >= this.directMinBytes) this.direct = openDirect(this.tmp, bytes);
    this.wentDirect = this.direct !== null;
    const memOffset = this.direct?.memOffset ?? 0;
    this.queuedTo = memOffset;
    this.names = encodeNames(genes, samples);
    const bodyOffset = STORE_HEADER_BYTES + ((DIRECT_PAGE - memOffset) % DIRECT_PAGE);
    this.header = storeHeader(genes.length, samples.length, this.names.length, bodyOffset);
    const head = encodeHeader(this.header);
    this.enqueue(() => writeAll(this.fd, head, 0), head.length);
    this.hash = new StreamingSha256(this.header.namesOffset + this.names.length);
    this.hash.update(head);
  }

  progress(samplesDone: number): void {
    if (this.dead || this.writes?.error || !this.header || !this.data) return;
    const done = Math.min(samplesDone, this.samples.length);
    const final = done === this.samples.length;
    const avail = done * this.genes.length * 4;
    if (avail > this.hashedTo) {
      this.hash?.update(this.bytes().subarray(this.hashedTo, avail));
      this.hashedTo = avail;
    }
    if (this.direct) return this.queueDirect(avail, final);
    while (this.queuedTo < avail && (avail - this.queuedTo >= MIN_CHUNK_BYTES || final)) {
      const a = this.queuedTo;
      const part = this.bytes().subarray(a, Math.min(avail, a + CHUNK_BYTES));
      this.queuedTo += part.length;
      this.enqueue(() => writeAll(this.fd, part, this.bodyAt(a)), part.length);
    }
  }

  abandon(): void {
    this.dead = true; // the written part is stale; commit() sees `dead` and discards the file
  }

  private bytes(): Uint8Array {
    const data = this.data as Float32Array;
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }

  private bodyAt(byte: number): number {
    return (this.header as StoreHeader).bodyOffset + byte;
  }

  /**
   * Direct mode: the body's bytes [0, avail) are final. Whole pages from the aligned offset go out
   * directly in chunks; the bytes before it and, at the end, after the last whole page go through the
   * ordinary descriptor.
   */
  private queueDirect(avail: number, final: boolean): void {
    const { fd, memOffset } = this.direct as DirectTarget;
    const bytes = this.bytes();
    if (!this.edgesQueued.first && avail >= memOffset) {
      this.edgesQueued.first = true;
      const part = bytes.subarray(0, memOffset);
      if (part.length) this.enqueue(() => writeAll(this.fd, part, this.bodyAt(0)), part.length);
    }
    if (avail < memOffset) return;
    const pagesEnd = memOffset + Math.floor((avail - memOffset) / DIRECT_PAGE) * DIRECT_PAGE;
    while (this.queuedTo < pagesEnd && (pagesEnd - this.queuedTo >= MIN_CHUNK_BYTES || final)) {
      const a = this.queuedTo;
      const part = bytes.subarray(a, Math.min(pagesEnd, a + CHUNK_BYTES));
      this.queuedTo += part.length;
      this.enqueue(async () => {
        try {
          const { bytesWritten } = await writeP(fd, part, 0, part.length, this.bodyAt(a));
          if (bytesWritten !== part.length) throw Object.assign(new Error('short write'), { code: 'EINVAL' });
        } catch (e) {
          // The probe passed but the filesystem refuses after all: fall back to the page cache.
          if ((e as NodeJS.ErrnoException).code !== 'EINVAL') throw e;
          this.dead = true;
        }
      }, 0);
    }
    if (final && !this.edgesQueued.last && this.queuedTo === pagesEnd) {
      this.edgesQueued.last = true;
      const part = bytes.subarray(pagesEnd);
      if (part.length) this.enqueue(() => writeAll(this.fd, part, this.bodyAt(pagesEnd)), part.length);
    }
  }

  private enqueue(job: () => Promise<void>, cachedBytes: number): void {
    this.writes?.add(job, cachedBytes);
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
   * Finish the file as `m` (rest of the body, names, fsync, rename) and return true; or, when `m` is not
   * what was streamed, discard the stream and return false so the caller writes it whole.
   */
  async commit(m: SampleMajorMatrix): Promise<boolean> {
    if (!this.matches(m)) {
      await this.discard();
      return false;
    }
    try {
      this.progress(this.samples.length);
      const { namesOffset } = this.header as StoreHeader;
      const names = this.names;
      this.enqueue(() => writeAll(this.fd, names, namesOffset), names.length);
      this.hash?.update(names);
      // The hash's last slots are hashed while the last writes and the fsync run.
      const sha256 = (this.hash as StreamingSha256).digest();
      await this.writes?.idle();
      if (this.writes?.error) throw this.writes.error;
      if (this.dead) {
        await this.discard(); // direct I/O refused after all: the caller writes through the page cache
        return false;
      }
      await promisify(fsync)(this.fd); // one fsync covers the inode, direct writes' metadata included
      this.closeDirect();
      const fd = this.fd;
      const written = fstatSync(fd); // the very file hashed: its size, mtime and inode key the record
      this.fd = -1;
      await promisify(close)(fd);
      await promisify(rename)(this.tmp, this.path);
      // Without a hash (its thread failed) the file is still good: the first ranking hashes it instead.
      await sha256.then((hex) => recordSha256(this.path, hex, written)).catch(() => undefined);
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
    this.hash?.cancel();
    this.writes?.clear();
    await this.writes?.idle();
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
 * one): the same writer, so big files still get direct I/O, and through the page cache if the
 * filesystem refuses direct writes midway.
 */
export async function writeDatasetStore(path: string, m: SampleMajorMatrix): Promise<void> {
  checkShape(m);
  for (const directMinBytes of [DIRECT_MIN_BYTES, Number.POSITIVE_INFINITY]) {
    const w = new DatasetWriter(path, directMinBytes);
    w.begin(m.genes, m.samples, m.data);
    if (await w.commit(m)) return;
  }
  throw new Error(`could not write the matrix file ${path}`);
}

/** The same, synchronously, for small matrices (tests, demo builds, derived signatures). */
export function writeDatasetStoreSync(path: string, m: SampleMajorMatrix): void {
  checkShape(m);
  const names = encodeNames(m.genes, m.samples);
  const head = encodeHeader(storeHeader(m.genes.length, m.samples.length, names.length));
  const tmp = tempName(path, 'tmp');
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    const sha256 = createHash('sha256');
    for (const piece of [head, new Uint8Array(m.data.buffer, m.data.byteOffset, m.data.byteLength), names]) {
      let o = 0;
      while (o < piece.length) o += writeSync(fd, piece, o, Math.min(1 << 30, piece.length - o));
      sha256.update(piece);
    }
    fsyncSync(fd);
    const written = fstatSync(fd);
    closeSync(fd);
    renameSync(tmp, path);
    recordSha256(path, sha256.digest('hex'), written);
  } catch (e) {
    try {
      closeSync(fd);
    } catch {
      /* already closed */
    }
    rmSync(tmp, { force: true });
    throw e;
  }
}

function checkShape(m: SampleMajorMatrix): void {
  if (m.data.length !== m.genes.length * m.samples.length)
    throw new Error('matrix data does not match its gene and sample counts');
}
