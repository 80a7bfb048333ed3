/**
 * The graph of every stability-selection run, kept beside the result so that any summary of them
 * (arc frequencies at another threshold, per-α graphs, co-occurrence of edges, a DAG sample for
 * experiment design) can be recomputed later without rerunning the search.
 *
 * Each run's graph is its sorted list of arc indices source·p + target (an undirected edge of the
 * run's CPDAG is both arcs, as in stabilityRun), as uint32, all runs concatenated with offsets.
 * Why a list and not a bitset over the p·(p−1) possible arcs: learned graphs are sparse; at 2,000
 * genes a bitset is 500 KB per run (50 MB for 100 runs) while a run with 4,000 edges (a quarter of
 * them undirected, so 5,000 arcs) is 20 KB: 2.0 MB for 100 runs, written in 30 ms (the reference
 * grid of 6 α × 100 subsamples: 12 MB). Why a binary file beside the result and not base64 in its JSON: the result document is
 * read whole every time the network view opens it; the runs are read only when asked for.
 *
 * File layout (little-endian):
 *   bytes 0–3    "CWSG"
 *   bytes 4–7    uint32 H: length of the JSON header in bytes
 *   8 … 8+H      JSON header (UTF-8): SubsampleGraphsHeader, zero-padded to a multiple of 4 bytes
 *   then         uint32 offsets[runs + 1]: run i's arcs are arcs[offsets[i] … offsets[i+1])
 *   then         uint32 arcs[offsets[runs]]
 */
import type { StabilityPlan, StabilityRunResult } from './stability-selection.ts';

const MAGIC = 'CWSG';
const FORMAT = 'causeway.subsample-graphs';

export interface SubsampleGraphsHeader {
  format: typeof FORMAT;
  version: 1;
  /** Gene names in index order: arc a·p+b is genes[a] → genes[b]. */
  genes: string[];
  plan: StabilityPlan;
  /** [alphaIndex, subsampleIndex] of each run, in file order (sorted). */
  runs: [number, number][];
}

export interface SubsampleGraphs {
  header: SubsampleGraphsHeader;
  /** Each run's sorted arc indices. */
  arcs: Uint32Array[];
}

interface RunMarks {
  readonly alphaIndex: number;
  readonly subsampleIndex: number;
  readonly marks: ArrayLike<number>;
}

export function encodeSubsampleGraphs(
  genes: readonly string[],
  plan: StabilityPlan,
  runs: readonly RunMarks[],
): Uint8Array {
  const p = genes.length;
  if (p * p > 2 ** 32) throw new RangeError(`${p} genes is too many for 32-bit arc indices`);
  const sorted = [...runs].sort((x, y) => x.alphaIndex - y.alphaIndex || x.subsampleIndex - y.subsampleIndex);
  const header: SubsampleGraphsHeader = {
    format: FORMAT,
    version: 1,
    genes: [...genes],
    plan: { alphas: [...plan.alphas], subsamples: plan.subsamples, fraction: plan.fraction, seed: plan.seed },
    runs: sorted.map((r) => [r.alphaIndex, r.subsampleIndex]),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerBytes = Math.ceil(json.length / 4) * 4;
  const total = sorted.reduce((n, r) => n + r.marks.length, 0);
  const out = new Uint8Array(8 + headerBytes + 4 * (sorted.length + 1) + 4 * total);
  out.set(new TextEncoder().encode(MAGIC), 0);
  const view = new DataView(out.buffer);
  view.setUint32(4, json.length, true);
  out.set(json, 8);
  let at = 8 + headerBytes;
  let offset = 0;
  view.setUint32(at, 0, true);
  for (const r of sorted) {
    offset += r.marks.length;
    view.setUint32((at += 4), offset, true);
  }
  at += 4;
  for (const r of sorted) {
    const arcs = Uint32Array.from(r.marks).sort();
    for (const m of arcs) {
      if (m >= p * p) throw new RangeError(`arc index ${m} is out of range for ${p} genes`);
      view.setUint32(at, m, true);
      at += 4;
    }
  }
  return out;
}

export function decodeSubsampleGraphs(bytes: Uint8Array): SubsampleGraphs {
  const bad = (why: string): Error => new Error(`not a subsample-graphs file: ${why}`);
  if (bytes.length < 8 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) throw bad('no CWSG mark');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h = view.getUint32(4, true);
  if (8 + h > bytes.length) throw bad('the header runs past the end');
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + h))) as SubsampleGraphsHeader;
  if (header.format !== FORMAT || header.version !== 1)
    throw bad(`format ${header.format} v${header.version}`);
  const n = header.runs.length;
  const start = 8 + Math.ceil(h / 4) * 4;
  const u32 = (at: number): number => view.getUint32(at, true);
  const arcsStart = start + 4 * (n + 1);
  if (arcsStart > bytes.length || arcsStart + 4 * u32(start + 4 * n) !== bytes.length)
    throw bad('its length does not match its offsets');
  // Copy once into an aligned array (the input may sit at any byte offset), then view each run.
  const all = new Uint32Array(u32(start + 4 * n));
  for (let i = 0; i < all.length; i++) all[i] = u32(arcsStart + 4 * i);
  const arcs = Array.from({ length: n }, (_, i) =>
    all.subarray(u32(start + 4 * i), u32(start + 4 * (i + 1))),
  );
  return { header, arcs };
}

/** The kept graphs as stability runs, for aggregateStability and anything else that takes runs. */
export function subsampleRuns(graphs: SubsampleGraphs): StabilityRunResult[] {
  return graphs.header.runs.map(([alphaIndex, subsampleIndex], i) => ({
    alphaIndex,
    subsampleIndex,
    marks: Int32Array.from(graphs.arcs[i]!),
  }));
}
