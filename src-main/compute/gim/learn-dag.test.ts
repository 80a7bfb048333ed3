// The GIM objective and the joint structure learning (issue 15): analytic gradients equal central
// differences, on a given DAG and over all arcs with the structure phase's L1 and NOTEARS terms; the
// acyclicity function is zero exactly on DAGs, and thresholding learned weights always leaves a DAG.
import { describe, expect, it } from 'vitest';
import { SeededRng } from '../numeric/rng.ts';
import { gimObjective, gimProblem, problemOffsets, type GimProblem } from './gim-objective.ts';
import { initNet } from './intervention-net.ts';
import { acyclicity, dagFromWeights, structureObjective } from './learn-dag.ts';
import { gimStats } from './scm-fit.ts';
import { generateSyntheticGim } from './synthetic.ts';
import { DEFAULT_SETTINGS } from './train-gim.ts';
import type { GimData } from './types.ts';

function problem(data: GimData, parents: number[][]): GimProblem {
  const features = data.contexts.map((c) => c.features);
  return gimProblem(gimStats(data), features, parents, { ...DEFAULT_SETTINGS, hidden: 5 });
}

/** Every partial derivative of `objective` at a random point equals its central difference. */
function checkGradient(
  prob: GimProblem,
  seed: number,
  objective: (theta: Float64Array, grad?: Float64Array) => number,
): void {
  const rng = new SeededRng(seed);
  const off = problemOffsets(prob);
  const theta = new Float64Array(off.net + prob.net.size);
  initNet(theta, prob.net, rng, 0.3);
  for (let k = 0; k < off.net; k++) theta[k] = 0.3 * rng.normal();
  // Larger network weights than the initialisation, so that every path of the backward pass matters.
  for (let k = off.net; k < theta.length; k++) theta[k] = theta[k]! + 0.5 * rng.normal();
  const grad = new Float64Array(theta.length);
  objective(theta, grad);
  const eps = 1e-6;
  for (let k = 0; k < theta.length; k++) {
    const saved = theta[k]!;
    theta[k] = saved + eps;
    const up = objective(theta);
    theta[k] = saved - eps;
    const down = objective(theta);
    theta[k] = saved;
    const numeric = (up - down) / (2 * eps);
    expect(Math.abs(grad[k]! - numeric), `parameter ${k}`).toBeLessThan(
      1e-5 * Math.max(1, Math.abs(numeric)),
    );
  }
}

// 5 genes, 3 perturbation types at 2 doses: small enough to difference every parameter.
const small = generateSyntheticGim({
  seed: 11,
  genes: ['a', 'b', 'c', 'd', 'e'],
  trainTypes: 3,
  testTypes: 0,
  trainDoses: [0.5, 2],
  cellsPerContext: 20,
  observational: 60,
});

describe('GIM objective', () => {
  it('has analytic gradients equal to central differences on a given DAG', () => {
    const prob = problem(
      small.train,
      small.scm.dag.parents.map((ps) => [...ps]),
    );
    checkGradient(prob, 1, (theta, grad) => gimObjective(theta, prob, grad));
  });

  it('has analytic gradients equal to central differences over all arcs with the NOTEARS terms', () => {
    const all = Array.from({ length: 5 }, (_, i) => [0, 1, 2, 3, 4].filter((j) => j !== i));
    const prob = problem(small.train, all);
    const penalty = { alpha: 0.7, rho: 3, l1: 0.05 };
    // L1 is not differentiable at 0; random weights are never exactly 0.
    checkGradient(prob, 2, (theta, grad) => structureObjective(theta, prob, penalty, grad));
  });
});

describe('joint structure learning', () => {
  it('acyclicity is zero on a DAG and positive on a cycle; thresholding always leaves a DAG', () => {
    const w = new Float64Array(9);
    w[1 * 3 + 0] = 0.8; // 0 → 1
    w[2 * 3 + 1] = 0.5; // 1 → 2
    expect(acyclicity(w, 3).h).toBeCloseTo(0, 12);
    w[0 * 3 + 2] = 0.3; // 2 → 0 closes a cycle
    expect(acyclicity(w, 3).h).toBeGreaterThan(1e-3);
    // The weakest arc of the cycle is dropped.
    expect(dagFromWeights(w, 3, 0.1)).toEqual([[], [0], [1]]);
  });
});
