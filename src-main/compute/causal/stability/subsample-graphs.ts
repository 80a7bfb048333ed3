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
 *   version 2 only (header.dags = true): the DAG each run's search found (GSP family), same layout:
 *   then         uint32 dagOffsets[runs + 1], then uint32 dagArcs[dagOffsets[runs]]
 * Why keep the DAGs too: the marks are the run's CPDAG, and an effect of knocking a gene down (linear
 * SEM total effects, IDA-style) needs a DAG; the DAG the run found is one member of that class, so
 * its CPDAG is the marks. A run set without DAGs (PC) is written as version 1, byte for byte as before.
 */
import type { StabilityPlan, StabilityRunResult } from './stability-selection.ts';

const MAGIC = 'CWSG';
const FORMAT = 'causeway.subsample-graphs';

export interface SubsampleGraphsHeader {
  format: typeof FORMAT;
  version: 1 | 2;
  /** Version 2: every run's DAG follows the marks. */
  dags?: boolean;
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
  /** Each run's DAG, sorted arc indices (version 2 files only). */
  dags?: Uint32Array[];
}

interface RunMarks {
  readonly alphaIndex: number;
  readonly subsampleIndex: number;
  readonly marks: ArrayLike<number>;
  readonly dag?: ArrayLike<number> | undefined;
}

export function encodeSubsampleGraphs(
  genes: readonly string[],
  plan: StabilityPlan,
  runs: readonly RunMarks[],
): Uint8Array {
  const p = genes.length;
  if (p * p > 2 ** 32) throw new RangeError(`${p} genes is too many for 32-bit arc indices`);
  const sorted = [...runs].sort((x, y) => x.alphaIndex - y.alphaIndex || x.subsampleIndex - y.subsampleIndex);
  const withDags = sorted.length > 0 && sorted.every((r) => r.dag !== undefined);
  if (!withDags && sorted.some((r) => r.dag !== undefined))
    throw new Error('either every run keeps its DAG or none does');
  const header: SubsampleGraphsHeader = {
    format: FORMAT,
    version: withDags ? 2 : 1,
    ...(withDags ? { dags: true } : {}),
    genes: [...genes],
    plan: {
      alphas: [...plan.alphas],
      subsamples: plan.subsamples,
      fraction: plan.fraction,
      seed: plan.seed,
      ...(plan.subsampleSize ? { subsampleSize: plan.subsampleSize } : {}),
    },
    runs: sorted.map((r) => [r.alphaIndex, r.subsampleIndex]),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerBytes = Math.ceil(json.length / 4) * 4;
  const blocks = [sorted.map((r) => r.marks), ...(withDags ? [sorted.map((r) => r.dag!)] : [])];
  const size = blocks.reduce(
    (n, b) => n + 4 * (sorted.length + 1) + 4 * b.reduce((m, arcs) => m + arcs.length, 0),
    0,
  );
  const out = new Uint8Array(8 + headerBytes + size);
  out.set(new TextEncoder().encode(MAGIC), 0);
  const view = new DataView(out.buffer);
  view.setUint32(4, json.length, true);
  out.set(json, 8);
  let at = 8 + headerBytes;
  for (const block of blocks) {
    let offset = 0;
    view.setUint32(at, 0, true);
    for (const arcs of block) {
      offset += arcs.length;
      view.setUint32((at += 4), offset, true);
    }
    at += 4;
    for (const list of block) {
      const arcs = Uint32Array.from(list).sort();
      for (const m of arcs) {
        if (m >= p * p) throw new RangeError(`arc index ${m} is out of range for ${p} genes`);
        view.setUint32(at, m, true);
        at += 4;
      }
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
  if (header.format !== FORMAT || (header.version !== 1 && header.version !== 2))
    throw bad(`format ${header.format} v${header.version}`);
  const n = header.runs.length;
  const u32 = (at: number): number => view.getUint32(at, true);
  // One block: offsets[n + 1] then the arcs; returns each run's arcs and where the block ends.
  const block = (start: number): { lists: Uint32Array[]; end: number } => {
    const arcsStart = start + 4 * (n + 1);
    if (arcsStart > bytes.length) throw bad('its length does not match its offsets');
    const total = u32(start + 4 * n);
    const end = arcsStart + 4 * total;
    if (end > bytes.length) throw bad('its length does not match its offsets');
    // Copy once into an aligned array (the input may sit at any byte offset), then view each run.
    const all = new Uint32Array(total);
    for (let i = 0; i < all.length; i++) all[i] = u32(arcsStart + 4 * i);
    const lists = Array.from({ length: n }, (_, i) =>
      all.subarray(u32(start + 4 * i), u32(start + 4 * (i + 1))),
    );
    return { lists, end };
  };
  const marks = block(8 + Math.ceil(h / 4) * 4);
  const dags = header.version === 2 && header.dags ? block(marks.end) : undefined;
  if ((dags?.end ?? marks.end) !== bytes.length) throw bad('its length does not match its offsets');
  return { header, arcs: marks.lists, ...(dags ? { dags: dags.lists } : {}) };
}

/** The kept graphs as stability runs, for aggregateStability and anything else that takes runs. */
export function subsampleRuns(graphs: SubsampleGraphs): StabilityRunResult[] {
  return graphs.header.runs.map(([alphaIndex, subsampleIndex], i) => ({
    alphaIndex,
    subsampleIndex,
    marks: Int32Array.from(graphs.arcs[i]!),
    ...(graphs.dags ? { dag: Int32Array.from(graphs.dags[i]!) } : {}),
  }));
}
