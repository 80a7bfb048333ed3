/**
 * The move of GSP (Solus, Wang & Uhler, Biometrika 2021, Lemma/Algorithm "covered arc reversal"): reverse
 * a covered arc i → j (pa(j) = pa(i) ∪ {i}) of a minimal I-map and prune the parents that the new
 * order no longer needs. After the reversal pa'(i) = pa(i) ∪ {j} and pa'(j) = pa(i), so for each
 * q ∈ pa(i), with R = pa(i) \ {q}:
 *   'theory'    q → i is dropped if x_i ⫫ x_q | R ∪ {j},  q → j if x_j ⫫ x_q | R
 *               (each node tested given its other parents in the NEW DAG);
 *   'reference' q → i is dropped if x_i ⫫ x_q | R,        q → j if x_j ⫫ x_q | R ∪ {i}
 *               (the conditioning sets of the OLD DAG: the update_minimal_imap of the causaldag package
 *               that the Belyaeva et al. 2021 GSP helper calls; its IGSP does not swap them).
 * The reference's sets can drop an arc the new DAG needs (a chain q → i → j reversed gives the
 * v-structure q → i ← j, which claims x_q ⫫ x_j). Causeway follows the theory; 'reference' exists so
 * that one named setting reproduces the reference run (discover/compat.ts).
 */
import type { Dag } from '../graph/dag.ts';
import type { CompiledKnowledge } from '../knowledge/background-knowledge.ts';

export type CoveredArcUpdate = 'theory' | 'reference';

/** What the search needs to undo a reversal: the reversed arc and the pruned arcs (flat source, target). */
export interface CoveredArcReversal {
  readonly i: number;
  readonly j: number;
  readonly removed: number[];
}

export function reverseCoveredArc(
  dag: Dag,
  i: number,
  j: number,
  isCi: (a: number, b: number, cond: number[]) => boolean,
  knowledge: CompiledKnowledge,
  update: CoveredArcUpdate = 'theory',
): CoveredArcReversal {
  const pa = dag.parents[i]!.slice();
  dag.removeArc(i, j);
  dag.addArc(j, i);
  const removed: number[] = [];
  const swapped = update === 'reference';
  for (const q of pa) {
    const rest = pa.filter((u) => u !== q);
    if (!knowledge.mustBeAdjacent(q, i) && isCi(i, q, swapped ? rest : [...rest, j])) {
      dag.removeArc(q, i);
      removed.push(q, i);
    }
    if (!knowledge.mustBeAdjacent(q, j) && isCi(j, q, swapped ? [...rest, i] : rest)) {
      dag.removeArc(q, j);
      removed.push(q, j);
    }
  }
  return { i, j, removed };
}

export function undoCoveredArcReversal(dag: Dag, u: CoveredArcReversal): void {
  for (let t = 0; t < u.removed.length; t += 2) dag.addArc(u.removed[t]!, u.removed[t + 1]!);
  dag.removeArc(u.j, u.i);
  dag.addArc(u.i, u.j);
}
