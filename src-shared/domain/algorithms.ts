/**
 * The causal-discovery algorithms and conditional-independence tests, written once: the job spec, the
 * stored graph, the worker, the CLI and the wizard all read this table.
 *
 * PC: Spirtes, Glymour & Scheines, Causation, Prediction, and Search (2000). GSP: Solus, Wang & Uhler,
 * Biometrika 2021. IGSP: Wang, Solus, Yang & Uhler, NeurIPS 2017. UT-IGSP: Squires, Wang & Uhler,
 * UAI 2020. HSIC: Gretton et al., NeurIPS 2007 (kernel CI test, Zhang et al., UAI 2011).
 */
import { z } from 'zod';

export const DiscoveryAlgorithm = z.enum(['pc', 'gsp', 'igsp', 'utigsp']);
export type DiscoveryAlgorithm = z.infer<typeof DiscoveryAlgorithm>;

export const CiTest = z.enum(['gaussian', 'hsic']);
export type CiTest = z.infer<typeof CiTest>;

export interface AlgorithmInfo {
  readonly id: DiscoveryAlgorithm;
  /** As shown to people (labels, run names). */
  readonly name: string;
  /** When to use it, in the words the wizard shows. */
  readonly when: string;
  /** Needs a sample column naming each sample's setting (observational or the perturbed genes). */
  readonly interventional: boolean;
  /** Can learn unknown intervention targets (`targetsUnknown`). */
  readonly learnsTargets: boolean;
  /** CI tests it can run with (IGSP/UT-IGSP's invariance tests stay Gaussian whichever is chosen). */
  readonly ciTests: readonly CiTest[];
}

export const ALGORITHMS: readonly AlgorithmInfo[] = [
  {
    id: 'pc',
    name: 'PC',
    when: 'Observational data only. Fast; returns the edges the data can orient and leaves the rest undirected.',
    interventional: false,
    learnsTargets: false,
    ciTests: CiTest.options,
  },
  {
    id: 'gsp',
    name: 'GSP',
    when: 'Observational data only. Searches over gene orderings for the sparsest graph; usually fewer false edges than PC.',
    interventional: false,
    learnsTargets: false,
    ciTests: CiTest.options,
  },
  {
    id: 'igsp',
    name: 'IGSP',
    when: 'Perturbation data where you know which genes each perturbation hit (e.g. CRISPR knock-outs). Interventions orient more edges.',
    interventional: true,
    learnsTargets: false,
    ciTests: CiTest.options,
  },
  {
    id: 'utigsp',
    name: 'UT-IGSP',
    when: 'Perturbation data with unknown or uncertain targets (e.g. drugs). Learns the targets along with the network.',
    interventional: true,
    learnsTargets: true,
    ciTests: CiTest.options,
  },
];

export function algorithmInfo(id: DiscoveryAlgorithm): AlgorithmInfo {
  const info = ALGORITHMS.find((a) => a.id === id);
  if (!info) throw new RangeError(`unknown discovery algorithm "${id}"`);
  return info;
}
