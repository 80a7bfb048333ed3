// Browser uploads (server mode): a file arrives in ordered base64 chunks of ≤ 512 KB, is written to
// <dataDir>/uploads/<id>/<safe name>, and is removed after the import that used it, when discarded, or
// when left unfinished for an hour. Sizes are declared up front and enforced on every chunk.
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { MAX_UPLOAD_BYTES, UPLOAD_CHUNK_BYTES } from '#shared/contracts/data-import.ts';
import { newId } from '#shared/lib/ids.ts';
import { CausewayError } from '#shared/lib/result.ts';

export interface UploadOptions {
  maxBytes?: number;
  /** Uploads in progress or finished but unused at one time. */
  maxUploads?: number;
  staleMs?: number;
  now?: () => number;
}

interface Upload {
  id: string;
  fileName: string;
  path: string;
  size: number;
  received: number;
  done: boolean;
  touched: number;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A file name safe on every platform that keeps the extensions format detection reads (.tsv.gz). */
export function safeFileName(name: string): string {
  const base = basename(name.replace(/\\/g, '/'))
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[.]+/, '');
  const trimmed = base.length > 120 ? base.slice(base.length - 120) : base;
  return trimmed || 'upload';
}

export class UploadService {
  private readonly uploads = new Map<string, Upload>();
  private readonly maxBytes: number;
  private readonly maxUploads: number;
  private readonly staleMs: number;
  private readonly now: () => number;

  constructor(
    private readonly dir: string,
    options: UploadOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? MAX_UPLOAD_BYTES;
    this.maxUploads = options.maxUploads ?? 8;
    this.staleMs = options.staleMs ?? 60 * 60 * 1000;
    this.now = options.now ?? Date.now;
    // Leftovers of an earlier run (a crash mid-upload) belong to no one now.
    if (existsSync(dir)) {
      for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
    }
  }

  begin(fileName: string, size: number): { uploadId: string; chunkBytes: number } {
    if (size === 0)
      throw new CausewayError('E_INVALID_INPUT', `${fileName} is empty (0 bytes); choose a file with data.`);
    if (!Number.isInteger(size) || size < 0)
      throw new CausewayError('E_INVALID_INPUT', 'An upload needs a size.');
    if (size > this.maxBytes) {
      throw new CausewayError(
        'E_INVALID_INPUT',
        `${fileName} is ${size} bytes; uploads are limited to ${this.maxBytes} bytes. Copy it to the server and give its path instead.`,
      );
    }
    this.sweep();
    if (this.uploads.size >= this.maxUploads) {
      throw new CausewayError('E_INVALID_INPUT', 'Too many uploads at once; finish or discard one first.');
    }
    const id = newId('upload');
    const folder = join(this.dir, id);
    mkdirSync(folder, { recursive: true });
    const path = join(folder, safeFileName(fileName));
    closeSync(openSync(path, 'wx', 0o600));
    this.uploads.set(id, { id, fileName, path, size, received: 0, done: false, touched: this.now() });
    return { uploadId: id, chunkBytes: UPLOAD_CHUNK_BYTES };
  }

  chunk(uploadId: string, offset: number, base64: string): { received: number } {
    const u = this.get(uploadId);
    if (u.done) throw new CausewayError('E_INVALID_INPUT', `Upload of ${u.fileName} is already finished.`);
    if (offset !== u.received) {
      throw new CausewayError(
        'E_INVALID_INPUT',
        `Upload of ${u.fileName}: expected bytes from ${u.received}, got ${offset}.`,
      );
    }
    if (!BASE64.test(base64) || base64.length % 4 !== 0) {
      throw new CausewayError('E_INVALID_INPUT', `Upload of ${u.fileName}: a chunk is not valid base64.`);
    }
    const bytes = Buffer.from(base64, 'base64');
    if (bytes.length === 0 || bytes.length > UPLOAD_CHUNK_BYTES) {
      throw new CausewayError(
        'E_INVALID_INPUT',
        `Upload of ${u.fileName}: chunks hold 1 to ${UPLOAD_CHUNK_BYTES} bytes.`,
      );
    }
    if (u.received + bytes.length > u.size) {
      this.discard(uploadId);
      throw new CausewayError(
        'E_INVALID_INPUT',
        `Upload of ${u.fileName} is larger than the ${u.size} bytes announced.`,
      );
    }
    const fd = openSync(u.path, 'r+');
    try {
      let written = 0;
      while (written < bytes.length)
        written += writeSync(fd, bytes, written, bytes.length - written, u.received + written);
    } finally {
      closeSync(fd);
    }
    u.received += bytes.length;
    u.touched = this.now();
    return { received: u.received };
  }

  end(uploadId: string): { uploadId: string; fileName: string; bytes: number } {
    const u = this.get(uploadId);
    if (u.received !== u.size || statSync(u.path).size !== u.size) {
      throw new CausewayError(
        'E_INVALID_INPUT',
        `Upload of ${u.fileName} is incomplete: ${u.received} of ${u.size} bytes.`,
      );
    }
    u.done = true;
    u.touched = this.now();
    return { uploadId, fileName: u.fileName, bytes: u.size };
  }

  /** The file of a finished upload. */
  path(uploadId: string): string {
    const u = this.get(uploadId);
    if (!u.done) throw new CausewayError('E_INVALID_INPUT', `Upload of ${u.fileName} is not finished.`);
    u.touched = this.now();
    return u.path;
  }

  fileName(uploadId: string): string {
    return this.get(uploadId).fileName;
  }

  discard(uploadId: string): boolean {
    const u = this.uploads.get(uploadId);
    if (!u) return false;
    this.uploads.delete(uploadId);
    rmSync(join(this.dir, u.id), { recursive: true, force: true });
    return true;
  }

  discardAll(): void {
    for (const id of [...this.uploads.keys()]) this.discard(id);
  }

  private get(uploadId: string): Upload {
    const u = this.uploads.get(uploadId);
    if (!u)
      throw new CausewayError(
        'E_NOT_FOUND',
        `No upload ${uploadId}; it may have expired. Upload the file again.`,
      );
    return u;
  }

  private sweep(): void {
    const cutoff = this.now() - this.staleMs;
    for (const u of [...this.uploads.values()]) if (u.touched < cutoff) this.discard(u.id);
  }
}
