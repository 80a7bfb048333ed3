// Byte-level pieces of the delimited-text reader. Cells are parsed straight from the bytes: making a
// JS string per cell costs more than the whole parse (bench/import.ts measures it; ~3× slower).
import { createGunzip } from 'node:zlib';
import { checkGunzipped, GUNZIP_LIMITS, type GunzipLimits } from './gunzip-bounded.ts';
import { openRegular } from './regular-file.ts';
import { invalid } from './types.ts';

export const QUOTE = 0x22;
const NL = 0x0a;
const CR = 0x0d;

/** Result of the last parseNumber call: a status flag avoids allocating a result object per cell. */
export const enum NumStatus {
  Ok = 0,
  Missing = 1,
  Invalid = 2,
  Infinite = 3,
}
export let numStatus: NumStatus = NumStatus.Ok;

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Parse a decimal number in buf[s, e). Sets numStatus; rare shapes fall back to Number(). */
export function parseNumber(buf: Uint8Array, s: number, e: number): number {
  // Trim spaces and a quoted cell's quotes.
  while (s < e && buf[s] === 0x20) s++;
  while (e > s && (buf[e - 1] === 0x20 || buf[e - 1] === CR)) e--;
  if (e - s >= 2 && buf[s] === QUOTE && buf[e - 1] === QUOTE) {
    s++;
    e--;
  }
  if (s === e) {
    numStatus = NumStatus.Missing;
    return Number.NaN;
  }
  let i = s;
  let neg = false;
  let c = buf[i] as number;
  if (c === 0x2d || c === 0x2b) {
    neg = c === 0x2d;
    i++;
  }
  const ds = i;
  let mant = 0;
  let digits = 0;
  let exp = 0;
  let any = false;
  let exact = true; // false once digits beyond double precision were dropped: let Number() round them
  while (i < e && (c = buf[i] as number) >= 0x30 && c <= 0x39) {
    if (digits < 15) mant = mant * 10 + (c - 0x30);
    else {
      exp++;
      exact = false;
    }
    if (mant > 0) digits++;
    any = true;
    i++;
  }
  if (i < e && buf[i] === 0x2e) {
    i++;
    while (i < e && (c = buf[i] as number) >= 0x30 && c <= 0x39) {
      if (digits < 15) {
        mant = mant * 10 + (c - 0x30);
        exp--;
        if (mant > 0) digits++;
      } else exact = false;
      any = true;
      i++;
    }
  }
  if (any && i < e && ((c = buf[i] as number) === 0x65 || c === 0x45)) {
    i++;
    let eneg = false;
    if (buf[i] === 0x2d || buf[i] === 0x2b) {
      eneg = buf[i] === 0x2d;
      i++;
    }
    let ev = 0;
    let edig = false;
    while (i < e && (c = buf[i] as number) >= 0x30 && c <= 0x39) {
      ev = ev * 10 + (c - 0x30);
      edig = true;
      i++;
    }
    if (!edig) any = false;
    exp += eneg ? -ev : ev;
  }
  if (any && i === e) {
    numStatus = NumStatus.Ok;
    let v: number;
    if (!exact) v = Number(Buffer.from(buf.buffer, buf.byteOffset + ds, e - ds).toString('latin1'));
    else if (exp === 0) v = mant;
    else if (exp > 0 && exp < 23) v = mant * (POW10[exp] as number);
    else if (exp < 0 && exp > -23) v = mant / (POW10[-exp] as number);
    else v = Number(Buffer.from(buf.buffer, buf.byteOffset + ds, e - ds).toString('latin1'));
    if (!Number.isFinite(v)) numStatus = NumStatus.Infinite; // 1e400 overflows
    return neg ? -v : v;
  }
  return parseSpecial(Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString('utf8'));
}

const MISSING = new Set(['na', 'nan', 'null', 'none', '#n/a', 'n/a']);
const INFINITE = new Set(['inf', '+inf', '-inf', 'infinity', '+infinity', '-infinity']);

function parseSpecial(text: string): number {
  const t = text.toLowerCase();
  if (MISSING.has(t)) {
    numStatus = NumStatus.Missing;
    return Number.NaN;
  }
  if (INFINITE.has(t)) {
    numStatus = NumStatus.Infinite;
    return t.startsWith('-') ? -Infinity : Infinity;
  }
  numStatus = NumStatus.Invalid;
  return Number.NaN;
}

/**
 * Split one line buf[s, e) into fields; writes [start, end) pairs into bounds and returns the count.
 * Quotes may contain the delimiter; a doubled quote is an escaped quote (RFC 4180).
 */
export function splitFields(
  buf: Uint8Array,
  s: number,
  e: number,
  delim: number,
  bounds: Int32Array,
  file: string,
  line: number,
): number {
  let n = 0;
  let i = s;
  const cap = bounds.length >> 1;
  for (;;) {
    if (n >= cap) return -1;
    const start = i;
    if (buf[i] === QUOTE) {
      i++;
      for (;;) {
        if (i >= e)
          throw invalid(file, 'a quoted field is not closed on this line', { row: line, column: n + 1 });
        if (buf[i] === QUOTE) {
          if (buf[i + 1] === QUOTE) i += 2;
          else {
            i++;
            break;
          }
        } else i++;
      }
      while (i < e && buf[i] !== delim) i++;
    } else {
      while (i < e && buf[i] !== delim) i++;
    }
    bounds[2 * n] = start;
    bounds[2 * n + 1] = i;
    n++;
    if (i >= e) return n;
    i++; // skip the delimiter
  }
}

/** The text of a field, unquoted. */
export function fieldText(buf: Uint8Array, s: number, e: number): string {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (e > s && b[e - 1] === CR) e--;
  if (e - s >= 2 && b[s] === QUOTE && b[e - 1] === QUOTE)
    return b.toString('utf8', s + 1, e - 1).replace(/""/g, '"');
  return b.toString('utf8', s, e).trim();
}

export const MAX_LINE_BYTES = 64 * 1024 * 1024;

/**
 * Whole lines of a (possibly gzipped) text file, in blocks: each yield is a buffer and the offset of
 * the end of its last complete line. A line longer than maxLine is refused, not buffered without end;
 * gzip output is bounded in size and expansion ratio (gunzip-bounded.ts). A line spanning many chunks
 * is gathered as a list and joined once, so its cost stays linear in its length.
 */
export async function* lineBlocks(
  file: string,
  gzip: boolean,
  maxLine = MAX_LINE_BYTES,
  limits: GunzipLimits = GUNZIP_LIMITS,
): AsyncGenerator<{ buf: Buffer; end: number; last: boolean }> {
  const fh = await openRegular(file);
  const raw = fh.createReadStream({ highWaterMark: 4 << 20 });
  const stream = gzip ? raw.pipe(createGunzip()) : raw;
  if (gzip) raw.on('error', (e) => stream.destroy(e));
  const tooLong = (row: number): never => {
    throw invalid(file, `a line is longer than ${maxLine / 1048576} MB; is this really a text table?`, {
      row,
    });
  };
  let parts: Buffer[] = []; // the unfinished line: chunks with no newline yet
  let partBytes = 0;
  let out = 0;
  let lineNo = 1;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (gzip) checkGunzipped(file, (out += chunk.length), raw.bytesRead, limits);
      const lastNl = chunk.lastIndexOf(NL);
      if (lastNl < 0) {
        parts.push(chunk);
        partBytes += chunk.length;
        if (partBytes > maxLine) tooLong(lineNo);
        continue;
      }
      const buf = parts.length > 0 ? Buffer.concat([...parts, chunk], partBytes + chunk.length) : chunk;
      const end = partBytes + lastNl + 1;
      parts = lastNl + 1 < chunk.length ? [chunk.subarray(lastNl + 1)] : [];
      partBytes = chunk.length - (lastNl + 1);
      // The first line of this block may be long too: it started in the gathered parts.
      if (partBytes > maxLine) tooLong(lineNo + countNewlines(buf, 0, end));
      lineNo += countNewlines(buf, 0, end);
      yield { buf, end, last: false };
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (gzip && typeof code === 'string' && code.startsWith('Z_')) {
      throw invalid(file, `the gzip data is truncated or damaged (${(e as Error).message}).`);
    }
    throw e;
  } finally {
    raw.destroy();
    await fh.close().catch(() => undefined);
  }
  if (parts.length > 0) {
    const buf = Buffer.concat(parts, partBytes);
    yield { buf, end: buf.length, last: true };
  }
}

export function countNewlines(buf: Uint8Array, s: number, e: number): number {
  let n = 0;
  let i = s - 1;
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  while ((i = b.indexOf(NL, i + 1)) !== -1 && i < e) n++;
  return n;
}

/**
 * Upper bound on the number of lines of a plain file, read once quickly (no parsing) into one reused
 * buffer: a fresh buffer per chunk would make V8 collect garbage for the external memory churn.
 */
export async function countLines(file: string): Promise<number> {
  const fh = await openRegular(file);
  try {
    const buf = Buffer.allocUnsafe(8 << 20);
    let n = 0;
    let lastByte = NL;
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      n += countNewlines(buf, 0, bytesRead);
      lastByte = buf[bytesRead - 1] ?? lastByte;
    }
    return lastByte === NL ? n : n + 1;
  } finally {
    await fh.close();
  }
}
