/**
 * Interventional GSP with known targets (Wang, Solus, Yang & Uhler, NeurIPS 2017; Yang, Katcoff &
 * Uhler, ICML 2018). CI tests use the observational data; invariance tests compare each
 * interventional setting with it.
 * - i → j is I-covered if covered and, for every setting whose known targets contain i, x_j | x_pa(j) is
 *   NOT invariant (UT-IGSP paper §4 and the reference `_is_icovered`; docs/methods.md §2.4).
 *   Why: pa(j) ∋ i, so if i → j is right, intervening on i leaves x_j's mechanism unchanged (invariant)
 *   and the arc must stay; if the truth is j → i, conditioning on the intervened child i changes the
 *   conditional of x_j, and the reversal is allowed. (The earlier code tested x_j | pa(i) and blocked
 *   reversal on a change, the IGSP-2017 marginal form: equivalent in the population, but it ignored
 *   settings with several known targets and disagreed with the reference on finite samples.)
 * - An arc a → b is I-contradicting if, in a setting targeting a but not b, x_b is invariant given
 *   pa(b)\{a}, or, in a setting targeting b but not a, x_a is not invariant given pa(a).
 * Score: (#arcs, #I-contradicting arcs), lexicographic. Output: DAG and its I-essential graph.
 */
import { GaussianCiTester, type CorrelationStatistic } from '../ci-tests/gaussian-ci.ts';
import type { Dag } from '../graph/dag.ts';
import { interventionalEssentialGraph } from '../graph/essential-graph.ts';
import type { Pdag } from '../graph/pdag.ts';
import type { GaussianInvarianceTester } from '../invariance-tests/gaussian-invariance.ts';
import { CompiledKnowledge } from '../knowledge/background-knowledge.ts';
import type { GspOptions } from './gsp.ts';
import { permutationSearch, searchResult, type SearchHooks } from './permutation-search.ts';

export interface IgspOptions extends GspOptions {
  readonly alphaInvariance: number;
}

export interface IgspResult {
  readonly dag: Pdag;
  readonly graph: Pdag;
  readonly arcCount: number;
  readonly contradictingArcs: number;
  readonly ciTests: number;
  readonly invarianceTests: number;
}

/** I-covered condition for known targets (shared with UT-IGSP, where only known targets count). */
export function knownTargetReversalCheck(
  inv: GaussianInvarianceTester,
  targets: readonly (readonly number[] | undefined)[],
  alphaInv: number,
): (dag: Dag, i: number, j: number) => boolean {
  return (dag, i, j) => {
    for (let k = 0; k < targets.length; k++) {
      if (targets[k]?.includes(i) && inv.isInvariant(j, k, dag.parents[j]!, alphaInv)) return false;
    }
    return true;
  };
}

export function igsp(
  obs: CorrelationStatistic,
  inv: GaussianInvarianceTester,
  targets: readonly (readonly number[])[],
  opts: IgspOptions,
): IgspResult {
  if (targets.length !== inv.settingCount) {
    throw new RangeError(`${targets.length} target lists for ${inv.settingCount} interventional settings`);
  }
  const ci = opts.ciTester ?? new GaussianCiTester(obs, opts.maxConditioningSize);
  const knowledge = new CompiledKnowledge(obs.p, opts.knowledge);
  const aInv = opts.alphaInvariance;
  const targetSets = targets.map((t) => new Set(t));
  const contradicting = (dag: Dag): number => {
    let c = 0;
    for (let b = 0; b < dag.p; b++) {
      for (const a of dag.parents[b]!) {
        for (let k = 0; k < targetSets.length; k++) {
          const t = targetSets[k]!;
          if (t.has(a) && !t.has(b)) {
            const rest = dag.parents[b]!.filter((u) => u !== a);
            if (inv.isInvariant(b, k, rest, aInv)) c++;
          } else if (t.has(b) && !t.has(a)) {
            if (!inv.isInvariant(a, k, dag.parents[a]!, aInv)) c++;
          }
        }
      }
    }
    return c;
  };
  const hooks: SearchHooks = {
    canReverse: knownTargetReversalCheck(inv, targets, aInv),
    secondary: contradicting,
  };
  const { dag, score } = permutationSearch(ci, obs.correlation, knowledge, opts, hooks);
  return {
    ...searchResult(dag, knowledge, 'IGSP', (g) => interventionalEssentialGraph(g, targets)),
    arcCount: score[0],
    contradictingArcs: score[1],
    ciTests: ci.testsRun,
    invarianceTests: inv.testsRun,
  };
}
