/**
 * The text of a project network file (networks/<id>.json, a NetworkGraph). A file named *.json.gz is
 * gzip-compressed: the demo ships the whole iRefIndex v14 interactome that way (182,002 edges: 15 MB of
 * JSON, about 1 MB compressed). One reader for every host and worker that opens a network file.
 */
import { readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { CausewayError } from '#shared/lib/result.ts';

const isGzipped = (path: string): boolean => /\.gz$/i.test(path);

/** Files (and, for *.gz, their inflated text) larger than `limit` bytes are refused before parsing. */
export function readNetworkText(path: string, limit = 256 * 1024 * 1024): string {
  let bytes: Buffer;
  try {
    const size = statSync(path).size;
    if (size > limit) {
      throw new CausewayError('E_CORRUPT_PROJECT', `${path} is ${size} bytes; the limit is ${limit}.`, {
        file: path,
      });
    }
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof CausewayError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CausewayError('E_NOT_FOUND', `${path} does not exist.`, { file: path });
    throw new CausewayError('E_IO', `Cannot read ${path} (${code ?? 'error'}).`, { file: path });
  }
  if (!isGzipped(path)) return bytes.toString('utf8');
  try {
    return gunzipSync(bytes, { maxOutputLength: limit }).toString('utf8');
  } catch (e) {
    throw new CausewayError(
      'E_CORRUPT_PROJECT',
      `${path} is not a readable gzip file, or inflates past ${limit} bytes (${(e as Error).message}).`,
      { file: path },
    );
  }
}
