/**
 * The acquisitions CIV is compared with (Zhang et al., Nat. Mach. Intell. 2023): greedy runs the plug-in
 * optimal shift â* = (I − B̂) μ* − ĉ (the closest feasible shift to it), maximum variance picks the shift
 * after which the largest posterior variance of any node's weights (σᵢ² λmax(Σᵢ')) is smallest, and random
 * draws a uniform direction on the unit sphere (or a uniform pool member).
 */
import type { SeededRng } from '../../numeric/rng.ts';
import { candidateUpdate, type RoundState } from './round-state.ts';

/** Distance of a to the plug-in optimal shift (minimised: the greedy choice). */
export function greedyObjective(state: RoundState, a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - state.bestShift[i]!) ** 2;
  return Math.sqrt(s);
}

/** max over nodes of σᵢ² λmax(Σᵢ − Σᵢf fᵀΣᵢ / (1/n + fᵀΣᵢf)), by power iteration on the small k × k. */
export function maxVarianceObjective(state: RoundState, a: Float64Array): number {
  const { sf, denom } = candidateUpdate(state, a);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const k = sf[i]!.length;
    if (k === 0) continue;
    const s = state.cov[i]!;
    const m = new Float64Array(k * k);
    for (let r = 0; r < k; r++)
      for (let c = 0; c < k; c++) m[r * k + c] = s[r * k + c]! - (sf[i]![r]! * sf[i]![c]!) / denom[i]!;
    worst = Math.max(worst, state.estimate.noiseVar[i]! * largestEigenvalue(m, k));
  }
  return worst;
}

function largestEigenvalue(m: Float64Array, k: number): number {
  let v = new Float64Array(k).fill(1 / Math.sqrt(k));
  let lambda = 0;
  for (let it = 0; it < 50; it++) {
    const w = new Float64Array(k);
    for (let r = 0; r < k; r++) for (let c = 0; c < k; c++) w[r] = w[r]! + m[r * k + c]! * v[c]!;
    const norm = Math.hypot(...w);
    if (!(norm > 0)) return 0;
    const next = w.map((x) => x / norm);
    const change = Math.abs(norm - lambda);
    lambda = norm;
    v = next;
    if (change <= 1e-10 * norm) break;
  }
  return lambda;
}

/** A uniform direction on the unit sphere (the shift of norm 1 a passive design would run). */
export function randomDirection(p: number, rng: SeededRng): Float64Array {
  for (;;) {
    const a = Float64Array.from({ length: p }, () => rng.normal());
    const norm = Math.hypot(...a);
    if (norm > 0) return a.map((x) => x / norm);
  }
}
