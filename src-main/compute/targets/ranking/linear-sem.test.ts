import { describe, expect, it } from 'vitest';
import { randomLinearSem, sampleSem } from '../../causal/testing/simulate.ts';
import { SeededRng } from '../../numeric/rng.ts';
import { dagFromArcs } from './dag-ensemble.ts';
import {
  EffectScratch,
  LazyCovariance,
  denseCovariance,
  fitLinearSem,
  totalEffectsFrom,
} from './linear-sem.ts';

/** Dense (I − W)⁻¹ by Gauss–Jordan, W[a·p + b] = weight of a → b: entry [a·p + b] = total effect a on b. */
function denseTotalEffects(w: Float64Array, p: number): Float64Array {
  const a = new Float64Array(p * p);
  const inv = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) a[i * p + j] = (i === j ? 1 : 0) - w[i * p + j]!;
    inv[i * p + i] = 1;
  }
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(a[r * p + c]!) > Math.abs(a[piv * p + c]!)) piv = r;
    for (let k = 0; k < p; k++) {
      [a[c * p + k], a[piv * p + k]] = [a[piv * p + k]!, a[c * p + k]!];
      [inv[c * p + k], inv[piv * p + k]] = [inv[piv * p + k]!, inv[c * p + k]!];
    }
    const d = a[c * p + c]!;
    for (let k = 0; k < p; k++) {
      a[c * p + k] = a[c * p + k]! / d;
      inv[c * p + k] = inv[c * p + k]! / d;
    }
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const f = a[r * p + c]!;
      if (f === 0) continue;
      for (let k = 0; k < p; k++) {
        a[r * p + k] = a[r * p + k]! - f * a[c * p + k]!;
        inv[r * p + k] = inv[r * p + k]! - f * inv[c * p + k]!;
      }
    }
  }
  return inv;
}

/** Population covariance of x = (I − Wᵀ)⁻¹ ε with unit noise: Σ = Tᵀ T, T = (I − W)⁻¹. */
function populationCovariance(t: Float64Array, p: number): Float64Array {
  const s = new Float64Array(p * p);
  for (let a = 0; a < p; a++)
    for (let b = 0; b < p; b++) {
      let acc = 0;
      for (let k = 0; k < p; k++) acc += t[k * p + a]! * t[k * p + b]!;
      s[a * p + b] = acc;
    }
  return s;
}

function semArcs(sem: ReturnType<typeof randomLinearSem>): number[] {
  const p = sem.dag.p;
  const arcs: number[] = [];
  for (let b = 0; b < p; b++) for (const a of sem.dag.parents[b]!) arcs.push(a * p + b);
  return arcs;
}

describe('linear SEM on a known DAG', () => {
  const p = 25;
  const sem = randomLinearSem(p, 3, new SeededRng(7));
  const dag = dagFromArcs(p, semArcs(sem));
  const truth = denseTotalEffects(sem.weights, p);

  it('propagated total effects equal (I − B)⁻¹ exactly (true weights)', () => {
    const weights = new Float64Array(dag.parents.length);
    for (let v = 0; v < p; v++)
      for (let k = dag.parentStart[v]!; k < dag.parentStart[v + 1]!; k++)
        weights[k] = sem.weights[dag.parents[k]! * p + v]!;
    const fitted = { dag, weights, residualVariance: new Float64Array(p), ridged: 0 };
    const scratch = new EffectScratch(p);
    let checked = 0;
    for (let j = 0; j < p; j++) {
      const e = totalEffectsFrom(fitted, j, scratch);
      for (let v = 0; v < p; v++) expect(e[v]).toBeCloseTo(truth[j * p + v]!, 12);
      checked += scratch.count;
    }
    expect(checked).toBeGreaterThan(p); // the graph has real descendants, not only sources
  });

  it('regression on the population covariance recovers the weights exactly (noise-free algebra)', () => {
    const fitted = fitLinearSem(dag, denseCovariance(populationCovariance(truth, p), p));
    expect(fitted.ridged).toBe(0);
    for (let v = 0; v < p; v++) {
      expect(fitted.residualVariance[v]).toBeCloseTo(1, 10);
      for (let k = dag.parentStart[v]!; k < dag.parentStart[v + 1]!; k++)
        expect(fitted.weights[k]).toBeCloseTo(sem.weights[dag.parents[k]! * p + v]!, 10);
    }
  });

  it('recovers the total effects from 20,000 simulated samples within 0.05', () => {
    const x = sampleSem(sem, 20_000, new SeededRng(11));
    const fitted = fitLinearSem(dag, new LazyCovariance(x));
    const scratch = new EffectScratch(p);
    let worst = 0;
    for (let j = 0; j < p; j++) {
      const e = totalEffectsFrom(fitted, j, scratch);
      for (let v = 0; v < p; v++) worst = Math.max(worst, Math.abs(e[v]! - truth[j * p + v]!));
    }
    expect(worst).toBeLessThan(0.05);
    expect(worst).toBeGreaterThan(0); // estimated, not copied
  });

  it('a wrong DAG (an arc reversed) predicts a different effect', () => {
    // x0 → x1 with weight 0.8: knocking x1 does nothing to x0 in truth; the reversed DAG claims it does.
    const rng = new SeededRng(3);
    const n = 5_000;
    const data = new Float64Array(2 * n);
    for (let r = 0; r < n; r++) {
      data[r] = rng.normal();
      data[n + r] = 0.8 * data[r]! + rng.normal();
    }
    const cov = new LazyCovariance({ rows: n, cols: 2, data });
    const scratch = new EffectScratch(2);
    const forward = fitLinearSem(dagFromArcs(2, [1]), cov);
    const reverse = fitLinearSem(dagFromArcs(2, [2]), cov);
    expect(totalEffectsFrom(forward, 0, scratch)[1]).toBeCloseTo(0.8, 1);
    expect(totalEffectsFrom(forward, 1, scratch)[0]).toBe(0);
    // Reversed: regression of x0 on x1 gives cov/var = 0.8/1.64.
    expect(totalEffectsFrom(reverse, 1, scratch)[0]).toBeCloseTo(0.8 / 1.64, 1);
  });
});
