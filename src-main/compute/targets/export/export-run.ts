/** A finished targets run exported to a file (desktop, CLI) or returned base64 (a browser download). */
import { readFileSync, writeFileSync } from 'node:fs';
import type { ParsedTaskParams, RankingExport } from '#shared/contracts/tasks.ts';
import { SteinerResult, SteinerSweepResult, TargetRankingResult } from '#shared/contracts/targets.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { exportTargets, TARGETS_EXPORT_MIME } from './export-targets.ts';
import type { TargetsDocument } from './table-rows.ts';

/** The targets result document of a run file, whichever of the three kinds it is. */
export function readTargetsDocument(path: string, runId: string): TargetsDocument {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new CausewayError('E_CORRUPT_PROJECT', `The result of run ${runId} is missing or not valid JSON.`);
  }
  const kind = (json as { kind?: unknown } | null)?.kind;
  const schema =
    kind === 'targets.steiner'
      ? SteinerResult
      : kind === 'targets.sweep'
        ? SteinerSweepResult
        : kind === 'targets.rank'
          ? TargetRankingResult
          : null;
  if (!schema)
    throw new CausewayError('E_INVALID_INPUT', `Run ${runId} is not a Steiner, sweep or target result.`);
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new CausewayError('E_CORRUPT_PROJECT', `The result of run ${runId} is damaged.`);
  return parsed.data;
}

const STEM = {
  'targets.steiner': 'steiner',
  'targets.sweep': 'steiner-sweep',
  'targets.rank': 'targets',
} as const;

export function exportTargetsRun(p: ParsedTaskParams<'targets.export'>): RankingExport {
  const doc = readTargetsDocument(p.resultPath, p.runId);
  const bytes = exportTargets(doc, p.runId, p.format);
  const fileName = `${STEM[doc.kind]}-${p.runId}.${p.format}`;
  if (p.path !== null) {
    try {
      writeFileSync(p.path, bytes);
    } catch (e) {
      throw new CausewayError('E_IO', `Could not write ${p.path}: ${(e as Error).message}`);
    }
  }
  return {
    fileName,
    mime: TARGETS_EXPORT_MIME[p.format],
    bytes: bytes.length,
    base64: p.path === null ? bytes.toString('base64') : null,
    path: p.path,
  };
}
