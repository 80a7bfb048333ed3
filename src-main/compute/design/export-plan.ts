/** A finished design.plan run exported to a file (desktop) or returned base64 (a browser download). */
import { readFileSync, writeFileSync } from 'node:fs';
import { DesignPlanResult } from '#shared/contracts/design.ts';
import type { DesignExport } from '#shared/contracts/design-export.ts';
import type { ParsedTaskParams } from '#shared/contracts/tasks.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { plateCsv } from './plate-plan.ts';
import { targetPlanCsv } from './target-shift/target-plan-csv.ts';

const MIME = { csv: 'text/csv', json: 'application/json' } as const;

export function exportDesignRun(p: ParsedTaskParams<'design.export'>): DesignExport {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(p.resultPath, 'utf8'));
  } catch {
    throw new CausewayError(
      'E_CORRUPT_PROJECT',
      `The result of run ${p.runId} is missing or not valid JSON.`,
    );
  }
  const parsed = DesignPlanResult.safeParse(json);
  if (!parsed.success)
    throw new CausewayError('E_INVALID_INPUT', `Run ${p.runId} is not an experiment plan.`);
  const doc = parsed.data;
  const csv = (): string => (doc.goal === 'target' ? targetPlanCsv(doc, p.runId) : plateCsv(doc, p.runId));
  const text = p.format === 'csv' ? csv() : JSON.stringify(doc, null, 2);
  const bytes = Buffer.from(text, 'utf8');
  if (p.path !== null) {
    try {
      writeFileSync(p.path, bytes);
    } catch (e) {
      throw new CausewayError('E_IO', `Could not write ${p.path}: ${(e as Error).message}`);
    }
  }
  return {
    fileName: `plate-plan-${p.runId}.${p.format}`,
    mime: MIME[p.format],
    bytes: bytes.length,
    base64: p.path === null ? bytes.toString('base64') : null,
    path: p.path,
  };
}
