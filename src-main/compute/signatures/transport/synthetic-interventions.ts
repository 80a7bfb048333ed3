/**
 * Synthetic interventions (Agarwal, Shah & Shen, "Synthetic Interventions", 2020; the synthetic-control
 * idea of Abadie et al. applied to cell types): the target cell type is written as a linear combination
 * of donor cell types — those that measured the perturbation — fitted on what target and donors share
 * (their control profiles, plus any other condition measured in the target and in every donor), and the
 * same weights are applied to the donors' perturbed profiles. Genes play the role of the pre-intervention
 * periods of the original method.
 *
 * Fit: ridge regression without intercept, λ = ridge · trace(AᵀA)/k (k donors). The default 1e-3 is
 * effectively least squares but keeps the solve defined when donor profiles are collinear (cell types'
 * controls often correlate above 0.9); on the Kang 2018 leave-one-out, 0 ≤ ridge ≤ 1e-2 gave the same R²
 * to 0.003. Squires et al. (CLeaR 2022) regress across cells instead; see docs/methods.md §4.4.
 */
import { CausewayError } from '#shared/lib/result.ts';
import { solveSpd } from '../../numeric/cholesky.ts';
import { closedFormMethod } from './groups.ts';
import type { TransportMethod } from './types.ts';

export interface SyntheticInterventionsOptions {
  /** Relative ridge penalty (default 1e-3); 0 = ordinary least squares. */
  ridge?: number;
}

export function syntheticInterventionsMethod(options: SyntheticInterventionsOptions = {}): TransportMethod {
  const ridge = options.ridge ?? 1e-3;
  if (!(ridge >= 0) || !Number.isFinite(ridge)) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `The synthetic-interventions ridge must be ≥ 0, got ${ridge}.`,
    );
  }
  return closedFormMethod(
    {
      id: 'si',
      label: 'Synthetic interventions',
      citation: 'Agarwal, Shah & Shen, Synthetic Interventions (2020); donor regression across cell types',
      options: { ridge, fit: 'ridge regression on shared conditions, no intercept' },
    },
    (groups, q) => {
      const G = groups.nGenes;
      const donors = groups.requireSources(q);
      groups.requireControl(q);
      // Conditions the target and every donor measured (control always among them), except the query's.
      const shared = groups
        .conditionsOf(q.cellType)
        .filter((c) => c !== q.perturbation && donors.every((d) => groups.get(d, c) !== undefined));
      const k = donors.length;
      const gram = new Float64Array(k * k);
      const rhs = new Float64Array(k);
      for (const cond of shared) {
        const target = groups.get(q.cellType, cond)!;
        const cols = donors.map((d) => groups.get(d, cond)!);
        for (let g = 0; g < G; g++) {
          const t = target[g]!;
          if (!Number.isFinite(t) || cols.some((c) => !Number.isFinite(c[g]!))) continue;
          for (let u = 0; u < k; u++) {
            const xu = cols[u]![g]!;
            rhs[u] = rhs[u]! + xu * t;
            for (let v = 0; v <= u; v++) gram[u * k + v] = gram[u * k + v]! + xu * cols[v]![g]!;
          }
        }
      }
      let trace = 0;
      for (let u = 0; u < k; u++) {
        for (let v = 0; v < u; v++) gram[v * k + u] = gram[u * k + v]!;
        trace += gram[u * k + u]!;
      }
      const lambda = (ridge * trace) / k;
      for (let u = 0; u < k; u++) gram[u * k + u] = gram[u * k + u]! + lambda;
      const weights = solveSpd(gram, k, rhs);
      const values = new Float64Array(G);
      donors.forEach((d, u) => {
        const pert = groups.get(d, q.perturbation)!;
        const w = weights[u]!;
        for (let g = 0; g < G; g++) values[g] = values[g]! + w * pert[g]!;
      });
      const weightTable = Object.fromEntries(donors.map((d, u) => [d, weights[u]!]));
      return { values, provenance: { donors: weightTable, fittedOn: shared, lambda } };
    },
  );
}
