/**
 * The active learning loop of Zhang, Cammarata, Squires, Sapsis & Uhler (Nat. Mach. Intell. 2023): over T
 * rounds, choose a shift with the acquisition, observe n cells under it (from the true SCM in simulation,
 * or from a model treated as true when planning), add them to the per-node Bayesian regressions, and
 * re-estimate the shift that reaches the target. Each round records the shift chosen, the mean the model
 * predicted for it when it was chosen, and the best feasible shift after the update (the answer so far).
 */
import { SeededRng, deriveSeed } from '../../numeric/rng.ts';
import { greedyObjective, maxVarianceObjective, randomDirection } from './baselines.ts';
import { civGradient, civObjective } from './civ.ts';
import type { ShiftDag } from './linear-scm.ts';
import {
  jittered,
  minimiseOverBall,
  minimiseOverPool,
  projectToBall,
  type Objective,
} from './optimize-shift.ts';
import { ShiftPosterior, type PosteriorOptions } from './posterior.ts';
import { predictedMean, roundState, type RoundState } from './round-state.ts';

/** Relative score difference under which pool members count as tied. */
const NEAR_TIE = 0.01;

export const ACQUISITIONS = ['civ', 'greedy', 'maxv', 'random'] as const;
export type Acquisition = (typeof ACQUISITIONS)[number];

/** Shifts of norm ≤ radius, or a finite pool of feasible perturbations (each a shift vector). */
export type Feasible = { kind: 'ball'; radius?: number } | { kind: 'pool'; shifts: readonly Float64Array[] };

export interface LoopOptions {
  dag: ShiftDag;
  target: Float64Array;
  rounds: number;
  cellsPerRound: number;
  acquisition: Acquisition;
  feasible: Feasible;
  posterior?: PosteriorOptions;
  /** Cells seen before the first round (e.g. the observational data, shift 0). */
  initial?: readonly { shift: Float64Array; cells: Float64Array }[];
  /** n cells under the shift a in round r (1-based). */
  observe: (a: Float64Array, n: number, round: number) => Float64Array;
  seed: number;
  /**
   * Per-gene weights of the distance to the target that picks the best pool member (default 1 each): a
   * plan for a few genes' levels weighs only them (the others still shape the model's a*).
   */
  distanceWeights?: Float64Array;
  /** With a pool: list the best `rankTop` members by the acquisition each round (default 1). */
  rankTop?: number;
  onRound?: (done: number, total: number) => Promise<void> | void;
}

export interface BestShift {
  shift: Float64Array;
  /** Index in the pool (null for the ball). */
  poolIndex: number | null;
  /** The mean the model predicts under it. */
  predicted: Float64Array;
}

export interface LoopRound {
  round: number;
  shift: Float64Array;
  poolIndex: number | null;
  /** With a pool: the best members by the acquisition (lower is better), best first. */
  ranking: { index: number; score: number }[];
  /** The mean the model predicted for the chosen shift when it chose it. */
  predicted: Float64Array;
  /** After this round's cells: the feasible shift the model expects to reach the target best. */
  best: BestShift;
}

export interface LoopResult {
  /** The best feasible shift before any round (prior and initial cells only). */
  start: BestShift;
  rounds: LoopRound[];
  posterior: ShiftPosterior;
}

function objectiveOf(acq: Acquisition, state: RoundState): Objective {
  if (acq === 'civ') return (a) => civObjective(state, a);
  if (acq === 'maxv') return (a) => maxVarianceObjective(state, a);
  return (a) => greedyObjective(state, a);
}

/** The feasible shift whose predicted mean is nearest the target. */
export function bestFeasible(state: RoundState, feasible: Feasible, weights?: Float64Array): BestShift {
  if (feasible.kind === 'ball') {
    const shift = projectToBall(state.bestShift, feasible.radius ?? 1);
    return { shift, poolIndex: null, predicted: predictedMean(state, shift) };
  }
  const k = minimiseOverPool(
    (a) => distance(predictedMean(state, a), state.target, weights),
    feasible.shifts,
  );
  const shift = Float64Array.from(feasible.shifts[k]!);
  return { shift, poolIndex: k, predicted: predictedMean(state, shift) };
}

export function distance(x: Float64Array, y: Float64Array, weights?: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (weights ? weights[i]! : 1) * (x[i]! - y[i]!) ** 2;
  return Math.sqrt(s);
}

export async function runActiveLoop(o: LoopOptions): Promise<LoopResult> {
  const p = o.dag.p;
  if (o.target.length !== p) throw new RangeError(`the target has ${o.target.length} values for ${p} genes`);
  if (o.feasible.kind === 'pool' && o.feasible.shifts.length === 0)
    throw new RangeError('the pool of feasible perturbations is empty');
  const posterior = new ShiftPosterior(o.dag, o.posterior);
  for (const obs of o.initial ?? []) posterior.update(obs.shift, obs.cells);
  const rng = new SeededRng(deriveSeed(o.seed, 0x7a5));
  const radius = o.feasible.kind === 'ball' ? (o.feasible.radius ?? 1) : 1;
  let state = roundState(posterior, o.target, o.cellsPerRound);
  const start = bestFeasible(state, o.feasible, o.distanceWeights);
  const rounds: LoopRound[] = [];
  let last: Float64Array | null = null;
  for (let r = 1; r <= o.rounds; r++) {
    let shift: Float64Array;
    let poolIndex: number | null = null;
    let ranking: { index: number; score: number }[] = [];
    if (o.feasible.kind === 'pool') {
      if (o.acquisition === 'random') {
        poolIndex = rng.integer(o.feasible.shifts.length);
        ranking = [{ index: poolIndex, score: 0 }];
      } else {
        const f = objectiveOf(o.acquisition, state);
        const shifts = o.feasible.shifts;
        const scored = shifts
          .map((a, index) => ({ index, score: f(a) }))
          .sort((x, y) => x.score - y.score || x.index - y.index);
        // A shift and its opposite teach nearly the same: among members within 1% of the best score,
        // the one whose predicted mean is nearest the target goes first.
        const best = scored[0]!.score;
        const near = (x: { score: number }): boolean => x.score <= best + NEAR_TIE * Math.abs(best) + 1e-12;
        const gap = (k: number): number =>
          distance(predictedMean(state, shifts[k]!), o.target, o.distanceWeights);
        const lead = scored.filter(near).reduce((x, y) => (gap(y.index) < gap(x.index) ? y : x));
        ranking = [lead, ...scored.filter((x) => x !== lead)].slice(0, Math.max(1, o.rankTop ?? 1));
        poolIndex = ranking[0]!.index;
      }
      shift = Float64Array.from(o.feasible.shifts[poolIndex]!);
    } else if (o.acquisition === 'random') {
      shift = randomDirection(p, rng).map((x) => x * radius);
    } else if (o.acquisition === 'greedy') {
      shift = projectToBall(state.bestShift, radius);
    } else {
      const plugIn = state.bestShift;
      const norm = Math.hypot(...plugIn);
      const starts = [
        norm > 0 ? plugIn.map((x) => (x * radius) / norm) : randomDirection(p, rng),
        randomDirection(p, rng).map((x) => x * radius),
      ];
      if (last) starts.unshift(jittered(last, rng));
      const gradient = o.acquisition === 'civ' ? (a: Float64Array) => civGradient(state, a) : undefined;
      shift = minimiseOverBall(objectiveOf(o.acquisition, state), starts, radius, gradient);
    }
    const predicted = predictedMean(state, shift);
    posterior.update(shift, o.observe(shift, o.cellsPerRound, r));
    state = roundState(posterior, o.target, o.cellsPerRound);
    rounds.push({
      round: r,
      shift,
      poolIndex,
      ranking,
      predicted,
      best: bestFeasible(state, o.feasible, o.distanceWeights),
    });
    last = shift;
    await o.onRound?.(r, o.rounds);
  }
  return { start, rounds, posterior };
}
