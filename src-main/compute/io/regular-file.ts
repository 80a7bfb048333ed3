// Every user file is opened here. Opening a FIFO for reading blocks until a writer appears, and a
// device (/dev/zero, /dev/urandom) never ends, so a mistyped path would hang a worker forever: files are
// opened non-blocking and refused unless fstat says they are regular files (no race with a swapped path).
import { constants as bufferConstants } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { invalid } from './types.ts';

// O_NONBLOCK makes open() of a FIFO return at once; it changes nothing for regular files. Windows has
// no FIFOs to fear and no such flag.
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function openError(file: string, e: unknown): Error {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return invalid(file, 'does not exist.');
  if (code === 'EISDIR') return invalid(file, 'is a folder, not a file.');
  if (code === 'EACCES' || code === 'EPERM')
    return invalid(file, 'cannot be read: permission denied. Check the file permissions.');
  if (code === 'ELOOP') return invalid(file, 'is a symbolic link that loops.');
  return invalid(file, `cannot be opened (${code ?? (e as Error).message}).`);
}

function checkRegular(file: string, st: Stats): void {
  if (st.isDirectory()) throw invalid(file, 'is a folder, not a file.');
  if (!st.isFile())
    throw invalid(file, 'is not a regular file (a pipe, socket or device); save it to a file first.');
}

/** A read-only descriptor of a regular file; the caller closes it. */
export function openRegularSync(file: string): number {
  let fd: number;
  try {
    fd = openSync(file, READ_FLAGS);
  } catch (e) {
    throw openError(file, e);
  }
  try {
    checkRegular(file, fstatSync(fd));
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  return fd;
}

/** A read-only handle of a regular file; the caller closes it. */
export async function openRegular(file: string): Promise<FileHandle> {
  let fh: FileHandle;
  try {
    fh = await open(file, READ_FLAGS);
  } catch (e) {
    throw openError(file, e);
  }
  try {
    checkRegular(file, await fh.stat());
  } catch (e) {
    await fh.close();
    throw e;
  }
  return fh;
}

/** The whole of a regular file, refused past `maxBytes` before anything is read. */
export function readRegularFile(file: string, maxBytes: number = bufferConstants.MAX_LENGTH): Buffer {
  const fd = openRegularSync(file);
  try {
    const size = fstatSync(fd).size;
    if (size > maxBytes)
      throw invalid(
        file,
        `is ${size} bytes; files of this kind are read whole and the limit is ${maxBytes}.`,
      );
    const buf = Buffer.allocUnsafe(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}
