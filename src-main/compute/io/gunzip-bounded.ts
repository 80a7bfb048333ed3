// Gzip input is bounded three ways, so a small hostile (or mistaken) .gz cannot hang or exhaust a
// worker: total decompressed bytes, the expansion ratio once past a floor (deflate tops out near
// 1032:1; real expression tables stay far below the limit), and (in the line readers) line length.
import { closeSync, fstatSync, readSync } from 'node:fs';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import { openRegularSync } from './regular-file.ts';
import { invalid } from './types.ts';

export interface GunzipLimits {
  /** Most decompressed bytes accepted. */
  maxBytes: number;
  /** Most decompressed bytes per compressed byte, checked once `ratioFloor` bytes are out. */
  maxRatio: number;
  ratioFloor: number;
}

export const GUNZIP_LIMITS: GunzipLimits = {
  maxBytes: 64 * 1024 ** 3,
  maxRatio: 200,
  ratioFloor: 256 << 20,
};

const MB = 1024 * 1024;
const size = (n: number): string =>
  n >= 1024 * MB ? `${(n / (1024 * MB)).toFixed(1)} GB` : `${Math.round(n / MB)} MB`;

function tooBig(file: string, out: number, limits: GunzipLimits): Error {
  return invalid(
    file,
    `decompresses to more than ${size(limits.maxBytes)} (${size(out)} so far); this is larger than any table Causeway reads.`,
  );
}

function bomb(file: string, out: number, compressed: number, limits: GunzipLimits): Error {
  return invalid(
    file,
    `expands more than ${limits.maxRatio}-fold when decompressed (${size(compressed)} became over ${size(out)}), ` +
      'which looks like a decompression bomb rather than a table. If the file is genuine, decompress it ' +
      'yourself and import the plain file.',
  );
}

/** Throws a clear error once `out` decompressed bytes from `compressedIn` input bytes pass the limits. */
export function checkGunzipped(
  file: string,
  out: number,
  compressedIn: number,
  limits: GunzipLimits = GUNZIP_LIMITS,
): void {
  if (out > limits.maxBytes) throw tooBig(file, out, limits);
  const inBytes = Math.max(1, compressedIn);
  if (out > limits.ratioFloor && out / inBytes > limits.maxRatio) throw bomb(file, out, inBytes, limits);
}

/** A whole small gzip buffer, decompressed to at most maxBytes. */
export function gunzipBounded(file: string, bytes: Buffer, maxBytes: number): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw invalid(file, `decompresses to more than ${size(maxBytes)}, too large for a table read whole.`);
    throw invalid(file, `the gzip data is truncated or damaged (${(e as Error).message}).`);
  }
}

/**
 * The first bytes of a gzip stream, as far as `head` allows and never more than `maxOut`: a 64 KB head
 * of a bomb would otherwise inflate to 64 MB just to sniff a header line.
 */
export function gunzipHead(file: string, head: Buffer, maxOut = 4 * MB): Buffer {
  const opts = { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: maxOut };
  try {
    return gunzipSync(head, opts);
  } catch (e) {
    // Too much output: a shorter prefix of the input (≤ ~1 KB out per byte in) still shows the header.
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      return gunzipHead(file, head.subarray(0, Math.floor(head.length / 4)), maxOut);
    throw invalid(file, `the gzip data is truncated or damaged (${(e as Error).message}).`);
  }
}

/** Deflate's best case is about 1032:1, so no gzip member decompresses to more than this times its size. */
const DEFLATE_MAX_RATIO = 1032;

/**
 * A file's content size, for choosing a full read or a preview: plain files their size; gzip files
 * the trailer's size field. That field counts modulo 4 GiB and can lie, but a full read of a file
 * that is really bigger stops at the expansion-ratio bound; a field smaller than the file itself (a
 * first member of several, as bgzip writes, or damage) gives way to the deflate bound.
 */
export function contentBytes(file: string): number {
  const fd = openRegularSync(file);
  try {
    const size = fstatSync(fd).size;
    const magic = Buffer.alloc(2);
    readSync(fd, magic, 0, 2, 0);
    if (magic[0] !== 0x1f || magic[1] !== 0x8b) return size;
    if (size < 18) return size; // not even a whole member: the reader says it is damaged
    const trailer = Buffer.alloc(4);
    readSync(fd, trailer, 0, 4, size - 4);
    const isize = trailer.readUInt32LE(0);
    return isize >= size ? isize : size * DEFLATE_MAX_RATIO;
  } finally {
    closeSync(fd);
  }
}
