// CMap GCT text matrices, v1.2 (Name, Description, samples) and v1.3 (row and column metadata).
// Layout per the cmapPy docs (see fixtures/real/README.md): line 1 `#1.3`, line 2 dimensions,
// line 3 header, then the column-metadata block, then one line per row (gene/probe).
import { readRegularFile } from './regular-file.ts';
import { checkEncoding } from './encoding.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { typeColumn } from './delimited.ts';
import { invalid, type MatrixRead, type MetaTable, type SampleMajorMatrix } from './types.ts';

const MISSING = /^(|na|nan|null|none|#n\/a)$/i;

export function readGct(file: string): MatrixRead {
  const bytes = readRegularFile(file);
  const text = bytes.toString('utf8', checkEncoding(file, bytes));
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const version = (lines[0] ?? '').trim();
  if (version !== '#1.2' && version !== '#1.3')
    throw invalid(file, `starts with "${version.slice(0, 20)}", not the GCT version line #1.2 or #1.3.`, {
      row: 1,
    });
  const dims = (lines[1] ?? '')
    .trim()
    .split(/\t+|\s+/)
    .map(Number);
  const v13 = version === '#1.3';
  const [nRow, nCol, nRowMeta = 0, nColMeta = 0] = v13 ? dims : [dims[0], dims[1], 1, 0];
  if (
    dims.length < (v13 ? 4 : 2) ||
    ![nRow, nCol, nRowMeta, nColMeta].every((d) => Number.isInteger(d) && (d as number) >= 0)
  ) {
    throw invalid(
      file,
      `line 2 should hold the dimensions (${v13 ? 'rows, columns, row-metadata and column-metadata counts' : 'rows and columns'}).`,
      { row: 2 },
    );
  }
  const R = nRow as number;
  const C = nCol as number;
  const header = (lines[2] ?? '').split('\t').map((s) => s.trim());
  if (header.length !== 1 + nRowMeta + C) {
    throw invalid(
      file,
      `the header has ${header.length} fields; line 2 promises 1 id + ${nRowMeta} metadata + ${C} sample columns.`,
      { row: 3 },
    );
  }
  const samples = header.slice(1 + nRowMeta);
  const rowMetaNames = v13 ? header.slice(1, 1 + nRowMeta) : ['Description'];
  const sampleMeta: MetaTable = {};
  for (let k = 0; k < nColMeta; k++) {
    const f = (lines[3 + k] ?? '').split('\t');
    if (f.length !== header.length)
      throw invalid(file, `column-metadata line has ${f.length} fields, expected ${header.length}.`, {
        row: 4 + k,
      });
    sampleMeta[f[0]?.trim() ?? `meta${k}`] = typeColumn(f.slice(1 + nRowMeta).map((s) => s.trim()));
  }
  const first = 3 + nColMeta;
  if (lines.length - first !== R) {
    throw invalid(
      file,
      `line 2 promises ${R} data rows but the file has ${Math.max(0, lines.length - first)}.`,
      { row: 2 },
    );
  }
  const genes: string[] = new Array<string>(R);
  const rowMeta: string[][] = rowMetaNames.map(() => new Array<string>(R));
  const data = new Float32Array(R * C);
  let missing = 0;
  for (let i = 0; i < R; i++) {
    const f = (lines[first + i] as string).split('\t');
    if (f.length !== header.length)
      throw invalid(file, `has ${f.length} fields, expected ${header.length} (ragged rows).`, {
        row: first + i + 1,
      });
    genes[i] = (f[0] ?? '').trim();
    for (let k = 0; k < rowMeta.length; k++) (rowMeta[k] as string[])[i] = (f[1 + k] ?? '').trim();
    for (let j = 0; j < C; j++) {
      const t = (f[1 + nRowMeta + j] as string).trim();
      let v = Number(t);
      if (MISSING.test(t)) {
        v = Number.NaN;
        missing++;
      } else if (!Number.isFinite(v)) {
        throw invalid(
          file,
          Number.isNaN(v) ? `"${t.slice(0, 80)}" is not a number.` : `"${t}" is infinite.`,
          { row: first + i + 1, column: samples[j] ?? j + 1 },
        );
      }
      data[j * R + i] = v;
    }
  }
  const geneMeta: MetaTable = {};
  rowMetaNames.forEach((n, k) => (geneMeta[n] = typeColumn(rowMeta[k] ?? [])));
  return {
    format: 'gct',
    file,
    matrix: { genes, samples, data },
    sampleMeta,
    geneMeta,
    orientation: 'genes-x-samples',
    orientationSource: 'format',
    warnings: missing > 0 ? [`${missing} cells are empty or NaN and are stored as missing values.`] : [],
  };
}

const cell = (v: string | number | null): string => (v === null ? 'NA' : String(v).replace(/[\t\r\n]/g, ' '));

/** GCT 1.3 with all gene and sample metadata; NaN is written as `NaN` as cmapPy does. */
export function writeGct(
  path: string,
  m: SampleMajorMatrix,
  geneMeta: MetaTable = {},
  sampleMeta: MetaTable = {},
): void {
  const nG = m.genes.length;
  const nS = m.samples.length;
  const rm = Object.keys(geneMeta);
  const cm = Object.keys(sampleMeta);
  const out: string[] = [
    '#1.3',
    `${nG}\t${nS}\t${rm.length}\t${cm.length}`,
    ['id', ...rm, ...m.samples].map(cell).join('\t'),
  ];
  for (const c of cm) out.push([c, ...rm.map(() => 'na'), ...(sampleMeta[c] ?? []).map(cell)].join('\t'));
  const row: string[] = new Array<string>(nS);
  for (let i = 0; i < nG; i++) {
    for (let j = 0; j < nS; j++) {
      const v = m.data[j * nG + i] as number;
      row[j] = Number.isNaN(v) ? 'NaN' : String(v);
    }
    out.push([cell(m.genes[i] ?? ''), ...rm.map((k) => cell(geneMeta[k]?.[i] ?? null)), ...row].join('\t'));
  }
  writeFileAtomic(path, `${out.join('\n')}\n`);
}
