// The positioned writes of one file, run in the libuv pool a few at a time while the main thread goes
// on reading. At most `inFlight` writes run at once (plus one fdatasync), so a pool thread stays free for
// readers that read through the pool (Parquet's async buffer). Completions are seen when the main thread
// yields to the event loop, which streaming readers do after each report. Writes that went through the
// page cache are flushed with a background fdatasync every `syncEvery` bytes, so the kernel writes them
// out during the read instead of all at the final fsync. The first error is kept and stops the queue.
import { fdatasync, write, writev } from 'node:fs';
import { promisify } from 'node:util';

const writeP = promisify(write);
const writevP = promisify(writev);
/** IOV_MAX is 1024 on Linux. */
const MAX_IOV = 1024;

export async function writeAll(fd: number, buf: Uint8Array, pos: number): Promise<void> {
  let o = 0;
  while (o < buf.length) o += (await writeP(fd, buf, o, buf.length - o, pos + o)).bytesWritten;
}

/** Consecutive pieces from `pos`, as few syscalls as IOV_MAX allows (a short writev is finished piece by piece). */
export async function writePieces(fd: number, pieces: readonly Uint8Array[], pos: number): Promise<void> {
  for (let s = 0; s < pieces.length; s += MAX_IOV) {
    const batch = pieces.slice(s, s + MAX_IOV);
    let left = (await writevP(fd, batch, pos)).bytesWritten;
    for (const piece of batch) {
      if (left >= piece.length) left -= piece.length;
      else {
        await writeAll(fd, piece.subarray(left), pos + left);
        left = 0;
      }
      pos += piece.length;
    }
  }
}

export class WriteQueue {
  private unsynced = 0;
  private syncing = false;
  private running = 0;
  private readonly queue: (() => Promise<void>)[] = [];
  private idleWaiters: (() => void)[] = [];
  error: unknown = null;

  constructor(
    private readonly fd: number,
    private readonly inFlight: number,
    private readonly syncEvery: number,
  ) {}

  /** Queue a write; `cachedBytes` are the bytes it puts in the page cache (0 for direct I/O). */
  add(job: () => Promise<void>, cachedBytes: number): void {
    this.queue.push(async () => {
      await job();
      this.unsynced += cachedBytes;
    });
    this.pump();
  }

  /** Drop what has not started (a discard). */
  clear(): void {
    this.queue.length = 0;
    this.wakeIfIdle();
  }

  /** Resolves once nothing is queued, running or syncing (or after an error, once nothing runs). */
  idle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.wakeIfIdle();
    });
  }

  private pump(): void {
    while (this.running < this.inFlight && this.queue.length > 0 && !this.error) {
      const job = this.queue.shift() as () => Promise<void>;
      this.running++;
      job()
        .catch((e: unknown) => {
          this.error ??= e;
        })
        .finally(() => {
          this.running--;
          this.maybeSync();
          this.pump();
          this.wakeIfIdle();
        });
    }
    this.wakeIfIdle();
  }

  private maybeSync(): void {
    if (this.syncing || this.unsynced < this.syncEvery || this.error) return;
    this.syncing = true;
    this.unsynced = 0;
    fdatasync(this.fd, (e) => {
      this.syncing = false;
      if (e) this.error ??= e;
      this.wakeIfIdle();
    });
  }

  private wakeIfIdle(): void {
    if (this.running > 0 || this.syncing || (this.queue.length > 0 && !this.error)) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
