/** One entry point for every export format of a targets result (targets.steiner, .sweep, .rank). */
import type { TargetsExportFormat } from '#shared/contracts/targets.ts';
import { targetsCsv } from './csv.ts';
import { targetsHtml } from './html-report.ts';
import type { TargetsDocument } from './table-rows.ts';
import { targetsXlsx } from './xlsx.ts';

export const TARGETS_EXPORT_MIME: Record<TargetsExportFormat, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json',
  html: 'text/html',
};

export function exportTargets(doc: TargetsDocument, runId: string, format: TargetsExportFormat): Buffer {
  switch (format) {
    case 'csv':
      return Buffer.from(targetsCsv(doc, runId), 'utf8');
    case 'json':
      return Buffer.from(`${JSON.stringify({ runId, ...doc }, null, 2)}\n`, 'utf8');
    case 'html':
      return Buffer.from(targetsHtml(doc, runId), 'utf8');
    case 'xlsx':
      return targetsXlsx(doc, runId);
  }
}
