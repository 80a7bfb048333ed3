/**
 * Additive baseline: target control + the mean perturbation effect (perturbed − control) over the source
 * cell types that measured it. The naive transport that scGen (Lotfollahi et al., Nat. Methods 2019) is
 * compared with on the Kang 2018 data (R² 0.899 for held-out CD4T, SOURCE.md).
 */
import { closedFormMethod } from './groups.ts';
import type { TransportMethod } from './types.ts';

export function additiveMethod(): TransportMethod {
  return closedFormMethod(
    {
      id: 'additive',
      label: 'Additive (control + mean effect)',
      citation: 'Baseline: control(t) + mean effect across source cell types (Lotfollahi et al. 2019)',
      options: {},
    },
    (groups, q) => {
      const values = Float64Array.from(groups.requireControl(q));
      const sources = groups.requireSources(q);
      const w = 1 / sources.length;
      for (const s of sources) {
        const pert = groups.get(s, q.perturbation)!;
        const ctrl = groups.controlOf(s)!;
        for (let g = 0; g < groups.nGenes; g++) values[g] = values[g]! + w * (pert[g]! - ctrl[g]!);
      }
      return { values, provenance: { sources } };
    },
  );
}
