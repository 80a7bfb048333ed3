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
import { candidateUpdate, type RoundState } from './round-state.ts';

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
