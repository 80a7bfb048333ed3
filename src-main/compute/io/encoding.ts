import { isUtf8 } from 'node:buffer';
import { invalid } from './types.ts';

/**
 * Text files must be UTF-8 (a BOM is fine and skipped). UTF-16 is refused with the fix, not decoded:
 * it only comes from Excel "Unicode text" exports, and silently decoding hides a wrong export setting.
 * Returns the offset where the text starts.
 */
export function checkEncoding(file: string, head: Uint8Array): number {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 3;
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw invalid(
      file,
      'is UTF-16 text (an Excel "Unicode text" export). Save it as "CSV UTF-8" and import that.',
    );
  }
  const n = Math.min(head.length, 4096);
  let zeros = 0;
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i] as number;
    if (b === 0) zeros++;
    else if (b < 0x09 || (b > 0x0d && b < 0x20)) controls++;
  }
  if (n > 0 && zeros > n / 4 && zeros < (3 * n) / 4 && head[1] === 0) {
    throw invalid(
      file,
      'looks like UTF-16 text without a byte-order mark. Save it as "CSV UTF-8" and import that.',
    );
  }
  if (zeros > 0 || controls > n / 20) {
    throw invalid(file, 'is binary data, not a text table (wrong file or wrong extension?).');
  }
  checkUtf8(file, head);
  return 0;
}

/** Length of `bytes` without a multi-byte character cut off at its end (a block boundary). */
function wholeCharacters(bytes: Uint8Array): number {
  let k = bytes.length;
  let back = 0;
  while (k > 0 && back < 3 && ((bytes[k - 1] as number) & 0xc0) === 0x80) {
    k--;
    back++;
  }
  if (k === 0) return bytes.length;
  const lead = bytes[k - 1] as number;
  const size = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return size > back + 1 ? k - 1 : bytes.length;
}

/** Offset of the first byte that does not start (or continue) a valid UTF-8 character. */
function firstInvalid(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lo = 0;
  let hi = bytes.length;
  // Bisect on "is this prefix valid": a few fast native checks, not a byte-by-byte decoder in JS.
  while (hi - lo > 4) {
    const mid = (lo + hi) >> 1;
    try {
      decoder.decode(bytes.subarray(0, wholeCharacters(bytes.subarray(0, mid))));
      lo = mid;
    } catch {
      hi = mid;
    }
  }
  return lo;
}

// Windows-1252's letters at 0x80–0x9F (Node's TextDecoder reads that range as ISO-8859-1's C1 controls).
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

function windows1252(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
  return out;
}

/**
 * Latin-1 / Windows-1252 text (Excel's plain "CSV" and older tools) is not UTF-8: read as UTF-8, every
 * accented name silently becomes U+FFFD ("Café" → "Caf�"), so two names can even merge. Refused with
 * the line as Windows-1252 would read it, so the scientist sees what was meant and how to re-save it.
 */
export function checkUtf8(file: string, bytes: Uint8Array): void {
  const end = wholeCharacters(bytes);
  if (isUtf8(bytes.subarray(0, end))) return;
  const bad = firstInvalid(bytes.subarray(0, end));
  let line = 1;
  for (let i = 0; i < bad; i++) if (bytes[i] === 0x0a) line++;
  const start = bytes.lastIndexOf(0x0a, bad) + 1;
  let stop = bytes.indexOf(0x0a, bad);
  if (stop < 0) stop = end;
  const text = windows1252(bytes.subarray(start, Math.min(stop, start + 200)));
  throw invalid(
    file,
    `is not UTF-8 text: it looks like Latin-1 / Windows-1252, where this line reads "${text.trim()}". ` +
      'Read as UTF-8 its accented letters would be lost, so nothing was imported. Save it as "CSV UTF-8" ' +
      '(or convert it: iconv -f WINDOWS-1252 -t UTF-8) and import that.',
    { row: line },
  );
}
