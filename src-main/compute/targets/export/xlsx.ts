/** XLSX of a targets result: its tables and a Provenance sheet, through the one workbook writer. */
import { workbook } from '../../drugs/export/xlsx.ts';
import { provenanceRows, tablesOf, type TargetsDocument } from './table-rows.ts';

export function targetsXlsx(doc: TargetsDocument, runId: string): Buffer {
  return workbook([
    ...tablesOf(doc).map((t) => ({ name: t.name, rows: [t.columns, ...t.rows] })),
    { name: 'Provenance', rows: [['item', 'value'], ...provenanceRows(doc, runId)] },
  ]);
}
