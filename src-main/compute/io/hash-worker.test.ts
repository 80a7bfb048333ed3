// The cached hash is the file's sha256, reused only while the file is the same one (size, mtime, inode).
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-write.ts';
import { cachedSha256, hashCacheFile } from './hash-worker.ts';

const dir = mkdtempSync(join(tmpdir(), 'causeway-hash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sha = (b: string): string => createHash('sha256').update(b).digest('hex');

describe('cachedSha256', () => {
  it('hashes once, then answers from the cache until the file is replaced', async () => {
    const file = join(dir, 'matrix.arrow');
    writeFileAtomic(file, 'first');
    expect(await cachedSha256(file).promise).toBe(sha('first'));
    expect(existsSync(hashCacheFile(file))).toBe(true);
    // Planted in the cache: returned as is, so the second call did not hash.
    const cache = JSON.parse(readFileSync(hashCacheFile(file), 'utf8')) as Record<string, unknown>;
    writeFileSync(hashCacheFile(file), JSON.stringify({ ...cache, sha256: 'planted' }));
    expect(await cachedSha256(file).promise).toBe('planted');
    // Replaced by rename (as every project write is): another inode, so hashed again.
    writeFileAtomic(file, 'second');
    expect(await cachedSha256(file).promise).toBe(sha('second'));
    writeFileSync(hashCacheFile(file), '{not json');
    expect(await cachedSha256(file).promise).toBe(sha('second'));
  });
});
