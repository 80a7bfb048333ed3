/**
 * Nearest source: the perturbed profile of the source cell type whose control profile is most similar
 * (Pearson correlation over genes) to the target's control, taken as is. The "use the drug's profile from
 * the nearest cell type" baseline of docs/methods.md §4.2.
 */
import { pearsonFinite } from './metrics.ts';
import { closedFormMethod } from './groups.ts';
import type { TransportMethod } from './types.ts';

export function nearestSourceMethod(): TransportMethod {
  return closedFormMethod(
    {
      id: 'nearest',
      label: 'Nearest source cell type',
      citation: 'Baseline: perturbed profile of the most similar source cell type (docs/methods.md §4.2)',
      options: { similarity: 'pearson of control profiles' },
    },
    (groups, q) => {
      const control = groups.requireControl(q);
      const sources = groups.requireSources(q);
      let best = sources[0]!;
      let bestR = -Infinity;
      const similarity: Record<string, number> = {};
      for (const s of sources) {
        const r = pearsonFinite(control, groups.controlOf(s)!);
        similarity[s] = r;
        if (r > bestR) {
          bestR = r;
          best = s;
        }
      }
      const values = Float64Array.from(groups.get(best, q.perturbation)!);
      return { values, provenance: { source: best, similarity } };
    },
  );
}
