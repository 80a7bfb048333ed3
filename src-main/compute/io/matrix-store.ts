// Writes a sample-major matrix as the project's Arrow IPC file (`gene` utf8 + one float32 column per
// sample; the same layout as arrow-matrix.ts, which reads it back). Each sample's genes are already
// contiguous, so the body is written straight from the matrix buffer with no transpose or copy.
import { closeSync, fsync, fsyncSync, openSync, renameSync, rmSync, write, writeSync } from 'node:fs';
import { promisify } from 'node:util';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { GENE_COLUMN } from './arrow-matrix.ts';
import { encodeFlatbuffer, i16, i64, table, u8, type FbNode } from './flatbuffer-writer.ts';
import { matrixSchema } from './matrix-schema.ts';
import type { SampleMajorMatrix } from './types.ts';

const V5 = 4; // MetadataVersion.V5
const HEADER_SCHEMA = 1;
const HEADER_RECORD_BATCH = 3;

const pad8 = (n: number): number => Math.ceil(n / 8) * 8;

/** A little-endian int64 without a BigInt per value (the batch header holds 750,000 of them). */
function setI64(v: DataView, p: number, x: number): void {
  v.setUint32(p, x % 0x100000000, true);
  v.setUint32(p + 4, Math.floor(x / 0x100000000), true);
}

const mod = (a: number, m: number): number => ((a % m) + m) % m;

/** Continuation marker + length + the Message flatbuffer, padded to 8 bytes as the IPC format requires. */
function message(headerType: number, header: FbNode, bodyLength: number, capacity = 0): Uint8Array {
  const root = table(i16(V5), u8(headerType), header, i64(bodyLength));
  const out = encodeFlatbuffer(root, { prefix: 8, capacity });
  const v = new DataView(out.buffer, out.byteOffset);
  v.setUint32(0, 0xffffffff, true);
  v.setInt32(4, out.length - 8, true);
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

/**
 * `alignBody`: when given, zero bytes are inserted before the first sample body so that the body byte
 * at buffer offset `memOffset` lands on a multiple of `page` in the file (direct I/O, direct-write.ts);
 * Arrow buffers are located by explicit offsets, so readers do not notice the gap.
 */
export function arrowLayout(
  genes: readonly string[],
  samples: readonly string[],
  alignBody?: { page: number; memOffset: number },
): ArrowLayout {
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
  const stride = pad8(colBytes);
  // The body's sample part starts after the gene buffers and the alignment gap (known once the header's
  // length is, which does not depend on the offsets written into it).
  let colStart = off;
  const nBuffers = 3 + 2 * nS;
  let bodyLength = 0;
  const batch = (): FbNode =>
    table(
      i64(nG),
      {
        kind: 'structs',
        size: 16,
        align: 8,
        count: nS + 1,
        write: (v, p) => (setI64(v, p, nG), setI64(v, p + 8, 0)),
      },
      {
        kind: 'structs',
        size: 16,
        align: 8,
        count: nBuffers,
        write: (v, p, i) => {
          // [offset, length]; no array per buffer: there are 500,000 of them for 250,000 samples.
          const gene = bufs[i];
          setI64(v, p, gene ? gene[0] : colStart + ((i - 3) >> 1) * stride);
          setI64(v, p + 8, gene ? gene[1] : (i - 3) & 1 ? colBytes : 0);
        },
      },
    );
  const schema = matrixSchema(GENE_COLUMN, samples);
  const schemaMsg = message(HEADER_SCHEMA, schema, 0, schema.bytes.length + 256);
  const magic = Buffer.from('ARROW1\0\0', 'latin1');
  const batchOffset = magic.length + schemaMsg.length;
  // The batch message's length is fixed by the counts alone; encode once to learn it, then for real.
  const batchCapacity = 16 * (nS + 1 + nBuffers) + 256;
  const batchLength = message(HEADER_RECORD_BATCH, batch(), 0, batchCapacity).length;
  const bodyAt = batchOffset + batchLength;
  const gap = alignBody ? mod(-(bodyAt + colStart + alignBody.memOffset), alignBody.page) : 0;
  colStart += gap;
  bodyLength = colStart + nS * stride;
  const batchMsg = message(HEADER_RECORD_BATCH, batch(), bodyLength, batchCapacity);
  const zeros = new Uint8Array(Math.max(8, gap));
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
    zeros.subarray(0, gap),
  ];
  const block = (count: number, o: number, metaLen: number, body: number): FbNode => ({
    kind: 'structs',
    size: 24,
    align: 8,
    count,
    write: (v, p) => {
      setI64(v, p, o);
      v.setInt32(p + 8, metaLen, true);
      setI64(v, p + 16, body);
    },
  });
  const footer = encodeFlatbuffer(
    table(i16(V5), schema, block(0, 0, 0, 0), block(1, batchOffset, batchMsg.length, bodyLength)),
    { capacity: schema.bytes.length + 256 },
  );
  const end = new Uint8Array(10);
  new DataView(end.buffer).setInt32(0, footer.length, true);
  end.set(Buffer.from('ARROW1', 'latin1'), 4);
  const eos = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]); // end-of-stream marker
  return { head, headLength: textAt + pad8(textLen) + gap, colBytes, stride, tail: [eos, footer, end] };
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
