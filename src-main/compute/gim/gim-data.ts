/**
 * The inputs of the GIM jobs read from a project: the dataset store's cells, grouped by the sample column
 * that names each cell's perturbation context, and the feature table (one row per context). Feature
 * values stay text here: typing and encoding them (numeric vs categorical, ranges) is features.ts's job,
 * so the app, the CLI and the benchmark encode them one way.
 */
import { readFileSync } from 'node:fs';
import { DiscoveredGraph } from '#shared/domain/discovered-graph.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { withDatasetReader } from '../io/dataset-store/dataset-reader.ts';
import { readMetaArrow } from '../io/meta-table.ts';
import { readTextTable } from '../io/text-table.ts';

/** A feature table as read (features.ts's FeatureTable): each row's context and its values as text. */
export interface GimFeatureTable {
  /** The file's name, for messages. */
  readonly name: string;
  readonly columns: readonly string[];
  readonly rows: readonly { readonly context: string; readonly values: readonly string[] }[];
}

/** Cells grouped by context over the chosen genes (sample-major, float64), before features are attached. */
export interface GimCells {
  readonly genes: readonly string[];
  readonly observational: { readonly samples: Float64Array; readonly n: number };
  readonly contexts: readonly { readonly name: string; readonly samples: Float64Array; readonly n: number }[];
}

export type GimGeneChoice =
  | { readonly mode: 'topVariable'; readonly n: number }
  | { readonly mode: 'list'; readonly genes: readonly string[] }
  | { readonly mode: 'network' };

const CONTEXT_HEADER = /^(context|perturbation|condition)$/i;
const MAX_FEATURE_TABLE_BYTES = 16 * 1024 * 1024;

const bad = (message: string): CausewayError => new CausewayError('E_INVALID_INPUT', message);
const list = (xs: readonly string[], max = 8): string =>
  xs
    .slice(0, max)
    .map((x) => `"${x}"`)
    .join(', ') + (xs.length > max ? ` and ${xs.length - max} more` : '');

/**
 * Reads a feature table: CSV/TSV, a header, one row per perturbation context keyed by a `context` column
 * (else the first column). Duplicate or empty context names and short rows are errors naming the line.
 */
export function readFeatureTable(file: string, name: string): GimFeatureTable {
  const t = readTextTable(file, { maxBytes: MAX_FEATURE_TABLE_BYTES });
  const header = t.header.map((h) => h.trim());
  if (header.length < 2)
    throw bad(`The feature table ${name} needs a context column and at least one feature column.`);
  const found = header.findIndex((h) => CONTEXT_HEADER.test(h));
  const key = found < 0 ? 0 : found;
  const columns = header.filter((_, c) => c !== key);
  const dup = columns.find((c, i) => columns.indexOf(c) !== i);
  if (dup !== undefined) throw bad(`The feature table ${name} has the column "${dup}" twice.`);
  if (t.rows.length === 0) throw bad(`The feature table ${name} has no rows (one per perturbation context).`);
  const seen = new Set<string>();
  const rows = t.rows.map((fields, r) => {
    const line = t.lines[r]!;
    if (fields.length !== header.length) {
      throw bad(
        `The feature table ${name} (line ${line}) has ${fields.length} fields; its header has ${header.length}.`,
      );
    }
    const context = fields[key]!.trim();
    if (context === '') throw bad(`The feature table ${name} (line ${line}) has no context name.`);
    if (seen.has(context))
      throw bad(`The feature table ${name} (line ${line}) lists context "${context}" a second time.`);
    seen.add(context);
    const values = fields.filter((_, c) => c !== key).map((v) => v.trim());
    return { context, values };
  });
  return { name, columns, rows };
}

export interface ReadCellsInput {
  readonly matrixPath: string;
  readonly samplesPath: string;
  readonly datasetName: string;
  readonly contextColumn: string;
  /** This value (and empty cells) marks observational cells. */
  readonly observationalLabel: string;
  readonly genes: GimGeneChoice;
  /** The genes of the discovery run whose DAG is used (mode 'network'). */
  readonly networkGenes?: readonly string[] | undefined;
}

/**
 * Reads the cells of a dataset grouped by context over the chosen genes. Errors name what is wrong: an
 * unknown context column (with the columns there are), no observational cells, fewer than two
 * perturbation contexts, genes not in the dataset.
 */
export function readGimCells(input: ReadCellsInput): GimCells {
  const meta = readMetaArrow(input.samplesPath);
  const column = meta[input.contextColumn];
  if (!column) {
    const columns = Object.keys(meta).filter((c) => c !== 'sample');
    throw bad(
      `${input.datasetName} has no sample column "${input.contextColumn}"; its columns are ${columns.length ? list(columns) : '(none)'}.`,
    );
  }
  const ids = (meta['sample'] ?? []).map(String);
  return withDatasetReader(input.matrixPath, (reader) => {
    const rowOf = new Map(ids.map((id, r) => [id, r]));
    // Context of each matrix sample, in matrix order ('' = observational).
    const contextOf = reader.samples.map((s) => {
      const r = rowOf.get(s);
      const v = r === undefined ? null : column[r];
      const text = v === null || v === undefined ? '' : String(v).trim();
      return text === input.observationalLabel ? '' : text;
    });
    const nObs = contextOf.filter((c) => c === '').length;
    if (nObs === 0) {
      throw bad(
        `No observational cells in ${input.datasetName}: none has "${input.observationalLabel}" (or nothing) in "${input.contextColumn}".`,
      );
    }
    const names = [...new Set(contextOf.filter((c) => c !== ''))].sort();
    if (names.length < 2) {
      throw bad(
        `${input.datasetName} has ${names.length === 0 ? 'no perturbation context' : `one perturbation context only ("${names[0]}")`} in "${input.contextColumn}"; a GIM learns how features change the effect, so it needs at least two.`,
      );
    }
    const all = reader.readAll();
    const genes = chooseGenes(input, reader.genes, all.data, reader.samples.length);
    const geneIndex = genes.map((g) => reader.genes.indexOf(g));
    const nG = reader.genes.length;
    const gather = (label: string): { samples: Float64Array; n: number } => {
      const rows: number[] = [];
      contextOf.forEach((c, s) => {
        if (c === label) rows.push(s);
      });
      const samples = new Float64Array(rows.length * genes.length);
      rows.forEach((s, i) => {
        geneIndex.forEach((g, j) => {
          samples[i * genes.length + j] = all.data[s * nG + g]!;
        });
      });
      return { samples, n: rows.length };
    };
    const observational = gather('');
    const contexts = names.map((name) => ({ name, ...gather(name) }));
    for (const part of [observational, ...contexts]) {
      if (part.samples.some((v) => !Number.isFinite(v)))
        throw bad(`${input.datasetName} has missing or non-finite values among the chosen genes.`);
    }
    return { genes, observational, contexts };
  });
}

function chooseGenes(
  input: ReadCellsInput,
  all: readonly string[],
  data: Float32Array,
  nSamples: number,
): string[] {
  const present = new Set(all);
  if (input.genes.mode === 'list' || input.genes.mode === 'network') {
    const wanted = input.genes.mode === 'list' ? input.genes.genes : (input.networkGenes ?? []);
    const missing = wanted.filter((g) => !present.has(g));
    if (input.genes.mode === 'list' && missing.length > 0)
      throw bad(`${list(missing)} ${missing.length === 1 ? 'is' : 'are'} not genes of ${input.datasetName}.`);
    const kept = [...new Set(wanted.filter((g) => present.has(g)))];
    if (kept.length < 2)
      throw bad(`Fewer than two of the chosen genes are in ${input.datasetName}; choose at least two.`);
    return kept;
  }
  // The n most variable genes over all cells, kept in the dataset's order.
  const nG = all.length;
  const mean = new Float64Array(nG);
  const sq = new Float64Array(nG);
  for (let s = 0; s < nSamples; s++) {
    for (let g = 0; g < nG; g++) {
      const v = data[s * nG + g]!;
      if (!Number.isFinite(v)) continue;
      mean[g]! += v;
      sq[g]! += v * v;
    }
  }
  const variance = Array.from(mean, (m, g) => sq[g]! / nSamples - (m / nSamples) ** 2);
  const order = all.map((_, g) => g).sort((a, b) => variance[b]! - variance[a]! || a - b);
  const top = new Set(order.slice(0, Math.min(input.genes.n, nG)));
  return all.filter((_, g) => top.has(g));
}

/**
 * The DAG of a discovery run over `genes`, as parent lists by gene index. Directed edges are kept; an
 * undirected edge of the CPDAG (its direction not identified) is oriented along a topological order of
 * the directed part, ties by gene order — one member of the equivalence class, always acyclic. Our own
 * choice: the GIM needs a DAG, and the class's members fit observational data equally well.
 */
export function dagFromDiscovery(
  graphPath: string,
  genes: readonly string[],
): { genes: string[]; parents: number[][] } {
  let graph: DiscoveredGraph;
  try {
    graph = DiscoveredGraph.parse(JSON.parse(readFileSync(graphPath, 'utf8')));
  } catch {
    throw bad('The discovery run’s graph cannot be read; run the discovery again.');
  }
  const index = new Map(genes.map((g, i) => [g, i]));
  const p = genes.length;
  const parents: number[][] = genes.map(() => []);
  const directed: [number, number][] = [];
  const undirected: [number, number][] = [];
  for (const e of graph.edges) {
    const a = index.get(e.source);
    const b = index.get(e.target);
    if (a === undefined || b === undefined || a === b) continue;
    (e.directed ? directed : undirected).push([a, b]);
  }
  // Kahn's order of the directed part (a discovery graph's directed part is acyclic).
  const indeg = new Array<number>(p).fill(0);
  const children: number[][] = genes.map(() => []);
  for (const [a, b] of directed) {
    children[a]!.push(b);
    indeg[b]!++;
  }
  const rank = new Array<number>(p).fill(-1);
  const ready = genes.map((_, i) => i).filter((i) => indeg[i] === 0);
  let next = 0;
  while (ready.length > 0) {
    ready.sort((x, y) => x - y);
    const v = ready.shift()!;
    rank[v] = next++;
    for (const c of children[v]!) if (--indeg[c]! === 0) ready.push(c);
  }
  if (next < p) throw bad('The discovery run’s directed edges form a cycle; it cannot serve as a DAG.');
  const add = (a: number, b: number): void => {
    if (!parents[b]!.includes(a)) parents[b]!.push(a);
  };
  for (const [a, b] of directed) add(a, b);
  for (const [a, b] of undirected) {
    if (rank[a]! < rank[b]!) add(a, b);
    else add(b, a);
  }
  for (const ps of parents) ps.sort((x, y) => x - y);
  return { genes: [...genes], parents };
}

/** The genes of a discovery run (for mode 'network'). */
export function discoveryGenes(graphPath: string): string[] {
  try {
    return DiscoveredGraph.parse(JSON.parse(readFileSync(graphPath, 'utf8'))).nodes;
  } catch {
    throw bad('The discovery run’s graph cannot be read; run the discovery again.');
  }
}
