// `causeway discover --data table.csv`: a samples × variables table (one row per sample, an optional
// intervention column, other text columns as sample annotations) becomes a dataset of the scratch
// project through the app's own import, so the run is the same network.discover job as in the app.
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CausewayError } from '#shared/lib/result.ts';
import { readTextTable, type TextTable } from '../../compute/io/text-table.ts';
import type { Backend } from '../../services/backend.ts';
import { importDataset } from '../import-dataset.ts';

const csvCell = (v: string): string => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csvLine = (cells: readonly string[]): string => `${cells.map(csvCell).join(',')}\n`;

const isNumber = (x: string): boolean => x !== '' && Number.isFinite(Number(x));

/** The bad cells of column c: how many, the first row holding one, and the first lines, for a message. */
function badCells(table: TextTable, c: number, bad: (x: string) => boolean) {
  const rows = table.rows.flatMap((row, r) => (bad((row[c] ?? '').trim()) ? [r] : []));
  const shown = rows
    .slice(0, 5)
    .map((r) => table.lines[r])
    .join(', ');
  return { count: rows.length, first: rows[0] ?? -1, lines: rows.length > 5 ? `${shown}, …` : shown };
}

/**
 * Which columns are variables. A column is numeric when most of its filled cells are numbers, judged on
 * every row (not the first: a blank first cell must not turn a variable into an annotation unseen).
 * Blank or non-numeric cells in a variable are refused with where they are and the choices, never read
 * as 0 (`Number('') === 0`) or silently dropped; duplicate column names are refused rather than giving
 * two nodes with one name.
 */
export function discoveryColumns(
  table: TextTable,
  interventionColumn: string | undefined,
  variables: readonly string[] | undefined,
): { varCols: number[]; textCols: number[] } {
  const { file, header: columns } = table;
  const seen = new Map<string, number>();
  columns.forEach((name, c) => {
    const key = name.trim();
    const prev = seen.get(key);
    if (prev !== undefined)
      throw new CausewayError(
        'E_INVALID_INPUT',
        `${file}: the column name "${key}" appears twice (columns ${prev + 1} and ${c + 1}); ` +
          'each variable becomes one network node, so rename one of them.',
      );
    if (key === '')
      throw new CausewayError(
        'E_INVALID_INPUT',
        `${file}: column ${c + 1} has no name in the header; name it.`,
      );
    seen.set(key, c);
  });
  if (interventionColumn !== undefined && !seen.has(interventionColumn)) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${file}: no column "${interventionColumn}" (columns: ${columns.join(', ')}).`,
    );
  }
  const numeric = (c: number): boolean => {
    let filled = 0;
    let numbers = 0;
    for (const row of table.rows) {
      const x = (row[c] ?? '').trim();
      if (x === '') continue;
      filled++;
      if (isNumber(x)) numbers++;
    }
    return numbers > 0 && numbers * 2 >= filled;
  };
  const all = columns.map((_, c) => c).filter((c) => columns[c] !== interventionColumn);
  const numericCols = all.filter(numeric);
  for (const v of variables ?? []) {
    if (!numericCols.some((c) => columns[c] === v))
      throw new CausewayError('E_INVALID_INPUT', `${file}: no variable column "${v}".`);
  }
  const varCols = variables ? numericCols.filter((c) => variables.includes(columns[c]!)) : numericCols;
  const textCols = columns.map((_, c) => c).filter((c) => !numericCols.includes(c));
  for (const c of varCols) {
    const blank = badCells(table, c, (x) => x === '');
    if (blank.count > 0)
      throw new CausewayError(
        'E_INVALID_INPUT',
        `${file}: column "${columns[c]}" has ${blank.count} blank cell${blank.count > 1 ? 's' : ''} ` +
          `(line ${blank.lines}). Discovery needs every value and will not guess one: fill them in, ` +
          'delete those rows, or leave the column out with --variables.',
      );
    const text = badCells(table, c, (x) => !isNumber(x));
    if (text.count > 0)
      throw new CausewayError(
        'E_INVALID_INPUT',
        `${file}, line ${table.lines[text.first]}, column "${columns[c]}": ` +
          `"${(table.rows[text.first]![c] ?? '').trim()}" is not a number (${text.count} such ` +
          `cell${text.count > 1 ? 's' : ''} in this numeric column, line ${text.lines}). ` +
          'Fix them, delete those rows, or leave the column out with --variables.',
      );
  }
  if (varCols.length < 2)
    throw new CausewayError('E_INVALID_INPUT', `${file}: need at least two variable columns.`);
  return { varCols, textCols };
}

/**
 * Imports the table as genes × samples (samples named s1…sN in row order) with a sample sheet of its
 * text columns. Variables: the numeric columns (see discoveryColumns). Returns the dataset id.
 */
export async function importDiscoveryTable(
  backend: Backend,
  file: string,
  interventionColumn: string | undefined,
  variables: readonly string[] | undefined,
  workDir: string,
): Promise<string> {
  const table = readTextTable(file);
  const columns = table.header;
  const { varCols, textCols } = discoveryColumns(table, interventionColumn, variables);
  const samples = table.rows.map((_, r) => `s${r + 1}`);
  const matrix = [csvLine(['gene', ...samples])];
  for (const c of varCols)
    matrix.push(csvLine([columns[c]!.trim(), ...table.rows.map((row) => row[c]!.trim())]));
  const matrixFile = join(workDir, 'matrix.csv');
  writeFileSync(matrixFile, matrix.join(''));
  let samplesSheet: string | undefined;
  if (textCols.length > 0) {
    samplesSheet = join(workDir, 'samples.csv');
    const sheet = [csvLine(['sample', ...textCols.map((c) => columns[c]!)])];
    table.rows.forEach((row, r) => sheet.push(csvLine([samples[r]!, ...textCols.map((c) => row[c] ?? '')])));
    writeFileSync(samplesSheet, sheet.join(''));
  }
  const imported = await importDataset(backend, matrixFile, {
    name: basename(file),
    orientation: 'genes-x-samples',
    ...(samplesSheet ? { samplesSheet } : {}),
  });
  return imported.dataset.id;
}
