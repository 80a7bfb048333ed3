/**
 * The optional "Transport" step of drug ranking (issue 6): the collection's signatures, measured in some
 * cell types, are carried to the disease cell type before scoring, through the transport registry.
 *
 * Signatures are effects relative to each cell type's own control, so every cell type gets a zero control
 * profile and each signature is its (cell type, drug) profile; transporting (target, drug) then predicts
 * the drug's effect in the target. `runTransport` hides the target's own measurement of the drug from the
 * method, so a transported signature is never a copy of a measured one; measured target signatures are
 * scored as they are, next to the transported ones.
 */
import type { DrugsTransportParams } from '#shared/contracts/tasks.ts';
import { CausewayError } from '#shared/lib/result.ts';
import type { SignatureCollectionFile } from '../../compute/drugs/collection.ts';
import { GroupMeans, runTransport } from '../../compute/signatures/transport/groups.ts';
import { createTransportMethod } from '../../compute/signatures/transport/registry.ts';
import type { ProfileSet, TransportQuery } from '../../compute/signatures/transport/types.ts';
import type { SignatureInfo } from '../../compute/signatures/scoring-types.ts';

/** A control label no collection uses as a drug name. */
const CONTROL = '\u0000control';

export interface TransportedCollection {
  signatures: SignatureInfo[];
  /** signatures × collection genes, row-major. */
  values: Float32Array;
  /** For the result's provenance. */
  summary: { targetCellType: string; method: string; label: string; transported: number; measured: number };
}

export async function transportCollection(
  collection: SignatureCollectionFile,
  chosen: readonly number[],
  t: DrugsTransportParams,
  ctx: { seed: number; signal: AbortSignal; progress: (fraction: number, message: string) => void },
): Promise<TransportedCollection> {
  const nG = collection.genes.length;
  const sigs = chosen.map((i) => collection.signatures[i]!);
  const cells = [...new Set([...sigs.map((s) => s.cellType), t.targetCellType])];
  if (sigs.some((s) => s.cellType === '')) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      'Transport needs the cell type of every signature; the collection’s signature table has none for some.',
    );
  }
  if (!sigs.some((s) => s.cellType === t.targetCellType)) {
    // Nothing measured there: every method would return the source signatures under a new label.
    const measuredIn = [...new Set(sigs.map((s) => s.cellType))].sort();
    throw new CausewayError(
      'E_INVALID_INPUT',
      `No chosen signature was measured in "${t.targetCellType}", so no method can learn how it differs ` +
        `and transport would only relabel the signatures. Transport to one of: ${measuredIn.slice(0, 20).join(', ')}.`,
    );
  }
  const values = new Float64Array((sigs.length + cells.length) * nG);
  chosen.forEach((i, r) => values.set(collection.column(i), r * nG));
  const input: ProfileSet = {
    genes: collection.genes,
    values,
    cellTypes: [...sigs.map((s) => s.cellType), ...cells],
    conditions: [...sigs.map((s) => s.drug), ...cells.map(() => CONTROL)],
    control: CONTROL,
  };
  const groups = new GroupMeans(input);
  const drugs = [...new Set(sigs.map((s) => s.drug))];
  const queries: TransportQuery[] = drugs
    .filter((d) => groups.sourcesFor(t.targetCellType, d).length > 0)
    .map((d) => ({ cellType: t.targetCellType, perturbation: d }));
  if (queries.length === 0) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `No drug was measured in a cell type other than "${t.targetCellType}": nothing to transport.`,
    );
  }
  const method = createTransportMethod(t.method);
  const out = await runTransport(method, input, queries, {
    seed: ctx.seed,
    signal: ctx.signal,
    progress: ctx.progress,
  });
  const measured = chosen.filter((i) => collection.signatures[i]!.cellType === t.targetCellType);
  const rows = new Float32Array((out.profiles.length + measured.length) * nG);
  out.profiles.forEach((p, r) => rows.set(p.values, r * nG));
  measured.forEach((i, r) => rows.set(collection.column(i), (out.profiles.length + r) * nG));
  const signatures: SignatureInfo[] = [
    ...out.profiles.map((p) => ({
      id: `${p.perturbation}__${t.targetCellType}__transported-${t.method}`,
      drug: p.perturbation,
      cellType: t.targetCellType,
      dose: '',
      time: '',
      perturbationType: `transported (${method.label})`,
    })),
    ...measured.map((i) => collection.signatures[i]!),
  ];
  return {
    signatures,
    values: rows,
    summary: {
      targetCellType: t.targetCellType,
      method: t.method,
      label: method.label,
      transported: out.profiles.length,
      measured: measured.length,
    },
  };
}
