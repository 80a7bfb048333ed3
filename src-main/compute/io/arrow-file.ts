// The parts of an Arrow IPC *file* (and Feather v2) that the fast reader (arrow-ipc-columns.ts) and the
// quick inspect (inspect-arrow.ts) both need before touching any column: the footer, found through the
// trailing magic and length, and each record batch's header, decoded from the footer's block list.
// Everything else returns null and the callers fall back to apache-arrow.
import { MessageHeader } from 'apache-arrow';
import { Footer } from 'apache-arrow/ipc/metadata/file';
import { Message, type RecordBatch } from 'apache-arrow/ipc/metadata/message';

/** Random access to the file's bytes; each reader reports truncation in its own words. */
export interface ByteSource {
  readonly size: number;
  bytes(pos: number, len: number): Uint8Array<ArrayBuffer>;
}

export interface Batch {
  rows: number;
  /** File offset of the batch body (buffer offsets are relative to it). */
  body: number;
  header: RecordBatch;
}

/** The footer of a file that starts and ends with the ARROW1 magic; null otherwise or with dictionaries. */
export function arrowFooter(r: ByteSource): Footer | null {
  if (r.size < 18 || Buffer.from(r.bytes(0, 6)).toString('latin1') !== 'ARROW1') return null;
  const tail = r.bytes(r.size - 10, 10);
  if (Buffer.from(tail.subarray(4)).toString('latin1') !== 'ARROW1') return null;
  const footerLen = new DataView(tail.buffer).getInt32(0, true);
  if (footerLen <= 0 || footerLen > r.size - 18) return null;
  const footer = Footer.decode(r.bytes(r.size - 10 - footerLen, footerLen));
  return footer.numDictionaries > 0 ? null : footer;
}

/** Every record batch the footer lists, or null if a listed block is another kind of message. */
export function footerBatches(
  r: ByteSource,
  footer: Footer,
  decode: (meta: Uint8Array) => Message = (meta) => Message.decode(meta),
): Batch[] | null {
  const out: Batch[] = [];
  for (const block of footer.recordBatches()) {
    const meta = r.bytes(block.offset, block.metaDataLength);
    // Metadata starts with the 0xFFFFFFFF continuation marker (format ≥ 0.15) or directly with the length.
    const skip = new DataView(meta.buffer).getUint32(0, true) === 0xffffffff ? 8 : 4;
    const msg = decode(meta.subarray(skip));
    if (msg.headerType !== MessageHeader.RecordBatch) return null;
    const header = msg.header() as RecordBatch;
    out.push({ rows: header.length, body: block.offset + block.metaDataLength, header });
  }
  return out;
}
