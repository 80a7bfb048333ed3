// Hostile inputs generated at run time (pipes, devices, decompression bombs, giant lines, odd paths):
// each must end in a clean E_INVALID_INPUT naming the file, never a crash (E_INTERNAL or a raw
// exception), a hang or a silent success. The tally of every case is printed at the end.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { lineBlocks } from './delimited-scan.ts';
import { detectFormat } from './detect-format.ts';
import { readDrugTargets } from './drug-targets.ts';
import { contentBytes } from './gunzip-bounded.ts';
import { inspectFile } from './inspect.ts';
import { readEdgeList, readGraphml, readSif } from './network.ts';
import { readSignature } from './signature.ts';
import { readTextTable } from './text-table.ts';

const realConcat = Buffer.concat.bind(Buffer);
const dir = mkdtempSync(join(tmpdir(), 'causeway-hostile-'));
const HANG_MS = 20_000;
const tally = { tried: 0, cleanErrors: 0, accepted: 0, crashes: 0, hangs: 0, silentWrong: 0 };
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  console.info(`hostile corpus totals: ${JSON.stringify(tally)}`);
});

const fifo = (name: string): string => {
  const p = join(dir, name);
  execFileSync('mkfifo', [p]);
  return p;
};
const file = (name: string, body: string | Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, body);
  return p;
};

type Outcome = { kind: 'ok' } | { kind: 'error'; code: string; message: string } | { kind: 'hang' };

async function attempt(run: () => unknown): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<Outcome>((r) => (timer = setTimeout(() => r({ kind: 'hang' }), HANG_MS)));
  const done = (async (): Promise<Outcome> => {
    try {
      await run();
      return { kind: 'ok' };
    } catch (e) {
      const err = e as { code?: unknown; message?: unknown };
      return { kind: 'error', code: String(err.code ?? 'RAW'), message: String(err.message) };
    }
  })();
  const out = await Promise.race([done, hang]);
  clearTimeout(timer);
  return out;
}

/** A case that must be refused with E_INVALID_INPUT, a message naming the file and matching `pattern`. */
async function refused(path: string, run: () => unknown, pattern: RegExp): Promise<void> {
  tally.tried++;
  const out = await attempt(run);
  if (out.kind === 'hang') tally.hangs++;
  else if (out.kind === 'ok') tally.silentWrong++;
  else if (out.code !== 'E_INVALID_INPUT') tally.crashes++;
  else tally.cleanErrors++;
  expect(out).toMatchObject({ kind: 'error', code: 'E_INVALID_INPUT' });
  if (out.kind === 'error') {
    expect(out.message).toContain(path);
    expect(out.message).toMatch(pattern);
  }
}

/** A case that is legal and must be read. */
async function accepted(run: () => unknown): Promise<void> {
  tally.tried++;
  const out = await attempt(run);
  if (out.kind === 'hang') tally.hangs++;
  else if (out.kind === 'error') tally.crashes++;
  else tally.accepted++;
  expect(out).toEqual({ kind: 'ok' });
}

const notRegular = /not a regular file/;

describe.skipIf(process.platform === 'win32')('pipes and devices are refused, never waited on', () => {
  it.each([
    ['matrix.csv', (p: string) => inspectFile(p)],
    ['matrix.parquet', (p: string) => inspectFile(p)],
    ['matrix.h5ad', (p: string) => inspectFile(p)],
    ['table.tsv', (p: string) => readTextTable(p)],
    ['edges.tsv', (p: string) => readEdgeList(p)],
    ['net.sif', (p: string) => readSif(p)],
    ['net.graphml', (p: string) => readGraphml(p)],
    ['signature.tsv', (p: string) => readSignature(p)],
    ['format.csv.gz', (p: string) => detectFormat(p)],
    ['lines.csv', (p: string) => lineBlocks(p, false).next()],
  ])('FIFO %s', async (name, run) => {
    const p = fifo(name);
    await refused(p, () => run(p), notRegular);
  });

  it.each(['/dev/zero', '/dev/null', '/dev/urandom'])('device %s', async (dev) => {
    await refused(dev, () => inspectFile(dev), notRegular);
    await refused(dev, () => readTextTable(dev), notRegular);
  });
});

describe('odd paths', () => {
  it('a folder, a missing file, a symlink loop', async () => {
    const folder = join(dir, 'a-folder.csv');
    mkdirSync(folder);
    await refused(folder, () => inspectFile(folder), /is a folder/);
    await refused(folder, () => readTextTable(folder), /is a folder/);
    const missing = join(dir, 'missing.csv');
    await refused(missing, () => inspectFile(missing), /does not exist/);
    await refused(missing, () => readEdgeList(missing), /does not exist/);
    const loop = join(dir, 'loop.csv');
    symlinkSync(loop, loop);
    await refused(loop, () => inspectFile(loop), /loops/);
  });
});

describe('decompression is bounded', () => {
  it('a .gz holding one line far past the limit stops at the limit (not a quadratic crawl)', async () => {
    const p = file('one-line.csv.gz', gzipSync(Buffer.alloc(96 << 20, 0x31), { level: 1 }));
    await refused(p, () => inspectFile(p), /longer than 64 MB/);
  }, 60_000);

  it('gathering a long line copies it a bounded number of times (linear, not quadratic)', async () => {
    const line = 24 << 20;
    const p = file(
      'long-line.csv.gz',
      gzipSync(Buffer.concat([Buffer.alloc(line, 0x31), Buffer.from('\n')])),
    );
    const concat = vi.spyOn(Buffer, 'concat');
    let copied = 0;
    concat.mockImplementation((list, total) => {
      const out = realConcat(list, total);
      copied += out.length;
      return out;
    });
    try {
      for await (const b of lineBlocks(p, true)) expect(b.end).toBe(line + 1);
    } finally {
      concat.mockRestore();
    }
    // One join of the whole line; the old reader re-copied the growing line for every 64 KB chunk.
    expect(copied).toBeLessThanOrEqual(2 * (line + 1));
  }, 60_000);

  it('a small .gz that expands past the ratio limit is called a decompression bomb', async () => {
    const p = file('bomb.csv.gz', gzipSync(Buffer.from('0,0,0,0,0,0,0,0\n'.repeat(1 << 20)), { level: 9 }));
    const limits = { maxBytes: 1 << 30, maxRatio: 50, ratioFloor: 1 << 20 };
    await refused(
      p,
      async () => {
        for await (const b of lineBlocks(p, true, 64 << 20, limits)) void b;
      },
      /expands more than 50-fold.*decompression bomb/,
    );
    const capped = { maxBytes: 4 << 20, maxRatio: 10_000, ratioFloor: 1 << 30 };
    await refused(
      p,
      async () => {
        for await (const b of lineBlocks(p, true, 64 << 20, capped)) void b;
      },
      /decompresses to more than 4 MB/,
    );
  });

  it('a small table read whole refuses a .gz that decompresses past its limit', async () => {
    const p = file('sheet.tsv.gz', gzipSync(Buffer.from('sample\tgroup\n'.repeat(1 << 20))));
    await refused(p, () => readTextTable(p, { maxBytes: 1 << 20 }), /decompresses to more than 1 MB/);
    const junk = file('junk.tsv.gz', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]));
    await refused(junk, () => readTextTable(junk), /gzip data is truncated or damaged/);
  });

  it('inspect decides full read or preview on the decompressed size, not the compressed one', async () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => `G${i},1,2,3,4`).join('\n');
    const p = file('rows.csv.gz', gzipSync(Buffer.from(`gene,a,b,c,d\n${rows}\n`)));
    expect(contentBytes(p)).toBeGreaterThan(500_000);
    const r = await inspectFile(p, { fullReadBytes: 200_000 });
    tally.tried++;
    tally.accepted++;
    expect(r.warnings.join(' ')).toMatch(/Large file: shape from a scan/);
    expect(r.nGenes).toBe(40_000);
  });

  it('sniffing the format of a bomb inflates only a bounded head', async () => {
    const p = file('zeros.csv.gz', gzipSync(Buffer.alloc(200 << 20, 0x30), { level: 9 }));
    const before = process.memoryUsage().arrayBuffers;
    await refused(p, () => inspectFile(p), /longer than 64 MB|single column/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(512 << 20);
  }, 60_000);
});

describe('giant lines and wide rows', () => {
  it('a space-separated line of a million node names is read without overflowing the stack', async () => {
    const names = Array.from({ length: 1_000_000 }, (_, i) => `g${i}`);
    const p = file('wide.sif', `hub pp ${names.join(' ')}\n`);
    await accepted(() => {
      const g = readSif(p);
      expect(g.edges).toHaveLength(1_000_000);
    });
  }, 60_000);

  it('a drug–target row of millions of fields and a GraphML of millions of open tags are refused', async () => {
    const many = Array.from({ length: 1_000_000 }, (_, i) => `g${i % 1000}`).join('\t');
    const wide = file('wide-targets.tsv', `drug\tgene\n${many}\n`);
    await refused(wide, () => readDrugTargets(wide), /\(row 2\).*1000000 fields where the header has 2/);
    const deep = file('deep.graphml', `<graphml>${'<a>'.repeat(2_000_000)}</graphml>`);
    await refused(deep, () => readGraphml(deep), /declares no nodes/);
  }, 60_000);

  it('a line past 64 MB in a plain table is refused with its row', async () => {
    const p = file('long-cell.csv', Buffer.concat([Buffer.from('gene,s1\n'), Buffer.alloc(70 << 20, 0x61)]));
    await refused(p, () => inspectFile(p), /\(row 2\).*longer than 64 MB/);
  }, 60_000);
});
