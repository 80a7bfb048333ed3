/**
 * Nearest source: the perturbed profile of the source cell type whose control profile is most similar
 * (Pearson correlation over genes) to the target's control, taken as is. The "use the drug's profile from
 * the nearest cell type" baseline of docs/methods.md §4.2.
 */
import { pearsonFinite } from './metrics.ts';
import { GroupMeans } from './groups.ts';
import { checkCancelled, transportOutput, untransportable, type TransportMethod } from './types.ts';

export function nearestSourceMethod(): TransportMethod {
  const method: TransportMethod = {
    id: 'nearest',
    label: 'Nearest source cell type',
    citation: 'Baseline: perturbed profile of the most similar source cell type (docs/methods.md §4.2)',
    options: { similarity: 'pearson of control profiles' },
    async transport(input, queries, ctx) {
      checkCancelled(ctx.signal);
      const groups = new GroupMeans(input);
      const profiles = queries.map((q) => {
        const control = groups.controlOf(q.cellType);
        if (!control) throw untransportable(q, `it has no "${input.control}" profile`);
        const sources = groups.sourcesFor(q.cellType, q.perturbation);
        if (sources.length === 0) throw untransportable(q, 'no other cell type measured it with a control');
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
        return { ...q, values, provenance: { source: best, similarity } };
      });
      return transportOutput(method, input, profiles);
    },
  };
  return method;
}
