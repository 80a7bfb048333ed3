/**
 * Bayesian linear regression per node of a known DAG (Zhang et al., Nat. Mach. Intell. 2023, §Methods):
 * node i's mechanism x_i − a_i = wᵢᵀ fᵢ(x) + ε_i, with features fᵢ(x) = (1 if an intercept is learned,
 * then x on i's parents) and the conjugate prior wᵢ ~ N(0, σᵢ² Λ₀⁻¹). The shift a is known (we chose it),
 * so it is subtracted from the response. Kept in information form: Λᵢ = Λ₀ + Σ f fᵀ, ηᵢ = Σ f y, so a
 * round's update is a sum; the posterior is wᵢ ~ N(Λᵢ⁻¹ηᵢ, σᵢ² Λᵢ⁻¹), and Λᵢ⁻¹ is what the acquisitions
 * read (scaled by σᵢ²). The noise variance is either known, or estimated from the Normal–inverse-gamma
 * posterior with a₀ = 2, b₀ = 1 (prior mean 1): σ̂ᵢ² = bₙ / (aₙ − 1), bₙ = b₀ + ½ (Σ y² − ηᵀ Λ⁻¹ η).
 */
import { choleskySolveInPlace, invertSpd, regularisedCholesky } from '../../numeric/cholesky.ts';
import type { SeededRng } from '../../numeric/rng.ts';
import type { LinearScm, ShiftDag } from './linear-scm.ts';

export interface PosteriorOptions {
  /** Prior precision of each weight on a parent (in units of 1/σᵢ²); the paper uses 1. */
  readonly priorPrecision?: number;
  /** Learn each node's noise mean c (an intercept): needed for expression levels that are not centred. */
  readonly intercept?: boolean;
  /** Prior precision of the intercept (weak: baseline levels are far from 0). */
  readonly interceptPrecision?: number;
  /** Known noise variances, or null to estimate them. */
  readonly noiseVar?: Float64Array | null;
}

const NIG_A0 = 2;
const NIG_B0 = 1;

export class ShiftPosterior {
  readonly dag: ShiftDag;
  readonly intercept: boolean;
  /** Per node: feature count, information matrix (row-major k×k), potential vector, Σy², samples. */
  readonly size: Int32Array;
  readonly info: Float64Array[];
  readonly potential: Float64Array[];
  private readonly yy: Float64Array;
  private readonly count: Int32Array;
  private readonly knownVar: Float64Array | null;

  constructor(dag: ShiftDag, opts: PosteriorOptions = {}) {
    const lambda = opts.priorPrecision ?? 1;
    this.dag = dag;
    this.intercept = opts.intercept ?? false;
    this.knownVar = opts.noiseVar ?? null;
    this.size = Int32Array.from(dag.parents, (ps) => ps.length + (this.intercept ? 1 : 0));
    this.info = Array.from(this.size, (k) => {
      const m = new Float64Array(k * k);
      for (let d = 0; d < k; d++)
        m[d * k + d] = this.intercept && d === 0 ? (opts.interceptPrecision ?? 1e-2) : lambda;
      return m;
    });
    this.potential = Array.from(this.size, (k) => new Float64Array(k));
    this.yy = new Float64Array(dag.p);
    this.count = new Int32Array(dag.p);
  }

  /** Node i's features of the cell x (row `row` of a row-major n × p matrix). */
  features(i: number, x: Float64Array, row = 0): Float64Array {
    const f = new Float64Array(this.size[i]!);
    let d = 0;
    if (this.intercept) f[d++] = 1;
    for (const j of this.dag.parents[i]!) f[d++] = x[row * this.dag.p + j]!;
    return f;
  }

  /** Adds n cells observed under the shift a (row-major n × p). */
  update(a: Float64Array, cells: Float64Array): void {
    const p = this.dag.p;
    const n = cells.length / p;
    for (let i = 0; i < p; i++) {
      const k = this.size[i]!;
      const info = this.info[i]!;
      const pot = this.potential[i]!;
      for (let r = 0; r < n; r++) {
        const y = cells[r * p + i]! - a[i]!;
        const f = this.features(i, cells, r);
        for (let u = 0; u < k; u++) {
          pot[u] = pot[u]! + f[u]! * y;
          for (let v = 0; v < k; v++) info[u * k + v] = info[u * k + v]! + f[u]! * f[v]!;
        }
        this.yy[i] = this.yy[i]! + y * y;
      }
      this.count[i] = this.count[i]! + n;
    }
  }

  /** Posterior mean of node i's weights (intercept first when learned). */
  mean(i: number): Float64Array {
    const k = this.size[i]!;
    if (k === 0) return new Float64Array(0);
    return choleskySolveInPlace(
      regularisedCholesky(this.info[i]!, k).factor,
      k,
      Float64Array.from(this.potential[i]!),
    );
  }

  /** Λᵢ⁻¹: node i's posterior covariance divided by its noise variance. */
  scaledCovariance(i: number): Float64Array {
    const k = this.size[i]!;
    return k === 0 ? new Float64Array(0) : invertSpd(this.info[i]!, k).inverse;
  }

  /** Node i's noise variance: the known one, or the Normal–inverse-gamma posterior mean. */
  noiseVariance(i: number): number {
    if (this.knownVar) return this.knownVar[i]!;
    const m = this.mean(i);
    let fit = 0;
    for (let u = 0; u < m.length; u++) fit += m[u]! * this.potential[i]![u]!;
    const bn = NIG_B0 + 0.5 * Math.max(0, this.yy[i]! - fit);
    return bn / (NIG_A0 + 0.5 * this.count[i]! - 1);
  }

  /** The posterior-mean SCM (B̂, ĉ, σ̂²): the plug-in model the acquisitions predict with. */
  pointEstimate(): LinearScm {
    const p = this.dag.p;
    const weights = new Float64Array(p * p);
    const noiseMean = new Float64Array(p);
    const noiseVar = new Float64Array(p);
    for (let i = 0; i < p; i++) {
      const m = this.mean(i);
      let d = 0;
      if (this.intercept) noiseMean[i] = m[d++]!;
      for (const j of this.dag.parents[i]!) weights[i * p + j] = m[d++]!;
      noiseVar[i] = this.noiseVariance(i);
    }
    return { dag: this.dag, weights, noiseMean, noiseVar };
  }

  /**
   * One SCM drawn from the posterior (weights wᵢ ~ N(mᵢ, σ̂ᵢ² Λᵢ⁻¹), noise variance σ̂ᵢ²): what a plan is
   * simulated against when no truth is known, so that later rounds still have something to learn.
   */
  sample(rng: SeededRng): LinearScm {
    const base = this.pointEstimate();
    const p = this.dag.p;
    const weights = new Float64Array(p * p);
    const noiseMean = new Float64Array(p);
    for (let i = 0; i < p; i++) {
      const k = this.size[i]!;
      if (k === 0) continue;
      const m = this.mean(i);
      const cov = this.scaledCovariance(i).map((x) => x * base.noiseVar[i]!);
      const l = regularisedCholesky(cov, k).factor;
      const z = Float64Array.from({ length: k }, () => rng.normal());
      const w = m.map((x, r) => {
        let s = x;
        for (let c = 0; c <= r; c++) s += l[r * k + c]! * z[c]!;
        return s;
      });
      let d = 0;
      if (this.intercept) noiseMean[i] = w[d++]!;
      for (const j of this.dag.parents[i]!) weights[i * p + j] = w[d++]!;
    }
    return { dag: this.dag, weights, noiseMean, noiseVar: base.noiseVar };
  }
}
