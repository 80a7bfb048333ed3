// The import wizard's fixed vocabulary (steps, labels) and its browser upload, kept apart from the
// state machine in import-wizard.svelte.ts so each stays readable on its own.
import type { InspectReport, ReferenceKind, SampleRole } from '@shared/contracts/data-import.ts';
import { bytesToBase64 } from '../lib/base64.ts';
import type { Caller } from './caller.ts';

export const IMPORT_STEPS = ['choose', 'preview', 'roles', 'validate', 'import', 'summary'] as const;
export type ImportStep = (typeof IMPORT_STEPS)[number];

export const STEP_LABELS: Record<ImportStep, string> = {
  choose: 'File',
  preview: 'Preview',
  roles: 'Columns',
  validate: 'Check',
  import: 'Import',
  summary: 'Summary',
};

export const ROLE_LABELS: Record<SampleRole, string> = {
  condition: 'Condition / group',
  cell_type: 'Cell type',
  perturbation: 'Perturbation (drug or gene)',
  dose: 'Dose',
  time: 'Time',
  replicate: 'Replicate',
  intervention_targets: 'Intervention targets (genes)',
};

/** A File as the wizard needs it (tests pass a stand-in). */
export interface FileLike {
  name: string;
  size: number;
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

/**
 * Send `file` to the backend in ordered base64 chunks. `current()` turns false when the user has moved
 * on (another file, a closed wizard): the upload then stops and is discarded. Resolves to the finished
 * upload's id, or null when it was refused or abandoned.
 */
export async function uploadInChunks(
  caller: Caller,
  file: FileLike,
  current: () => boolean,
  onFraction: (fraction: number) => void,
): Promise<string | null> {
  const begun = await caller.call('upload.begin', { fileName: file.name, size: file.size });
  if (!begun.ok || !current()) return null;
  const { uploadId, chunkBytes } = begun.value;
  for (let offset = 0; offset < file.size; offset += chunkBytes) {
    const bytes = new Uint8Array(
      await file.slice(offset, Math.min(file.size, offset + chunkBytes)).arrayBuffer(),
    );
    const r = await caller.call('upload.chunk', { uploadId, offset, base64: bytesToBase64(bytes) });
    if (!r.ok) return null;
    if (!current()) {
      void caller.call('upload.discard', { uploadId });
      return null;
    }
    onFraction(Math.min(1, (offset + bytes.length) / file.size));
  }
  const end = await caller.call('upload.end', { uploadId });
  if (!end.ok || !current()) return null;
  return uploadId;
}

/** What the step checks read of the wizard. */
export interface StepView {
  uploading: unknown;
  inspecting: boolean;
  readError: string | null;
  report: InspectReport | null;
  referenceKind: ReferenceKind | null;
  orientationConfirmed: boolean;
  roles: Partial<Record<SampleRole, string>>;
  geneColumn: string;
  name: string;
}

/** Why `step` cannot be left yet; empty when it can. */
export function stepErrors(step: ImportStep, w: StepView): string[] {
  const e: string[] = [];
  const r = w.report;
  switch (step) {
    case 'choose':
      if (w.uploading) e.push('Wait for the upload to finish.');
      else if (w.inspecting) e.push('Reading the file…');
      else if (w.readError) e.push(w.readError);
      else if (!r) e.push('Choose a file: type its path, browse, or drop it here.');
      else if (w.referenceKind === 'network') e.push('This file is a network: import it as a network.');
      else if (w.referenceKind === 'drug-targets')
        e.push('This file is a drug–target table: import it as a drug–target table.');
      break;
    case 'preview':
      if (!r) e.push('No file has been read.');
      else if (!w.orientationConfirmed) e.push('Confirm which way round the matrix is.');
      break;
    case 'roles': {
      if (!r) break;
      const cols = r.sampleColumns.map((c) => c.name);
      for (const [role, col] of Object.entries(w.roles)) {
        if (col && !cols.includes(col)) e.push(`The ${role} column "${col}" is not in the file.`);
      }
      if (w.geneColumn && !r.geneColumns.some((c) => c.name === w.geneColumn)) {
        e.push(`The gene column "${w.geneColumn}" is not in the file.`);
      }
      if (!w.name.trim()) e.push('Give the dataset a name.');
      break;
    }
    case 'validate':
      if (r) e.push(...r.errors);
      break;
    default:
      break;
  }
  return e;
}
