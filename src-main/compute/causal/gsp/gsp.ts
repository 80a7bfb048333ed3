/**
 * Greedy Sparsest Permutation (Solus, Wang & Uhler, Biometrika 2021): search node orders for the
 * sparsest minimal I-map using covered-arc reversals; report the DAG and its CPDAG (maximally oriented
 * given background knowledge).
 */
import type { CiTester, SmallSampleCi } from '../ci-tests/ci-tester.ts';
import { GaussianCiTester, type CorrelationStatistic } from '../ci-tests/gaussian-ci.ts';
import { dagToCpdag } from '../graph/essential-graph.ts';
import type { Pdag } from '../graph/pdag.ts';
import { CompiledKnowledge, type BackgroundKnowledge } from '../knowledge/background-knowledge.ts';
import { permutationSearch, searchResult, type PermutationSearchOptions } from './permutation-search.ts';

export interface GspOptions extends PermutationSearchOptions {
  readonly knowledge?: BackgroundKnowledge;
  /** CI test (default: Fisher z on the statistic); an HSIC tester switches to Markov-blanket I-maps. */
  readonly ciTester?: CiTester;
  readonly maxConditioningSize?: number;
  /** How the default tester decides a test its sample is too small for (ci-tester.ts). */
  readonly smallSampleCi?: SmallSampleCi;
}

export interface GspResult {
  readonly dag: Pdag;
  /** CPDAG of `dag` with knowledge orientations applied. */
  readonly graph: Pdag;
  readonly arcCount: number;
  readonly ciTests: number;
}

export function gsp(stat: CorrelationStatistic, opts: GspOptions): GspResult {
  const ci = opts.ciTester ?? new GaussianCiTester(stat, opts.maxConditioningSize, opts.smallSampleCi);
  const knowledge = new CompiledKnowledge(stat.p, opts.knowledge);
  const { dag } = permutationSearch(ci, stat.correlation, knowledge, opts);
  return { ...searchResult(dag, knowledge, 'GSP', dagToCpdag), arcCount: dag.arcCount, ciTests: ci.testsRun };
}
