// Matrix Market coordinate files (10x Genomics style) with their genes/features and barcodes/cells
// tables. 10x writes genes × cells; other tools write cells × genes: the side whose length matches the
// gene table is the gene side (square matrices follow the 10x convention).
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { lineBlocks, NumStatus, numStatus, parseNumber } from './delimited-scan.ts';
import { readTextTable, type TextTable } from './text-table.ts';
import { checkAborted, invalid, type MatrixRead, type MetaTable, type ReadOptions } from './types.ts';
import { typeColumn } from './delimited.ts';
import { classifyColumn } from '../genes/gene-map.ts';

export interface MtxCompanions {
  genes?: string;
  cells?: string;
}

function findCompanion(file: string, names: RegExp): string | undefined {
  const dir = dirname(file);
  const prefix = basename(file).replace(/(matrix)?(_cells_x_genes|_genes_x_cells)?\.mtx(\.gz)?$/i, '');
  const candidates = readdirSync(dir).filter((n) => names.test(n));
  const same = candidates.find((n) => prefix && n.startsWith(prefix));
  const pick = same ?? candidates[0];
  return pick ? join(dir, pick) : undefined;
}

/**
 * Cell Ranger's headerless features.tsv / genes.tsv: Ensembl id, symbol[, feature type]. Named as scanpy
 * names them, so the wizard offers "gene_symbols" as the gene identifier column by name.
 */
const TEN_X_GENE_COLUMNS = ['gene_ids', 'gene_symbols', 'feature_types'];

/** A companion table: first column = names, other columns = metadata; a header is detected by count. */
function companion(
  path: string,
  expected: number[],
  side: 'genes' | 'cells',
): { names: string[]; meta: MetaTable; n: number } {
  const t: TextTable = readTextTable(path, { header: false, delimiter: '\t' });
  let rows = t.rows;
  let header: string[] | null = null;
  if (!expected.includes(rows.length) && expected.includes(rows.length - 1)) {
    header = rows[0] ?? null;
    rows = rows.slice(1);
  }
  // A reduce, not Math.max(...): a million barcodes would overflow the stack as arguments.
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  const names = rows.map((r) => r[0] ?? '');
  const tenX =
    side === 'genes' && header === null && width <= 3 && classifyColumn(names.slice(0, 1000)) === 'ensembl';
  const meta: MetaTable = {};
  for (let c = 1; c < width; c++) {
    const name = header?.[c] ?? (tenX ? TEN_X_GENE_COLUMNS[c] : undefined) ?? `column${c + 1}`;
    meta[name] = typeColumn(rows.map((r) => r[c] ?? ''));
  }
  return { names, meta, n: rows.length };
}

function companionPaths(file: string, options: MtxCompanions): { genesPath: string; cellsPath: string } {
  const genesPath =
    options.genes ?? findCompanion(file, /^(.*[._-])?(genes|features)\.(tsv|txt|csv)(\.gz)?$/i);
  const cellsPath =
    options.cells ?? findCompanion(file, /^(.*[._-])?(barcodes|cells)\.(tsv|txt|csv)(\.gz)?$/i);
  if (!genesPath || !existsSync(genesPath))
    throw invalid(file, 'needs a genes.tsv or features.tsv file next to it (gene names).');
  if (!cellsPath || !existsSync(cellsPath))
    throw invalid(file, 'needs a barcodes.tsv or cells.tsv file next to it (cell names).');
  return { genesPath, cellsPath };
}

/** The banner line: the value field (real, integer, pattern); anything but a coordinate file is refused. */
function banner(file: string, line: string): string {
  const b = line.trim().toLowerCase();
  if (!b.startsWith('%%matrixmarket matrix coordinate')) {
    throw invalid(
      file,
      'does not start with "%%MatrixMarket matrix coordinate"; only coordinate Matrix Market files are read.',
      { row: 1 },
    );
  }
  const field = b.split(/\s+/)[3] ?? 'real';
  if (field === 'complex')
    throw invalid(file, 'holds complex numbers; expression values must be real.', { row: 1 });
  return field;
}

/** The size line and the companion tables it must agree with; which side is genes. */
function sizeLine(file: string, parts: string[], lineNo: number, paths: ReturnType<typeof companionPaths>) {
  const [nR, nC, nnz] = parts.map(Number) as [number, number, number];
  if (![nR, nC, nnz].every((x) => Number.isInteger(x) && x >= 0))
    throw invalid(file, 'the size line should be "rows columns entries".', { row: lineNo });
  const genes = companion(paths.genesPath, [nR, nC], 'genes');
  const cells = companion(paths.cellsPath, [nR, nC], 'cells');
  const genesByRow = genes.n === nR && cells.n === nC;
  if (!genesByRow && !(genes.n === nC && cells.n === nR)) {
    throw invalid(
      file,
      `is ${nR} × ${nC} but ${basename(paths.genesPath)} lists ${genes.n} genes and ${basename(paths.cellsPath)} ${cells.n} cells.`,
    );
  }
  return { nR, nC, nnz, genes, cells, genesByRow };
}

/** One entry line → 0-based (row, column, value); range and number errors name the line. */
function entry(
  file: string,
  line: string,
  lineNo: number,
  field: string,
  nR: number,
  nC: number,
): [number, number, number] {
  const parts = line.split(/\s+/);
  if (parts.length < (field === 'pattern' ? 2 : 3))
    throw invalid(file, `an entry needs row, column and value; got "${line.slice(0, 60)}".`, {
      row: lineNo,
    });
  const i = Number(parts[0]) - 1;
  const j = Number(parts[1]) - 1;
  if (!(i >= 0 && i < nR && j >= 0 && j < nC && Number.isInteger(i) && Number.isInteger(j))) {
    throw invalid(file, `entry (${parts[0]}, ${parts[1]}) is outside the ${nR} × ${nC} matrix.`, {
      row: lineNo,
    });
  }
  let v = 1;
  if (field !== 'pattern') {
    const b = Buffer.from(parts[2] ?? '', 'latin1');
    v = parseNumber(b, 0, b.length);
    if (numStatus !== NumStatus.Ok)
      throw invalid(file, `"${parts[2]}" is not a finite number.`, { row: lineNo, column: 3 });
  }
  return [i, j, v];
}

export async function readMtx(file: string, options: ReadOptions & MtxCompanions = {}): Promise<MatrixRead> {
  const paths = companionPaths(file, options);
  let nR = -1;
  let nC = 0;
  let nnz = 0;
  let data: Float32Array | null = null;
  let genesByRow = true;
  let seen = 0;
  let lineNo = 0;
  let field = 'real';
  let genes: ReturnType<typeof companion> | null = null;
  let cells: ReturnType<typeof companion> | null = null;
  for await (const block of lineBlocks(file, /\.gz$/i.test(file))) {
    checkAborted(options.signal);
    const { buf } = block;
    let pos = 0;
    while (pos < block.end) {
      let nl = buf.indexOf(0x0a, pos);
      if (nl < 0 || nl > block.end) nl = block.end;
      const s = pos;
      pos = nl + 1;
      lineNo++;
      if (lineNo === 1) {
        field = banner(file, buf.toString('utf8', s, nl));
        continue;
      }
      if (buf[s] === 0x25 || nl === s) continue; // % comment or blank
      const line = buf.toString('latin1', s, nl).trim();
      if (nR < 0) {
        ({ nR, nC, nnz, genes, cells, genesByRow } = sizeLine(file, line.split(/\s+/), lineNo, paths));
        data = new Float32Array(nR * nC);
        continue;
      }
      const [i, j, v] = entry(file, line, lineNo, field, nR, nC);
      const [g, c] = genesByRow ? [i, j] : [j, i];
      const nG = genesByRow ? nR : nC;
      (data as Float32Array)[c * nG + g] = v;
      seen++;
    }
  }
  if (nR < 0 || !data || !genes || !cells) throw invalid(file, 'is empty or has no size line.');
  if (seen !== nnz)
    throw invalid(file, `the size line promises ${nnz} entries but the file has ${seen} (truncated?).`);
  return {
    format: 'mtx',
    file,
    matrix: { genes: genes.names, samples: cells.names, data },
    sampleMeta: cells.meta,
    geneMeta: genes.meta,
    orientation: genesByRow ? 'genes-x-samples' : 'samples-x-genes',
    orientationSource: 'format',
    warnings: [],
  };
}

/** Entry bytes scanned for the preview corner before giving up on it (the rest is left to the import). */
const PEEK_BYTES = 8 << 20;

/**
 * Quick inspect of a big Matrix Market file: the banner, the size line (shape and entry count) and the
 * genes/barcodes tables, without reading the entries. The preview corner is filled from the first
 * entries when the file is sorted along an axis (Cell Ranger and scipy write column by column): once an
 * entry lies past the corner along that axis, no later one can fall in it, assuming the order seen so
 * far holds. Otherwise the corner stays unknown (NaN) after PEEK_BYTES rather than reading on.
 */
export async function peekMtx(
  file: string,
  n: number,
  options: MtxCompanions & { scanBytes?: number } = {},
): Promise<{ read: MatrixRead; nGenes: number; nSamples: number }> {
  const paths = companionPaths(file, options);
  const budget = options.scanBytes ?? PEEK_BYTES;
  let field = 'real';
  let size: ReturnType<typeof sizeLine> | null = null;
  let data = new Float32Array(0);
  let [pG, pS, limR, limC] = [0, 0, 0, 0];
  let [byCol, byRow, lastI, lastJ] = [true, true, -1, -1];
  let complete = false;
  let scanned = 0;
  let lineNo = 0;
  scan: for await (const block of lineBlocks(file, /\.gz$/i.test(file))) {
    const { buf } = block;
    let pos = 0;
    while (pos < block.end) {
      let nl = buf.indexOf(0x0a, pos);
      if (nl < 0 || nl > block.end) nl = block.end;
      const s = pos;
      pos = nl + 1;
      lineNo++;
      if (lineNo === 1) {
        field = banner(file, buf.toString('utf8', s, nl));
        continue;
      }
      if (buf[s] === 0x25 || nl === s) continue;
      const line = buf.toString('latin1', s, nl).trim();
      if (size === null) {
        size = sizeLine(file, line.split(/\s+/), lineNo, paths);
        const nG = size.genesByRow ? size.nR : size.nC;
        const nS = size.genesByRow ? size.nC : size.nR;
        [pG, pS] = [Math.min(n, nG), Math.min(n, nS)];
        [limR, limC] = size.genesByRow ? [pG, pS] : [pS, pG];
        data = new Float32Array(pG * pS);
        if (size.nnz === 0) complete = true;
        if (complete) break scan;
        continue;
      }
      scanned += nl - s + 1;
      const [i, j, v] = entry(file, line, lineNo, field, size.nR, size.nC);
      byCol &&= j >= lastJ;
      byRow &&= i >= lastI;
      [lastI, lastJ] = [i, j];
      // The first column of a column-sorted file also looks row-sorted: while both orders fit, only an
      // entry past the corner on both axes proves no later entry falls inside it.
      const pastC = byCol && j >= limC;
      const pastR = byRow && i >= limR;
      if ((pastC && (!byRow || i >= limR)) || (pastR && (!byCol || j >= limC))) {
        complete = true;
        break scan;
      }
      if (i < limR && j < limC) {
        const [g, c] = size.genesByRow ? [i, j] : [j, i];
        data[c * pG + g] = v;
      }
      if (scanned > budget) break scan;
    }
  }
  if (size === null) throw invalid(file, 'is empty or has no size line.');
  // Leaving the loop without a break means every entry was seen: the corner is complete too.
  if (!complete && scanned <= budget) complete = true;
  const warnings = [
    `${size.nnz.toLocaleString('en-US')} stored entries in a ${size.nR} × ${size.nC} matrix (size line; counted on import).`,
  ];
  if (!complete) {
    data.fill(Number.NaN);
    warnings.push('The entries are not sorted by row or column, so the preview values are not shown.');
  }
  const { genes, cells, genesByRow } = size;
  return {
    read: {
      format: 'mtx',
      file,
      matrix: { genes: genes.names.slice(0, pG), samples: cells.names.slice(0, pS), data },
      sampleMeta: cells.meta,
      geneMeta: genes.meta,
      orientation: genesByRow ? 'genes-x-samples' : 'samples-x-genes',
      orientationSource: 'format',
      warnings,
    },
    nGenes: genes.n,
    nSamples: cells.n,
  };
}
