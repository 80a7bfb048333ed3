/**
 * What the transport tasks share: a project dataset as labelled profiles, and a latent-shift model by id
 * (the project's own or a shipped one), checked against its card before use. Worker-side only: loading
 * the weights goes through the onnxruntime-backed inference modules.
 */
import { CausewayError } from '#shared/lib/result.ts';
import { weightsFromModel } from '../../compute/inference/autoencoder-runtime.ts';
import { readModelFile, requireLatentShiftModel } from '../../compute/inference/manifest.ts';
import { locateModel } from '../../compute/inference/project-models.ts';
import { checkAgainstCard } from '../../compute/inference/validate-model.ts';
import { readMatrixArrow } from '../../compute/io/arrow-matrix.ts';
import { readMetaArrow } from '../../compute/io/meta-table.ts';
import type { MetaTable } from '../../compute/io/types.ts';
import type { LatentShiftModel } from '../../compute/signatures/transport/latent-shift.ts';
import { profileSetFromMatrix } from '../../compute/signatures/transport/profiles-from-matrix.ts';
import type { ProfileSet } from '../../compute/signatures/transport/types.ts';

export interface ProfileSource {
  name: string;
  matrixPath: string;
  samplesPath: string;
  cellTypeColumn: string;
  conditionColumn: string;
  control: string;
  /** Keep only profiles with these conditions (the control is always kept); all when null. */
  conditions: readonly string[] | null;
}

/** A genes × samples project matrix and its sample table as a ProfileSet (one profile per sample). */
export function readProfiles(src: ProfileSource): ProfileSet {
  const m = readMatrixArrow(src.matrixPath);
  const meta = readMetaArrow(src.samplesPath);
  const ids = (meta['sample'] ?? []).map(String);
  const row = new Map(ids.map((s, r) => [s, r]));
  const nG = m.genes.length;
  const nS = m.samples.length;
  const data = new Float32Array(nS * nG);
  for (let i = 0; i < nG; i++) for (let j = 0; j < nS; j++) data[j * nG + i] = m.values[i * nS + j]!;
  // Sample-table rows in matrix column order; a sample the table lacks gets no labels and is left out.
  const aligned: MetaTable = {};
  for (const [name, col] of Object.entries(meta)) {
    aligned[name] = m.samples.map((s) => {
      const r = row.get(s);
      return r === undefined ? null : (col[r] ?? null);
    });
  }
  if (src.conditions) {
    const keep = new Set([src.control, ...src.conditions]);
    const cond = aligned[src.conditionColumn];
    if (cond) aligned[src.conditionColumn] = cond.map((v) => (v !== null && keep.has(String(v)) ? v : null));
  }
  try {
    return profileSetFromMatrix({ genes: m.genes, samples: m.samples, data }, aligned, {
      cellTypeColumn: src.cellTypeColumn,
      conditionColumn: src.conditionColumn,
      control: src.control,
    });
  } catch (e) {
    if (e instanceof CausewayError) throw new CausewayError(e.code, `${src.name}: ${e.message}`, e.details);
    throw e;
  }
}

export interface ModelRef {
  id: string;
  bundledDir: string;
  projectDir: string | null;
}

export function loadLatentShiftModel(ref: ModelRef): LatentShiftModel {
  const { card, dir } = locateModel(ref.bundledDir, ref.projectDir, ref.id);
  requireLatentShiftModel(card);
  const bytes = readModelFile(dir, card);
  checkAgainstCard(bytes, card);
  return { card, weights: weightsFromModel(bytes, card) };
}

/** Why the provider that ran differs from the one asked for (null when it was the one asked for, or CPU). */
export function fallbackReason(
  asked: string,
  ran: string,
  fallbacks: readonly { provider: string; reason: string }[],
): string | null {
  if (asked === 'cpu' || asked === ran || (asked === 'auto' && fallbacks.length === 0)) return null;
  const why = fallbacks.map((f) => `${f.provider}: ${f.reason}`).join('; ');
  return why || `${asked} was asked for; ${ran} ran`;
}
