/**
 * CIV, the causal integrated variance acquisition (Zhang, Cammarata, Squires, Sapsis & Uhler, Nature
 * Machine Intelligence 2023, "Active learning for optimal intervention design in causal models"): choose
 * the shift a whose outcome, predicted through the causal model (the cell it yields is μ̂(a), not a
 * itself), most reduces the uncertainty about how far the target is from being reached. After the
 * candidate round, âᵢ* has posterior variance dᵢ = σᵢ² gᵢᵀ Σᵢ' gᵢ (round-state.ts); the squared mismatch
 * (aᵢ − âᵢ*)² of a Gaussian âᵢ* has variance 2dᵢ² + 4 mᵢ² dᵢ, and integrating mᵢ² = (a − âᵢ*)² over the
 * uniform measure on the unit ball around the plug-in estimate gives the paper's objective
 * Σᵢ dᵢ (dᵢ + 2 (σᵢ² + âᵢ*² + 1/p)), minimised.
 */
import { solveMeanTransposed } from './linear-scm.ts';
import { candidateUpdate, predictedMean, type RoundState } from './round-state.ts';

export function civObjective(state: RoundState, a: Float64Array): number {
  const { varAfter } = candidateUpdate(state, a);
  const p = a.length;
  let total = 0;
  for (let i = 0; i < p; i++) {
    const s2 = state.estimate.noiseVar[i]!;
    const d = s2 * varAfter[i]!;
    const c = s2 + state.bestShift[i]! ** 2 + 1 / p;
    total += d * (d + 2 * c);
  }
  return total;
}

/**
 * The gradient of civObjective in a, by the chain rule through the rank-one update and the causal model:
 * ∂dᵢ/∂fᵢ = −σᵢ² (2qᵢuᵢ/Dᵢ − 2qᵢ²Σᵢfᵢ/Dᵢ²) with qᵢ = uᵢᵀfᵢ, Dᵢ = 1/n + fᵢᵀΣᵢfᵢ; the parents' entries of
 * fᵢ are entries of x = μ̂(a), and ∂x/∂a = (I − B̂)⁻¹, so the gradient is (I − B̂)⁻ᵀ ∂/∂x: one evaluation's
 * cost instead of p + 1 of them.
 */
export function civGradient(state: RoundState, a: Float64Array): Float64Array {
  const p = a.length;
  const x = predictedMean(state, a);
  const gx = new Float64Array(p);
  const offset = state.posterior.intercept ? 1 : 0;
  for (let i = 0; i < p; i++) {
    const parents = state.posterior.dag.parents[i]!;
    if (parents.length === 0) continue;
    const f = state.posterior.features(i, x);
    const s = state.cov[i]!;
    const u = state.u[i]!;
    const k = f.length;
    const sf = new Float64Array(k);
    let fsf = 0;
    let q = 0;
    for (let r = 0; r < k; r++) {
      let acc = 0;
      for (let c = 0; c < k; c++) acc += s[r * k + c]! * f[c]!;
      sf[r] = acc;
      fsf += f[r]! * acc;
      q += u[r]! * f[r]!;
    }
    const denom = 1 / state.cells + fsf;
    const s2 = state.estimate.noiseVar[i]!;
    const d = s2 * (state.gSg[i]! - (q * q) / denom);
    const dCiv = 2 * d + 2 * (s2 + state.bestShift[i]! ** 2 + 1 / p);
    parents.forEach((j, t) => {
      const r = t + offset;
      const dd = -s2 * ((2 * q * u[r]!) / denom - (2 * q * q * sf[r]!) / (denom * denom));
      gx[j] = gx[j]! + dCiv * dd;
    });
  }
  return solveMeanTransposed(state.estimate.dag, state.estimate.weights, gx);
}
