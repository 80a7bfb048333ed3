// Small user tables are read only from regular files, UTF-8: a FIFO would block the read forever.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectFormat } from './detect-format.ts';
import { readTextTable } from './text-table.ts';

const dir = mkdtempSync(join(tmpdir(), 'causeway-text-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('small tables from hostile paths', () => {
  it.skipIf(process.platform === 'win32')(
    'refuse a FIFO at once, naming it, instead of waiting',
    async () => {
      const fifo = join(dir, 'prizes.tsv');
      execFileSync('mkfifo', [fifo]);
      expect(() => readTextTable(fifo)).toThrow(/prizes\.tsv.*not a regular file/);
      await expect(detectFormat(fifo)).rejects.toThrow(/not a regular file/);
    },
  );

  it('refuse UTF-16 and a folder with the fix, read a BOM-prefixed UTF-8 table', () => {
    const utf16 = join(dir, 'utf16.tsv');
    writeFileSync(utf16, Buffer.from('\ufeffgene\tprize\nA\t1\n', 'utf16le'));
    expect(() => readTextTable(utf16)).toThrow(/UTF-16/);
    expect(() => readTextTable(dir)).toThrow(/is a folder/);
    const bom = join(dir, 'bom.tsv');
    writeFileSync(bom, '\ufeffgene\tprize\nA\t1\n');
    expect(readTextTable(bom).header).toEqual(['gene', 'prize']);
  });
});
