/**
 * The synthetic benchmark of generative intervention models (Schneider, Lorch, Kilbertus, Schölkopf &
 * Krause, ICML 2025, synthetic experiments; docs/methods.md §7): a random sparse DAG with a linear-Gaussian
 * SCM, perturbation *types* acting on a few target genes each through a Hill dose–response, and three
 * splits — train (40 types × 4 doses × 50 cells + 800 observational cells), partially out of distribution
 * (the same 40 types at 5 unseen doses) and fully out of distribution (20 new types at 4 doses).
 *
 * What we take from the paper: the split sizes, the test doses (partially OOD 0.25…2.25, fully OOD
 * 0.5…2; training at 0.5…2 too is our reading), perturbation types as Hill dose–response functions
 * acting as shift interventions on a few genes of a linear-Gaussian SCM over a random sparse DAG.
 * What is our own formulation (the paper's generator is not available; say so wherever results are
 * reported): how a type's descriptors determine its targets. A fully-OOD type can only be predicted if its
 * features carry which genes it hits, so each type has a latent embedding z ~ N(0, I_m) that is *part of
 * its features*; gene j is a target when ⟨w_j, z⟩ exceeds the (1 − rate) normal quantile (w_j a fixed
 * random unit vector per gene; at least one target per type), and its maximal shift is
 * sign(⟨u_j, z⟩)·(1 + min(2, |⟨u_j, z⟩|)) for another fixed unit vector u_j. The Hill function of type k,
 * a_j(c) = A_j · c^h / (EC50^h + c^h), has EC50 ~ U[0.5, 1.5] and h ~ U[1, 4], both features too (a
 * measured potency and steepness). So φ = (dose, z₁…z_m, EC50, h [, one-hot target class]).
 * Other choices of ours: p = 20 genes, an Erdős–Rényi DAG of expected degree 2, weights ±U[0.25, 1] (linear-scm.ts), noise variance
 * U[0.25, 1] per gene, observational means U[4, 8] (log-expression-like), 2 expected targets per type.
 */
import { normalSf } from '../numeric/distributions.ts';
import { deriveSeed, SeededRng } from '../numeric/rng.ts';
import {
  optimalShift,
  randomShiftDag,
  sampleShifted,
  type LinearScm,
} from '../design/target-shift/linear-scm.ts';
import type { GimContext, GimData } from './types.ts';

export interface SyntheticGimOptions {
  readonly seed: number;
  /** Gene names (their count is p); default g01…g20. */
  readonly genes?: readonly string[];
  /** Expected number of parents + children per gene of the Erdős–Rényi DAG. */
  readonly degree?: number;
  readonly trainTypes?: number;
  readonly testTypes?: number;
  readonly trainDoses?: readonly number[];
  readonly partialDoses?: readonly number[];
  readonly fullDoses?: readonly number[];
  readonly cellsPerContext?: number;
  readonly observational?: number;
  /** Dimension m of the type embedding z (the descriptors that say which genes a type hits). */
  readonly embeddingDims?: number;
  /** Expected targets per type (each gene is hit with probability targets/p). */
  readonly targetsPerType?: number;
  /** Range of the Hill coefficient h; a degenerate range [h, h] drops h from the features. */
  readonly hillRange?: readonly [number, number];
  /** > 0: a categorical descriptor "target_class" (nearest of this many class prototypes to z), one-hot. */
  readonly targetClasses?: number;
  /** Prefix of type names ("drug" → drug01, drug02…). */
  readonly typePrefix?: string;
}

/** One perturbation type: its descriptors and its true action on the genes. */
export interface PerturbationType {
  readonly name: string;
  readonly embedding: Float64Array;
  readonly ec50: number;
  readonly hill: number;
  /** Class label (index) when targetClasses > 0. */
  readonly targetClass: number | null;
  /** True target genes, ascending. */
  readonly targets: readonly number[];
  /** Maximal shift per gene (0 off the targets). */
  readonly maxShift: Float64Array;
}

/** What generated one context: its type, dose, targets and exact shift vector. */
export interface ContextTruth {
  readonly type: string;
  readonly dose: number;
  readonly targets: readonly number[];
  readonly shift: Float64Array;
}

export interface SyntheticGim {
  readonly seed: number;
  readonly scm: LinearScm;
  readonly genes: readonly string[];
  readonly featureNames: readonly string[];
  readonly trainTypes: readonly PerturbationType[];
  readonly testTypes: readonly PerturbationType[];
  readonly train: GimData;
  readonly partialOod: GimData;
  readonly fullOod: GimData;
  /** Keyed by context name (names are unique across the three splits). */
  readonly truth: ReadonlyMap<string, ContextTruth>;
}

export const PAPER_TRAIN_DOSES = [0.5, 1, 1.5, 2] as const;
export const PAPER_PARTIAL_DOSES = [0.25, 0.75, 1.25, 1.75, 2.25] as const;

/** The Hill dose–response c^h / (EC50^h + c^h) ∈ [0, 1). */
export function hill(dose: number, ec50: number, h: number): number {
  if (dose <= 0) return 0;
  const ch = dose ** h;
  return ch / (ec50 ** h + ch);
}

/** z with P(N(0,1) > z) = tail, by bisection on the survival function (monotone; 60 halvings ≈ 1e-16). */
function upperQuantile(tail: number): number {
  let lo = -10;
  let hi = 10;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (normalSf(mid) > tail) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function unitVectors(count: number, m: number, rng: SeededRng): Float64Array[] {
  return Array.from({ length: count }, () => {
    const v = Float64Array.from({ length: m }, () => rng.normal());
    const norm = Math.hypot(...v) || 1;
    return v.map((x) => x / norm);
  });
}

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

export function generateSyntheticGim(options: SyntheticGimOptions): SyntheticGim {
  const seed = options.seed;
  const genes = options.genes ?? Array.from({ length: 20 }, (_, i) => `g${String(i + 1).padStart(2, '0')}`);
  const p = genes.length;
  if (p < 2) throw new RangeError('the synthetic benchmark needs at least 2 genes');
  const m = options.embeddingDims ?? 4;
  const [hLo, hHi] = options.hillRange ?? [1, 4];
  const classes = options.targetClasses ?? 0;
  const prefix = options.typePrefix ?? 'drug';
  const nTrain = options.trainTypes ?? 40;
  const nTest = options.testTypes ?? 20;
  const cells = options.cellsPerContext ?? 50;

  // Independent streams (deriveSeed) so that, e.g., more test types do not change the training data.
  const rngGraph = new SeededRng(deriveSeed(seed, 1));
  const dag = randomShiftDag('er', p, options.degree ?? 2, rngGraph);
  const weights = new Float64Array(p * p);
  for (let i = 0; i < p; i++)
    for (const j of dag.parents[i]!)
      weights[i * p + j] = rngGraph.uniformIn(0.25, 1) * (rngGraph.uniform() < 0.5 ? -1 : 1);
  // Observational means ~ U[4, 8] (log-expression-like); the noise means that give them are (I − B) μ₀.
  const baseline = Float64Array.from({ length: p }, () => rngGraph.uniformIn(4, 8));
  const noiseVar = Float64Array.from({ length: p }, () => rngGraph.uniformIn(0.25, 1));
  const noiseMean = optimalShift({ dag, weights, noiseMean: new Float64Array(p), noiseVar }, baseline);
  const scm: LinearScm = { dag, weights, noiseMean, noiseVar };

  const rngMaps = new SeededRng(deriveSeed(seed, 2));
  const hitDirections = unitVectors(p, m, rngMaps);
  const signDirections = unitVectors(p, m, rngMaps);
  const prototypes = unitVectors(classes, m, rngMaps);
  const threshold = upperQuantile(Math.min(1, (options.targetsPerType ?? 2) / p));

  const makeType = (index: number, rng: SeededRng): PerturbationType => {
    const embedding = Float64Array.from({ length: m }, () => rng.normal());
    const ec50 = rng.uniformIn(0.5, 1.5);
    const h = hLo === hHi ? hLo : rng.uniformIn(hLo, hHi);
    const scores = hitDirections.map((w) => dot(w, embedding));
    let targets = scores.flatMap((s, j) => (s > threshold ? [j] : []));
    if (targets.length === 0) targets = [scores.indexOf(Math.max(...scores))];
    const maxShift = new Float64Array(p);
    for (const j of targets) {
      const s = dot(signDirections[j]!, embedding);
      maxShift[j] = (s < 0 ? -1 : 1) * (1 + Math.min(2, Math.abs(s)));
    }
    let targetClass: number | null = null;
    if (classes > 0) {
      const sim = prototypes.map((u) => dot(u, embedding));
      targetClass = sim.indexOf(Math.max(...sim));
    }
    const name = `${prefix}${String(index + 1).padStart(2, '0')}`;
    return { name, embedding, ec50, hill: h, targetClass, targets, maxShift };
  };
  const rngTypes = new SeededRng(deriveSeed(seed, 3));
  const trainTypes = Array.from({ length: nTrain }, (_, k) => makeType(k, rngTypes));
  const rngNew = new SeededRng(deriveSeed(seed, 4));
  const testTypes = Array.from({ length: nTest }, (_, k) => makeType(nTrain + k, rngNew));

  const featureNames = [
    'dose',
    ...Array.from({ length: m }, (_, i) => `z${i + 1}`),
    'ec50',
    ...(hLo === hHi ? [] : ['hill']),
    ...Array.from({ length: classes }, (_, c) => `target_class=${className(c)}`),
  ];
  const encode = (t: PerturbationType, dose: number): Float64Array => {
    const f = [dose, ...t.embedding, t.ec50, ...(hLo === hHi ? [] : [t.hill])];
    for (let c = 0; c < classes; c++) f.push(t.targetClass === c ? 1 : 0);
    return Float64Array.from(f);
  };

  const truth = new Map<string, ContextTruth>();
  const rngObs = new SeededRng(deriveSeed(seed, 5));
  const observational = {
    samples: sampleShifted(scm, new Float64Array(p), options.observational ?? 800, rngObs),
    n: options.observational ?? 800,
  };
  const split = (types: readonly PerturbationType[], doses: readonly number[], stream: number): GimData => {
    const rng = new SeededRng(deriveSeed(seed, 6, stream));
    const contexts: GimContext[] = [];
    for (const t of types)
      for (const dose of doses) {
        const shift = t.maxShift.map((a) => a * hill(dose, t.ec50, t.hill));
        const name = `${t.name}_${dose}`;
        truth.set(name, { type: t.name, dose, targets: t.targets, shift });
        contexts.push({
          name,
          features: encode(t, dose),
          samples: sampleShifted(scm, shift, cells, rng),
          n: cells,
        });
      }
    return { genes, featureNames, observational, contexts };
  };
  const train = split(trainTypes, options.trainDoses ?? PAPER_TRAIN_DOSES, 0);
  const partialOod = split(trainTypes, options.partialDoses ?? PAPER_PARTIAL_DOSES, 1);
  const fullOod = split(testTypes, options.fullDoses ?? PAPER_TRAIN_DOSES, 2);
  return { seed, scm, genes, featureNames, trainTypes, testTypes, train, partialOod, fullOod, truth };
}

/** Class labels A, B, C… (the categorical column's levels). */
export function className(c: number): string {
  return String.fromCharCode(65 + (c % 26)) + (c >= 26 ? String(Math.floor(c / 26)) : '');
}
