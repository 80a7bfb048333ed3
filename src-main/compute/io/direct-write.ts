// Direct I/O (O_DIRECT, Linux) for the body of a big project matrix file. Buffered writes first copy
// every byte into the page cache and the kernel writes it out later; on this 2-core VM that copy alone
// costs ~1.5 s of kernel time per GB (fresh guest pages) and, with the writeback and fsync, a 1 GB
// buffered write + fsync takes 0.6–3.8 s depending on the disk's mood (dd: 285 MB/s–1.9 GB/s), while
// the same bytes written with O_DIRECT took 0.42–0.68 s in every measurement (dd, node, and the
// ceiling line bench/import.ts prints for both ways). The reader's own result buffer is written as it
// is, with no copy.
//
// O_DIRECT wants the memory address, the file offset and the length aligned (to the device's logical
// block, 512 bytes here). JavaScript cannot see an ArrayBuffer's address, so openDirect() probes it:
// it tries one 4 KiB write from buffer offsets 0, 8, 16, … until the kernel accepts one (EINVAL until
// then, with nothing written). Buffer offsets ≡ that one (mod 4 KiB) are then aligned for any block
// size up to 4 KiB; the caller lays the file out so they land on 4 KiB file offsets (the dataset
// writer moves the store's body offset) and writes whatever is not a whole 4 KiB page through the
// ordinary descriptor. Pages written one way are never touched the other way, so the page cache and
// the direct writes never overlap. Where O_DIRECT is missing (macOS, Windows, tmpfs, some network
// filesystems) openDirect returns null and the caller writes everything the ordinary way.
import { closeSync, constants, openSync, writeSync } from 'node:fs';

export const DIRECT_PAGE = 4096;

export interface DirectTarget {
  /** A second descriptor of the file, opened with O_DIRECT. */
  fd: number;
  /** Buffer offsets ≡ memOffset (mod DIRECT_PAGE) can be written directly. */
  memOffset: number;
}

/**
 * Open `path` (already created by the caller) again with O_DIRECT and probe `bytes`' alignment. The
 * probe writes 4 KiB of `bytes` at file offset 0, which the caller's file header later overwrites
 * through its ordinary descriptor. Null where direct I/O is unavailable.
 */
export function openDirect(path: string, bytes: Uint8Array): DirectTarget | null {
  const flag = (constants as Record<string, number | undefined>).O_DIRECT;
  if (!flag || bytes.byteLength < 2 * DIRECT_PAGE) return null;
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | flag);
  } catch {
    return null;
  }
  for (let d = 0; d < DIRECT_PAGE; d += 8) {
    try {
      if (writeSync(fd, bytes, d, DIRECT_PAGE, 0) === DIRECT_PAGE) return { fd, memOffset: d };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EINVAL') continue;
      break; // anything else (EIO, ENOSPC…): leave it to the ordinary writes to report
    }
    break; // a short write: not worth understanding, write the ordinary way
  }
  closeSync(fd);
  return null;
}
