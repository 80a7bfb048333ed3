/**
 * Predicted effect of inhibiting each gene on the disease genes, over an ensemble of DAGs.
 *
 * For every DAG: fit a linear SEM on the expression data (linear-sem.ts), take the total effects of a
 * knockdown of gene j (lower x_j by δ; on log2 expression δ = 1 halves it), i.e. the predicted shift
 * −δ·[(I − B)⁻¹]_{j,d} of every disease gene d, and compare it with the REVERSED disease signature −s
 * (the change that would bring the disease back to the control state, the logic of signature reversal,
 * Lamb et al. 2006): the cosine between the two vectors over the disease genes, and the number of
 * disease genes moved toward control (shift·s < 0). The cosine is invariant to δ, so the ranking does
 * not depend on how hard the knockdown is assumed to be.
 *
 * Aggregated over the DAGs as mean and standard deviation, in the spirit of IDA (Maathuis, Kalisch &
 * Bühlmann 2009, Ann. Stat. 37:3133): when the data cannot orient the graph, the DAGs differ and the
 * effect is uncertain; when every DAG agrees, the spread is zero. A DAG in which j reaches no disease
 * gene predicts no effect: its cosine counts as 0 (neither reversal nor aggravation), not as missing.
 */
import type { DenseMatrix } from '../../numeric/matrix.ts';
import { selectColumns } from '../../numeric/matrix.ts';
import type { CompactDag } from './dag-ensemble.ts';
import {
  type CovarianceSource,
  EffectScratch,
  LazyCovariance,
  fitLinearSem,
  totalEffectsFrom,
} from './linear-sem.ts';

export interface DiseaseSignature {
  readonly genes: readonly string[];
  /** Disease vs control (log2 fold change or any signed score); non-finite or 0 values are skipped. */
  readonly values: readonly number[];
}

export interface KnockdownOptions {
  /**
   * The disease genes whose shift is predicted and compared (the Steiner terminals, or the signature
   * genes passing a cut); default: every signature gene with a finite non-zero value in the network.
   */
  readonly diseaseGenes?: readonly string[] | null;
  /** How far a knockdown lowers the target, on the data's scale (default 1: halving on log2). */
  readonly knockdown?: number;
  /**
   * Count the target's own shift when it is itself a disease gene (default false: rank by what the
   * gene does downstream, the causal reach; inhibiting an up-regulated disease gene reverses it
   * trivially, and that would put every up-regulated disease gene on top).
   */
  readonly includeSelf?: boolean;
}

export interface Spread {
  readonly mean: number;
  /** Sample standard deviation over the DAGs (0 for one DAG). */
  readonly sd: number;
}

export interface KnockdownEffect {
  readonly gene: string;
  /** Cosine of the predicted shift of the disease genes with the reversed disease signature. */
  readonly reversal: Spread;
  /** Number of disease genes moved toward control / away from it. */
  readonly rightWay: Spread;
  readonly wrongWay: Spread;
  /** Fraction of DAGs in which the gene has at least one disease gene among its descendants. */
  readonly reachFrequency: number;
  /** Predicted shift of each disease gene (order of KnockdownEffects.diseaseGenes): mean and SD. */
  readonly shiftMean: Float64Array;
  readonly shiftSd: Float64Array;
}

export interface KnockdownEffects {
  readonly diseaseGenes: string[];
  /** The disease signature's value on diseaseGenes. */
  readonly diseaseValues: Float64Array;
  readonly effects: KnockdownEffect[];
  readonly dags: number;
  /** Equations over all DAGs whose parents were collinear enough to need a ridge. */
  readonly ridgedEquations: number;
  readonly options: Required<KnockdownOptions>;
}

/** The data's columns in the ensemble's gene order (throws if a gene has no column). */
export function alignColumns(
  data: DenseMatrix,
  dataGenes: readonly string[],
  genes: readonly string[],
): DenseMatrix {
  const at = new Map(dataGenes.map((g, i) => [g, i] as const));
  const cols = genes.map((g) => {
    const c = at.get(g);
    if (c === undefined) throw new Error(`gene ${g} of the network has no expression column`);
    return c;
  });
  return selectColumns(data, cols);
}

class Welford {
  n = 0;
  mean = 0;
  m2 = 0;
  add(x: number): void {
    this.n++;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
  }
  get spread(): Spread {
    return { mean: this.mean, sd: this.n > 1 ? Math.sqrt(Math.max(0, this.m2 / (this.n - 1))) : 0 };
  }
}

/**
 * Knockdown effects of every gene of the ensemble. `data` is samples × genes (column-major) in the
 * ensemble's gene order (alignColumns), or a covariance of those genes; signature genes outside the
 * ensemble are ignored.
 */
export function knockdownEffects(
  ensemble: { readonly genes: readonly string[]; readonly dags: readonly CompactDag[] },
  data: DenseMatrix | CovarianceSource,
  signature: DiseaseSignature,
  options: KnockdownOptions = {},
  /** Called after each DAG's SEM is fitted and its effects added (a job's progress bar). */
  onFitted?: (done: number, total: number) => void,
): KnockdownEffects {
  const opts: Required<KnockdownOptions> = {
    diseaseGenes: options.diseaseGenes ?? null,
    knockdown: options.knockdown ?? 1,
    includeSelf: options.includeSelf ?? false,
  };
  const chosen = opts.diseaseGenes ? new Set(opts.diseaseGenes) : null;
  const { genes, dags } = ensemble;
  const p = genes.length;
  if (dags.length === 0) throw new Error('no DAGs to fit');
  const index = new Map(genes.map((g, i) => [g, i] as const));
  // Disease gene slot of each network gene (−1 if not a disease gene).
  const slot = new Int32Array(p).fill(-1);
  const diseaseGenes: string[] = [];
  const values: number[] = [];
  signature.genes.forEach((g, i) => {
    const v = signature.values[i]!;
    const at = index.get(g);
    if (at === undefined || !Number.isFinite(v) || v === 0 || slot[at] !== -1) return;
    if (chosen && !chosen.has(g)) return;
    slot[at] = diseaseGenes.length;
    diseaseGenes.push(g);
    values.push(v);
  });
  const q = diseaseGenes.length;
  const s = Float64Array.from(values);
  let sNorm = 0;
  for (const v of s) sNorm += v * v;
  sNorm = Math.sqrt(sNorm);

  const cov = 'get' in data ? data : new LazyCovariance(data);
  const scratch = new EffectScratch(p);
  const cosine = Array.from({ length: p }, () => new Welford());
  const right = Array.from({ length: p }, () => new Welford());
  const wrong = Array.from({ length: p }, () => new Welford());
  const reached = new Int32Array(p);
  // Shift sums per (target, disease gene), taken about the first value seen (the shifted-data
  // variance formula): exact zero spread when every DAG agrees, no cancellation of large sums.
  const shiftRef = new Float64Array(p * q);
  const shiftSum = new Float64Array(p * q);
  const shiftSq = new Float64Array(p * q);
  const shiftSeen = new Int32Array(p * q);
  const delta = opts.knockdown;
  let ridgedEquations = 0;

  let fitted = 0;
  for (const dag of dags) {
    if (dag.p !== p) throw new RangeError(`a DAG has ${dag.p} genes, the ensemble ${p}`);
    const sem = fitLinearSem(dag, cov);
    ridgedEquations += sem.ridged;
    for (let j = 0; j < p; j++) {
      const e = totalEffectsFrom(sem, j, scratch);
      let dot = 0;
      let norm = 0;
      let nRight = 0;
      let nWrong = 0;
      let any = false;
      const visit = (v: number): void => {
        const d = slot[v]!;
        if (d < 0) return;
        const shift = -delta * e[v]!;
        if (v !== j) any = true;
        const cell = j * q + d;
        if (shiftSeen[cell]!++ === 0) shiftRef[cell] = shift;
        const dev = shift - shiftRef[cell]!;
        shiftSum[cell]! += dev;
        shiftSq[cell]! += dev * dev;
        dot -= shift * s[d]!;
        norm += shift * shift;
        // 1e-12: effects that cancel exactly along two paths are no movement, not a tiny one.
        if (shift * s[d]! < 0 && Math.abs(shift) > 1e-12) nRight++;
        else if (shift * s[d]! > 0 && Math.abs(shift) > 1e-12) nWrong++;
      };
      if (opts.includeSelf) visit(j);
      for (let i = 0; i < scratch.count; i++) visit(scratch.descendants[i]!);
      if (any) reached[j]!++;
      cosine[j]!.add(norm > 0 && sNorm > 0 ? dot / (Math.sqrt(norm) * sNorm) : 0);
      right[j]!.add(nRight);
      wrong[j]!.add(nWrong);
    }
    onFitted?.(++fitted, dags.length);
  }

  const m = dags.length;
  const effects: KnockdownEffect[] = genes.map((gene, j) => {
    const shiftMean = new Float64Array(q);
    const shiftSd = new Float64Array(q);
    for (let d = 0; d < q; d++) {
      const cell = j * q + d;
      // DAGs in which d is not downstream of j predicted a shift of 0.
      const ref = shiftRef[cell]!;
      const zeros = m - shiftSeen[cell]!;
      const s1 = shiftSum[cell]! - zeros * ref;
      const s2 = shiftSq[cell]! + zeros * ref * ref;
      shiftMean[d] = ref + s1 / m;
      shiftSd[d] = m > 1 ? Math.sqrt(Math.max(0, (s2 - (s1 * s1) / m) / (m - 1))) : 0;
    }
    return {
      gene,
      reversal: cosine[j]!.spread,
      rightWay: right[j]!.spread,
      wrongWay: wrong[j]!.spread,
      reachFrequency: reached[j]! / m,
      shiftMean,
      shiftSd,
    };
  });
  return { diseaseGenes, diseaseValues: s, effects, dags: m, ridgedEquations, options: opts };
}
