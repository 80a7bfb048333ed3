// The one reader of a project's matrix file, for every read the app does: a block of samples (drug
// ranking streams the collection in blocks), one sample (drug detail, disease signature), a subset of
// genes across all samples (causal discovery on chosen genes), or everything. Reads go straight from the
// file into the caller's Float32Array with positioned reads (no decoding: the body is the values).
//
// Projects written before this store (an Arrow IPC file with a `gene` column and one float32 column per
// sample) are read through apache-arrow into memory once at open and then served by the same methods.
import { closeSync, fstatSync, openSync, read, readFileSync, readSync } from 'node:fs';
import { promisify } from 'node:util';
import { Float32, type Table, tableFromIPC } from 'apache-arrow';
import { CausewayError } from '#shared/lib/result.ts';
import type { SampleMajorMatrix } from '../types.ts';
import { STORE_HEADER_BYTES, decodeHeader, decodeNames, hasStoreMagic } from './store-format.ts';

/** The gene column of the old Arrow layout (and of users' Arrow matrices). */
export const GENE_COLUMN = 'gene';

const readP = promisify(read);
/** Node refuses single reads over 2 GiB. */
const MAX_IO = 1 << 30;
/** Gene-subset reads go through the file in blocks of this many bytes. */
const GATHER_BLOCK_BYTES = 8 << 20;

type Body = { kind: 'file'; fd: number; offset: number } | { kind: 'memory'; data: Float32Array };

export class DatasetReader {
  private closed = false;

  private constructor(
    readonly path: string,
    readonly genes: string[],
    readonly samples: string[],
    private readonly body: Body,
  ) {}

  /** Open a matrix file of either layout; a damaged or truncated file is refused with its name. */
  static open(path: string): DatasetReader {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (e) {
      throw new CausewayError('E_IO', `Cannot open the matrix file ${path}: ${(e as Error).message}.`, {
        file: path,
      });
    }
    try {
      const size = fstatSync(fd).size;
      const page = new Uint8Array(Math.min(size, STORE_HEADER_BYTES));
      readFully(fd, page, 0, path);
      if (hasStoreMagic(page)) {
        const h = decodeHeader(page, size, path);
        const names = new Uint8Array(h.namesLength);
        readFully(fd, names, h.namesOffset, path);
        const { genes, samples } = decodeNames(names, h, path);
        return new DatasetReader(path, genes, samples, { kind: 'file', fd, offset: h.bodyOffset });
      }
    } catch (e) {
      closeSync(fd);
      throw e;
    }
    closeSync(fd);
    return DatasetReader.openArrow(path);
  }

  /** The old layout: `gene` utf8 + one float32 column per sample, through apache-arrow. */
  private static openArrow(path: string): DatasetReader {
    let table: Table;
    try {
      table = tableFromIPC(readFileSync(path));
    } catch (e) {
      throw new CausewayError(
        'E_INVALID_INPUT',
        `The matrix file ${path} is neither a Causeway store nor a readable Arrow file.`,
        {
          file: path,
          cause: (e as Error).message,
        },
      );
    }
    const geneColumn = table.getChild(GENE_COLUMN);
    if (!geneColumn)
      throw new CausewayError('E_INVALID_INPUT', `The matrix file ${path} has no "${GENE_COLUMN}" column.`, {
        file: path,
      });
    const genes = Array.from(geneColumn, (g) => String(g));
    // By position: a lookup by name scans every field, which made wide matrices quadratic to open.
    const columns = table.schema.fields.flatMap((field, index) =>
      field.name === GENE_COLUMN ? [] : [{ field, index }],
    );
    const fields = columns.map((c) => c.field);
    const nG = genes.length;
    const data = new Float32Array(nG * fields.length);
    columns.forEach(({ field, index }, j) => {
      if (!Float32.isFloat(field.type))
        throw new CausewayError('E_INVALID_INPUT', `Column "${field.name}" of ${path} is not numeric.`, {
          file: path,
        });
      const col = table.getChildAt(index);
      if (!col) return;
      let i = j * nG;
      for (const v of col) data[i++] = v === null ? Number.NaN : (v as number);
    });
    return new DatasetReader(
      path,
      genes,
      fields.map((f) => f.name),
      { kind: 'memory', data },
    );
  }

  /** Whether the values were decoded into memory at open (the old Arrow layout) rather than read on demand. */
  get inMemory(): boolean {
    return this.body.kind === 'memory';
  }

  get geneCount(): number {
    return this.genes.length;
  }

  get sampleCount(): number {
    return this.samples.length;
  }

  /** Samples [first, first + count), sample-major, into `into` (allocated when not given). */
  readSamples(first: number, count: number, into?: Float32Array): Float32Array {
    const out = this.target(first, count, into);
    const body = this.body;
    if (body.kind === 'memory')
      out.set(body.data.subarray(first * this.geneCount, (first + count) * this.geneCount));
    else
      readFully(
        body.fd,
        bytesOf(out, count * this.geneCount),
        body.offset + first * this.geneCount * 4,
        this.path,
      );
    return out;
  }

  /** The same, without blocking the thread: the read runs in the libuv pool while the caller computes. */
  async readSamplesAsync(first: number, count: number, into?: Float32Array): Promise<Float32Array> {
    const out = this.target(first, count, into);
    const body = this.body;
    if (body.kind === 'memory') return this.readSamples(first, count, out);
    const bytes = bytesOf(out, count * this.geneCount);
    let done = 0;
    while (done < bytes.length) {
      const at = body.offset + first * this.geneCount * 4 + done;
      const { bytesRead } = await readP(body.fd, bytes, done, Math.min(MAX_IO, bytes.length - done), at);
      if (bytesRead === 0) throw truncated(this.path, at);
      done += bytesRead;
    }
    return out;
  }

  /** One sample's values over `genes`. */
  readSample(index: number): Float32Array {
    return this.readSamples(index, 1);
  }

  /**
   * The chosen genes across all samples, gene-major: gene k's samples at [k × nSamples, (k+1) × nSamples).
   * The body is sample-major, so this reads the whole body once in blocks and gathers.
   */
  readGenes(geneIndices: readonly number[], into?: Float32Array): Float32Array {
    const nG = this.geneCount;
    const nS = this.sampleCount;
    for (const g of geneIndices)
      if (!Number.isInteger(g) || g < 0 || g >= nG)
        throw new RangeError(`gene index ${g} is outside 0..${nG - 1}`);
    const out = into ?? new Float32Array(geneIndices.length * nS);
    if (out.length < geneIndices.length * nS)
      throw new RangeError('the buffer is too small for the genes asked');
    const perBlock = Math.max(1, Math.floor(GATHER_BLOCK_BYTES / 4 / Math.max(1, nG)));
    const block = new Float32Array(Math.min(perBlock, nS) * nG);
    for (let s0 = 0; s0 < nS; s0 += perBlock) {
      const n = Math.min(perBlock, nS - s0);
      this.readSamples(s0, n, block);
      geneIndices.forEach((g, k) => {
        const dst = k * nS + s0;
        for (let s = 0; s < n; s++) out[dst + s] = block[s * nG + g] as number;
      });
    }
    return out;
  }

  /** The whole matrix, sample-major. */
  readAll(): SampleMajorMatrix {
    return { genes: this.genes, samples: this.samples, data: this.readSamples(0, this.sampleCount) };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.body.kind === 'file') closeSync(this.body.fd);
  }

  private target(first: number, count: number, into: Float32Array | undefined): Float32Array {
    if (this.closed) throw new Error(`the matrix file ${this.path} is closed`);
    if (
      !Number.isInteger(first) ||
      !Number.isInteger(count) ||
      first < 0 ||
      count < 0 ||
      first + count > this.sampleCount
    )
      throw new RangeError(`samples ${first}..${first + count} are outside 0..${this.sampleCount}`);
    const n = count * this.geneCount;
    if (into && into.length < n) throw new RangeError('the buffer is too small for the samples asked');
    return into ?? new Float32Array(n);
  }
}

/** Open, run, close. */
export function withDatasetReader<T>(path: string, fn: (r: DatasetReader) => T): T {
  const r = DatasetReader.open(path);
  try {
    return fn(r);
  } finally {
    r.close();
  }
}

const bytesOf = (a: Float32Array, n: number): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, n * 4);

const truncated = (file: string, at: number): CausewayError =>
  new CausewayError('E_IO', `The matrix file ${file} is truncated: it ends before byte ${at}.`, { file });

function readFully(fd: number, bytes: Uint8Array, position: number, file: string): void {
  let done = 0;
  while (done < bytes.length) {
    const n = readSync(fd, bytes, done, Math.min(MAX_IO, bytes.length - done), position + done);
    if (n === 0) throw truncated(file, position + done);
    done += n;
  }
}
