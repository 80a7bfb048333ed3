// Checks every import runs after reading, before anything is written to the project.
import { readTextTable } from './text-table.ts';
import { invalid, type MatrixRead, type MetaTable } from './types.ts';

const REPLACEMENT = '\uFFFD';

/**
 * A name holding U+FFFD was not UTF-8 in the file (blocks after the first are decoded name by name, so
 * checkEncoding only sees the head): Latin-1 / Windows-1252 accents lost, refused rather than imported.
 */
function notUtf8(file: string, what: string, at: { row?: number; column?: number | string }): Error {
  return invalid(
    file,
    `${what} holds bytes that are not UTF-8: the file looks like Latin-1 / Windows-1252 text, whose ` +
      'accented letters would be lost. Save it as "CSV UTF-8" (or convert it: iconv -f WINDOWS-1252 -t ' +
      'UTF-8) and import that.',
    at,
  );
}

function firstDuplicate(names: readonly string[]): { name: string; first: number; second: number } | null {
  const seen = new Map<string, number>();
  for (let i = 0; i < names.length; i++) {
    const n = names[i] as string;
    const prev = seen.get(n);
    if (prev !== undefined) return { name: n, first: prev, second: i };
    seen.set(n, i);
  }
  return null;
}

/**
 * Shape, names and values. `rowOffset` converts gene/sample positions to file rows where the format
 * has one line per gene (delimited text), so messages point at the line to fix.
 */
export function validateMatrix(read: MatrixRead): void {
  const { file, matrix } = read;
  const nG = matrix.genes.length;
  const nS = matrix.samples.length;
  if (nG === 0 && nS === 0) throw invalid(file, 'holds a 0 × 0 matrix: no genes and no samples.');
  if (nG === 0) throw invalid(file, `has ${nS} samples but no genes.`);
  if (nS === 0) throw invalid(file, `has ${nG} genes but no samples.`);
  if (matrix.data.length !== nG * nS) throw invalid(file, 'the values do not fill the gene × sample grid.');
  const genesByRow = read.orientation === 'genes-x-samples';
  const textRows = read.format === 'csv' || read.format === 'tsv';
  // Annotation columns (a condition column beside the genes, a description beside the samples) sit
  // among the value columns, so a name's column number is unknown here: the column is named instead.
  const annotatedColumns = Object.keys(genesByRow ? read.geneMeta : read.sampleMeta).length > 0;
  const where = (axis: 'gene' | 'sample', i: number): { row?: number; column?: number | string } => {
    if (!textRows) return {};
    if ((axis === 'gene') === genesByRow) return { row: i + 2 };
    if (!annotatedColumns) return { column: i + 2 };
    const name = (axis === 'gene' ? matrix.genes : matrix.samples)[i];
    return name === undefined ? {} : { column: name };
  };
  for (const [axis, names] of [
    ['gene', matrix.genes],
    ['sample', matrix.samples],
  ] as const) {
    const empty = names.findIndex((n) => n.trim() === '');
    if (empty >= 0) throw invalid(file, `${axis} number ${empty + 1} has an empty name.`, where(axis, empty));
    const lost = names.findIndex((n) => n.includes(REPLACEMENT));
    if (lost >= 0) throw notUtf8(file, `${axis} name "${names[lost]}"`, where(axis, lost));
    const dup = firstDuplicate(names);
    if (dup) {
      throw invalid(
        file,
        `${axis} name "${dup.name}" appears twice (${axis}s ${dup.first + 1} and ${dup.second + 1}); ${axis} names must be unique.`,
        where(axis, dup.second),
      );
    }
  }
  let finite = false;
  for (let k = 0; k < matrix.data.length && !finite; k++) finite = !Number.isNaN(matrix.data[k]);
  if (!finite) throw invalid(file, 'has no values: every cell is empty or missing.');
  for (const [label, table, n] of [
    ['sample', read.sampleMeta, nS],
    ['gene', read.geneMeta, nG],
  ] as const) {
    for (const [k, col] of Object.entries(table)) {
      if (col.length !== n)
        throw invalid(file, `${label} annotation "${k}" has ${col.length} entries for ${n} ${label}s.`);
      const lost = col.findIndex((v) => typeof v === 'string' && v.includes(REPLACEMENT));
      if (lost >= 0)
        throw notUtf8(file, `${label} annotation "${k}" value "${col[lost]}"`, where(label, lost));
    }
  }
}

const SAMPLE_ID =
  /^(|sample|samples|sample_?id|sample_?name|cell|cells|cell_?id|barcode|cell_barcode|id|cid|name)$/i;

/** A sample sheet (CSV/TSV, one row per sample) joined to the matrix samples by name. */
export function readSampleSheet(sheet: string, samples: readonly string[]): MetaTable {
  const t = readTextTable(sheet);
  if (t.rows.length === 0) throw invalid(sheet, 'has a header line but no samples.');
  const idCol = Math.max(
    0,
    t.header.findIndex((h) => SAMPLE_ID.test(h.trim())),
  );
  const pos = new Map<string, number>();
  t.rows.forEach((r, i) => {
    if (r.length !== t.header.length)
      throw invalid(sheet, `has ${r.length} fields where the header has ${t.header.length} (ragged rows).`, {
        row: t.lines[i],
      });
    const id = r[idCol] ?? '';
    if (pos.has(id))
      throw invalid(sheet, `sample "${id}" is listed twice.`, { row: t.lines[i], column: t.header[idCol] });
    pos.set(id, i);
  });
  const missing = samples.filter((s) => !pos.has(s));
  const known = new Set(samples);
  const extra = [...pos.keys()].filter((s) => !known.has(s));
  if (missing.length > 0 || extra.length > 0) {
    const parts: string[] = [];
    if (missing.length)
      parts.push(
        `${missing.length} matrix samples are not in the sheet (e.g. ${missing
          .slice(0, 3)
          .map((s) => `"${s}"`)
          .join(', ')})`,
      );
    if (extra.length)
      parts.push(
        `${extra.length} sheet rows name no matrix sample (e.g. ${extra
          .slice(0, 3)
          .map((s) => `"${s}"`)
          .join(', ')}, row ${t.lines[pos.get(extra[0] as string) ?? 0]})`,
      );
    throw invalid(sheet, `does not match the matrix: ${parts.join('; ')}.`, { column: t.header[idCol] });
  }
  const out: MetaTable = {};
  t.header.forEach((h, c) => {
    if (c === idCol) return;
    out[h || `column${c + 1}`] = samples.map((s) => {
      const v = t.rows[pos.get(s) as number]?.[c] ?? '';
      return v === '' ? null : v;
    });
  });
  return out;
}
