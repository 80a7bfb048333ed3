import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readNetworkText } from './network-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'causeway-network-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = JSON.stringify({ nodes: [{ id: 'A', attributes: {} }], edges: [] });

describe('readNetworkText', () => {
  it('reads plain and gzip-compressed network files alike', () => {
    writeFileSync(join(dir, 'plain.json'), text);
    writeFileSync(join(dir, 'packed.json.gz'), gzipSync(text));
    expect(readNetworkText(join(dir, 'plain.json'))).toBe(text);
    expect(readNetworkText(join(dir, 'packed.json.gz'))).toBe(text);
  });

  it('refuses a missing file, a damaged archive and one that inflates past the limit, naming the file', () => {
    expect(() => readNetworkText(join(dir, 'none.json'))).toThrow(/none\.json does not exist/);
    writeFileSync(join(dir, 'bad.json.gz'), text);
    expect(() => readNetworkText(join(dir, 'bad.json.gz'))).toThrow(/bad\.json\.gz is not a readable gzip/);
    writeFileSync(join(dir, 'big.json.gz'), gzipSync('x'.repeat(10_000)));
    expect(() => readNetworkText(join(dir, 'big.json.gz'), 1_000)).toThrow(/inflates past 1000 bytes/);
    expect(() => readNetworkText(join(dir, 'plain.json'), 10)).toThrow(/the limit is 10/);
  });
});
