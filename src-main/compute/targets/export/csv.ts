/**
 * RFC 4180 CSV of a targets result's main table, preceded by its provenance as `# key: value` lines
 * (pandas: read_csv(..., comment='#'); R: read.csv(..., comment.char='#')), so the file says how it was
 * made wherever it travels.
 */
import { csvCell } from '../../drugs/export/csv.ts';
import { provenanceRows, tablesOf, type TargetsDocument } from './table-rows.ts';

export function targetsCsv(doc: TargetsDocument, runId: string): string {
  const table = tablesOf(doc)[0]!;
  const head = provenanceRows(doc, runId).map(
    ([k, v]) => `# ${k}: ${v === null ? '' : String(v).replace(/[\r\n]+/g, ' ')}`,
  );
  const lines = [...head, table.columns.join(','), ...table.rows.map((r) => r.map(csvCell).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** Tab-separated table without provenance lines (`causeway steiner --out sub.tsv`: an edge list to reuse). */
export function tableTsv(
  columns: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): string {
  const cell = (v: string | number | null): string => (v === null ? '' : String(v).replace(/[\t\r\n]/g, ' '));
  return `${[columns.join('\t'), ...rows.map((r) => r.map(cell).join('\t'))].join('\n')}\n`;
}
