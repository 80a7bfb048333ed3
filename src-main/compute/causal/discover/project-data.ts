/**
 * Discovery input from a project dataset: the Arrow matrix (genes × samples, see compute/io/arrow-matrix)
 * turned into samples × genes, with a gene selection, an optional intervention column from the
 * dataset's sample-metadata file, and an allowed skeleton from a project network.
 *
 * Genes with a missing value or (near) zero variance in the observational samples are dropped and
 * reported: a constant gene has no correlation, and keeping it would make conditioning sets singular.
 */
import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
import { NetworkGraph } from '#shared/domain/network.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { readMatrixArrow, type ExpressionMatrix } from '../../io/arrow-matrix.ts';
import { readNetworkText } from '../../io/network-file.ts';
import { createMatrix, type DenseMatrix } from '../../numeric/matrix.ts';
import { OBSERVATIONAL, type DiscoveryData, type InterventionalSetting } from './dataset.ts';
import { sha256FilesSync } from '../../io/file-hash.ts';

export type GeneChoice =
  | { mode: 'all' }
  | { mode: 'topVariable'; n: number }
  | { mode: 'list'; genes: string[] }
  | { mode: 'network'; networkPath: string };

export interface ProjectDataRequest {
  matrixPath: string;
  samplesPath?: string | undefined;
  interventionColumn?: string | undefined;
  genes: GeneChoice;
  /** Keep only genes non-zero in more than this fraction of all samples (absent: keep every gene). */
  minExpressedFraction?: number | undefined;
}

export interface ProjectDiscoveryData extends DiscoveryData {
  /** Selected genes left out, with why. */
  readonly excluded: { gene: string; reason: string }[];
}

const MIN_VARIANCE = 1e-12;

export function readNetworkFile(path: string): NetworkGraph {
  let json: unknown;
  try {
    json = JSON.parse(readNetworkText(path));
  } catch {
    throw new CausewayError('E_CORRUPT_PROJECT', `The network file ${path} is not valid JSON.`);
  }
  const parsed = NetworkGraph.safeParse(json);
  if (!parsed.success) throw new CausewayError('E_CORRUPT_PROJECT', `The network file ${path} is damaged.`);
  return parsed.data;
}

/** Per-sample setting labels ('' = observational) from the sample-metadata Arrow file. */
function sampleLabels(samplesPath: string, column: string, samples: readonly string[]): string[] {
  const table = tableFromIPC(readFileSync(samplesPath));
  const ids = table.getChild('sample');
  const col = table.getChild(column);
  if (!ids || !col) {
    const names = table.schema.fields.map((f) => f.name).join(', ');
    throw new CausewayError(
      'E_INVALID_INPUT',
      `The sample table has no column "${column}" (columns: ${names}).`,
    );
  }
  const bySample = new Map<string, string>();
  for (let i = 0; i < table.numRows; i++) {
    const v: unknown = col.get(i);
    bySample.set(String(ids.get(i)), v === null || v === undefined ? '' : String(v).trim());
  }
  return samples.map((s) => {
    const label = bySample.get(s);
    if (label === undefined)
      throw new CausewayError('E_INVALID_INPUT', `Sample "${s}" is missing from the sample table.`);
    return OBSERVATIONAL.test(label) ? '' : label;
  });
}

function geneVariance(m: ExpressionMatrix, g: number, cols: readonly number[]): number {
  const n = m.samples.length;
  let sum = 0;
  let sq = 0;
  let k = 0;
  for (const j of cols) {
    const v = m.values[g * n + j]!;
    if (!Number.isFinite(v)) return Number.NaN;
    sum += v;
    sq += v * v;
    k++;
  }
  if (k < 2) return 0;
  const mean = sum / k;
  return Math.max(0, (sq - k * mean * mean) / (k - 1));
}

function chooseGenes(m: ExpressionMatrix, choice: GeneChoice, obsCols: number[]): number[] {
  const index = new Map(m.genes.map((g, i) => [g, i]));
  const named = (names: readonly string[]): number[] => {
    const seen = new Set<number>();
    for (const name of names) {
      const i = index.get(name);
      if (i !== undefined) seen.add(i);
    }
    return [...seen];
  };
  switch (choice.mode) {
    case 'all':
      return m.genes.map((_, i) => i);
    case 'list':
      return named(choice.genes);
    case 'network':
      return named(readNetworkFile(choice.networkPath).nodes.map((n) => n.id));
    case 'topVariable': {
      const v = m.genes.map((_, i) => geneVariance(m, i, obsCols));
      return m.genes
        .map((_, i) => i)
        .filter((i) => Number.isFinite(v[i]!))
        .sort((a, b) => v[b]! - v[a]! || a - b)
        .slice(0, choice.n);
    }
  }
}

const percent = (f: number): string => `${Math.round(f * 1000) / 10}%`;

/** The fraction of samples in which gene g is expressed (a non-zero value). */
function expressedFraction(m: { values: Float32Array; samples: string[] }, g: number): number {
  const n = m.samples.length;
  let k = 0;
  for (let j = 0; j < n; j++) if (m.values[g * n + j] !== 0) k++;
  return n === 0 ? 0 : k / n;
}

export function readProjectDiscoveryData(req: ProjectDataRequest): ProjectDiscoveryData {
  const m = readMatrixArrow(req.matrixPath);
  let labels = m.samples.map(() => '');
  if (req.interventionColumn !== undefined) {
    if (!req.samplesPath) {
      throw new CausewayError(
        'E_INVALID_INPUT',
        'This dataset has no sample table to take interventions from.',
      );
    }
    labels = sampleLabels(req.samplesPath, req.interventionColumn, m.samples);
  }
  const obsCols = labels.flatMap((l, j) => (l === '' ? [j] : []));
  if (obsCols.length < 5) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `Needs at least 5 observational samples, found ${obsCols.length}.`,
    );
  }
  const excluded: { gene: string; reason: string }[] = [];
  const allCols = m.samples.map((_, j) => j);
  const minExpressed = req.minExpressedFraction;
  const genes = chooseGenes(m, req.genes, obsCols).filter((g) => {
    const v = geneVariance(m, g, allCols);
    const expressed = minExpressed === undefined ? 1 : expressedFraction(m, g);
    if (Number.isNaN(v)) excluded.push({ gene: m.genes[g]!, reason: 'missing values' });
    else if (minExpressed !== undefined && !(expressed > minExpressed))
      excluded.push({
        gene: m.genes[g]!,
        reason: `expressed in ${percent(expressed)} of samples (needs more than ${percent(minExpressed)})`,
      });
    else if (geneVariance(m, g, obsCols) < MIN_VARIANCE)
      excluded.push({ gene: m.genes[g]!, reason: 'constant in the observational samples' });
    else return true;
    return false;
  });
  if (genes.length < 2) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `Only ${genes.length} usable genes were selected; need at least 2.`,
    );
  }
  const nodes = genes.map((g) => m.genes[g]!);
  const n = m.samples.length;
  const toMatrix = (cols: number[]): DenseMatrix => {
    const x = createMatrix(cols.length, genes.length);
    genes.forEach((g, v) => cols.forEach((j, t) => (x.data[v * cols.length + t] = m.values[g * n + j]!)));
    return x;
  };
  const groups = new Map<string, number[]>();
  labels.forEach((l, j) => {
    if (l !== '') groups.set(l, [...(groups.get(l) ?? []), j]);
  });
  const nodeIndex = new Map(nodes.map((g, i) => [g.toLowerCase(), i]));
  const settings: InterventionalSetting[] = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([label, cols]) => ({
      label,
      data: toMatrix(cols),
      knownTargets: label
        .split(/[+,;]/)
        .map((t) => nodeIndex.get(t.trim().toLowerCase()))
        .filter((t): t is number => t !== undefined),
    }));
  return {
    nodes,
    observational: toMatrix(obsCols),
    settings,
    dataHash: sha256FilesSync(
      req.matrixPath,
      ...(req.interventionColumn !== undefined && req.samplesPath ? [req.samplesPath] : []),
    ),
    excluded,
  };
}

/** Gene pairs adjacent in a network, as variable-index pairs (genes outside `nodes` are ignored). */
export function networkSkeleton(networkPath: string, nodes: readonly string[]): [number, number][] {
  const index = new Map(nodes.map((g, i) => [g, i]));
  const seen = new Set<number>();
  const out: [number, number][] = [];
  for (const e of readNetworkFile(networkPath).edges) {
    const a = index.get(e.source);
    const b = index.get(e.target);
    if (a === undefined || b === undefined || a === b) continue;
    const key = Math.min(a, b) * nodes.length + Math.max(a, b);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push([Math.min(a, b), Math.max(a, b)]);
  }
  return out;
}
