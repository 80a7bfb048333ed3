import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import {
  MAX_PROJECT_FILE_BYTES,
  PROJECT_FILE,
  PROJECT_SCHEMA_VERSION,
  ProjectManifest,
} from '#shared/domain/project.ts';
import { describeIssue } from '#shared/contracts/errors.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { writeFileAtomic } from '../../compute/io/atomic-write.ts';

/**
 * Reading project.json treats it as hostile: bounded size, strict JSON, version check before shape
 * check (so a newer project gets "update Causeway", not "corrupt"), then the zod schema.
 */
export function readManifest(dir: string): ProjectManifest {
  const file = join(dir, PROJECT_FILE);
  // project.json itself may be a symlink: it must not lead out of the folder.
  resolveInside(dir, PROJECT_FILE);
  const text = readBounded(file, MAX_PROJECT_FILE_BYTES);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CausewayError('E_CORRUPT_PROJECT', `${file} is not valid JSON (${(e as Error).message}).`, {
      file,
    });
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new CausewayError('E_CORRUPT_PROJECT', `${file} does not describe a Causeway project.`, { file });
  }
  const version = (json as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version === 'number' && Number.isInteger(version) && version > PROJECT_SCHEMA_VERSION) {
    throw new CausewayError(
      'E_UNSUPPORTED',
      `This project was saved by a newer Causeway (project format ${version}); this version reads format ${PROJECT_SCHEMA_VERSION}. Update Causeway to open it.`,
      { file, schemaVersion: version },
    );
  }
  const parsed = ProjectManifest.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(top level)';
    const what = issue ? describeIssue(issue, json) : 'it is not valid.';
    throw new CausewayError('E_CORRUPT_PROJECT', `${file} is damaged: ${what}`, { file, field: where });
  }
  return parsed.data;
}

export function writeManifest(dir: string, manifest: ProjectManifest): void {
  // Validate on the way out too: a bug must not write a project that cannot be opened again.
  const checked = ProjectManifest.parse(manifest);
  writeFileAtomic(join(dir, PROJECT_FILE), `${JSON.stringify(checked, null, 2)}\n`);
}

/** Read at most `limit` bytes; larger files are refused before any of them is parsed. */
export function readBounded(file: string, limit: number): string {
  let fd: number;
  try {
    // Non-blocking: opening a FIFO planted as project.json must not wait for a writer.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CausewayError('E_NOT_FOUND', `${file} does not exist.`, { file });
    throw new CausewayError('E_IO', `Cannot read ${file} (${code ?? 'error'}).`, { file });
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile())
      throw new CausewayError(
        'E_CORRUPT_PROJECT',
        `${file} is not a regular file (a folder, pipe or device).`,
        {
          file,
        },
      );
    const size = st.size;
    if (size > limit) {
      throw new CausewayError('E_CORRUPT_PROJECT', `${file} is ${size} bytes; the limit is ${limit}.`, {
        file,
      });
    }
    const buf = Buffer.alloc(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * Resolve a project-relative path and prove it stays inside the project, following symlinks:
 * a hostile project cannot make Causeway read or write outside its folder.
 */
export function resolveInside(dir: string, relPath: string): string {
  const root = realpathSync(dir);
  const target = resolve(root, relPath);
  let real = target;
  try {
    real = realpathSync(target);
  } catch {
    // Not there yet (a file about to be written): the parent folder must be inside.
    try {
      real = join(realpathSync(resolve(target, '..')), relative(resolve(target, '..'), target));
    } catch {
      real = target;
    }
  }
  const rel = relative(root, real);
  // `..matrix.arrow` is a legal name inside the folder; only `..` itself or `../…` leaves it.
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new CausewayError(
      'E_CORRUPT_PROJECT',
      `The project refers to a file outside its folder: ${relPath}.`,
      {
        path: relPath,
      },
    );
  }
  return real;
}
