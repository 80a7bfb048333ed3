// Operating-system and engine errors, said the way a scientist can act on them. Raw errno text
// ("ENOSPC: no space left on device, write") and engine messages ("Maximum call stack size exceeded")
// would otherwise reach the UI as E_INTERNAL.

/** An AppError (result.ts) of one of the two codes used here; typed locally so the two files stay acyclic. */
interface SystemError {
  code: 'E_IO' | 'E_INVALID_INPUT';
  message: string;
  details?: Record<string, unknown>;
}

const where = (path: unknown): string => (typeof path === 'string' && path !== '' ? ` (${path})` : '');

/** errno code → what happened and what to do; E_IO unless the user named something that is not there. */
const ERRNO: Record<string, (at: string) => Omit<SystemError, 'details'>> = {
  ENOSPC: (at) => ({
    code: 'E_IO',
    message: `The disk is full: there was no space left to write${at}. The write was not completed; free some space and try again.`,
  }),
  EDQUOT: (at) => ({
    code: 'E_IO',
    message: `Your disk quota is used up: nothing more could be written${at}. Free some space and try again.`,
  }),
  EROFS: (at) => ({
    code: 'E_IO',
    message: `That location is read-only${at}: nothing can be written there. Choose a folder you can write to.`,
  }),
  EACCES: (at) => ({
    code: 'E_IO',
    message: `Permission denied${at}: your account may not read or write there. Choose another location or change its permissions.`,
  }),
  EPERM: (at) => ({
    code: 'E_IO',
    message: `The operating system did not allow this${at}. Choose another location or change its permissions.`,
  }),
  EISDIR: (at) => ({
    code: 'E_INVALID_INPUT',
    message: `A folder was given where a file is needed${at}. Give a file name.`,
  }),
  ENOTDIR: (at) => ({
    code: 'E_INVALID_INPUT',
    message: `Part of the path is a file, not a folder${at}. Check the path.`,
  }),
  ENOENT: (at) => ({
    code: 'E_INVALID_INPUT',
    message: `No such file or folder${at}. If this is an output, create its folder first.`,
  }),
  EEXIST: (at) => ({ code: 'E_IO', message: `Something already exists there${at}; choose another name.` }),
  EMFILE: () => ({
    code: 'E_IO',
    message: 'Too many files are open at once; close other programs or try again.',
  }),
  ENAMETOOLONG: (at) => ({ code: 'E_INVALID_INPUT', message: `The file name is too long${at}.` }),
  EIO: (at) => ({
    code: 'E_IO',
    message: `The disk reported a read or write error${at}; the drive may be failing or was removed.`,
  }),
};

/** Engine limits hit by an input too big (or too deeply nested) to handle in memory. */
const OVERFLOW = [
  /Maximum call stack size exceeded/,
  /Invalid array length/,
  /Invalid string length/,
  /Array buffer allocation failed/,
  /Cannot create a string longer than/,
  /Invalid typed array length/,
];

/** An AppError for an errno or engine-limit error, or null when `thrown` is neither. */
export function describeSystemError(thrown: unknown): SystemError | null {
  if (!(thrown instanceof Error)) return null;
  const { code: errno, path } = thrown as { code?: unknown; path?: unknown };
  const known = typeof errno === 'string' ? ERRNO[errno] : undefined;
  if (known) {
    const e = known(where(path));
    return { ...e, details: { errno } };
  }
  if (thrown instanceof RangeError && OVERFLOW.some((re) => re.test(thrown.message))) {
    return {
      code: 'E_INVALID_INPUT',
      message:
        'The input is too large (or too deeply nested) to process in memory. Split it into smaller ' +
        `files or reduce it (fewer genes or samples) and try again. (${thrown.message})`,
    };
  }
  return null;
}
