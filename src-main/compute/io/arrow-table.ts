// Arrow IPC file, Arrow IPC stream and Feather v2 (= the IPC file format). Uncompressed flat files take
// the pread path of arrow-ipc-columns.ts; the rest is read via apache-arrow, which detects file vs
// stream itself. Written with apache-arrow (arrow-matrix.ts writeSampleMajorArrow).
import { readRegularFile } from './regular-file.ts';
import { DataType, tableFromIPC, type Table } from 'apache-arrow';
import { CausewayError } from '#shared/lib/result.ts';
import { readArrowFile } from './arrow-ipc-columns.ts';
import { finishColumnar, placeColumn, planColumns } from './columnar.ts';
import type { StreamingReadOptions } from './sample-stream.ts';
import { invalid, type MatrixRead, type MetaTable } from './types.ts';

export function readArrowTable(file: string): Table {
  try {
    return tableFromIPC(readRegularFile(file));
  } catch (e) {
    throw invalid(file, `is not a readable Arrow/Feather file (${(e as Error).message.slice(0, 160)}).`);
  }
}

export async function readArrow(file: string, options: StreamingReadOptions = {}): Promise<MatrixRead> {
  let fast: MatrixRead | null = null;
  try {
    fast = await readArrowFile(file, options);
  } catch (e) {
    // Damaged or unusual files: apache-arrow below reads them or gives its established message.
    if (e instanceof CausewayError && e.code === 'E_CANCELLED') throw e;
  }
  if (fast) return fast;
  const bytes = readRegularFile(file);
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (e) {
    throw invalid(file, `is not a readable Arrow/Feather file (${(e as Error).message.slice(0, 160)}).`);
  }
  const format = bytes.subarray(0, 6).toString('latin1') === 'ARROW1' ? 'arrow' : 'arrow-stream';
  const nRows = table.numRows;
  const columns = table.schema.fields.map((f) => ({
    name: f.name,
    numeric: DataType.isFloat(f.type) || DataType.isInt(f.type) || DataType.isBool(f.type),
  }));
  // Column by name through one index: Table#getChild scans the schema each call, which made reading a
  // 100,000-column table quadratic.
  const at = new Map(table.schema.fields.map((f, i) => [f.name, i]));
  const child = (name: string): ReturnType<typeof table.getChildAt> => {
    const i = at.get(name);
    return i === undefined ? null : table.getChildAt(i);
  };
  const strings = (name: string): string[] =>
    Array.from(child(name) ?? [], (v) => (v === null || v === undefined ? '' : String(v)));
  const plan = planColumns(file, columns, strings, options);
  const data = new Float32Array(nRows * plan.data.length);
  plan.data.forEach((name, k) => {
    const col = child(name);
    if (!col) return;
    let row = 0;
    for (const chunk of col.data) {
      // Arrow chunks are typed arrays; null slots (validity bit off) must read as missing, not 0.
      const vals = chunk.values as ArrayLike<unknown>;
      const withNulls =
        chunk.nullCount > 0
          ? Array.from({ length: chunk.length }, (_, i) => (chunk.getValid(i) ? vals[i] : null))
          : vals;
      placeColumn(
        data,
        plan,
        nRows,
        k,
        withNulls.length === chunk.length
          ? withNulls
          : Array.prototype.slice.call(withNulls, 0, chunk.length),
        row,
      );
      row += chunk.length;
    }
  });
  const meta: MetaTable = {};
  for (const name of plan.meta) {
    const c = columns.find((x) => x.name === name);
    meta[name] = c?.numeric
      ? Array.from(child(name) ?? [], (v) => (v === null ? null : Number(v)))
      : strings(name).map((s) => (s === '' ? null : s));
  }
  const rowNames = plan.label ? strings(plan.label) : Array.from({ length: nRows }, (_, i) => String(i + 1));
  return finishColumnar(format, file, plan, rowNames, data, meta);
}
