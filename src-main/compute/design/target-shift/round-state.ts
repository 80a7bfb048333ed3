/**
 * What every acquisition of one round reads from the posterior (Zhang et al., Nat. Mach. Intell. 2023):
 * the plug-in SCM (B̂, ĉ, σ̂²), each node's scaled posterior covariance Σᵢ = Λᵢ⁻¹, and for the target μ*
 * the features gᵢ = fᵢ(μ*), uᵢ = Σᵢ gᵢ and gᵢᵀ Σᵢ gᵢ. The estimated optimal shift is âᵢ* = μ*ᵢ − wᵢᵀ gᵢ
 * (the plug-in a* = (I − B̂) μ* − ĉ), and σᵢ² gᵢᵀ Σᵢ gᵢ is its posterior variance: a round that shrinks
 * these variances pins a* down.
 */
import { optimalShift, solveMean, type LinearScm } from './linear-scm.ts';
import type { ShiftPosterior } from './posterior.ts';

export interface RoundState {
  readonly posterior: ShiftPosterior;
  readonly estimate: LinearScm;
  readonly target: Float64Array;
  /** Cells observed per round (the candidate's information is n copies of its predicted mean). */
  readonly cells: number;
  readonly cov: Float64Array[];
  readonly u: Float64Array[];
  readonly gSg: Float64Array;
  /** The plug-in optimal shift â*. */
  readonly bestShift: Float64Array;
}

export function roundState(posterior: ShiftPosterior, target: Float64Array, cells: number): RoundState {
  const p = posterior.dag.p;
  const estimate = posterior.pointEstimate();
  const cov: Float64Array[] = [];
  const u: Float64Array[] = [];
  const gSg = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    const s = posterior.scaledCovariance(i);
    const g = posterior.features(i, target);
    const k = g.length;
    const ui = new Float64Array(k);
    for (let r = 0; r < k; r++) {
      let acc = 0;
      for (let c = 0; c < k; c++) acc += s[r * k + c]! * g[c]!;
      ui[r] = acc;
      gSg[i] = gSg[i]! + g[r]! * acc;
    }
    cov.push(s);
    u.push(ui);
  }
  return { posterior, estimate, target, cells, cov, u, gSg, bestShift: optimalShift(estimate, target) };
}

/** The mean the plug-in model predicts under the shift a: (I − B̂)⁻¹ (a + ĉ). */
export function predictedMean(state: RoundState, a: Float64Array): Float64Array {
  const v = new Float64Array(a.length);
  for (let i = 0; i < v.length; i++) v[i] = a[i]! + state.estimate.noiseMean[i]!;
  return solveMean(state.estimate.dag, state.estimate.weights, v);
}

/**
 * For the candidate a, each node's updated scaled variance of âᵢ*, gᵀΣ'g with Σ' = Σ − Σf fᵀΣ / (1/n + fᵀΣf)
 * (rank-one update by the predicted cell f = fᵢ(μ̂(a)), n times), and Σf / √(1/n + fᵀΣf) for Σ' itself.
 */
export function candidateUpdate(
  state: RoundState,
  a: Float64Array,
): { varAfter: Float64Array; sf: Float64Array[]; denom: Float64Array } {
  const p = a.length;
  const x = predictedMean(state, a);
  const varAfter = new Float64Array(p);
  const denom = new Float64Array(p);
  const sf: Float64Array[] = [];
  for (let i = 0; i < p; i++) {
    const f = state.posterior.features(i, x);
    const s = state.cov[i]!;
    const k = f.length;
    const sfi = new Float64Array(k);
    let fsf = 0;
    let uf = 0;
    for (let r = 0; r < k; r++) {
      let acc = 0;
      for (let c = 0; c < k; c++) acc += s[r * k + c]! * f[c]!;
      sfi[r] = acc;
      fsf += f[r]! * acc;
      uf += state.u[i]![r]! * f[r]!;
    }
    const d2 = 1 / state.cells + fsf;
    denom[i] = d2;
    varAfter[i] = k === 0 ? 0 : state.gSg[i]! - (uf * uf) / d2;
    sf.push(sfi);
  }
  return { varAfter, sf, denom };
}
