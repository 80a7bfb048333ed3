/**
 * A CMap-like perturbation tensor (conditions × cell types × genes) drawn from a known low-rank model, for
 * checking that completion methods recover held-out entries (issue 6) and for benchmarking them:
 *
 *   Y[d, c, :] = Σ_k A[d, k] · B[c, k] · W[k, :] + noise,
 *
 * with A[:, 0] = 1 (a cell-type baseline component), B[:, 1] = 1 (a perturbation main effect) and the
 * remaining components interactions, the structure tensor-completion methods assume (rank R in the CP
 * sense). Condition 0 is the control: it has no main effect and is observed in every cell type; a seeded
 * fraction of the other (condition, cell type) pairs is missing.
 */
import { SeededRng } from '../../numeric/rng.ts';
import type { ProfileSet, TransportQuery } from './types.ts';

export interface SyntheticTensorOptions {
  readonly nCells: number;
  readonly nConditions: number;
  readonly nGenes: number;
  readonly rank: number;
  readonly missingFraction: number;
  readonly noise: number;
  readonly seed: number;
  /** Scale of the interaction components relative to the two main components (default 0.5). */
  readonly interaction?: number;
}

export interface SyntheticTensor {
  readonly observed: ProfileSet;
  readonly missing: TransportQuery[];
  /** Noise-free truth of the missing pairs, in `missing` order, nMissing × nGenes. */
  readonly truth: Float64Array;
  readonly cellNames: string[];
  readonly conditionNames: string[];
}

const SYNTHETIC_CONTROL = 'control';

export function syntheticTensor(o: SyntheticTensorOptions): SyntheticTensor {
  const rng = new SeededRng(o.seed);
  const { nCells: C, nConditions: D, nGenes: G, rank: R } = o;
  const inter = o.interaction ?? 0.5;
  const A = Float64Array.from({ length: D * R }, () => rng.normal());
  const B = Float64Array.from({ length: C * R }, () => rng.normal());
  const W = Float64Array.from({ length: R * G }, () => rng.normal());
  for (let d = 0; d < D; d++) {
    A[d * R] = 1;
    for (let k = 2; k < R; k++) A[d * R + k] = inter * A[d * R + k]!;
  }
  for (let c = 0; c < C; c++) B[c * R + 1] = 1;
  A[1] = 0; // the control has no perturbation main effect
  const cellNames = Array.from({ length: C }, (_, c) => `cell${c}`);
  const conditionNames = [SYNTHETIC_CONTROL, ...Array.from({ length: D - 1 }, (_, d) => `drug${d + 1}`)];

  const profile = (d: number, c: number): Float64Array => {
    const y = new Float64Array(G);
    for (let k = 0; k < R; k++) {
      const ab = A[d * R + k]! * B[c * R + k]!;
      for (let g = 0; g < G; g++) y[g] = y[g]! + ab * W[k * G + g]!;
    }
    return y;
  };
  const pairs: [number, number][] = [];
  for (let d = 1; d < D; d++) for (let c = 0; c < C; c++) pairs.push([d, c]);
  rng.shuffle(pairs);
  const nMissing = Math.round(o.missingFraction * pairs.length);
  const missingPairs = pairs.slice(0, nMissing).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const observedPairs: [number, number][] = [
    ...Array.from({ length: C }, (_, c): [number, number] => [0, c]),
    ...pairs.slice(nMissing).sort((x, y) => x[0] - y[0] || x[1] - y[1]),
  ];

  const values = new Float64Array(observedPairs.length * G);
  observedPairs.forEach(([d, c], i) => {
    const y = profile(d, c);
    for (let g = 0; g < G; g++) values[i * G + g] = y[g]! + o.noise * rng.normal();
  });
  const truth = new Float64Array(missingPairs.length * G);
  missingPairs.forEach(([d, c], i) => truth.set(profile(d, c), i * G));
  return {
    observed: {
      genes: Array.from({ length: G }, (_, g) => `g${g}`),
      values,
      cellTypes: observedPairs.map(([, c]) => cellNames[c]!),
      conditions: observedPairs.map(([d]) => conditionNames[d]!),
      control: SYNTHETIC_CONTROL,
    },
    missing: missingPairs.map(([d, c]) => ({ cellType: cellNames[c]!, perturbation: conditionNames[d]! })),
    truth,
    cellNames,
    conditionNames,
  };
}
