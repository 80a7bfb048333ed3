// Parquet read (hyparquet, column by column so only one column's decoded values are alive at a time)
// and write (hyparquet-writer) in the project layout: a `gene` column + one float column per sample.
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { parquetWriteFile } from 'hyparquet-writer';
import { renameSync, rmSync } from 'node:fs';
import { GENE_COLUMN } from './arrow-matrix.ts';
import { finishColumnar, placeColumn, planColumns } from './columnar.ts';
import { readFloatColumns } from './parquet-columns.ts';
import type { StreamingReadOptions } from './sample-stream.ts';
import {
  checkAborted,
  invalid,
  type MatrixRead,
  type MetaTable,
  type ReadOptions,
  type SampleMajorMatrix,
} from './types.ts';

const NUMERIC = new Set(['FLOAT', 'DOUBLE', 'INT32', 'INT64', 'BOOLEAN']);

async function readColumn(
  file: string,
  buf: Awaited<ReturnType<typeof asyncBufferFromFile>>,
  metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>,
  name: string,
  onChunk: (values: ArrayLike<unknown>, rowStart: number) => void,
): Promise<void> {
  try {
    await parquetRead({
      file: buf,
      metadata,
      columns: [name],
      compressors,
      onChunk: (c) => onChunk(c.columnData as ArrayLike<unknown>, c.rowStart),
    });
  } catch (e) {
    throw invalid(file, `cannot read Parquet column "${name}" (${(e as Error).message.slice(0, 160)}).`);
  }
}

/**
 * Shape, names and the first rows of the first data columns, from the footer and the text columns
 * (inspecting big files): the float columns are not read beyond those rows.
 */
export async function peekParquet(
  file: string,
  n: number,
  options: ReadOptions = {},
): Promise<{ read: MatrixRead; nGenes: number; nSamples: number }> {
  const { buf, metadata, nRows, columns, textValues } = await openParquet(file);
  const plan = planColumns(file, columns, (name) => textValues.get(name) ?? [], options);
  const pRows = Math.min(n, nRows);
  const sub = { ...plan, data: plan.data.slice(0, 5) };
  const data = new Float32Array(pRows * sub.data.length);
  for (let k = 0; k < sub.data.length; k++) {
    try {
      await parquetRead({
        file: buf,
        metadata,
        columns: [sub.data[k] as string],
        rowStart: 0,
        rowEnd: pRows,
        compressors,
        onChunk: (c) => {
          const v = c.columnData as ArrayLike<unknown>;
          const upto = Math.min(v.length, pRows - c.rowStart);
          if (upto > 0) placeColumn(data, sub, pRows, k, Array.prototype.slice.call(v, 0, upto), c.rowStart);
        },
      });
    } catch (e) {
      throw invalid(
        file,
        `cannot read Parquet column "${sub.data[k]}" (${(e as Error).message.slice(0, 160)}).`,
      );
    }
  }
  const meta: MetaTable = Object.fromEntries(
    plan.meta.map((name) => [name, new Array<null>(pRows).fill(null)]),
  );
  const rowNames = plan.label
    ? (textValues.get(plan.label) ?? []).slice(0, pRows)
    : Array.from({ length: pRows }, (_, i) => String(i + 1));
  const byRow = plan.orientation === 'genes-x-samples';
  return {
    read: finishColumnar('parquet', file, sub, rowNames, data, meta),
    nGenes: byRow ? nRows : plan.data.length,
    nSamples: byRow ? plan.data.length : nRows,
  };
}

async function openParquet(file: string) {
  const buf = await asyncBufferFromFile(file);
  let metadata;
  try {
    metadata = await parquetMetadataAsync(buf);
  } catch (e) {
    throw invalid(file, `is not a readable Parquet file (${(e as Error).message.slice(0, 160)}).`);
  }
  const nRows = Number(metadata.num_rows);
  const leaves = parquetSchema(metadata).children;
  const columns = leaves.map((c) => ({ name: c.element.name, numeric: NUMERIC.has(c.element.type ?? '') }));
  const textValues = new Map<string, string[]>();
  for (const c of columns.filter((x) => !x.numeric)) {
    const vals: string[] = new Array<string>(nRows);
    await readColumn(file, buf, metadata, c.name, (v, r0) => {
      for (let i = 0; i < v.length; i++)
        vals[r0 + i] = v[i] === null || v[i] === undefined ? '' : String(v[i]);
    });
    textValues.set(c.name, vals);
  }
  return { buf, metadata, nRows, columns, textValues };
}

export async function readParquet(file: string, options: StreamingReadOptions = {}): Promise<MatrixRead> {
  const { buf, metadata, nRows, columns, textValues } = await openParquet(file);
  const plan = planColumns(file, columns, (n) => textValues.get(n) ?? [], options);
  const data =
    options.samples?.buffer?.(nRows * plan.data.length) ?? new Float32Array(nRows * plan.data.length);
  const rowNames = plan.label
    ? (textValues.get(plan.label) ?? [])
    : Array.from({ length: nRows }, (_, i) => String(i + 1));
  const byRow = plan.orientation === 'genes-x-samples';
  options.samples?.begin(byRow ? rowNames : plan.data, byRow ? plan.data : rowNames, data);
  const slow = await readFloatColumns(file, buf, metadata, plan, data, options);
  for (const k of slow) {
    checkAborted(options.signal);
    await readColumn(file, buf, metadata, plan.data[k] as string, (v, r0) =>
      placeColumn(data, plan, nRows, k, v, r0),
    );
  }
  const meta: MetaTable = {};
  for (const name of plan.meta) {
    const text = textValues.get(name);
    if (text) meta[name] = text.map((t) => (t === '' ? null : t));
    else {
      const vals: (number | null)[] = new Array<number | null>(nRows);
      await readColumn(file, buf, metadata, name, (v, r0) => {
        for (let i = 0; i < v.length; i++) vals[r0 + i] = v[i] === null ? null : Number(v[i]);
      });
      meta[name] = vals;
    }
  }
  return finishColumnar('parquet', file, plan, rowNames, data, meta);
}

/**
 * Write a matrix as Parquet. `genes-x-samples` is the project layout (gene column + one column per
 * sample); `samples-x-genes` (sample column + one column per gene) suits wide L1000-style matrices,
 * where hundreds of thousands of Parquet columns would make the footer larger than the data.
 * Float columns are PLAIN: expression values rarely repeat, so a dictionary saves little space and
 * costs an index decode per value on every read (parquet-float.ts decodes PLAIN pages with one copy).
 */
export function writeParquet(
  path: string,
  m: SampleMajorMatrix,
  layout: 'genes-x-samples' | 'samples-x-genes' = 'genes-x-samples',
): void {
  const nG = m.genes.length;
  const nS = m.samples.length;
  const columnData =
    layout === 'genes-x-samples'
      ? [
          { name: GENE_COLUMN, data: m.genes, type: 'STRING' as const },
          ...m.samples.map((s, j) => ({
            name: s,
            data: m.data.subarray(j * nG, (j + 1) * nG),
            type: 'FLOAT' as const,
            encoding: 'PLAIN' as const,
          })),
        ]
      : [
          { name: 'sample', data: m.samples, type: 'STRING' as const },
          ...m.genes.map((g, i) => {
            const col = new Float32Array(nS);
            for (let j = 0; j < nS; j++) col[j] = m.data[j * nG + i] as number;
            return { name: g, data: col, type: 'FLOAT' as const, encoding: 'PLAIN' as const };
          }),
        ];
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    parquetWriteFile({
      filename: tmp,
      columnData,
      codec: 'UNCOMPRESSED',
      statistics: false,
      rowGroupSize: 1 << 20,
    });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
