import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../numeric/rng.ts';
import { runTransport } from './groups.ts';
import { choleskyInPlace, solveSpd } from '../../numeric/cholesky.ts';
import { factorKernel, ntkKappa, ntkTrainKernel } from './ntk-kernel.ts';
import { ntkMethod } from './ntk.ts';
import type { ProfileSet } from './types.ts';

describe('NTK kernel (Radhakrishnan et al. 2022)', () => {
  it('κ has the closed-form values of the bias-free ReLU NTK', () => {
    expect(ntkKappa(1)).toBeCloseTo(2, 14);
    expect(ntkKappa(0)).toBeCloseTo(1 / Math.PI, 14);
    expect(ntkKappa(-1)).toBeCloseTo(0, 14);
    const r = 0.5; // arccos 0.5 = π/3
    expect(ntkKappa(r)).toBeCloseTo(((r * (2 * Math.PI)) / 3 + Math.sqrt(0.75)) / Math.PI + (r * 2) / 3, 14);
  });

  it('the analytic identity block equals appending s·I columns explicitly', () => {
    const f = { rows: 3, p: 2, data: Float64Array.from([1, 0, 0, 1, 1, 1]) };
    const s = 0.7;
    const k = ntkTrainKernel(f, s);
    const explicit = [
      [1, 0, s, 0, 0],
      [0, 1, 0, s, 0],
      [1, 1, 0, 0, s],
    ];
    const unit = explicit.map((v) => v.map((x) => x / Math.hypot(...v)));
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        const rho = unit[i]!.reduce((acc, x, t) => acc + x * unit[j]![t]!, 0);
        expect(k[i * 3 + j]).toBeCloseTo(ntkKappa(rho), 14);
      }
  });

  it('escalates jitter on a singular PSD matrix and fails clearly on an indefinite one', () => {
    const ones = new Float64Array(16).fill(1); // rank 1
    const f = factorKernel(ones, 4);
    expect(f.ridge).toBeGreaterThan(0);
    expect(choleskyInPlace(Float64Array.from(ones), 4)).toBe(false);
    const indefinite = Float64Array.from([1, 2, 2, 1]);
    expect(() => factorKernel(indefinite, 2)).toThrow(/not positive definite even with a diagonal jitter/);
  });
});

describe('NTK matrix completion', () => {
  // Replicates (two profiles of A|ctrl) exercise the structured solver's pair counts.
  const rng = new SeededRng(11);
  const labels: [string, string][] = [
    ['A', 'ctrl'],
    ['A', 'ctrl'],
    ['A', 'd1'],
    ['A', 'd2'],
    ['B', 'ctrl'],
    ['B', 'd1'],
    ['C', 'ctrl'],
    ['C', 'd2'],
    ['C', 'd1'],
    ['D', 'ctrl'],
    ['D', 'd2'],
  ];
  const G = 7;
  const input: ProfileSet = {
    genes: Array.from({ length: G }, (_, g) => `g${g}`),
    values: Float64Array.from({ length: labels.length * G }, () => rng.normal()),
    cellTypes: labels.map((l) => l[0]),
    conditions: labels.map((l) => l[1]),
    control: 'ctrl',
  };
  const queries = [
    { cellType: 'B', perturbation: 'd2' },
    { cellType: 'D', perturbation: 'd1' },
  ];

  it('predicts k(X_q, X) K⁻¹ Y with the one-hot + identity features (explicit reference)', async () => {
    const s = 0.3;
    const out = await runTransport(ntkMethod({ identityScale: s, solver: 'dense' }), input, queries);
    const n = labels.length;
    const shared = (a: [string, string], b: [string, string]): number =>
      Number(a[0] === b[0]) + Number(a[1] === b[1]);
    const K = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        K[i * n + j] = ntkKappa((shared(labels[i]!, labels[j]!) + (i === j ? s * s : 0)) / (2 + s * s));
    queries.forEach((q, qi) => {
      const k = labels.map((l) => ntkKappa(shared([q.cellType, q.perturbation], l) / (2 + s * s)));
      const w = solveSpd(K, n, Float64Array.from(k));
      for (let g = 0; g < G; g++) {
        let y = 0;
        for (let i = 0; i < n; i++) y += w[i]! * input.values[i * G + g]!;
        expect(out.profiles[qi]!.values[g]).toBeCloseTo(y, 7);
      }
    });
  });

  it('the structured exact solver agrees with the dense Cholesky solve', async () => {
    for (const s of [0.05, 0.1, 1]) {
      const dense = await runTransport(ntkMethod({ identityScale: s, solver: 'dense' }), input, queries);
      const structured = await runTransport(
        ntkMethod({ identityScale: s, solver: 'structured' }),
        input,
        queries,
      );
      expect(structured.profiles[0]!.provenance.solver).toBe('structured-exact');
      for (let qi = 0; qi < 2; qi++)
        for (let g = 0; g < G; g++) {
          expect(structured.profiles[qi]!.values[g]).toBeCloseTo(dense.profiles[qi]!.values[g]!, 7);
        }
    }
  });

  it('rejects a non-positive identity scale', () => {
    expect(() => ntkMethod({ identityScale: 0 })).toThrow(/identity scale must be positive/);
  });
});
