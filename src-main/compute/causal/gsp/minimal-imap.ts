/**
 * Minimal I-map of a node order π (Verma & Pearl 1988; Solus, Wang & Uhler 2021, §2): π_i → π_j (i < j)
 * unless x_{π_i} ⫫ x_{π_j} | x_S. Two ways to choose S:
 * - "predecessors" (the theory: S = all other predecessors of π_j): computed for all pairs at once from
 *   the precision matrix. Partial correlations given the predecessors are read off the precision of
 *   the marginal over {π_1…π_j}; the last node is then marginalised out by a Schur complement, O(p³)
 *   per order. Needs n comfortably above p.
 * - "markov-blanket" (the causaldag `perm2dag` speed-up): S = Markov blanket of π_i in the partial DAG
 *   built so far, through the memoised tester. Used when n is small relative to p.
 * Knowledge: required adjacencies are always added, forbidden adjacencies never.
 */
import { invertSpd } from '../../numeric/cholesky.ts';
import { normalSf } from '../../numeric/distributions.ts';
import type { CiTester } from '../ci-tests/ci-tester.ts';
import { Dag } from '../graph/dag.ts';
import type { CompiledKnowledge } from '../knowledge/background-knowledge.ts';

export type IMapMode = 'auto' | 'predecessors' | 'markov-blanket';

export interface IMapContext {
  readonly ci: CiTester;
  readonly alpha: number;
  readonly knowledge: CompiledKnowledge;
  readonly mode: IMapMode;
  /** Lazily computed inverse correlation, shared by all orders. */
  precision?: Float64Array;
  readonly correlation: Float64Array;
}

export function resolveIMapMode(ctx: IMapContext): 'predecessors' | 'markov-blanket' {
  // The precision-matrix path reads partial correlations: only valid for the Gaussian test.
  if (!ctx.ci.gaussian) return 'markov-blanket';
  if (ctx.mode !== 'auto') return ctx.mode;
  return ctx.ci.n - ctx.ci.p - 3 >= 10 ? 'predecessors' : 'markov-blanket';
}

export function minimalIMap(order: readonly number[], ctx: IMapContext): Dag {
  return resolveIMapMode(ctx) === 'predecessors'
    ? imapByPrecision(order, ctx)
    : imapByMarkovBlanket(order, ctx);
}

function imapByPrecision(order: readonly number[], ctx: IMapContext): Dag {
  const { ci, alpha, knowledge } = ctx;
  const p = order.length;
  const full = (ctx.precision ??= invertSpd(ctx.correlation, ci.p).inverse);
  const fp = ci.p;
  // k: precision of the marginal over the first m nodes of the order, row-major with stride p.
  const k = new Float64Array(p * p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) k[a * p + b] = full[order[a]! * fp + order[b]!]!;
  const dag = new Dag(ci.p);
  for (let j = p - 1; j >= 1; j--) {
    const vj = order[j]!;
    const kjj = k[j * p + j]!;
    const condSize = j - 1;
    const dof = ci.n - condSize - 3;
    for (let i = 0; i < j; i++) {
      const vi = order[i]!;
      if (!knowledge.canBeAdjacent(vi, vj)) continue;
      let dependent = true;
      // An untestable pair (set too large for the sample) is decided as the tester's smallSampleCi says.
      if (!knowledge.mustBeAdjacent(vi, vj) && !(condSize <= ci.maxConditioningSize && dof > 0))
        dependent = ci.smallSampleCi !== 'independent';
      else if (!knowledge.mustBeAdjacent(vi, vj)) {
        let r = -k[i * p + j]! / Math.sqrt(k[i * p + i]! * kjj);
        const lim = 1 - Number.EPSILON;
        r = r > lim ? lim : r < -lim ? -lim : r;
        const pv = 2 * normalSf(Math.sqrt(dof) * Math.abs(Math.atanh(r)));
        dependent = !(pv > alpha);
      }
      if (dependent) dag.addArc(vi, vj);
    }
    // Marginalise π_j out: K' = K_{<j,<j} − K_{<j,j} K_{j,<j} / K_jj (Schur complement).
    for (let a = 0; a < j; a++) {
      const f = k[a * p + j]! / kjj;
      if (f === 0) continue;
      for (let b = 0; b < j; b++) k[a * p + b] = k[a * p + b]! - f * k[j * p + b]!;
    }
  }
  return dag;
}

function imapByMarkovBlanket(order: readonly number[], ctx: IMapContext): Dag {
  const { ci, alpha, knowledge } = ctx;
  const dag = new Dag(ci.p);
  const mark = new Uint8Array(ci.p);
  for (let j = 1; j < order.length; j++) {
    const vj = order[j]!;
    for (let i = 0; i < j; i++) {
      const vi = order[i]!;
      if (!knowledge.canBeAdjacent(vi, vj)) continue;
      if (knowledge.mustBeAdjacent(vi, vj)) {
        dag.addArc(vi, vj);
        continue;
      }
      const mb = markovBlanket(dag, vi, vj, mark);
      if (!ci.isIndependent(vi, vj, mb, alpha)) dag.addArc(vi, vj);
    }
  }
  return dag;
}

/** Parents, children and the children's other parents of v, excluding `exclude`. */
function markovBlanket(dag: Dag, v: number, exclude: number, mark: Uint8Array): number[] {
  const out: number[] = [];
  const add = (u: number): void => {
    if (u !== v && u !== exclude && !mark[u]) {
      mark[u] = 1;
      out.push(u);
    }
  };
  for (const u of dag.parents[v]!) add(u);
  for (const c of dag.children[v]!) {
    add(c);
    for (const u of dag.parents[c]!) add(u);
  }
  for (const u of out) mark[u] = 0;
  return out;
}
