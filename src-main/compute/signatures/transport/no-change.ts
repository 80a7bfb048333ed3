/**
 * "No change": predict the target's own control profile, i.e. assume the perturbation does nothing.
 * The floor every method must beat (Ahlmann-Eltze et al., Nat. Methods 2025, show deep perturbation
 * predictors often do not).
 */
import { closedFormMethod } from './groups.ts';
import type { TransportMethod } from './types.ts';

export function noChangeMethod(): TransportMethod {
  return closedFormMethod(
    {
      id: 'none',
      label: 'No change (target control)',
      citation: 'Baseline: the target cell type control profile (Ahlmann-Eltze et al., Nat. Methods 2025)',
      options: {},
    },
    (groups, q) => ({
      values: Float64Array.from(groups.requireControl(q)),
      provenance: { source: q.cellType },
    }),
  );
}
