/**
 * Dense exact kernel regression with the neural tangent kernel of an infinite-width, one-hidden-layer,
 * bias-free ReLU network (Radhakrishnan, Stefanakis, Belkin & Uhler, PNAS 2022; docs/methods.md §4.3):
 *
 *   ρ = x·z (unit-norm features),   κ(ρ) = [ρ(π − arccos ρ) + √(1 − ρ²)]/π + ρ(π − arccos ρ)/π,
 *   Ŷ = k(X_query, X_obs) K⁻¹ Y_obs,  K = κ(X_obs X_obsᵀ).
 *
 * The kernel is built as dense products (the feature Gram matrix, then κ elementwise): the part a GPU
 * provider can take over. K⁻¹ is applied through a blocked Cholesky factorisation in float64, with jitter
 * escalation when rounding makes K numerically indefinite, and a clear error when even that fails.
 */
import { CausewayError } from '#shared/lib/result.ts';
import { choleskyWithRidge, type RegularisedCholesky } from '../../numeric/cholesky.ts';

/** The NTK of a bias-free ReLU layer at correlation ρ (clamped to [−1, 1] against rounding). */
export function ntkKappa(rho: number): number {
  const r = rho > 1 ? 1 : rho < -1 ? -1 : rho;
  const angle = Math.PI - Math.acos(r);
  return (r * angle + Math.sqrt(1 - r * r)) / Math.PI + (r * angle) / Math.PI;
}

/**
 * Feature rows (row-major, `p` per row) with a scaled identity block of weight `identityScale` appended
 * and L2-normalised. The identity block makes each observed row unique (so K is positive definite); it is
 * applied analytically (it contributes s² to the diagonal of the Gram matrix only) instead of as n extra
 * columns. Query rows get their own identity coordinate, orthogonal to every observed row.
 */
export interface KernelFeatures {
  readonly rows: number;
  readonly p: number;
  readonly data: Float64Array;
}

function rowNorms(f: KernelFeatures, s2: number): Float64Array {
  const norms = new Float64Array(f.rows);
  for (let i = 0; i < f.rows; i++) {
    let ss = s2;
    for (let t = 0; t < f.p; t++) ss += f.data[i * f.p + t]! ** 2;
    norms[i] = Math.sqrt(ss);
  }
  return norms;
}

/** out[i·b.rows + j] = a_i · b_j (dense product A Bᵀ, two rows at a time to halve the loads). */
function gramProduct(a: KernelFeatures, b: KernelFeatures, out: Float64Array): void {
  const p = a.p;
  const A = a.data;
  const B = b.data;
  for (let i = 0; i < a.rows; i++) {
    const ai = i * p;
    let j = 0;
    for (; j + 1 < b.rows; j += 2) {
      const b0 = j * p;
      const b1 = b0 + p;
      let s0 = 0;
      let s1 = 0;
      for (let t = 0; t < p; t++) {
        const x = A[ai + t]!;
        s0 += x * B[b0 + t]!;
        s1 += x * B[b1 + t]!;
      }
      out[i * b.rows + j] = s0;
      out[i * b.rows + j + 1] = s1;
    }
    for (; j < b.rows; j++) {
      let s = 0;
      for (let t = 0; t < p; t++) s += A[ai + t]! * B[j * p + t]!;
      out[i * b.rows + j] = s;
    }
  }
}

/** K (n×n, row-major, symmetric) of the observed rows. */
export function ntkTrainKernel(obs: KernelFeatures, identityScale: number): Float64Array {
  const n = obs.rows;
  const s2 = identityScale * identityScale;
  const norms = rowNorms(obs, s2);
  const k = new Float64Array(n * n);
  gramProduct(obs, obs, k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const dot = k[i * n + j]! + (i === j ? s2 : 0);
      k[i * n + j] = ntkKappa(dot / (norms[i]! * norms[j]!));
    }
  }
  return k;
}

/** k(X_query, X_obs) (m×n, row-major). */
export function ntkCrossKernel(
  query: KernelFeatures,
  obs: KernelFeatures,
  identityScale: number,
): Float64Array {
  const s2 = identityScale * identityScale;
  const qn = rowNorms(query, s2);
  const on = rowNorms(obs, s2);
  const k = new Float64Array(query.rows * obs.rows);
  gramProduct(query, obs, k);
  for (let i = 0; i < query.rows; i++) {
    for (let j = 0; j < obs.rows; j++) {
      k[i * obs.rows + j] = ntkKappa(k[i * obs.rows + j]! / (qn[i]! * on[j]!));
    }
  }
  return k;
}

/** Jitter tried when rounding makes K numerically indefinite, as multiples of its mean diagonal. */
const KERNEL_JITTER = { first: 1e-12, growth: 10, last: 1e-4 };

/**
 * Cholesky of K, escalating a diagonal jitter from 1e-12·mean(diag) by ×10 up to 1e-4·mean(diag) when
 * rounding breaks positive definiteness (duplicate feature rows with a tiny identity scale). Beyond that
 * the kernel is not a usable NTK Gram matrix and we say so rather than return a meaningless solve.
 */
export function factorKernel(k: Float64Array, n: number): RegularisedCholesky {
  const factor = choleskyWithRidge(k, n, KERNEL_JITTER);
  if (factor) return factor;
  throw new CausewayError(
    'E_INVALID_INPUT',
    `The NTK kernel matrix (${n}×${n}) is not positive definite even with a diagonal jitter of ` +
      `1e-4 × its mean diagonal; the feature rows are (nearly) duplicated or not finite. ` +
      `Increase the identity scale or remove duplicate profiles.`,
    { n },
  );
}
