// Whole lines of a plain (not gzipped) file in blocks, read into two reused buffers: while the caller
// parses one block the next is already being read in the libuv pool, and no chunk is copied into a
// fresh buffer (only the partial last line moves to the front of the other buffer). A yielded block is
// valid until the caller asks for the next one; a caller that keeps one must copy it.
import { countNewlines, MAX_LINE_BYTES } from './delimited-scan.ts';
import { openRegular } from './regular-file.ts';
import { invalid } from './types.ts';

const NL = 0x0a;

export type Block = { buf: Buffer; end: number; last: boolean };

export async function* plainLineBlocks(
  file: string,
  maxLine = MAX_LINE_BYTES,
  blockBytes = 8 << 20,
): AsyncGenerator<Block> {
  const fh = await openRegular(file);
  let cur = Buffer.allocUnsafe(blockBytes);
  let next = Buffer.allocUnsafe(blockBytes);
  let fill = 0;
  let lineNo = 1;
  let pending: Promise<{ bytesRead: number }> | null = fh.read(cur, 0, cur.length, null);
  const tooLong = (): never => {
    throw invalid(file, `a line is longer than ${maxLine / 1048576} MB; is this really a text table?`, {
      row: lineNo,
    });
  };
  try {
    while (pending) {
      const { bytesRead } = await pending;
      pending = null;
      if (bytesRead === 0) {
        if (fill > 0) yield { buf: cur.subarray(0, fill), end: fill, last: true };
        break;
      }
      fill += bytesRead;
      const lastNl = cur.lastIndexOf(NL, fill - 1);
      if (lastNl < 0) {
        // One line fills the buffer: grow it (up to the line limit) and read on.
        if (fill > maxLine) tooLong();
        if (fill === cur.length) {
          const bigger = Buffer.allocUnsafe(cur.length * 2);
          cur.copy(bigger, 0, 0, fill);
          cur = bigger;
        }
        pending = fh.read(cur, fill, cur.length - fill, null);
        continue;
      }
      const carry = fill - (lastNl + 1);
      if (carry > maxLine) tooLong();
      if (next.length < Math.max(blockBytes, carry * 2))
        next = Buffer.allocUnsafe(Math.max(blockBytes, carry * 2));
      cur.copy(next, 0, lastNl + 1, fill);
      pending = fh.read(next, carry, next.length - carry, null);
      yield { buf: cur.subarray(0, fill), end: lastNl + 1, last: false };
      lineNo += countNewlines(cur, 0, lastNl + 1);
      [cur, next] = [next, cur];
      fill = carry;
    }
  } finally {
    if (pending) await pending.catch(() => undefined);
    await fh.close();
  }
}
