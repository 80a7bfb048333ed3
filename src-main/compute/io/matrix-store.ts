// Writes a sample-major matrix as the project's Arrow IPC file (`gene` utf8 + one float32 column per
// sample; the same layout as arrow-matrix.ts, which reads it back). Each sample's genes are already
// contiguous, so the body is written straight from the matrix buffer with no transpose or copy.
import { closeSync, fsync, fsyncSync, openSync, renameSync, rmSync, write, writeSync } from 'node:fs';
import { promisify } from 'node:util';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { GENE_COLUMN } from './arrow-matrix.ts';
import {
  bool,
  encodeFlatbuffer,
  preEncoded,
  i16,
  i64,
  lazyTables,
  tables,
  str,
  table,
  u8,
  type FbNode,
} from './flatbuffer-writer.ts';
import type { SampleMajorMatrix } from './types.ts';

const V5 = 4; // MetadataVersion.V5
const HEADER_SCHEMA = 1;
const HEADER_RECORD_BATCH = 3;
const TYPE_FLOAT = 3;
const TYPE_UTF8 = 5;
const SINGLE = 1;

const pad8 = (n: number): number => Math.ceil(n / 8) * 8;

function field(name: string, float: boolean): FbNode {
  return table(
    str(name),
    bool(false),
    u8(float ? TYPE_FLOAT : TYPE_UTF8),
    float ? table(i16(SINGLE)) : table(),
    null,
    tables([]),
  );
}

function schemaTable(samples: readonly string[]): FbNode {
  return table(
    i16(0),
    lazyTables(samples.length + 1, (i) =>
      i === 0 ? field(GENE_COLUMN, false) : field(samples[i - 1] ?? '', true),
    ),
  );
}

function message(headerType: number, header: FbNode, bodyLength: number): Uint8Array {
  return encodeFlatbuffer(table(i16(V5), u8(headerType), header, i64(bodyLength)));
}

/** Continuation marker + length + flatbuffer, padded to 8 bytes as the IPC format requires. */
function frame(meta: Uint8Array): Uint8Array {
  const len = pad8(meta.length);
  const out = new Uint8Array(8 + len);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0xffffffff, true);
  v.setInt32(4, len, true);
  out.set(meta, 8);
  return out;
}

/** Write the project matrix file atomically: temp file, fsync, rename. */
export function writeSampleMajorArrow(path: string, m: SampleMajorMatrix): void {
  const { fd, tmp } = openTemp(path);
  finish(fd, tmp, () => {
    for (const piece of arrowPieces(m)) {
      let o = 0;
      while (o < piece.length) o += writeSync(fd, piece, o, piece.length - o);
    }
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, path);
  });
}

const writeAsync = promisify(write);

/**
 * Same, but the writes (a memory copy into the page cache, ~2 s per GB here) and the fsync (~3 s per GB
 * on a 330 MB/s disk) run in the libuv pool, so the caller can hash the source file or write the small
 * tables meanwhile.
 */
export async function writeSampleMajorArrowAsync(path: string, m: SampleMajorMatrix): Promise<void> {
  const { fd, tmp } = openTemp(path);
  try {
    for (const piece of arrowPieces(m)) {
      let o = 0;
      while (o < piece.length) o += (await writeAsync(fd, piece, o, piece.length - o, null)).bytesWritten;
    }
    await promisify(fsync)(fd);
  } catch (e) {
    finish(fd, tmp, () => {
      throw e;
    });
  }
  finish(fd, tmp, () => {
    closeSync(fd);
    renameSync(tmp, path);
  });
}

function finish(fd: number, tmp: string, steps: () => void): void {
  try {
    steps();
  } catch (e) {
    try {
      closeSync(fd);
    } catch {
      /* already closed */
    }
    rmSync(tmp, { force: true });
    throw e;
  }
}

function openTemp(path: string): { fd: number; tmp: string } {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  return { fd: openSync(tmp, 'wx', 0o644), tmp };
}

/**
 * The file's bytes split where the sample bodies go: `head` (magic, schema, record batch header, gene
 * column) depends only on the names, each sample's body lands at head + j × stride (its colBytes values,
 * zero-padded to 8), and `tail` (end-of-stream marker, footer) follows the last one. The streamed writer
 * (matrix-stream.ts) writes bodies as the reader finishes them; both writers share this, so their files
 * are byte-identical.
 */
export interface ArrowLayout {
  head: Uint8Array[];
  headLength: number;
  colBytes: number;
  stride: number;
  tail: Uint8Array[];
}

export function arrowLayout(genes: readonly string[], samples: readonly string[]): ArrowLayout {
  const nG = genes.length;
  const nS = samples.length;
  const nameBytes = genes.map((g) => Buffer.from(g, 'utf8'));
  const offsets = new Int32Array(nG + 1);
  nameBytes.forEach((b, i) => (offsets[i + 1] = (offsets[i] as number) + b.length));
  const textLen = offsets[nG] as number;
  const colBytes = nG * 4;
  // Body: gene validity(0) offsets data, then per sample validity(0) data; regular, so buffer i's
  // [offset, length] is computed when encoded rather than held as 2 × nSamples small arrays.
  const bufs: [number, number][] = [];
  let off = 0;
  for (const len of [0, (nG + 1) * 4, textLen]) {
    bufs.push([off, len]);
    off += pad8(len);
  }
  const colStart = off;
  const stride = pad8(colBytes);
  off += nS * stride;
  const bufferAt = (i: number): [number, number] => {
    if (i < 3) return bufs[i] as [number, number];
    const j = (i - 3) >> 1;
    return [colStart + j * stride, (i - 3) & 1 ? colBytes : 0];
  };
  const nBuffers = 3 + 2 * nS;
  const bodyLength = off;
  const batch = table(
    i64(nG),
    {
      kind: 'structs',
      size: 16,
      align: 8,
      count: nS + 1,
      write: (v, p) => (v.setBigInt64(p, BigInt(nG), true), v.setBigInt64(p + 8, 0n, true)),
    },
    {
      kind: 'structs',
      size: 16,
      align: 8,
      count: nBuffers,
      write: (v, p, i) => {
        const [o, l] = bufferAt(i);
        v.setBigInt64(p, BigInt(o), true);
        v.setBigInt64(p + 8, BigInt(l), true);
      },
    },
  );
  const schema = preEncoded(schemaTable(samples));
  const schemaMsg = frame(message(HEADER_SCHEMA, schema, 0));
  const batchMsg = frame(message(HEADER_RECORD_BATCH, batch, bodyLength));
  const magic = Buffer.from('ARROW1\0\0', 'latin1');
  const batchOffset = magic.length + schemaMsg.length;
  const zeros = new Uint8Array(8);
  const padTo8 = (n: number): Uint8Array => zeros.subarray(0, n % 8 ? 8 - (n % 8) : 0);
  const textAt = batchOffset + batchMsg.length + pad8(offsets.byteLength);
  const head = [
    magic,
    schemaMsg,
    batchMsg,
    new Uint8Array(offsets.buffer, offsets.byteOffset, offsets.byteLength),
    padTo8(offsets.byteLength),
    ...nameBytes,
    padTo8(textAt + textLen),
  ];
  const block = (count: number, o: number, metaLen: number, body: number): FbNode => ({
    kind: 'structs',
    size: 24,
    align: 8,
    count,
    write: (v, p) => {
      v.setBigInt64(p, BigInt(o), true);
      v.setInt32(p + 8, metaLen, true);
      v.setBigInt64(p + 16, BigInt(body), true);
    },
  });
  const footer = encodeFlatbuffer(
    table(i16(V5), schema, block(0, 0, 0, 0), block(1, batchOffset, batchMsg.length, bodyLength)),
  );
  const end = new Uint8Array(10);
  new DataView(end.buffer).setInt32(0, footer.length, true);
  end.set(Buffer.from('ARROW1', 'latin1'), 4);
  const eos = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]); // end-of-stream marker
  return { head, headLength: textAt + pad8(textLen), colBytes, stride, tail: [eos, footer, end] };
}

/**
 * The file's bytes in order. A yielded piece may be a reused staging buffer: write it out before asking
 * for the next one.
 */
function* arrowPieces(m: SampleMajorMatrix): Generator<Uint8Array> {
  const nS = m.samples.length;
  if (m.data.length !== m.genes.length * nS)
    throw new Error('matrix data does not match its gene and sample counts');
  const { head, colBytes, stride, tail } = arrowLayout(m.genes, m.samples);
  yield* head;
  const bytes = new Uint8Array(m.data.buffer, m.data.byteOffset, m.data.byteLength);
  if (colBytes === stride) {
    // Columns are back to back with no padding: write the matrix in large slices.
    const step = 64 << 20;
    for (let s = 0; s < bytes.length; s += step) yield bytes.subarray(s, Math.min(bytes.length, s + step));
  } else {
    const stage = Buffer.alloc(Math.max(stride, 16 << 20));
    let fill = 0;
    for (let j = 0; j < nS; j++) {
      if (fill + stride > stage.length) {
        yield stage.subarray(0, fill);
        fill = 0;
      }
      stage.set(bytes.subarray(j * colBytes, (j + 1) * colBytes), fill);
      stage.fill(0, fill + colBytes, fill + stride);
      fill += stride;
    }
    yield stage.subarray(0, fill);
  }
  yield* tail;
}
