// Target-shift design (issue 14 §2): the Bayesian regression's incremental update equals the closed form
// computed directly, CIV's rank-one look-ahead equals refitting with the predicted cells, the optimal shift
// inverts the interventional mean, and on a small chain the CIV loop recovers a* after T rounds.
import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../numeric/rng.ts';
import { dagFromArcs } from '../../targets/ranking/dag-ensemble.ts';
import { distance, runActiveLoop } from './active-loop.ts';
import { consensusParents, withAncestors } from './consensus-dag.ts';
import {
  interventionalMean,
  optimalShift,
  randomScm,
  randomShiftDag,
  sampleShifted,
  shiftDag,
  type LinearScm,
} from './linear-scm.ts';
import { ShiftPosterior } from './posterior.ts';
import { civGradient, civObjective } from './civ.ts';
import { candidateUpdate, predictedMean, roundState } from './round-state.ts';

/** Solves M x = b by Gauss–Jordan with partial pivoting (independent of the app's Cholesky). */
function solveDirect(m: number[][], b: number[]): number[] {
  const k = b.length;
  const a = m.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[piv]![c]!)) piv = r;
    [a[c], a[piv]] = [a[piv]!, a[c]!];
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = a[r]![c]! / a[c]![c]!;
      for (let q = c; q <= k; q++) a[r]![q] = a[r]![q]! - f * a[c]![q]!;
    }
  }
  return a.map((row, i) => row[k]! / row[i]!);
}

const chain = (p: number): LinearScm => {
  const dag = shiftDag(Array.from({ length: p }, (_, i) => (i === 0 ? [] : [i - 1])));
  const weights = new Float64Array(p * p);
  for (let i = 1; i < p; i++) weights[i * p + i - 1] = i % 2 ? 0.8 : -0.6;
  return { dag, weights, noiseMean: new Float64Array(p), noiseVar: new Float64Array(p).fill(0.25) };
};

describe('target-shift posterior', () => {
  it('accumulated rounds equal (λ₀ + XᵀX)⁻¹ Xᵀy computed at once, with and without an intercept', () => {
    const rng = new SeededRng(7);
    const dag = randomShiftDag('er', 6, 3, rng);
    const truth = { ...randomScm(dag, 0.5, rng), noiseMean: Float64Array.from([1, -2, 0.5, 3, 0, 1]) };
    for (const intercept of [false, true]) {
      const post = new ShiftPosterior(dag, { intercept, interceptPrecision: 0.01, priorPrecision: 2 });
      const rounds: { a: Float64Array; cells: Float64Array }[] = [];
      for (let r = 0; r < 4; r++) {
        const a = Float64Array.from({ length: 6 }, () => rng.uniformIn(-1, 1));
        const cells = sampleShifted(truth, a, 3, rng);
        post.update(a, cells);
        rounds.push({ a, cells });
      }
      for (let i = 0; i < 6; i++) {
        const ps = dag.parents[i]!;
        const k = ps.length + (intercept ? 1 : 0);
        if (k === 0) continue;
        const xtx: number[][] = Array.from({ length: k }, (_, u) =>
          Array.from({ length: k }, (_, v) => (u === v ? (intercept && u === 0 ? 0.01 : 2) : 0)),
        );
        const xty = new Array<number>(k).fill(0);
        for (const { a, cells } of rounds)
          for (let r = 0; r < 3; r++) {
            const f = [...(intercept ? [1] : []), ...ps.map((j) => cells[r * 6 + j]!)];
            const y = cells[r * 6 + i]! - a[i]!;
            for (let u = 0; u < k; u++) {
              xty[u] = xty[u]! + f[u]! * y;
              for (let v = 0; v < k; v++) xtx[u]![v] = xtx[u]![v]! + f[u]! * f[v]!;
            }
          }
        const direct = solveDirect(xtx, xty);
        const mean = post.mean(i);
        direct.forEach((w, u) => expect(mean[u]).toBeCloseTo(w, 10));
        // The scaled covariance is the inverse of the same matrix: Σ (XᵀX + Λ₀) = I.
        const cov = post.scaledCovariance(i);
        for (let u = 0; u < k; u++)
          for (let v = 0; v < k; v++) {
            let s = 0;
            for (let t = 0; t < k; t++) s += cov[u * k + t]! * xtx[t]![v]!;
            expect(s).toBeCloseTo(u === v ? 1 : 0, 8);
          }
      }
    }
  });

  it("CIV's look-ahead variance equals refitting with n copies of the predicted cell", () => {
    const rng = new SeededRng(3);
    const dag = randomShiftDag('ba', 7, 2, rng);
    const truth = randomScm(dag, 1, rng);
    const post = new ShiftPosterior(dag, { noiseVar: truth.noiseVar });
    post.update(new Float64Array(7), sampleShifted(truth, new Float64Array(7), 5, rng));
    const target = interventionalMean(
      truth,
      Float64Array.from({ length: 7 }, () => rng.uniformIn(-1, 1)),
    );
    const state = roundState(post, target, 4);
    const a = Float64Array.from({ length: 7 }, () => rng.uniformIn(-0.4, 0.4));
    const { varAfter } = candidateUpdate(state, a);
    const x = predictedMean(state, a);
    const refit = new ShiftPosterior(dag, { noiseVar: truth.noiseVar });
    for (let i = 0; i < 7; i++) {
      refit.info[i]!.set(post.info[i]!);
      refit.potential[i]!.set(post.potential[i]!);
    }
    const cells = new Float64Array(4 * 7);
    for (let r = 0; r < 4; r++) cells.set(x, r * 7);
    refit.update(a, cells);
    for (let i = 0; i < 7; i++) {
      const g = refit.features(i, target);
      const s = refit.scaledCovariance(i);
      const k = g.length;
      let gsg = 0;
      for (let u = 0; u < k; u++) for (let v = 0; v < k; v++) gsg += g[u]! * s[u * k + v]! * g[v]!;
      expect(varAfter[i]).toBeCloseTo(gsg, 10);
    }
  });
});

describe('CIV gradient', () => {
  it('equals central differences of the objective, with and without an intercept', () => {
    for (const intercept of [false, true]) {
      const rng = new SeededRng(intercept ? 13 : 12);
      const dag = randomShiftDag('er', 8, 3, rng);
      const truth = { ...randomScm(dag, 0.7, rng), noiseMean: new Float64Array(8).fill(intercept ? 1 : 0) };
      const post = new ShiftPosterior(dag, { intercept, noiseVar: truth.noiseVar });
      post.update(new Float64Array(8), sampleShifted(truth, new Float64Array(8), 6, rng));
      const target = Float64Array.from({ length: 8 }, () => rng.uniformIn(-1, 1));
      const state = roundState(post, target, 3);
      const a = Float64Array.from({ length: 8 }, () => rng.uniformIn(-0.5, 0.5));
      const g = civGradient(state, a);
      for (let d = 0; d < 8; d++) {
        const h = 1e-6;
        const up = Float64Array.from(a);
        const down = Float64Array.from(a);
        up[d] = up[d]! + h;
        down[d] = down[d]! - h;
        const fd = (civObjective(state, up) - civObjective(state, down)) / (2 * h);
        expect(g[d]).toBeCloseTo(fd, 6);
      }
    }
  });
});

describe('target-shift SCM and loop', () => {
  it('the optimal shift reaches the target: μ(a*(μ*)) = μ*', () => {
    const rng = new SeededRng(11);
    const scm = {
      ...randomScm(randomShiftDag('er', 12, 3, rng), 1, rng),
      noiseMean: new Float64Array(12).fill(2),
    };
    const target = Float64Array.from({ length: 12 }, () => rng.uniformIn(-3, 3));
    const mu = interventionalMean(scm, optimalShift(scm, target));
    target.forEach((t, i) => expect(mu[i]).toBeCloseTo(t, 12));
  });

  it('on a 4-gene chain the CIV loop recovers a* within 0.1 after 30 rounds, and beats its start', async () => {
    const truth = chain(4);
    const aStar = Float64Array.from([0, 0.6, 0, -0.8]);
    const target = interventionalMean(truth, aStar);
    const sim = new SeededRng(21);
    const run = await runActiveLoop({
      dag: truth.dag,
      target,
      rounds: 30,
      cellsPerRound: 5,
      acquisition: 'civ',
      feasible: { kind: 'ball' },
      posterior: { noiseVar: truth.noiseVar },
      observe: (a, n) => sampleShifted(truth, a, n, sim),
      seed: 5,
    });
    const end = run.rounds.at(-1)!.best;
    expect(distance(end.shift, aStar)).toBeLessThan(0.1);
    expect(distance(run.start.shift, aStar)).toBeGreaterThan(0.3);
    for (const r of run.rounds) expect(Math.hypot(...r.shift)).toBeLessThanOrEqual(1 + 1e-9);
  });

  it('with a pool the loop proposes pool members and finds the one that reaches the target', async () => {
    const truth = chain(4);
    const pool = [0, 1, 2, 3].flatMap((v) =>
      [-1, 1].map((s) => Float64Array.from({ length: 4 }, (_, i) => (i === v ? s : 0))),
    );
    const target = interventionalMean(truth, pool[3]!);
    const sim = new SeededRng(2);
    const run = await runActiveLoop({
      dag: truth.dag,
      target,
      rounds: 6,
      cellsPerRound: 10,
      acquisition: 'civ',
      feasible: { kind: 'pool', shifts: pool },
      observe: (a, n) => sampleShifted(truth, a, n, sim),
      seed: 1,
    });
    for (const r of run.rounds) expect(r.poolIndex).not.toBeNull();
    expect(run.rounds.at(-1)!.best.poolIndex).toBe(3);
  });
});

describe('consensus DAG', () => {
  it('keeps the arcs in at least half of the DAGs, and finds a target gene with its ancestors', () => {
    // 0→1 in 3/3, 1→2 in 2/3, 3→2 and 2→0 in 1/3 each (dropped).
    const p = 4;
    const dags = [
      dagFromArcs(p, [0 * p + 1, 1 * p + 2]),
      dagFromArcs(p, [0 * p + 1, 1 * p + 2, 3 * p + 2]),
      dagFromArcs(p, [0 * p + 1, 2 * p + 0]),
    ];
    const parents = consensusParents(dags, p);
    expect(parents).toEqual([[], [0], [1], []]);
    expect(withAncestors(parents, [2])).toEqual([0, 1, 2]);
    expect(withAncestors(parents, [3])).toEqual([3]);
  });

  it('skips the arc that would close a directed cycle', () => {
    // 0→1, 1→2, 2→0 each in 2 of 3 DAGs (each DAG holds two of them): the first two in order are kept.
    const dags = [dagFromArcs(3, [1, 5]), dagFromArcs(3, [5, 6]), dagFromArcs(3, [1, 6])];
    expect(consensusParents(dags, 3)).toEqual([[], [0], [1]]);
  });
});
