/**
 * Minimising an acquisition over the feasible shifts: the unit ball ‖a‖ ≤ 1 (the paper's constraint, solved
 * there with SLSQP) by projected gradient descent (closed-form gradient for CIV, forward differences otherwise) and Armijo
 * backtracking, from several starts (the last round's shift jittered, the plug-in optimum â* scaled into
 * the ball, and a random direction: the paper's two starts and one more, since the objectives are not
 * convex); or, for a finite pool of feasible perturbations, by evaluating every member.
 */
import type { SeededRng } from '../../numeric/rng.ts';

export type Objective = (a: Float64Array) => number;
/** The objective's gradient, where known in closed form (otherwise forward differences). */
export type Gradient = (a: Float64Array) => Float64Array;

/** The radius-r ball's nearest point. */
export function projectToBall(a: Float64Array, radius = 1): Float64Array {
  const norm = Math.hypot(...a);
  return norm <= radius ? Float64Array.from(a) : a.map((x) => (x * radius) / norm);
}

const MAX_ITERATIONS = 60;
const FD_STEP = 1e-6;

function descend(
  f: Objective,
  start: Float64Array,
  radius: number,
  gradient?: Gradient,
): { a: Float64Array; value: number } {
  let a = projectToBall(start, radius);
  let value = f(a);
  let step = 0.5;
  const p = a.length;
  for (let it = 0; it < MAX_ITERATIONS; it++) {
    const grad = gradient ? gradient(a) : new Float64Array(p);
    if (!gradient)
      for (let d = 0; d < p; d++) {
        const probe = Float64Array.from(a);
        probe[d] = probe[d]! + FD_STEP;
        grad[d] = (f(probe) - value) / FD_STEP;
      }
    const gnorm = Math.hypot(...grad);
    if (!(gnorm > 1e-12)) break;
    let moved = false;
    for (let tries = 0; tries < 30 && step > 1e-9; tries++) {
      const next = projectToBall(
        a.map((x, d) => x - (step * grad[d]!) / gnorm),
        radius,
      );
      const v = f(next);
      let shift = 0;
      for (let d = 0; d < p; d++) shift += (next[d]! - a[d]!) * grad[d]!;
      if (v <= value + 1e-4 * Math.min(0, shift)) {
        moved = v < value;
        a = next;
        value = v;
        step = Math.min(2, step * 2);
        break;
      }
      step /= 2;
    }
    if (!moved) break;
  }
  return { a, value };
}

/** The best of projected descents from `starts` (ties: the earlier start). */
export function minimiseOverBall(
  f: Objective,
  starts: readonly Float64Array[],
  radius = 1,
  gradient?: Gradient,
): Float64Array {
  let best: { a: Float64Array; value: number } | null = null;
  for (const s of starts) {
    const r = descend(f, s, radius, gradient);
    if (!best || r.value < best.value) best = r;
  }
  if (!best) throw new RangeError('no start for the shift search');
  return best.a;
}

/** The pool member with the smallest objective (ties: the earlier member); returns its index. */
export function minimiseOverPool(f: Objective, pool: readonly Float64Array[]): number {
  let best = -1;
  let bestValue = Infinity;
  pool.forEach((a, k) => {
    const v = f(a);
    if (v < bestValue) {
      bestValue = v;
      best = k;
    }
  });
  if (best < 0) throw new RangeError('the pool of perturbations is empty');
  return best;
}

/** The last shift with each coordinate scaled by U[0.8, 1.2] (the paper's first start). */
export function jittered(a: Float64Array, rng: SeededRng): Float64Array {
  return a.map((x) => x * rng.uniformIn(0.8, 1.2));
}
