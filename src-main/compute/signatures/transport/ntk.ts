/**
 * NTK matrix completion (Radhakrishnan, Stefanakis, Belkin & Uhler, PNAS 2022; docs/methods.md §4.3): rows
 * are the observed profiles, with features cell one-hot + condition one-hot + a scaled identity block,
 * L2-normalised; a missing (cell, perturbation) profile is predicted by exact kernel regression with the
 * infinite-width ReLU NTK, Ŷ = k(X_miss, X_obs) K⁻¹ Y_obs.
 *
 * Two exact solvers: the dense one (kernel from dense products, blocked float64 Cholesky) and, for large
 * n, the structured one that uses the one-hot form of K (same answer, see ntk-structured.ts). The default
 * identity scale 0.1 was the best of {0.1, 0.32, 1, 3.2} in leave-one-out on the Kang 2018 pseudobulk
 * (smaller scales weight the shared cell type / shared perturbation more).
 */
import { CausewayError } from '#shared/lib/result.ts';
import { choleskySolveInPlace } from '../../numeric/cholesky.ts';
import { factorKernel, ntkCrossKernel, ntkTrainKernel, type KernelFeatures } from './ntk-kernel.ts';
import { ntkStructuredPredict } from './ntk-structured.ts';
import { GroupMeans, groupKey } from './groups.ts';
import {
  checkCancelled,
  transportOutput,
  type ProfileSet,
  type TransportMethod,
  type TransportQuery,
} from './types.ts';

export interface NtkOptions {
  /** Weight s of the appended identity block (default 0.1). */
  identityScale?: number;
  /** 'dense' (n×n Cholesky), 'structured' (exact, uses the one-hot kernel form) or 'auto' (default). */
  solver?: 'auto' | 'dense' | 'structured';
  /** 'auto' solves densely up to this many observed profiles (default 2,000). */
  denseLimit?: number;
}

export function ntkMethod(options: NtkOptions = {}): TransportMethod {
  const identityScale = options.identityScale ?? 0.1;
  const solver = options.solver ?? 'auto';
  const denseLimit = options.denseLimit ?? 2000;
  if (!(identityScale > 0) || !Number.isFinite(identityScale)) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `The NTK identity scale must be positive, got ${identityScale}.`,
    );
  }
  const method: TransportMethod = {
    id: 'ntk',
    label: 'NTK matrix completion',
    citation: 'Radhakrishnan, Stefanakis, Belkin & Uhler, PNAS 2022 (infinite-width ReLU NTK)',
    options: { identityScale, solver, denseLimit, features: 'cell one-hot + condition one-hot + identity' },
    async transport(input, queries, ctx) {
      checkCancelled(ctx.signal);
      const n = input.cellTypes.length;
      if (n === 0) throw new CausewayError('E_INVALID_INPUT', 'NTK completion needs observed profiles.');
      const useDense = solver === 'dense' || (solver === 'auto' && n <= denseLimit);
      ctx.progress?.(0, useDense ? 'building the NTK kernel' : 'structured NTK solve');
      const coded = codeRows(input, queries);
      const result = useDense ? denseSolve(coded, identityScale) : structuredSolve(coded, identityScale);
      checkCancelled(ctx.signal);
      ctx.progress?.(1, 'NTK done');
      const G = input.genes.length;
      const profiles = queries.map((q, i) => ({
        ...q,
        values: result.predictions.slice(i * G, (i + 1) * G),
        provenance: {
          solver: useDense ? 'dense-cholesky' : 'structured-exact',
          jitter: result.jitter,
          nObserved: n,
        },
      }));
      return transportOutput(method, input, profiles);
    },
  };
  return method;
}

interface CodedRows {
  readonly input: ProfileSet;
  /** Finite profile values (a missing entry takes its group's mean, or 0), n × G. */
  readonly y: Float64Array;
  readonly cell: Int32Array;
  readonly condition: Int32Array;
  readonly queryCodes: { cell: number; condition: number }[];
  readonly nCells: number;
  readonly nConditions: number;
}

function codeRows(input: ProfileSet, queries: readonly TransportQuery[]): CodedRows {
  const cells = new Map<string, number>();
  const conds = new Map<string, number>();
  const code = (m: Map<string, number>, k: string): number => {
    let c = m.get(k);
    if (c === undefined) m.set(k, (c = m.size));
    return c;
  };
  const n = input.cellTypes.length;
  const cell = new Int32Array(n);
  const condition = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    cell[i] = code(cells, input.cellTypes[i]!);
    condition[i] = code(conds, input.conditions[i]!);
  }
  const queryCodes = queries.map((q) => ({
    cell: code(cells, q.cellType),
    condition: code(conds, q.perturbation),
  }));
  const y = Float64Array.from(input.values);
  let groups: GroupMeans | undefined;
  const G = input.genes.length;
  for (let i = 0; i < n; i++) {
    for (let g = 0; g < G; g++) {
      if (Number.isFinite(y[i * G + g]!)) continue;
      groups ??= new GroupMeans(input);
      const m = groups.get(input.cellTypes[i]!, input.conditions[i]!)![g]!;
      y[i * G + g] = Number.isFinite(m) ? m : 0;
    }
  }
  return { input, y, cell, condition, queryCodes, nCells: cells.size, nConditions: conds.size };
}

function oneHot(
  cell: ArrayLike<number>,
  condition: ArrayLike<number>,
  nCells: number,
  p: number,
): KernelFeatures {
  const rows = cell.length;
  const data = new Float64Array(rows * p);
  for (let i = 0; i < rows; i++) {
    data[i * p + cell[i]!] = 1;
    data[i * p + nCells + condition[i]!] = 1;
  }
  return { rows, p, data };
}

function denseSolve(c: CodedRows, identityScale: number): { predictions: Float64Array; jitter: number } {
  const n = c.cell.length;
  const m = c.queryCodes.length;
  const G = c.input.genes.length;
  const p = c.nCells + c.nConditions;
  const obs = oneHot(c.cell, c.condition, c.nCells, p);
  const qf = oneHot(
    c.queryCodes.map((q) => q.cell),
    c.queryCodes.map((q) => q.condition),
    c.nCells,
    p,
  );
  const { factor, ridge } = factorKernel(ntkTrainKernel(obs, identityScale), n);
  const kq = ntkCrossKernel(qf, obs, identityScale); // m × n
  const predictions = new Float64Array(m * G);
  if (m <= G) {
    // Fewer queries than genes: solve for the weights K⁻¹ k_qᵀ (n × m), then combine the profiles.
    const w = new Float64Array(n * m);
    for (let j = 0; j < m; j++) for (let i = 0; i < n; i++) w[i * m + j] = kq[j * n + i]!;
    choleskySolveInPlace(factor, n, w, m);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        const wij = w[i * m + j]!;
        for (let g = 0; g < G; g++) predictions[j * G + g] = predictions[j * G + g]! + wij * c.y[i * G + g]!;
      }
    }
  } else {
    const alpha = choleskySolveInPlace(factor, n, Float64Array.from(c.y), G); // K⁻¹ Y
    for (let j = 0; j < m; j++) {
      for (let i = 0; i < n; i++) {
        const k = kq[j * n + i]!;
        for (let g = 0; g < G; g++) predictions[j * G + g] = predictions[j * G + g]! + k * alpha[i * G + g]!;
      }
    }
  }
  return { predictions, jitter: ridge };
}

function structuredSolve(c: CodedRows, identityScale: number): { predictions: Float64Array; jitter: number } {
  const G = c.input.genes.length;
  const pairs = new Map<string, number>();
  const pairOf = new Int32Array(c.cell.length);
  for (let i = 0; i < c.cell.length; i++) {
    const key = groupKey(String(c.cell[i]), String(c.condition[i]));
    let p = pairs.get(key);
    if (p === undefined) pairs.set(key, (p = pairs.size));
    pairOf[i] = p;
  }
  for (const qc of c.queryCodes) {
    if (pairs.has(groupKey(String(qc.cell), String(qc.condition)))) {
      // The structured formula assumes a query is unobserved; runTransport guarantees it.
      throw new CausewayError(
        'E_INTERNAL',
        'An NTK query pair is among the observed profiles; use runTransport.',
      );
    }
  }
  const q = pairs.size;
  const pairCell = new Int32Array(q);
  const pairCondition = new Int32Array(q);
  const pairCount = new Float64Array(q);
  const pairMeans = new Float64Array(q * G);
  for (let i = 0; i < c.cell.length; i++) {
    const p = pairOf[i]!;
    pairCell[p] = c.cell[i]!;
    pairCondition[p] = c.condition[i]!;
    pairCount[p] = pairCount[p]! + 1;
    for (let g = 0; g < G; g++) pairMeans[p * G + g] = pairMeans[p * G + g]! + c.y[i * G + g]!;
  }
  for (let p = 0; p < q; p++) {
    const inv = 1 / pairCount[p]!;
    for (let g = 0; g < G; g++) pairMeans[p * G + g] = pairMeans[p * G + g]! * inv;
  }
  const rows = {
    pairCell,
    pairCondition,
    pairCount,
    pairMeans,
    nCells: c.nCells,
    nConditions: c.nConditions,
    nGenes: G,
  };
  return ntkStructuredPredict(rows, c.queryCodes, identityScale);
}
