/**
 * The named settings of a network.discover run, resolved to every choice they fix (recorded in the
 * result as `search`). 'belyaeva2021' reproduces the reference run of the COVID-19 analysis
 * (Belyaeva et al., Nat. Commun. 2021: a causaldag-based GSP helper with stability selection) as a
 * whole; docs/methods.md §2.9 measures what each of its four differences contributes.
 */
import type { DiscoveryCompat, DiscoverySearch, SmallSampleCi } from '#shared/domain/discovered-graph.ts';

/**
 * Causeway's choice for untestable CI tests, decided by SHD on simulations shaped like the covid data
 * (bench/causal-small-sample.ts; docs/methods.md §2.9): the two differ only at large α on a
 * PPI-restricted skeleton with hubs (n = 50), and there 'independent' is closer to the truth in 5 of 6
 * settings (by 3–54 SHD on 200 genes); keeping untestable edges adds arcs around the hubs.
 */
export const DEFAULT_SMALL_SAMPLE_CI: SmallSampleCi = 'independent';

const SETTINGS: Record<DiscoveryCompat, Omit<DiscoverySearch, 'compat'>> = {
  causeway: {
    smallSampleCi: DEFAULT_SMALL_SAMPLE_CI,
    coveredArcUpdate: 'theory',
    subsampleSize: 'round',
    depth: 4,
    nruns: 5,
  },
  belyaeva2021: {
    smallSampleCi: 'independent',
    coveredArcUpdate: 'reference',
    subsampleSize: 'floor',
    depth: 5,
    nruns: 5,
  },
};

/** Explicit choices win over the named setting's. */
export function resolveDiscoverySearch(opts: {
  compat?: DiscoveryCompat | undefined;
  smallSampleCi?: SmallSampleCi | undefined;
  depth?: number | undefined;
  nruns?: number | undefined;
}): DiscoverySearch {
  const compat = opts.compat ?? 'causeway';
  const base = SETTINGS[compat];
  return {
    compat,
    smallSampleCi: opts.smallSampleCi ?? base.smallSampleCi,
    coveredArcUpdate: base.coveredArcUpdate,
    subsampleSize: base.subsampleSize,
    depth: opts.depth ?? base.depth,
    nruns: opts.nruns ?? base.nruns,
  };
}
