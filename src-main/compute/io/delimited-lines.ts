// Line-level helpers of the delimited reader: skippable (blank and comment) lines, records that span
// lines (RFC 4180 quoted fields may hold newlines), the planning sample, and the head block that planning
// needs (at least a header and one data row).
import { fieldText, MAX_LINE_BYTES, QUOTE, splitFields } from './delimited-scan.ts';
import type { Block } from './line-reader.ts';
import { invalid } from './types.ts';

const NL = 0x0a;

const SAMPLE_ROWS = 500;
/** Wide files plan from fewer rows: a string per sampled cell is the planning cost. */
const SAMPLE_CELLS = 1_000_000;

/** A record whose quoted field is still open where the buffer ends (see recordEnd). */
export const OPEN = -1;

/**
 * End of the record that starts at s: the first newline outside quotes (or `end` when the last record
 * has no newline), or OPEN when a quoted field is still open at `end`. Mirrors splitFields: a quote opens
 * a field only at the field's start, "" inside it is an escaped quote, and text after the closing quote
 * runs to the delimiter. Lines without a quote cost one indexOf (callers check for a quote first).
 */
export function recordEnd(buf: Buffer, s: number, end: number, delim: number): number {
  let i = s;
  for (;;) {
    if (i < end && buf[i] === QUOTE) {
      i++;
      // Inside quotes only the next quote matters: indexOf skips long quoted text (or a runaway quote).
      for (;;) {
        const q = buf.indexOf(QUOTE, i);
        if (q < 0 || q >= end) return OPEN;
        if (q + 1 >= end) return end; // closing quote, then the end of the data
        if (buf[q + 1] !== QUOTE) {
          i = q + 1;
          break;
        }
        i = q + 2;
      }
    }
    while (i < end) {
      const b = buf[i];
      if (b === delim || b === NL) break;
      i++;
    }
    if (i >= end || buf[i] === NL) return i;
    i++; // the delimiter
  }
}

/** Where the quoted field left open by recordEnd started: its byte offset and 1-based field number. */
function openQuote(buf: Buffer, s: number, end: number, delim: number): { at: number; field: number } {
  let i = s;
  let field = 1;
  for (;;) {
    if (buf[i] === QUOTE) {
      const at = i;
      for (;;) {
        const q = buf.indexOf(QUOTE, i + 1);
        if (q < 0 || q >= end) return { at, field };
        i = q;
        if (buf[q + 1] !== QUOTE) break;
        i = q + 1;
      }
      i++;
    }
    while (i < end && buf[i] !== delim && buf[i] !== NL) i++;
    if (i >= end) return { at: end, field }; // not reached for a record recordEnd called OPEN
    i++;
    field++;
  }
}

/**
 * The error for a quote that is never closed, at the line where it opened (not the last line of the
 * file, which is where the reader notices). `lineNo` is the record's first line.
 */
export function unclosedQuote(
  file: string,
  buf: Buffer,
  s: number,
  end: number,
  delim: number,
  lineNo: number,
  atEof: boolean,
): Error {
  const { at, field } = openQuote(buf, s, end, delim);
  const line = lineNo + countNl(buf, s, at);
  return invalid(
    file,
    atEof
      ? 'a quoted field is not closed: the quote opened here runs to the end of the file.'
      : `a quoted field is not closed within ${MAX_LINE_BYTES / 1048576} MB after the quote opened here; is a closing quote missing?`,
    { row: line, column: field },
  );
}

/** Next quote in buf[from, end), or `end` when there is none. */
export function nextQuote(buf: Buffer, from: number, end: number): number {
  const q = buf.indexOf(QUOTE, from);
  return q < 0 || q > end ? end : q;
}

/** First block of lines as strings (header + up to SAMPLE_ROWS rows), for planning. */
export function sampleLines(
  file: string,
  buf: Buffer,
  start: number,
  end: number,
  delim: number,
  last = true,
): { lines: string[][]; firstLine: number } {
  const out: string[][] = [];
  let bounds = new Int32Array(1 << 12);
  let pos = start;
  let lineNo = 0;
  let firstLine = 0;
  let cells = 0;
  let quote = nextQuote(buf, pos, end);
  while (pos < end && out.length <= SAMPLE_ROWS && (cells < SAMPLE_CELLS || out.length < 4)) {
    const nl = buf.indexOf(0x0a, pos);
    let e = nl < 0 || nl > end ? end : nl;
    lineNo++;
    const s = pos;
    pos = e + 1;
    if (isSkippable(buf, s, e)) continue;
    if (quote < s) quote = nextQuote(buf, s, end);
    if (quote < e) {
      const r = recordEnd(buf, s, end, delim);
      if (r === OPEN) {
        // The reader meets this record again (with the next block, or at the end of the file).
        if (!last || out.length > 1) break;
        throw unclosedQuote(file, buf, s, end, delim, lineNo, true);
      }
      lineNo += countNl(buf, e, r);
      e = r;
      pos = r + 1;
    }
    let n = splitFields(buf, s, e, delim, bounds, file, lineNo);
    while (n < 0) {
      bounds = new Int32Array(bounds.length * 8);
      n = splitFields(buf, s, e, delim, bounds, file, lineNo);
    }
    if (out.length === 0) firstLine = lineNo;
    cells += n;
    const row: string[] = [];
    for (let k = 0; k < n; k++)
      row.push(fieldText(buf, bounds[2 * k] as number, bounds[2 * k + 1] as number));
    out.push(row);
  }
  return { lines: out, firstLine };
}

export function isSkippable(buf: Uint8Array, s: number, e: number): boolean {
  if (e === s || (e === s + 1 && buf[s] === 0x0d)) return true;
  return buf[s] === 0x23 || buf[s] === 0x21; // # and ! comment lines (GEO series matrices use !)
}

export function findFirstContent(buf: Buffer, pos: number, end: number): number {
  while (pos < end) {
    let nl = buf.indexOf(0x0a, pos);
    if (nl < 0 || nl > end) nl = end;
    if (!isSkippable(buf, pos, nl)) return pos;
    pos = nl + 1;
  }
  return -1;
}

export function countNl(buf: Buffer, s: number, e: number): number {
  let n = 0;
  for (let i = buf.indexOf(0x0a, s); i >= 0 && i < e; i = buf.indexOf(0x0a, i + 1)) n++;
  return n;
}

/** Merges leading blocks until the first holds two content lines, so planning sees a data row. */
export async function* withHead(blocks: AsyncGenerator<Block>): AsyncGenerator<Block> {
  let head: Block | null = null;
  for await (const b of blocks) {
    // Copied: the reader reuses its buffers once asked for the next block.
    if (head === null) head = { buf: Buffer.from(b.buf.subarray(0, b.end)), end: b.end, last: b.last };
    else if (head.end >= 0) {
      head = {
        buf: Buffer.concat([head.buf.subarray(0, head.end), b.buf]),
        end: head.end + b.end,
        last: b.last,
      };
    } else {
      yield b;
      continue;
    }
    if (contentLines(head.buf, head.end) >= 2 || head.last) {
      yield head;
      head = { buf: Buffer.alloc(0), end: -1, last: false };
    }
  }
  if (head && head.end >= 0) yield { ...head, last: true };
}

/**
 * Content lines in buf[0, end), up to 2. A line that leaves a quote open (an odd number of quotes so
 * far) does not count: the record goes on, and planning needs two whole records.
 */
export function contentLines(buf: Buffer, end: number): number {
  let n = 0;
  let pos = 0;
  let open = false;
  while (pos < end && n < 2) {
    let nl = buf.indexOf(0x0a, pos);
    if (nl < 0 || nl > end) nl = end;
    const skip = !open && isSkippable(buf, pos, nl);
    for (let q = buf.indexOf(QUOTE, pos); !skip && q >= 0 && q < nl; q = buf.indexOf(QUOTE, q + 1))
      open = !open;
    if (!skip && !open) n++;
    pos = nl + 1;
  }
  return n;
}
