/**
 * The Sachs et al. (2005) IGSP split (observational cd3cd28 ± icam2, plus five inhibitor settings
 * with known single targets), from the UT-IGSP paper's data files; see ../fixtures/README.md.
 */
import { correlationFromScatter } from '../../numeric/covariance.ts';
import type { DenseMatrix } from '../../numeric/matrix.ts';
import type { CorrelationStatistic } from '../ci-tests/gaussian-ci.ts';
import type { Pdag } from '../graph/pdag.ts';
import { GaussianInvarianceTester, settingStatistic } from '../invariance-tests/gaussian-invariance.ts';
import { parseEdgeListTsv, parseNumericTable, readFixtureText } from './fixture-loaders.ts';

/** Node names in the file column order (lower case, as in the reference graphs). */
const SACHS_NODES = ['raf', 'mek', 'plc', 'pip2', 'pip3', 'erk', 'akt', 'pka', 'pkc', 'p38', 'jnk'] as const;
/** Interventional settings in file order and their single known targets (node index = file suffix). */
export const SACHS_SETTING_TARGETS = [[1], [3], [4], [6], [8]] as const;
export const SACHS_REFERENCE_GRAPHS = [
  'utigsp_18edges',
  'cmu_phil_20edges',
  'cdt_18edges',
  'bnlearn_17edges',
] as const;

export interface SachsData {
  readonly observational: DenseMatrix;
  readonly interventional: DenseMatrix[];
  readonly obsStat: CorrelationStatistic;
  makeInvarianceTester(): GaussianInvarianceTester;
  readonly referenceGraphs: Record<(typeof SACHS_REFERENCE_GRAPHS)[number], Pdag>;
}

export function loadSachs(): SachsData {
  const load = (suffix: string): DenseMatrix =>
    parseNumericTable(readFixtureText(`sachs2005/iv=${suffix}.txt.gz`)).data;
  const observational = load('');
  const interventional = SACHS_SETTING_TARGETS.map(([t]) => load(String(t)));
  const obsSt = settingStatistic(observational);
  const ivSt = interventional.map(settingStatistic);
  const p = SACHS_NODES.length;
  const referenceGraphs = Object.fromEntries(
    SACHS_REFERENCE_GRAPHS.map((g) => [
      g,
      parseEdgeListTsv(readFixtureText(`sachs2005/ground_truth_${g}.tsv`), SACHS_NODES),
    ]),
  ) as SachsData['referenceGraphs'];
  return {
    observational,
    interventional,
    obsStat: { correlation: correlationFromScatter(obsSt.scatter, p), p, n: obsSt.n },
    makeInvarianceTester: () => new GaussianInvarianceTester(p, obsSt, ivSt),
    referenceGraphs,
  };
}
