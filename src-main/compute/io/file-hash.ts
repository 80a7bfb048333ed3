import { createHash } from 'node:crypto';
import { closeSync, readSync } from 'node:fs';
import { openRegular, openRegularSync } from './regular-file.ts';

// A source file's sha256, read in 4 MiB chunks through one reused buffer: matrix files can be larger
// than memory allows twice, and a fresh buffer per chunk makes V8 churn on external memory.
const CHUNK = 4 << 20;

export async function sha256File(file: string, signal?: AbortSignal): Promise<string> {
  const h = createHash('sha256');
  const fh = await openRegular(file);
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      signal?.throwIfAborted();
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      h.update(buf.subarray(0, bytesRead));
    }
  } finally {
    await fh.close();
  }
  return h.digest('hex');
}

/** The same for synchronous readers; several files hash as their concatenation (matrix + samples). */
export function sha256FilesSync(...files: string[]): string {
  const h = createHash('sha256');
  const buf = Buffer.allocUnsafe(CHUNK);
  for (const file of files) {
    const fd = openRegularSync(file);
    try {
      for (;;) {
        const bytesRead = readSync(fd, buf, 0, buf.length, null);
        if (bytesRead === 0) break;
        h.update(buf.subarray(0, bytesRead));
      }
    } finally {
      closeSync(fd);
    }
  }
  return h.digest('hex');
}
