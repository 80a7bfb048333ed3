// RFC 4180 quoted fields that hold newlines, in matrices (delimited.ts) and in small tables (sample
// sheets, annotations: text-table.ts): the record runs to the first newline outside quotes, row numbers
// in later messages still name file lines, and a quote never closed is reported where it opened.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readDelimited } from './delimited.ts';
import { recordEnd, OPEN } from './delimited-lines.ts';
import { detectFormat } from './detect-format.ts';
import { readTextTable } from './text-table.ts';
import { readSampleSheet } from './validate.ts';

const dir = mkdtempSync(join(tmpdir(), 'causeway-quotes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string | Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const enc = (s: string): Buffer => Buffer.from(s, 'utf8');

describe('recordEnd', () => {
  it('stops at the first newline outside quotes and reports a quote still open', () => {
    const b = enc('a,"x\ny",1\nnext\n');
    expect(recordEnd(b, 0, b.length, 0x2c)).toBe(9);
    const esc = enc('"he said ""hi\n"" twice",2\n');
    expect(recordEnd(esc, 0, esc.length, 0x2c)).toBe(esc.length - 1);
    const open = enc('a,"never closed\n1,2\n');
    expect(recordEnd(open, 0, open.length, 0x2c)).toBe(OPEN);
    // A quote inside an unquoted field is text, as splitFields reads it.
    const inch = enc('a,5" screw,1\nb\n');
    expect(recordEnd(inch, 0, inch.length, 0x2c)).toBe(12);
  });
});

describe('matrices with quoted newlines', () => {
  it('genes × samples: a multi-line sample name and gene annotation', async () => {
    const p = file(
      'g.csv',
      'gene,description,"sample\none",s2\nTP53,"tumour\nsuppressor",1.5,2\nMYC,plain,3,4\n"KR\r\nAS","GTPase, ""K""\nline 3",5,6\n',
    );
    const r = await readDelimited(p);
    expect(r.orientation).toBe('genes-x-samples');
    expect(r.matrix.samples).toEqual(['sample\none', 's2']);
    expect(r.matrix.genes).toEqual(['TP53', 'MYC', 'KR\r\nAS']);
    expect(r.geneMeta.description).toEqual(['tumour\nsuppressor', 'plain', 'GTPase, "K"\nline 3']);
    expect(Array.from(r.matrix.data)).toEqual([1.5, 3, 5, 2, 4, 6]);
  });

  it('an error after multi-line records names the file line, not the record number', async () => {
    const p = file('late.csv', 'gene,note,s1\nA,"one\ntwo\nthree",1\nB,x,oops\n');
    await expect(readDelimited(p)).rejects.toThrow(
      /late\.csv \(row 5, column "s1"\).*"oops" is not a number/,
    );
  });

  it('a quote never closed is reported at the line where it opened', async () => {
    const p = file('open.csv', 'gene,note,s1\nA,fine,1\nB,"starts here,2\nC,x,3\nD,y,4\n');
    await expect(readDelimited(p)).rejects.toThrow(
      /open\.csv \(row 3, column 2\): a quoted field is not closed: the quote opened here runs to the end/,
    );
    const noNl = file('open-nonl.csv', 'gene,s1\nA,1\nB,"2');
    await expect(readDelimited(noNl)).rejects.toThrow(/open-nonl\.csv \(row 3, column 2\)/);
  });

  it('a record across the 8 MB block boundary of plain files is read whole (carried)', async () => {
    const BLOCK = 8 << 20;
    const head = 'gene,note,s1,s2\n';
    const row = (i: number): string => `G${String(i).padStart(7, '0')},n,${i % 10},1\n`;
    const parts = [head];
    let size = head.length;
    let i = 0;
    while (size + 40 < BLOCK - 64) {
      const r = row(i++);
      parts.push(r);
      size += r.length;
    }
    // The quoted newline falls just before the block end, the closing quote just after it.
    const pad = BLOCK - 8 - size - 'SPLIT,"'.length;
    parts.push(`SPLIT,"${'x'.repeat(pad)}\n${'y'.repeat(30)}",7,8\n`, row(i++), row(i++));
    const p = file('boundary.csv', parts.join(''));
    const r = await readDelimited(p);
    expect(r.matrix.genes).toHaveLength(i + 1);
    const k = r.matrix.genes.indexOf('SPLIT');
    expect(r.geneMeta.note?.[k]).toBe(`${'x'.repeat(pad)}\n${'y'.repeat(30)}`);
    const nG = r.matrix.genes.length;
    expect([r.matrix.data[k], r.matrix.data[nG + k]]).toEqual([7, 8]);
    expect(r.matrix.genes.at(-1)).toBe(`G${String(i - 1).padStart(7, '0')}`);
  });

  it('gzip: many multi-line records across the decompressor chunks; preview rows count records', async () => {
    const n = 20_000;
    const lines = ['cell\tcomment\tGAPDH\tACTB'];
    for (let i = 0; i < n; i++) lines.push(`c${i}\t"seen on\nday ${i}"\t${i % 7}\t${i % 5}`);
    const text = `${lines.join('\n')}\n`;
    const p = file('cells.tsv.gz', gzipSync(text));
    const r = await readDelimited(p);
    expect(r.orientation).toBe('samples-x-genes');
    expect(r.matrix.samples).toHaveLength(n);
    expect(r.sampleMeta.comment?.[12_345]).toBe('seen on\nday 12345');
    expect(r.matrix.data[2 * 12_345 + 1]).toBe(12_345 % 5);
    const plain = file('cells.tsv', text);
    const pv = await readDelimited(plain, { previewRows: 20 });
    expect(pv.rowsInFile).toBe(n);
    expect(pv.matrix.samples).toHaveLength(20);
  });

  it('format detection reads a header whose quoted name spans lines', async () => {
    const p = file('sig.tsv', 'gene\t"log2 fold\nchange"\tp\nTP53\t1.2\t0.01\n');
    expect(await detectFormat(p)).not.toBe('csv');
  });
});

describe('small tables with quoted newlines', () => {
  it('a sample sheet with a multi-line note joins by name and keeps line numbers', () => {
    const p = file('sheet.csv', 'sample,note,group\ns1,"first\nsecond",a\ns2,x,b\n');
    const t = readTextTable(p);
    expect(t.rows).toEqual([
      ['s1', 'first\nsecond', 'a'],
      ['s2', 'x', 'b'],
    ]);
    expect(t.lines).toEqual([2, 4]);
    expect(readSampleSheet(p, ['s2', 's1'])).toEqual({ note: ['x', 'first\nsecond'], group: ['b', 'a'] });
  });

  it('a CRLF table keeps the newline inside the quotes and drops the record’s CR', () => {
    const p = file('crlf.tsv', 'id\tnote\r\nA\t"a\r\nb"\r\nB\tc\r\n');
    expect(readTextTable(p).rows).toEqual([
      ['A', 'a\r\nb'],
      ['B', 'c'],
    ]);
  });

  it('an unclosed quote in a sheet names the sheet and the line where it opened', () => {
    const p = file('bad-sheet.csv', 'sample,note\ns1,ok\ns2,"oops\ns3,fine\n');
    expect(() => readTextTable(p)).toThrow(
      /bad-sheet\.csv \(row 3, column 2\): a quoted field is not closed/,
    );
  });
});
