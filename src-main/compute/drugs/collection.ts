/**
 * A drug-signature collection stored in a project: the matrix file (dataset-store: each signature's
 * genes contiguous) and its signature table (samples.arrow). Signatures reach the scoring engine in
 * blocks read straight from the file into a reused buffer, so a CMap-sized collection (10⁵–10⁶
 * signatures, gigabytes) is never held in memory whole.
 */
import { CausewayError } from '#shared/lib/result.ts';
import { DatasetReader } from '../io/dataset-store/dataset-reader.ts';
import { readMetaArrow } from '../io/meta-table.ts';
import type { SignatureBatch, SignatureInfo } from '../signatures/scoring-types.ts';

const COLUMN_PATTERNS = {
  drug: /^(drug|drug_?name|pert_?iname|pert_?name|compound|perturbagen)$/i,
  cellType: /^(cell_?type|cell_?id|cell_?line|cell)$/i,
  dose: /^(dose|pert_?idose|pert_?dose)$/i,
  time: /^(time|pert_?itime|pert_?time)$/i,
  perturbationType: /^(perturbation_?type|pert_?type)$/i,
} as const;

type MetaColumns = Record<string, (string | number | null)[]>;

const columnFor = (names: readonly string[], pattern: RegExp): string | undefined =>
  names.find((k) => k !== 'sample' && pattern.test(k));

/** The signature-table columns signatureTable reads: the ids and the first match of each pattern. */
const usedColumns = (names: string[]): string[] => [
  'sample',
  ...Object.values(COLUMN_PATTERNS).flatMap((p) => columnFor(names, p) ?? []),
];

/**
 * One SignatureInfo per signature id. Columns are found by name (drug / pert_iname, cell_type / cell_id, …);
 * without a drug column, signatureSearch-style ids `drug__cell__type` are split, else the id is the drug.
 */
export function signatureTable(ids: readonly string[], meta: MetaColumns): SignatureInfo[] {
  const sampleCol = meta['sample'];
  // The table's rows are normally in the matrix's order; map ids to rows only when they are not.
  const inOrder = sampleCol?.length === ids.length && ids.every((id, i) => sampleCol[i] === id);
  const rowOf = new Map<string, number>();
  if (!inOrder) sampleCol?.forEach((v, i) => rowOf.set(String(v), i));
  const find = (pattern: RegExp): (string | number | null)[] | null => {
    const name = columnFor(Object.keys(meta), pattern);
    return name === undefined ? null : (meta[name] ?? null);
  };
  const drug = find(COLUMN_PATTERNS.drug);
  const cellType = find(COLUMN_PATTERNS.cellType);
  const dose = find(COLUMN_PATTERNS.dose);
  const time = find(COLUMN_PATTERNS.time);
  const perturbationType = find(COLUMN_PATTERNS.perturbationType);
  const get = (c: (string | number | null)[] | null, row: number | undefined): string => {
    const v = row === undefined || !c ? null : c[row];
    return v === null || v === undefined ? '' : String(v);
  };
  const out: SignatureInfo[] = new Array<SignatureInfo>(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const row = inOrder ? i : rowOf.get(id);
    const parts = drug ? null : id.split('__');
    const fromId = parts?.length === 3;
    out[i] = {
      id,
      drug: get(drug, row) || (fromId ? parts![0]! : id),
      cellType: get(cellType, row) || (fromId ? parts![1]! : ''),
      dose: get(dose, row),
      time: get(time, row),
      perturbationType: get(perturbationType, row) || (fromId ? parts![2]! : ''),
    };
  }
  return out;
}

export class SignatureCollectionFile {
  readonly genes: string[];
  readonly ids: string[];
  readonly signatures: SignatureInfo[];
  /** An old-layout file, decoded into memory at open, is kept; a store file is reopened per read. */
  private readonly memory: DatasetReader | null;

  constructor(
    private readonly matrixPath: string,
    samplesPath: string | null,
  ) {
    const reader = DatasetReader.open(matrixPath);
    this.genes = reader.genes;
    this.ids = reader.samples;
    this.memory = reader.inMemory ? reader : null;
    if (!this.memory) reader.close();
    this.signatures = signatureTable(this.ids, samplesPath ? readMetaArrow(samplesPath, usedColumns) : {});
  }

  private use<T>(fn: (r: DatasetReader) => T): T {
    if (this.memory) return fn(this.memory);
    const r = DatasetReader.open(this.matrixPath);
    try {
      return fn(r);
    } finally {
      r.close();
    }
  }

  /** Indices of the signatures in the chosen cell types (all when `cellTypes` is null). */
  select(cellTypes: readonly string[] | null): number[] {
    const wanted = cellTypes ? new Set(cellTypes) : null;
    const chosen: number[] = [];
    this.signatures.forEach((s, i) => (!wanted || wanted.has(s.cellType)) && chosen.push(i));
    if (chosen.length === 0) {
      throw new CausewayError(
        'E_INVALID_INPUT',
        `No signature of the collection is in the cell type(s) ${[...(wanted ?? [])].join(', ')}.`,
      );
    }
    return chosen;
  }

  /** One signature's values over `genes` (NaN where missing). */
  column(index: number): Float32Array {
    if (!Number.isInteger(index) || index < 0 || index >= this.ids.length)
      throw new CausewayError('E_NOT_FOUND', `No signature #${index} in ${this.matrixPath}.`);
    return this.use((r) => r.readSample(index));
  }

  /**
   * The chosen signatures as row-major batches of at most `batchRows` rows. Two buffers take turns: the
   * next batch is read in the I/O pool while the caller scores this one, so a batch's values are valid
   * only until the next batch is asked for.
   */
  async *batches(chosen: readonly number[], batchRows: number): AsyncGenerator<SignatureBatch> {
    const width = this.genes.length;
    const rowsPer = Math.max(1, Math.min(batchRows, chosen.length));
    const reader = this.memory ?? DatasetReader.open(this.matrixPath);
    const buffers = [new Float32Array(rowsPer * width), new Float32Array(rowsPer * width)];
    const read = (first: number, turn: number): Promise<SignatureBatch> => {
      const rows = Math.min(rowsPer, chosen.length - first);
      const into = buffers[turn]!.subarray(0, rows * width);
      return readRows(reader, chosen, first, rows, into).then(() => ({ values: into, rows }));
    };
    let next: Promise<SignatureBatch> | null = null;
    try {
      let turn = 0;
      next = chosen.length > 0 ? read(0, turn) : null;
      for (let first = 0; next; first += rowsPer) {
        const batch = await next;
        turn ^= 1;
        next = first + rowsPer < chosen.length ? read(first + rowsPer, turn) : null;
        yield batch;
      }
    } finally {
      // A consumer that stops early (cancel, error) must not leave a read writing into a closed file.
      await next?.catch(() => undefined);
      if (!this.memory) reader.close();
    }
  }
}

/**
 * chosen[first, first + rows) into `into`: one read when they are consecutive in the file (all
 * signatures, or one cell type stored together), else one read per consecutive run.
 */
async function readRows(
  reader: DatasetReader,
  chosen: readonly number[],
  first: number,
  rows: number,
  into: Float32Array,
): Promise<void> {
  const width = reader.geneCount;
  const a = chosen[first]!;
  let consecutive = true;
  for (let r = 1; r < rows && consecutive; r++) consecutive = chosen[first + r] === a + r;
  if (consecutive) {
    await reader.readSamplesAsync(a, rows, into);
    return;
  }
  for (let r = 0; r < rows;) {
    let end = r + 1;
    while (end < rows && chosen[first + end]! === chosen[first + end - 1]! + 1) end++;
    reader.readSamples(chosen[first + r]!, end - r, into.subarray(r * width, end * width));
    r = end;
  }
}
