/**
 * Mean latent vector per group of profiles, encoded chunk by chunk: latent shift needs only group means of
 * z, never every profile's z, so memory stays bounded (one ~30 MB input chunk for a 7,000-gene model)
 * whatever the number of profiles — 100,000 in issue 6's benchmark. Each chunk is normalised straight from
 * the source (normaliseSelection) into one reused buffer. The mean of each group's per-profile
 * normalisation scale comes along, for mapping a decoded profile back to expression units.
 */
import type { AutoencoderRuntime } from './autoencoder-runtime.ts';
import { normaliseSelection, type Normalisation } from './normalise.ts';

/** Profiles per gather → normalise → encode step. */
const ENCODE_CHUNK = 1024;

export interface LatentGroupMean {
  /** Mean of z = x·W1 over the group's profiles. */
  z: Float64Array;
  /** Mean per-profile normalisation minimum and range. */
  min: number;
  range: number;
  /** Profiles in the group. */
  n: number;
}

export interface EncodeMeansOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  chunk?: number;
}

/**
 * Adds one chunk's latent vectors and row scales to their groups' sums. A function of its own, not a loop
 * inside the async function below: there V8 left the loop unoptimised (2.9 s instead of ~0.2 s for
 * 50,000 profiles at 1,024 hidden units, measured).
 */
function addChunk(
  acc: Map<string, LatentGroupMean>,
  z: Float32Array,
  hidden: number,
  keys: readonly string[],
  offset: number,
  scale: { min: Float32Array; range: Float32Array },
): void {
  const rows = z.length / hidden;
  for (let i = 0; i < rows; i++) {
    const key = keys[offset + i] as string;
    let a = acc.get(key);
    if (!a) acc.set(key, (a = { z: new Float64Array(hidden), min: 0, range: 0, n: 0 }));
    a.n++;
    a.min += scale.min[i] as number;
    a.range += scale.range[i] as number;
    const sum = a.z;
    const base = i * hidden;
    for (let h = 0; h < hidden; h++) sum[h] = (sum[h] as number) + (z[base + h] as number);
  }
}

/**
 * Encodes rows `rows` (columns `columns`, −1 for a gene the source lacks) of a row-major source matrix and
 * returns the mean latent vector per key, `keys[i]` naming row `rows[i]`'s group.
 */
export async function encodeGroupMeans(
  rt: Pick<AutoencoderRuntime, 'hidden' | 'encode'>,
  source: { values: Float32Array | Float64Array; width: number },
  rows: readonly number[],
  columns: readonly number[],
  keys: readonly string[],
  normalisation: Normalisation,
  options: EncodeMeansOptions = {},
): Promise<Map<string, LatentGroupMean>> {
  if (keys.length !== rows.length) throw new RangeError(`${keys.length} keys for ${rows.length} rows`);
  const chunkSize = Math.max(1, options.chunk ?? ENCODE_CHUNK);
  const acc = new Map<string, LatentGroupMean>();
  // One buffer for every chunk: fresh 30 MB arrays per chunk cost page faults and garbage collection.
  const buffer = new Float32Array(Math.min(rows.length, chunkSize) * columns.length);
  for (let at = 0; at < rows.length; at += chunkSize) {
    const chunk = rows.slice(at, at + chunkSize);
    const norm = normaliseSelection(source.values, source.width, chunk, columns, normalisation, buffer);
    addChunk(acc, await rt.encode(norm.values, options.signal), rt.hidden, keys, at, norm.scale);
    options.onProgress?.(at + chunk.length, rows.length);
  }
  for (const a of acc.values()) {
    for (let h = 0; h < a.z.length; h++) a.z[h] = (a.z[h] as number) / a.n;
    a.min /= a.n;
    a.range /= a.n;
  }
  return acc;
}
