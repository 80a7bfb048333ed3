// Format detection: magic bytes first (a file's name can lie), then the extension, then the header
// line of text tables. Text must be UTF-8; binary content under a text name is refused by name.
import { closeSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { checkEncoding } from './encoding.ts';
import { gunzipHead } from './gunzip-bounded.ts';
import { openHdf5 } from './hdf5.ts';
import { openRegularSync } from './regular-file.ts';
import { looksLikeSignature } from './signature.ts';
import { sniffDelimiter } from './text-table.ts';
import { invalid, type FileFormat } from './types.ts';

const HEAD_BYTES = 64 * 1024;

export function readHead(file: string, n = HEAD_BYTES): Buffer {
  const fd = openRegularSync(file);
  try {
    const buf = Buffer.alloc(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

const startsWith = (b: Buffer, s: string): boolean => b.subarray(0, s.length).toString('latin1') === s;

/**
 * The first line with content; a header whose quoted name holds a newline (RFC 4180) continues on the
 * next lines while an odd number of quotes is open.
 */
function firstRecord(body: string): string {
  const lines = body.split(/\r?\n/);
  const at = lines.findIndex((l) => l.trim() !== '' && !/^[#!%]/.test(l));
  if (at < 0) return '';
  let record = lines[at] as string;
  for (let k = at + 1; k < lines.length && (record.split('"').length - 1) % 2 === 1; k++)
    record += `\n${lines[k] as string}`;
  return record;
}

export async function detectFormat(file: string): Promise<FileFormat> {
  const head = readHead(file);
  const name = basename(file).toLowerCase();
  if (head.length === 0) throw invalid(file, 'the file is empty (0 bytes).');
  if (startsWith(head, '\x89HDF\r\n\x1a\n')) {
    if (name.endsWith('.gctx')) return 'gctx';
    if (name.endsWith('.h5ad')) return 'h5ad';
    const f = await openHdf5(file);
    try {
      const keys = f.keys();
      if (keys.includes('0') && f.get('0/DATA/0/matrix')) return 'gctx';
      if (keys.includes('X') && keys.includes('obs')) return 'h5ad';
      return 'hdf5';
    } finally {
      f.close();
    }
  }
  if (startsWith(head, 'ARROW1')) return 'arrow';
  if (head.readUInt32LE(0) === 0xffffffff && head.length >= 8) return 'arrow-stream';
  if (startsWith(head, 'PAR1')) return 'parquet';
  let text = head;
  let inner = name;
  if (head[0] === 0x1f && head[1] === 0x8b) {
    text = gunzipHead(file, head);
    inner = name.replace(/\.gz$/, '');
  } else if (/\.(arrow|feather|ipc|parquet|h5ad|gctx|h5|hdf5)$/.test(name)) {
    throw invalid(
      file,
      `has the extension of a binary format but not its signature; the file is damaged or misnamed.`,
    );
  }
  const start = checkEncoding(file, text.subarray(0, 4096));
  const body = text.subarray(start).toString('utf8');
  const firstLine = firstRecord(body);
  if (/^%%MatrixMarket/i.test(body)) return 'mtx';
  if (/^#1\.[23]\s/.test(body) || inner.endsWith('.gct')) return 'gct';
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<graphml/i.test(body)) return 'graphml';
  if (inner.endsWith('.sif')) return 'sif';
  if (body.trim() === '') throw invalid(file, 'the file is empty (no lines with content).');
  const header = firstLine.split(sniffDelimiter(firstLine, inner)).map((h) => h.trim().replace(/^"|"$/g, ''));
  const lower = header.map((h) => h.toLowerCase());
  if (lower[0] === 'protein1' && lower[1] === 'protein2') return 'edge-list';
  if (/^(source|from|gene1|node1)$/.test(lower[0] ?? '') && /^(target|to|gene2|node2)$/.test(lower[1] ?? ''))
    return 'edge-list';
  if (lower.includes('drug_name') && lower.includes('gene')) return 'drug-targets';
  if (looksLikeSignature(header)) return 'signature';
  return sniffDelimiter(firstLine, inner) === '\t' ? 'tsv' : 'csv';
}
