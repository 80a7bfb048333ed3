// Small delimited tables read whole as strings: sample sheets, edge lists, drug–target and signature
// tables. Matrices go through delimited.ts instead, which never makes a string per number.
import { countNl, nextQuote, OPEN, recordEnd, unclosedQuote } from './delimited-lines.ts';
import { fieldText, splitFields } from './delimited-scan.ts';
import { checkEncoding } from './encoding.ts';
import { gunzipBounded } from './gunzip-bounded.ts';
import { readRegularFile } from './regular-file.ts';
import { invalid } from './types.ts';

export interface TextTable {
  file: string;
  delimiter: string;
  header: string[];
  rows: string[][];
  /** 1-based file line of each row, for messages. */
  lines: number[];
}

const COMMENT = /^[#!]/;

export function sniffDelimiter(line: string, fileName: string): string {
  const count = (ch: string): number => line.split(ch).length - 1;
  const tabs = count('\t');
  const commas = count(',');
  const semis = count(';');
  if (tabs > 0 && tabs >= commas) return '\t';
  if (semis > commas) return ';';
  if (commas > 0) return ',';
  if (/\.(tsv|tab|txt)(\.gz)?$/i.test(fileName)) return '\t';
  if (/\s/.test(line.trim())) return ' ';
  return ',';
}

const SMALL_TABLE_MAX_BYTES = 512 * 1024 * 1024;

/**
 * The bytes of a small user file (gunzipped; UTF-8 checked, BOM skipped). Only regular files: reading
 * a FIFO or device would wait for a writer forever.
 */
export function readSmallFile(file: string, maxBytes = SMALL_TABLE_MAX_BYTES): Buffer {
  let bytes = readRegularFile(file, maxBytes);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipBounded(file, bytes, maxBytes);
  return bytes.subarray(checkEncoding(file, bytes));
}

/** Whole-file read of a small table; `header: false` keeps the first line as data. */
export function readTextTable(
  file: string,
  options: { header?: boolean; delimiter?: string; maxBytes?: number } = {},
): TextTable {
  const text = readSmallFile(file, options.maxBytes);
  const lineStarts: number[] = [];
  let first = -1;
  let delimiter = options.delimiter;
  const rows: string[][] = [];
  const lines: number[] = [];
  let header: string[] | null = null;
  let pos = 0;
  let lineNo = 0;
  let bounds = new Int32Array(512);
  let quote = nextQuote(text, 0, text.length);
  while (pos < text.length) {
    let nl = text.indexOf(0x0a, pos);
    if (nl < 0) nl = text.length;
    lineNo++;
    const s = pos;
    let e = nl;
    pos = nl + 1;
    if (e > s && text[e - 1] === 0x0d) e--;
    if (e === s) continue;
    const c0 = text[s];
    if (c0 === 0x23 || c0 === 0x21) {
      if (COMMENT.test(text.toString('utf8', s, Math.min(e, s + 2)))) continue;
    }
    if (first < 0) {
      first = lineNo;
      delimiter ??= sniffDelimiter(text.toString('utf8', s, Math.min(e, s + 65536)), file);
    }
    const recordLine = lineNo;
    const d = (delimiter ?? ',').charCodeAt(0);
    if (quote < s) quote = nextQuote(text, s, text.length);
    if (quote < nl) {
      // A quoted field may hold newlines (RFC 4180): the record runs to the first newline outside quotes.
      const r = recordEnd(text, s, text.length, d);
      if (r === OPEN) throw unclosedQuote(file, text, s, text.length, d, lineNo, true);
      lineNo += countNl(text, nl, r);
      pos = r + 1;
      e = r > s && text[r - 1] === 0x0d ? r - 1 : r;
    }
    lineStarts.push(s);
    let n = splitFields(text, s, e, d, bounds, file, recordLine);
    while (n < 0) {
      bounds = new Int32Array(bounds.length * 4);
      n = splitFields(text, s, e, d, bounds, file, recordLine);
    }
    let fields: string[] = new Array<string>(n);
    for (let k = 0; k < n; k++)
      fields[k] = fieldText(text, bounds[2 * k] as number, bounds[2 * k + 1] as number);
    // Runs of spaces are one separator. (No spread: a line of millions of fields would overflow the stack.)
    if (delimiter === ' ') fields = fields.filter((f) => f !== '');
    if (header === null && options.header !== false) header = fields;
    else {
      rows.push(fields);
      lines.push(recordLine);
    }
  }
  if (first < 0) throw invalid(file, 'the file is empty (no lines with content).');
  return { file, delimiter: delimiter ?? ',', header: header ?? [], rows, lines };
}

/** Index of the first header column whose name matches, or -1. */
export function findColumn(header: readonly string[], pattern: RegExp): number {
  return header.findIndex((h) => pattern.test(h.trim()));
}
