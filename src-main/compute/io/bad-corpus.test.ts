// Every file in fixtures/bad/ (made by scripts/make-bad-corpus.ts) must fail with the exact code and a
// message that names the file, and the row/column where the problem sits when it has one.
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectFile } from './inspect.ts';

const BAD = join(import.meta.dirname, 'fixtures', 'bad');

type Case = [file: string, code: string, pattern: RegExp, where?: string];
const CASES: Case[] = [
  ['empty.csv', 'E_INVALID_INPUT', /empty \(0 bytes\)/],
  ['blank-lines-only.csv', 'E_INVALID_INPUT', /empty/],
  ['comments-only.tsv', 'E_INVALID_INPUT', /empty/],
  ['header-only.csv', 'E_INVALID_INPUT', /header line but no data rows/],
  ['ragged-row.csv', 'E_INVALID_INPUT', /has 3 fields where the first line has 4/, '(row 3)'],
  ['ragged-long-row.tsv', 'E_INVALID_INPUT', /more than 3 fields/, '(row 3)'],
  ['non-numeric-cell.csv', 'E_INVALID_INPUT', /"high" is not a number/, '(row 3, column "s2")'],
  ['infinite-value.csv', 'E_INVALID_INPUT', /"Inf" is infinite/, '(row 3, column "s2")'],
  ['overflow-value.csv', 'E_INVALID_INPUT', /"1e999" is infinite/, '(row 3, column "s2")'],
  ['duplicate-gene.csv', 'E_INVALID_INPUT', /gene name "TP53" appears twice/, '(row 4)'],
  ['duplicate-sample.csv', 'E_INVALID_INPUT', /sample name "s1" appears twice/, '(column 4)'],
  ['empty-gene-name.csv', 'E_INVALID_INPUT', /empty name/, '(row 3)'],
  ['all-missing.csv', 'E_INVALID_INPUT', /every cell is empty or missing/],
  ['decimal-comma.tsv', 'E_INVALID_INPUT', /decimal comma/, '(row 2, column "s1")'],
  ['decimal-comma-semicolon.csv', 'E_INVALID_INPUT', /decimal comma/, '(row 2, column "s1")'],
  ['single-column.csv', 'E_INVALID_INPUT', /single column/, '(row 1)'],
  ['unclosed-quote.csv', 'E_INVALID_INPUT', /quoted field is not closed/, '(row 3, column 1)'],
  // Quoted fields may span lines (RFC 4180), so an open quote is noticed at the end of the file; the
  // message must still point at the line where it opened, past a well-formed multi-line record.
  [
    'unclosed-quote-mid-file.csv',
    'E_INVALID_INPUT',
    /quoted field is not closed: the quote opened here runs to the end of the file/,
    '(row 4, column 2)',
  ],
  ['unclosed-quote-header.tsv', 'E_INVALID_INPUT', /quoted field is not closed/, '(row 1, column 2)'],
  ['utf16le-bom.csv', 'E_INVALID_INPUT', /UTF-16/],
  ['utf16be-bom.csv', 'E_INVALID_INPUT', /UTF-16/],
  ['utf16le-no-bom.tsv', 'E_INVALID_INPUT', /UTF-16/],
  ['binary-junk.csv', 'E_INVALID_INPUT', /binary data, not a text table/],
  ['png-named.csv', 'E_INVALID_INPUT', /binary data, not a text table/],
  ['truncated.csv.gz', 'E_INVALID_INPUT', /gzip data is truncated or damaged/],
  ['not-gzip.csv.gz', 'E_INVALID_INPUT', /gzip data is truncated or damaged/],
  ['zero-by-zero.gct', 'E_INVALID_INPUT', /0 × 0 matrix/],
  ['gct-bad-version.gct', 'E_INVALID_INPUT', /not the GCT version line/, '(row 1)'],
  ['gct-rows-mismatch.gct', 'E_INVALID_INPUT', /promises 3 data rows but the file has 2/, '(row 2)'],
  ['gct-header-mismatch.gct', 'E_INVALID_INPUT', /header has 3 fields/, '(row 3)'],
  ['gct-non-numeric.gct', 'E_INVALID_INPUT', /"x" is not a number/, '(row 5, column "a")'],
  ['fake.parquet', 'E_INVALID_INPUT', /extension of a binary format but not its signature/],
  ['truncated.parquet', 'E_INVALID_INPUT', /not a readable Parquet file/],
  ['truncated.arrow', 'E_INVALID_INPUT', /not a readable Arrow\/Feather file/],
  ['fake.h5ad', 'E_INVALID_INPUT', /extension of a binary format/],
  ['truncated.gctx', 'E_INVALID_INPUT', /truncated HDF5 file: it should be 19568 bytes but is 4096/],
  ['corrupt-superblock.h5ad', 'E_INVALID_INPUT', /damaged HDF5 file/],
  [
    'gctx-mismatched-meta.gctx',
    'E_INVALID_INPUT',
    /"0\/META\/ROW\/id" has 2 entries but the matrix has 3 rows/,
  ],
  ['lzf-compressed.h5ad', 'E_UNSUPPORTED', /compressed with LZF \(HDF5 filter 32000\)/],
  ['mtx-out-of-range/matrix.mtx', 'E_INVALID_INPUT', /entry \(3, 1\) is outside the 2 × 3 matrix/, '(row 4)'],
  ['mtx-truncated/matrix.mtx', 'E_INVALID_INPUT', /promises 4 entries but the file has 2/],
  ['edges-missing-target.tsv', 'E_INVALID_INPUT', /an edge needs two gene names/, '(row 3)'],
  ['graphml-dangling-edge.graphml', 'E_INVALID_INPUT', /names a node that is not declared/, '(row 5)'],
  ['signature-p-out-of-range.tsv', 'E_INVALID_INPUT', /p 1\.5 is outside 0\.\.1/, '(row 3, column "p")'],
];

// Tally printed at the end: crashes (E_INTERNAL or a raw exception) and silent acceptance must be 0.
const tally = { tried: 0, cleanErrors: 0, crashes: 0, silentWrong: 0 };
afterAll(() => console.info(`bad-input corpus totals: ${JSON.stringify(tally)}`));

describe('bad-input corpus', () => {
  it('has at least 30 files and every one is covered by a case', () => {
    const onDisk = readdirSync(BAD).flatMap((n) =>
      statSync(join(BAD, n)).isDirectory() ? [`${n}/matrix.mtx`] : [n],
    );
    const covered = new Set([...CASES.map((c) => c[0]), 'sheet-matrix.csv', 'sheet-mismatch.csv']);
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    expect(onDisk.filter((n) => !covered.has(n))).toEqual([]);
  });

  it.each(CASES)('%s → %s', async (name, code, pattern, where) => {
    const err = await inspectFile(join(BAD, name)).then(
      () => null,
      (e: unknown) => e as { code: string; message: string },
    );
    tally.tried++;
    if (err === null) tally.silentWrong++;
    else if (err.code === code) tally.cleanErrors++;
    else tally.crashes++;
    expect(err, `${name} was accepted`).not.toBeNull();
    expect(err?.code).toBe(code);
    expect(err?.message).toMatch(pattern);
    expect(err?.message).toContain(name.split('/').pop());
    if (where) expect(err?.message).toContain(where);
  });
});

describe('bad input too big to commit (generated at run time)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'causeway-bad-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a line longer than 64 MB is refused with its row, not buffered without end', async () => {
    const file = join(dir, 'long-line.csv');
    writeFileSync(file, Buffer.concat([Buffer.from('gene,s1\nTP53,'), Buffer.alloc(70 * 1024 * 1024, 0x31)]));
    await expect(inspectFile(file)).rejects.toMatchObject({
      code: 'E_INVALID_INPUT',
      message: expect.stringMatching(/long-line\.csv.*longer than 64 MB/),
    });
  });

  it('a quote opened and never closed in a big file stops after 64 MB, naming the line it opened on', async () => {
    const file = join(dir, 'runaway-quote.csv');
    const rows = Buffer.from('TP53,1\n'.repeat(10 * 1024 * 1024)); // 70 MB of ordinary rows
    writeFileSync(file, Buffer.concat([Buffer.from('gene,s1\nA,1\n"B,2\n'), rows]));
    await expect(inspectFile(file)).rejects.toMatchObject({
      code: 'E_INVALID_INPUT',
      message: expect.stringMatching(/runaway-quote\.csv \(row 3, column 1\).*not closed within 64 MB/),
    });
  }, 30_000);

  it('10⁶ sample columns are read (2 genes × 1,000,000 samples) with the right values', async () => {
    const file = join(dir, 'million-columns.csv');
    const n = 1_000_000;
    const header = ['gene', ...Array.from({ length: n }, (_, j) => `s${j}`)].join(',');
    const row = (g: string, k: number): string =>
      [g, ...Array.from({ length: n }, (_, j) => String((j % 97) + k))].join(',');
    writeFileSync(file, `${header}\n${row('TP53', 0)}\n${row('MYC', 1)}\n`);
    const r = await inspectFile(file);
    expect(r.nSamples).toBe(n);
    expect(r.nGenes).toBe(2);
    expect(r.orientationGuess).toBe('genes-x-samples');
    expect(r.preview.values[1]?.[3]).toBe(4);
  }, 60_000);
});
