// `causeway discover --data table.csv`: a samples × variables table (one row per sample, an optional
// intervention column, other text columns as sample annotations) becomes a dataset of the scratch
// project through the app's own import, so the run is the same network.discover job as in the app.
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CausewayError } from '#shared/lib/result.ts';
import { readTextTable } from '../../compute/io/text-table.ts';
import type { Backend } from '../../services/backend.ts';
import { importDataset } from '../import-dataset.ts';

const csvCell = (v: string): string => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csvLine = (cells: readonly string[]): string => `${cells.map(csvCell).join(',')}\n`;

/**
 * Imports the table as genes × samples (samples named s1…sN in row order) with a sample sheet of its
 * text columns. Variables: the columns whose first row holds a number, except the intervention column.
 * Returns the dataset id.
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
  if (interventionColumn !== undefined && !columns.includes(interventionColumn)) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${file}: no column "${interventionColumn}" (columns: ${columns.join(', ')}).`,
    );
  }
  const first = table.rows[0] ?? [];
  const isVariable = (c: number): boolean =>
    columns[c] !== interventionColumn && (first[c] ?? '').trim() !== '' && Number.isFinite(Number(first[c]));
  const varCols = columns.map((_, c) => c).filter(isVariable);
  const textCols = columns.map((_, c) => c).filter((c) => !isVariable(c));
  for (const v of variables ?? []) {
    if (!varCols.some((c) => columns[c] === v))
      throw new CausewayError('E_INVALID_INPUT', `${file}: no variable column "${v}".`);
  }
  if (varCols.length < 2)
    throw new CausewayError('E_INVALID_INPUT', `${file}: need at least two variable columns.`);
  const samples = table.rows.map((_, r) => `s${r + 1}`);
  const matrix = [csvLine(['gene', ...samples])];
  for (const c of varCols) {
    matrix.push(
      csvLine([
        columns[c]!,
        ...table.rows.map((row, r) => {
          const x = (row[c] ?? '').trim();
          if (!Number.isFinite(Number(x)) || x === '') {
            throw new CausewayError(
              'E_INVALID_INPUT',
              `${file}, line ${table.lines[r]}, column "${columns[c]}": "${x}" is not a number.`,
            );
          }
          return x;
        }),
      ]),
    );
  }
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
