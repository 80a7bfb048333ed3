// Expression matrices in CSV/TSV (optionally gzipped). Two passes over the first block decide the layout
// (header, label column, metadata columns, orientation) from up to 500 rows as strings; then every row
// is parsed from bytes straight into the sample-major float32 result.
import {
  countLines,
  fieldText,
  lineBlocks,
  NumStatus,
  parseNumber,
  splitFields,
  numStatus,
} from './delimited-scan.ts';
import { checkEncoding } from './encoding.ts';
import { guessOrientation } from './orientation.ts';
import { sniffDelimiter } from './text-table.ts';
import {
  checkAborted,
  invalid,
  type MatrixRead,
  type MetaTable,
  type Orientation,
  type ReadOptions,
} from './types.ts';
import { MatrixSink } from './matrix-sink.ts';
import { parseLineFast } from './delimited-fast.ts';
import { plainLineBlocks, type Block } from './line-reader.ts';
import {
  countNl,
  findFirstContent,
  isSkippable,
  nextQuote,
  OPEN,
  recordEnd,
  sampleLines,
  unclosedQuote,
  withHead,
} from './delimited-lines.ts';
import { MAX_LINE_BYTES } from './delimited-scan.ts';

const ID_NAMES =
  /^(|rownames|unnamed: ?0)$|(^|_)(ids?|names?|symbols?|genes?|probes?|index|barcodes?|cells?|samples?|features?|rid|cid)$/i;
/** Numeric columns with these names describe the row (a sample or gene), they are not measurements. */
export const META_NAME =
  /(^|_)(index|idx|subset|batch|replicate|rep|dose|time|condition|group|cell_?type|perturbation|target|treatment|plate|well|donor|n_counts|n_genes|n_cells|mt_frac|flag)($|_)|^is_/i;
const ROLE_NAME = /condition|group|cell_?type|perturb|treatment|dose|time|replicate|target|batch|donor/i;
const DECIMAL_COMMA = /^[-+]?\d+,\d+([eE][-+]?\d+)?$/;
const MISSING_TEXT = /^(|na|nan|null|none|#n\/a|n\/a)$/i;

interface Layout {
  delimiter: number;
  hasHeader: boolean;
  nCols: number;
  label: number; // -1: rows have no labels
  meta: number[];
  data: number[];
  names: string[];
}

function isNumberText(t: string): boolean {
  return !MISSING_TEXT.test(t) && Number.isFinite(Number(t)) && /\d/.test(t);
}

/**
 * A first text column named as an annotation (a perturbation context, condition, cell type…) whose values
 * repeat describes the rows, it cannot name them (one row per cell, a `context` column first): the rows
 * are numbered and the column is kept as metadata.
 */
function annotatesRows(name: string | undefined, rows: string[][]): boolean {
  if (!name || ID_NAMES.test(name) || !(ROLE_NAME.test(name) || /^context$/i.test(name))) return false;
  const seen = new Set<string>();
  for (const r of rows) {
    const t = r[0] ?? '';
    if (seen.has(t)) return true;
    seen.add(t);
  }
  return false;
}

function planLayout(file: string, first: string[], sample: string[][], delimiterChar: string): Layout {
  const nCols = first.length;
  if (nCols < 2)
    throw invalid(
      file,
      'has a single column; expected a label column and numeric columns separated by commas or tabs.',
      { row: 1 },
    );
  const hasHeader = first[0] === '' || first.slice(1).some((t) => !isNumberText(t) && !MISSING_TEXT.test(t));
  const rows = hasHeader ? sample : [first, ...sample];
  const names = hasHeader
    ? first.map((h, c) => h || (c === 0 ? '' : `col${c + 1}`))
    : first.map((_, c) => `col${c + 1}`);
  if (delimiterChar !== ',') {
    rows.forEach((r, i) =>
      r.forEach((t, c) => {
        if (DECIMAL_COMMA.test(t)) {
          throw invalid(
            file,
            `"${t}" uses a decimal comma; Causeway reads decimal points only. Export the table with "." as the decimal separator.`,
            {
              row: i + (hasHeader ? 2 : 1),
              column: names[c] ?? c + 1,
            },
          );
        }
      }),
    );
  }
  const numeric = names.map((_, c) => {
    let num = 0;
    let text = 0;
    for (const r of rows) {
      const t = r[c] ?? '';
      if (MISSING_TEXT.test(t)) continue;
      if (isNumberText(t)) num++;
      else text++;
    }
    return num >= text; // mostly numbers (or all missing): a stray word is a bad cell, reported with its place
  });
  const label = !numeric[0] || ID_NAMES.test(names[0] ?? '') ? (annotatesRows(names[0], rows) ? -1 : 0) : -1;
  const meta: number[] = [];
  const data: number[] = [];
  for (let c = 0; c < nCols; c++) {
    if (c === label) continue;
    if (!numeric[c] || META_NAME.test(names[c] ?? '')) meta.push(c);
    else data.push(c);
  }
  if (data.length === 0) throw invalid(file, 'has no numeric columns to import as expression values.');
  return { delimiter: delimiterChar.charCodeAt(0), hasHeader, nCols, label, meta, data, names };
}

export async function readDelimited(file: string, options: ReadOptions = {}): Promise<MatrixRead> {
  const gzip = /\.gz$/i.test(file);
  const warnings: string[] = [];
  const blocks = withHead(gzip ? lineBlocks(file, true) : plainLineBlocks(file));
  let layout: Layout | null = null;
  let orientation: Orientation = 'genes-x-samples';
  let orientationSource: MatrixRead['orientationSource'] = 'guess';
  let sink: MatrixSink | null = null;
  const rowLabels: string[] = [];
  const metaValues: string[][] = [];
  let bounds = new Int32Array(1 << 12);
  let text = new Int32Array(0);
  let lineNo = 0;
  let headerPending = false;
  let missing = 0;
  let firstMissing = '';
  const preview = options.previewRows;
  let unread = 0;
  // A record whose quoted field runs past the block's end: copied (the reader reuses its buffers) and
  // read again in front of the next block. Only files with quoted newlines ever carry.
  let carry: Buffer | null = null;
  for await (const next of blocks) {
    checkAborted(options.signal);
    const block: Block = carry
      ? {
          buf: Buffer.concat([carry, next.buf.subarray(0, next.end)]),
          end: carry.length + next.end,
          last: next.last,
        }
      : next;
    carry = null;
    const { buf } = block;
    let pos = 0;
    if (layout === null) {
      pos = checkEncoding(file, buf.subarray(0, 4096));
      const firstContent = findFirstContent(buf, pos, block.end);
      if (firstContent < 0) {
        lineNo += countNl(buf, pos, block.end);
        continue;
      }
      const nl = buf.indexOf(0x0a, firstContent);
      const delimChar = sniffDelimiter(
        buf.toString('utf8', firstContent, Math.min(nl < 0 ? block.end : nl, firstContent + 65536)),
        file,
      );
      const { lines } = sampleLines(file, buf, pos, block.end, delimChar.charCodeAt(0), block.last);
      const [head, ...rest] = lines;
      if (!head) continue;
      if (rest.length === 0 && block.last) {
        throw invalid(
          file,
          head.every((t) => !isNumberText(t))
            ? 'has a header line but no data rows.'
            : 'has a single line; expected a header and data rows.',
        );
      }
      layout = planLayout(file, head, rest, delimChar);
      metaValues.push(...layout.meta.map(() => [] as string[]));
      const colNames = layout.data.map((c) => layout?.names[c] ?? '');
      const guess = guessOrientation({
        rowLabels: layout.label < 0 ? null : rest.map((r) => r[layout?.label ?? 0] ?? ''),
        columnLabels: colNames,
        hasSampleRoleColumns: layout.meta.some((c) => ROLE_NAME.test(layout?.names[c] ?? '')),
      });
      if (options.orientation) {
        orientation = options.orientation;
        orientationSource = 'user';
      } else {
        orientation = guess.orientation;
        if (!guess.confident) warnings.push(`Orientation: ${guess.reason}.`);
      }
      const rowCap = preview ?? (gzip ? null : await countLines(file));
      sink = new MatrixSink(layout.data.length, rowCap, orientation === 'genes-x-samples');
      headerPending = layout.hasHeader;
    }
    const L = layout;
    const S = sink as MatrixSink;
    const { data, label, meta, nCols, delimiter } = L;
    const isData = new Int32Array(nCols).fill(-1);
    data.forEach((c, k) => (isData[c] = k));
    if (text.length < 2 * nCols) text = new Int32Array(2 * nCols);
    // Quotes are rare in matrices: one indexOf finds the next, and only a line holding one is scanned
    // for a quoted newline, so unquoted lines (the fast path) pay nothing for multi-line records.
    let quote = nextQuote(buf, pos, block.end);
    while (pos < block.end) {
      let nl = buf.indexOf(0x0a, pos);
      if (nl < 0 || nl >= block.end) nl = block.end;
      lineNo++;
      const s = pos;
      pos = nl + 1;
      if (isSkippable(buf, s, nl)) continue;
      let quoted = false;
      if (quote < s) quote = nextQuote(buf, s, block.end);
      if (quote < nl) {
        quoted = true;
        const r = recordEnd(buf, s, block.end, delimiter);
        if (r === OPEN) {
          if (block.last) throw unclosedQuote(file, buf, s, block.end, delimiter, lineNo, true);
          if (block.end - s > MAX_LINE_BYTES)
            throw unclosedQuote(file, buf, s, block.end, delimiter, lineNo, false);
          carry = Buffer.from(buf.subarray(s, block.end));
          lineNo--; // counted again when the record is read with the next block
          break;
        }
        lineNo += countNl(buf, nl, r);
        nl = r;
        pos = r + 1;
      }
      if (headerPending) {
        headerPending = false;
        continue;
      }
      if (S.rows === preview) {
        unread++; // past the preview: counted, not parsed
        continue;
      }
      const off = S.beginRow();
      if (!quoted && parseLineFast(buf, s, nl, delimiter, isData, S.target, off, text) >= 0) {
        if (label >= 0)
          rowLabels.push(fieldText(buf, text[2 * label] as number, text[2 * label + 1] as number));
        for (let m = 0; m < meta.length; m++) {
          const c = meta[m] as number;
          metaValues[m]?.push(fieldText(buf, text[2 * c] as number, text[2 * c + 1] as number));
        }
        continue;
      }
      // General path: quotes, padding, missing or bad cells, ragged rows (and their messages).
      let n = splitFields(buf, s, nl, delimiter, bounds, file, lineNo);
      while (n < 0) {
        if (bounds.length > 2 * (nCols + 2)) n = nCols + 1;
        else {
          bounds = new Int32Array(bounds.length * 8);
          n = splitFields(buf, s, nl, delimiter, bounds, file, lineNo);
        }
      }
      if (n !== nCols) {
        const got = n > nCols ? `more than ${nCols}` : String(n);
        throw invalid(file, `has ${got} fields where the first line has ${nCols} (ragged rows).`, {
          row: lineNo,
        });
      }
      const row = S.target;
      for (let c = 0; c < nCols; c++) {
        const k = isData[c] as number;
        const fs = bounds[2 * c] as number;
        const fe = bounds[2 * c + 1] as number;
        if (k >= 0) {
          const v = parseNumber(buf, fs, fe);
          if (numStatus !== NumStatus.Ok) {
            if (numStatus === NumStatus.Missing) {
              if (missing++ === 0) firstMissing = `row ${lineNo}, column "${L.names[c] ?? c + 1}"`;
            } else {
              const t = fieldText(buf, fs, fe);
              throw invalid(
                file,
                numStatus === NumStatus.Infinite
                  ? `"${t}" is infinite; expression values must be finite numbers.`
                  : `"${t.slice(0, 80)}" is not a number.`,
                { row: lineNo, column: L.names[c] ?? c + 1 },
              );
            }
          }
          row[off + k] = v;
        } else if (c === label) rowLabels.push(fieldText(buf, fs, fe));
        else metaValues[meta.indexOf(c)]?.push(fieldText(buf, fs, fe));
      }
    }
  }
  if (carry && layout) throw unclosedQuote(file, carry, 0, carry.length, layout.delimiter, lineNo + 1, true);
  if (layout === null || sink === null) throw invalid(file, 'the file is empty (no lines with content).');
  if (sink.rows === 0) throw invalid(file, 'has a header line but no data rows.');
  if (missing > 0)
    warnings.push(`${missing} empty or NA cells are stored as missing values (first at ${firstMissing}).`);
  const values = sink.finish();
  const colNames = layout.data.map((c) => layout?.names[c] ?? '');
  const rowNames = layout.label >= 0 ? rowLabels : Array.from({ length: sink.rows }, (_, i) => String(i + 1));
  const metaTable: MetaTable = {};
  layout.meta.forEach(
    (c, k) => (metaTable[layout?.names[c] ?? `col${c + 1}`] = typeColumn(metaValues[k] ?? [])),
  );
  const genesByRow = orientation === 'genes-x-samples';
  return {
    format: /\t/.test(String.fromCharCode(layout.delimiter)) ? 'tsv' : 'csv',
    file,
    matrix: {
      genes: genesByRow ? rowNames : colNames,
      samples: genesByRow ? colNames : rowNames,
      data: values,
    },
    sampleMeta: genesByRow ? {} : metaTable,
    geneMeta: genesByRow ? metaTable : {},
    orientation,
    orientationSource,
    warnings,
    ...(preview === undefined ? {} : { rowsInFile: sink.rows + unread }),
  };
}

/** A metadata column of numbers stays numeric; anything else stays text. */
export function typeColumn(values: string[]): (string | number | null)[] {
  if (values.every((v) => MISSING_TEXT.test(v) || isNumberText(v)))
    return values.map((v) => (MISSING_TEXT.test(v) ? null : Number(v)));
  return values.map((v) => (v === '' ? null : v));
}
