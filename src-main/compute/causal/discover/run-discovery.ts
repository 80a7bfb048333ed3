/**
 * One entry point for the network.discover worker task: run PC, GSP, IGSP or UT-IGSP once with per-edge
 * evidence, or a chunk of stability-selection runs listed by (α index, subsample index).
 *
 * Evidence per edge: the p-value of the deciding CI test (PC: the largest p-value of any test
 * run on the kept pair, i.e. its weakest evidence; GSP family: x_a ⫫ x_b | other parents of the child in
 * the returned DAG, the test of the minimal I-map), whether interventions oriented it (directed in the
 * I-essential graph but not in the observational CPDAG of the same DAG), and for each setting whose
 * targets contain the parent, the invariance p-value of the child given its parents.
 *
 * `ciTest: 'hsic'` swaps the Fisher-z CI test for the HSIC kernel test (non-Gaussian data; Gretton et
 * al., NeurIPS 2007) in every algorithm; the invariance tests of IGSP/UT-IGSP stay Gaussian (the test
 * of Wang et al. 2017 and Squires et al. 2020).
 */
import { CausewayError } from '#shared/lib/result.ts';
import type { DiscoveryAlgorithm } from '#shared/domain/algorithms.ts';
import type { CiTestKind, CiTester, SmallSampleCi } from '../ci-tests/ci-tester.ts';
import type { CoveredArcUpdate } from '../gsp/covered-arc.ts';
import { GaussianCiTester, type CorrelationStatistic } from '../ci-tests/gaussian-ci.ts';
import { HsicCiTester } from '../ci-tests/hsic-ci.ts';
import { dagToCpdag } from '../graph/essential-graph.ts';
import { edgeLists, isDirected, type Pdag } from '../graph/pdag.ts';
import { correlationMatrix } from '../../numeric/covariance.ts';
import { gsp } from '../gsp/gsp.ts';
import { igsp } from '../gsp/igsp.ts';
import { utigsp } from '../gsp/utigsp.ts';
import { GaussianInvarianceTester, settingStatistic } from '../invariance-tests/gaussian-invariance.ts';
import type { BackgroundKnowledge } from '../knowledge/background-knowledge.ts';
import { pc } from '../pc/pc.ts';
import {
  stabilityRun,
  type GraphLearner,
  type StabilityPlan,
  type StabilityRunResult,
} from '../stability/stability-selection.ts';
import type { DenseMatrix } from '../../numeric/matrix.ts';
import { DEFAULT_SMALL_SAMPLE_CI } from './compat.ts';
import type { DiscoveryData } from './dataset.ts';

export interface DiscoveryParams {
  readonly algorithm: DiscoveryAlgorithm;
  readonly alpha: number;
  readonly alphaInvariance?: number;
  readonly targetsUnknown?: boolean;
  readonly knowledge?: BackgroundKnowledge;
  readonly seed: number;
  readonly nruns?: number;
  readonly depth?: number;
  /** CI test: 'gaussian' (Fisher z, default) or 'hsic' (kernel test for non-Gaussian data). */
  readonly ciTest?: CiTestKind;
  /** A test the sample is too small for: call it independent (default) or keep the edge (ci-tester.ts). */
  readonly smallSampleCi?: SmallSampleCi;
  /** Conditioning sets of GSP's covered-arc update (covered-arc.ts); default the theory's. */
  readonly coveredArcUpdate?: CoveredArcUpdate;
}

export interface EdgeEvidence {
  /** p-value of the deciding CI test (see the module comment). */
  readonly ciPValue: number;
  readonly orientedByIntervention: boolean;
  /** Settings (by label) whose targets contain the source, with the child's invariance p-value. */
  readonly invariance?: { setting: string; pValue: number }[];
}

export interface DiscoveredEdge {
  readonly source: number;
  readonly target: number;
  readonly directed: boolean;
  readonly evidence: EdgeEvidence;
}

export interface DiscoveryResult {
  readonly graph: Pdag;
  readonly edges: DiscoveredEdge[];
  /** Per setting (UT-IGSP: learned; IGSP: the known ones). */
  readonly learnedTargets?: number[][];
}

const DEFAULT_ALPHA_INV = 1e-5;

/** A learner on one data set (the stability subsample or the full data), returning the output graph. */
function learn(
  obs: DenseMatrix,
  settings: readonly { label?: string; data: DenseMatrix; knownTargets: number[] }[],
  params: DiscoveryParams,
  alpha: number,
  seed: number,
): {
  graph: Pdag;
  dag?: Pdag;
  ci: CiTester;
  inv?: GaussianInvarianceTester;
  targets?: number[][];
  pcMaxP?: Map<number, number>;
} {
  const stat: CorrelationStatistic = { correlation: correlationMatrix(obs), p: obs.cols, n: obs.rows };
  const smallSampleCi = params.smallSampleCi ?? DEFAULT_SMALL_SAMPLE_CI;
  let ci: CiTester;
  if (params.ciTest === 'hsic') {
    const hsic = new HsicCiTester(obs, { seed });
    hsic.smallSampleCi = smallSampleCi;
    ci = hsic;
  } else ci = new GaussianCiTester(stat, Number.POSITIVE_INFINITY, smallSampleCi);
  const search = {
    alpha,
    seed,
    nruns: params.nruns ?? 5,
    depth: params.depth ?? 4,
    ciTester: ci,
    ...(params.knowledge ? { knowledge: params.knowledge } : {}),
  };
  if (params.algorithm === 'pc') {
    const r = pc(stat, { alpha, ciTester: ci, ...(params.knowledge ? { knowledge: params.knowledge } : {}) });
    return { graph: r.graph, ci, pcMaxP: r.skeleton.maxTestedPValue };
  }
  if (params.algorithm === 'gsp' || settings.length === 0) {
    // Only GSP's reference helper swaps the covered-arc sets; IGSP and UT-IGSP keep the theory's.
    const r = gsp(stat, { ...search, coveredArcUpdate: params.coveredArcUpdate ?? 'theory' });
    return { graph: r.graph, dag: r.dag, ci };
  }
  const inv = new GaussianInvarianceTester(
    stat.p,
    settingStatistic(obs),
    settings.map((s) => settingStatistic(s.data)),
  );
  const alphaInvariance = params.alphaInvariance ?? DEFAULT_ALPHA_INV;
  const known = settings.map((s) => s.knownTargets);
  if (params.algorithm === 'igsp') {
    const unnamed = settings.find((s) => s.knownTargets.length === 0);
    if (unnamed) {
      throw new CausewayError(
        'E_INVALID_INPUT',
        `IGSP needs every interventional setting to name its target genes, but ${unnamed.label === undefined ? 'one setting' : `"${unnamed.label}"`} names no gene of the data. ` +
          'Check the spelling against the gene names, or use UT-IGSP with unknown targets (--targets-unknown).',
      );
    }
    const r = igsp(stat, inv, known, { ...search, alphaInvariance });
    return { graph: r.graph, dag: r.dag, ci, inv, targets: known };
  }
  const r = utigsp(stat, inv, {
    ...search,
    alphaInvariance,
    ...(params.targetsUnknown ? {} : { knownTargets: known }),
  });
  return { graph: r.graph, dag: r.dag, ci, inv, targets: r.learnedTargets };
}

export function runDiscovery(data: DiscoveryData, params: DiscoveryParams): DiscoveryResult {
  const out = learn(data.observational, data.settings, params, params.alpha, params.seed);
  const { graph, dag, ci, inv, targets } = out;
  const p = graph.p;
  const cpdag = dag ? dagToCpdag(dag) : undefined;
  const parentsIn = (g: Pdag, v: number): number[] => {
    const o: number[] = [];
    for (let u = 0; u < p; u++) if (isDirected(g, u, v)) o.push(u);
    return o;
  };
  const edges: DiscoveredEdge[] = [];
  const evidence = (a: number, b: number, directed: boolean): EdgeEvidence => {
    // In the DAG exactly one of a → b, b → a holds; the child's other parents are the I-map's conditioning set.
    let ciPValue: number;
    if (dag) {
      const [u, v] = isDirected(dag, a, b) ? [a, b] : [b, a];
      ciPValue = ci.pValue(
        u,
        v,
        parentsIn(dag, v).filter((x) => x !== u),
      );
    } else ciPValue = out.pcMaxP?.get(Math.min(a, b) * p + Math.max(a, b)) ?? Number.NaN;
    const orientedByIntervention =
      directed && cpdag !== undefined && !isDirected(cpdag, a, b) && targets !== undefined;
    const invariance =
      inv && targets && dag && directed
        ? targets.flatMap((t, k) =>
            t.includes(a)
              ? [{ setting: data.settings[k]!.label, pValue: inv.pValue(b, k, parentsIn(dag, b)) }]
              : [],
          )
        : undefined;
    return {
      ciPValue,
      orientedByIntervention,
      ...(invariance && invariance.length > 0 ? { invariance } : {}),
    };
  };
  const lists = edgeLists(graph);
  for (const [a, b] of lists.arcs)
    edges.push({ source: a, target: b, directed: true, evidence: evidence(a, b, true) });
  for (const [a, b] of lists.undirected)
    edges.push({ source: a, target: b, directed: false, evidence: evidence(a, b, false) });
  return { graph, edges, ...(targets ? { learnedTargets: targets } : {}) };
}

/**
 * Stability-selection runs (a, b): the observational rows are subsampled (interventional settings are
 * used whole, as their rows only enter the invariance tests). Each run is a pure function of
 * (data, plan, indices), so any split of the runs over workers aggregates to the same counts.
 */
export async function runStabilityChunk(
  data: DiscoveryData,
  params: DiscoveryParams,
  plan: StabilityPlan,
  runs: readonly (readonly [number, number])[],
  onRunDone?: (done: number) => Promise<void>,
): Promise<StabilityRunResult[]> {
  const results: StabilityRunResult[] = [];
  // Keep the DAG each GSP-family run found beside its graph (PC finds none).
  const learner: GraphLearner = (_stat, alpha, seed, rows) => {
    const r = learn(rows, data.settings, params, alpha, seed);
    return r.dag ? { graph: r.graph, dag: r.dag } : r.graph;
  };
  for (const [a, b] of runs) {
    results.push(stabilityRun(data.observational, plan, learner, a, b));
    await onRunDone?.(results.length);
  }
  return results;
}
