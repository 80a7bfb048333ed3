// The project's matrix file (docs/dataset-store.md): a 4 KiB header, then the float32 body in sample
// order (sample j's genes contiguous), then the gene and sample names.
//
//   [0, 8)            magic "CWMATRIX"
//   [8, 12)           uint32 LE: byte length of the JSON header that follows
//   [12, 12 + len)    JSON: {format, version, dtype, byteOrder, layout, genes, samples, bodyOffset,
//                     namesOffset, namesLength}; zero bytes up to 4096
//   [bodyOffset, …)   genes × samples float32 little-endian, sample-major (NaN = missing)
//   [namesOffset, …)  the gene names then the sample names, UTF-8, separated by NUL bytes
//
// Names are NUL-separated rather than JSON because splitting is ~3× faster than JSON.parse, which
// matters at CMap size (473,647 sample names); a name containing NUL is refused when writing.
//
// bodyOffset is 4096 unless the writer moved the body by a few bytes (a multiple of 8) so that its
// pages line up with the in-memory buffer it writes from (direct I/O); readers take it from the header.
import { CausewayError } from '#shared/lib/result.ts';

const STORE_MAGIC = 'CWMATRIX';
export const STORE_HEADER_BYTES = 4096;
const STORE_VERSION = 1;

export interface StoreHeader {
  format: 'causeway-matrix';
  version: number;
  dtype: 'float32';
  byteOrder: 'little-endian';
  layout: 'sample-major';
  genes: number;
  samples: number;
  bodyOffset: number;
  namesOffset: number;
  namesLength: number;
}

interface StoreNames {
  genes: string[];
  samples: string[];
}

/** The header for a file whose body starts at `bodyOffset` and whose names take `namesLength` bytes. */
export function storeHeader(
  nGenes: number,
  nSamples: number,
  namesLength: number,
  bodyOffset = STORE_HEADER_BYTES,
): StoreHeader {
  return {
    format: 'causeway-matrix',
    version: STORE_VERSION,
    dtype: 'float32',
    byteOrder: 'little-endian',
    layout: 'sample-major',
    genes: nGenes,
    samples: nSamples,
    bodyOffset,
    namesOffset: bodyOffset + nGenes * nSamples * 4,
    namesLength,
  };
}

/** The header page: magic, JSON length, JSON, zero padding up to bodyOffset. */
export function encodeHeader(h: StoreHeader): Uint8Array {
  const json = Buffer.from(JSON.stringify(h), 'utf8');
  const out = Buffer.alloc(h.bodyOffset);
  out.write(STORE_MAGIC, 0, 'latin1');
  out.writeUInt32LE(json.length, 8);
  json.copy(out, 12);
  return out;
}

export function encodeNames(genes: readonly string[], samples: readonly string[]): Uint8Array {
  for (const list of [genes, samples])
    for (const name of list)
      if (name.includes('\0'))
        throw new CausewayError(
          'E_INVALID_INPUT',
          `The name ${JSON.stringify(name)} contains a NUL character.`,
        );
  return Buffer.from([...genes, ...samples].join('\0'), 'utf8');
}

export function hasStoreMagic(first8: Uint8Array): boolean {
  return first8.length >= 8 && Buffer.from(first8.subarray(0, 8)).toString('latin1') === STORE_MAGIC;
}

const bad = (file: string, what: string): CausewayError =>
  new CausewayError('E_INVALID_INPUT', `The matrix file ${file} is damaged: ${what}.`, { file });

const count = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * Parse and check the header page against the file's size, so a truncated or hostile file is refused
 * here with its name instead of failing later in a read.
 */
export function decodeHeader(page: Uint8Array, fileSize: number, file: string): StoreHeader {
  if (page.length < 12 || !hasStoreMagic(page)) throw bad(file, 'it does not start with the store header');
  const len = Buffer.from(page.buffer, page.byteOffset, page.length).readUInt32LE(8);
  if (len > STORE_HEADER_BYTES - 12 || 12 + len > page.length) throw bad(file, 'the header length is wrong');
  let h: Partial<StoreHeader>;
  try {
    h = JSON.parse(Buffer.from(page.subarray(12, 12 + len)).toString('utf8')) as Partial<StoreHeader>;
  } catch {
    throw bad(file, 'the header is not valid JSON');
  }
  if (h.format !== 'causeway-matrix' || h.version !== STORE_VERSION)
    throw bad(
      file,
      `unknown format ${String(h.format)} version ${String(h.version)} (this app reads version ${STORE_VERSION})`,
    );
  if (h.dtype !== 'float32' || h.byteOrder !== 'little-endian' || h.layout !== 'sample-major')
    throw bad(file, 'the header names a value type or layout this app does not read');
  const { genes, samples, bodyOffset, namesOffset, namesLength } = h;
  if (!count(genes) || !count(samples) || !count(bodyOffset) || !count(namesOffset) || !count(namesLength))
    throw bad(file, 'the header counts are not whole numbers');
  if (
    bodyOffset < STORE_HEADER_BYTES ||
    bodyOffset % 4 !== 0 ||
    namesOffset !== bodyOffset + genes * samples * 4
  )
    throw bad(file, 'the header offsets do not match the gene and sample counts');
  if (namesOffset + namesLength > fileSize)
    throw new CausewayError(
      'E_IO',
      `The matrix file ${file} is truncated: ${fileSize} bytes where its header announces ${namesOffset + namesLength}.`,
      { file },
    );
  return h as StoreHeader;
}

/** The names section, checked against the header's counts. */
export function decodeNames(bytes: Uint8Array, h: StoreHeader, file: string): StoreNames {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
  const names = h.genes + h.samples === 0 ? [] : text.split('\0');
  if (names.length !== h.genes + h.samples || (names.length === 0 && text.length > 0))
    throw bad(file, `it should name ${h.genes} genes and ${h.samples} samples but names ${names.length}`);
  return { genes: names.slice(0, h.genes), samples: names.slice(h.genes) };
}
