import { describe, expect, it } from 'vitest';
import type { RankedDrugRow } from '#shared/domain/drug-ranking.ts';
import { randomLinearSem, sampleSem } from '../../causal/testing/simulate.ts';
import { SeededRng } from '../../numeric/rng.ts';
import { stabilityGraph } from './causal-reach.ts';
import { type CompactDag, dagFromArcs } from './dag-ensemble.ts';
import { DrugNameIndex } from './drug-names.ts';
import type { DrugTargetRow } from './druggable-genes.ts';
import { rankDrugsWithTargets } from './graph-aware-drugs.ts';
import { knockdownEffects } from './knockdown-effects.ts';
import { denseCovariance } from './linear-sem.ts';
import { explainTarget, predictedShifts, rankTargets } from './rank-targets.ts';

// Known SEM: X → M (0.9), M → D1 (0.8), X → D2 (−0.7), Y → D1 (−0.6); Z unconnected. Unit noise.
// Disease: D1 up (+1.5), D2 down (−1). Knocking X down lowers D1 and raises D2: it reverses both.
const GENES = ['X', 'M', 'D1', 'D2', 'Y', 'Z'];
const P = GENES.length;
const at = (g: string): number => GENES.indexOf(g);
const EDGES: [string, string, number][] = [
  ['X', 'M', 0.9],
  ['M', 'D1', 0.8],
  ['X', 'D2', -0.7],
  ['Y', 'D1', -0.6],
];
const SIGNATURE = { genes: ['D1', 'D2', 'NOT_IN_NETWORK'], values: [1.5, -1, 3] };
const trueDag = (): CompactDag =>
  dagFromArcs(
    P,
    EDGES.map(([a, b]) => at(a) * P + at(b)),
  );

/** Population covariance Σ = Tᵀ T with T = (I − W)⁻¹ (W nilpotent here: T = I + W + W² + …). */
function population(): Float64Array {
  const w = new Float64Array(P * P);
  for (const [a, b, v] of EDGES) w[at(a) * P + at(b)] = v;
  const t = new Float64Array(P * P);
  let power = new Float64Array(P * P);
  for (let i = 0; i < P; i++) power[i * P + i] = 1;
  for (let k = 0; k < P; k++) {
    for (let i = 0; i < P * P; i++) t[i] = t[i]! + power[i]!;
    const next = new Float64Array(P * P);
    for (let i = 0; i < P; i++)
      for (let j = 0; j < P; j++) {
        let s = 0;
        for (let m = 0; m < P; m++) s += power[i * P + m]! * w[m * P + j]!;
        next[i * P + j] = s;
      }
    power = next;
  }
  const sigma = new Float64Array(P * P);
  for (let a = 0; a < P; a++)
    for (let b = 0; b < P; b++) {
      let s = 0;
      for (let k = 0; k < P; k++) s += t[k * P + a]! * t[k * P + b]!;
      sigma[a * P + b] = s;
    }
  return sigma;
}

const cosine = (x: number[], y: number[]): number => {
  const dot = x.reduce((s, v, i) => s + v * y[i]!, 0);
  return dot / (Math.hypot(...x) * Math.hypot(...y));
};
// Predicted shifts (knockdown by 1) vs the reversed signature (−1.5, +1).
const REVERSED = [-1.5, 1];
const TRUE_COSINE = {
  X: cosine([-0.72, 0.7], REVERSED),
  M: cosine([-0.8, 0], REVERSED),
  Y: cosine([0.6, 0], REVERSED),
};

describe('knockdown effects over a DAG ensemble', () => {
  it('are exact on the population covariance (noise-free algebra)', () => {
    const fx = knockdownEffects(
      { genes: GENES, dags: [trueDag()] },
      denseCovariance(population(), P),
      SIGNATURE,
    );
    expect(fx.diseaseGenes).toEqual(['D1', 'D2']);
    const e = (g: string) => fx.effects[at(g)]!;
    expect(e('X').reversal.mean).toBeCloseTo(TRUE_COSINE.X, 10);
    expect(e('M').reversal.mean).toBeCloseTo(TRUE_COSINE.M, 10);
    expect(e('Y').reversal.mean).toBeCloseTo(TRUE_COSINE.Y, 10);
    expect(Array.from(e('X').shiftMean).map((v) => +v.toFixed(10))).toEqual([-0.72, 0.7]);
    expect([e('X').rightWay.mean, e('X').wrongWay.mean]).toEqual([2, 0]);
    expect([e('Y').rightWay.mean, e('Y').wrongWay.mean]).toEqual([0, 1]);
    // No disease gene downstream: no predicted effect, cosine 0; the disease genes themselves are sinks.
    for (const g of ['Z', 'D1', 'D2']) expect(e(g).reversal).toEqual({ mean: 0, sd: 0 });
    expect(e('Z').reachFrequency).toBe(0);
  });

  it('compares only the chosen disease genes', () => {
    const fx = knockdownEffects(
      { genes: GENES, dags: [trueDag()] },
      denseCovariance(population(), P),
      SIGNATURE,
      {
        diseaseGenes: ['D1', 'M'], // M has no signature value: it cannot be compared
      },
    );
    expect(fx.diseaseGenes).toEqual(['D1']);
    expect(fx.effects[at('X')]!.reversal.mean).toBeCloseTo(1, 12); // lowers D1, which is up in disease
    expect(fx.effects[at('Y')]!.reversal.mean).toBeCloseTo(-1, 12);
  });

  it('counts the target itself only when asked', () => {
    const fx = knockdownEffects(
      { genes: GENES, dags: [trueDag()] },
      denseCovariance(population(), P),
      SIGNATURE,
      {
        includeSelf: true,
      },
    );
    // Lowering D1 moves D1 alone: shift (−1, 0) against the reversed signature (−1.5, 1).
    expect(fx.effects[at('D1')]!.reversal.mean).toBeCloseTo(cosine([-1, 0], REVERSED), 12);
    expect(fx.effects[at('D1')]!.rightWay.mean).toBe(1);
    expect(fx.effects[at('D1')]!.reachFrequency).toBe(0);
  });

  it('are recovered from 5,000 simulated samples', () => {
    const rng = new SeededRng(2026);
    const n = 5_000;
    const data = new Float64Array(n * P);
    for (let r = 0; r < n; r++) {
      const x = rng.normal();
      const y = rng.normal();
      const m = 0.9 * x + rng.normal();
      data[at('X') * n + r] = x;
      data[at('Y') * n + r] = y;
      data[at('M') * n + r] = m;
      data[at('D1') * n + r] = 0.8 * m - 0.6 * y + rng.normal();
      data[at('D2') * n + r] = -0.7 * x + rng.normal();
      data[at('Z') * n + r] = rng.normal();
    }
    const fx = knockdownEffects({ genes: GENES, dags: [trueDag()] }, { rows: n, cols: P, data }, SIGNATURE);
    for (const g of ['X', 'M', 'Y'] as const)
      expect(Math.abs(fx.effects[at(g)]!.reversal.mean - TRUE_COSINE[g])).toBeLessThan(0.02);
  });

  it('have zero spread when all DAGs agree, and spread when they disagree on orientation', () => {
    const cov = denseCovariance(population(), P);
    const same = knockdownEffects({ genes: GENES, dags: Array.from({ length: 5 }, trueDag) }, cov, SIGNATURE);
    for (const e of same.effects) {
      expect(e.reversal.sd).toBe(0);
      expect(e.rightWay.sd).toBe(0);
      for (const sd of e.shiftSd) expect(sd).toBe(0);
    }
    // Second DAG: M → X instead of X → M (the same skeleton, X's path to D1 gone).
    const flipped = dagFromArcs(
      P,
      EDGES.map(([a, b]) => (a === 'X' && b === 'M' ? at(b) * P + at(a) : at(a) * P + at(b))),
    );
    const mixed = knockdownEffects({ genes: GENES, dags: [trueDag(), flipped] }, cov, SIGNATURE);
    const x = mixed.effects[at('X')]!;
    expect(x.reversal.sd).toBeGreaterThan(0.05);
    expect(x.shiftSd[0]).toBeGreaterThan(0.1); // D1: moved in one DAG only
    expect(x.shiftSd[1]).toBeCloseTo(0, 9); // D2: X → D2 in both
    expect(x.reachFrequency).toBe(1);
  });

  it('recover total effects of a random 30-gene SEM (reversal cosines within 0.05)', () => {
    const p = 30;
    const sem = randomLinearSem(p, 2.5, new SeededRng(5));
    const arcs: number[] = [];
    for (let b = 0; b < p; b++) for (const a of sem.dag.parents[b]!) arcs.push(a * p + b);
    const genes = Array.from({ length: p }, (_, i) => `g${i}`);
    const sig = {
      genes: genes.slice(20),
      values: genes.slice(20).map((_, i) => (i % 2 ? 1 : -1) * (1 + i / 10)),
    };
    const dag = dagFromArcs(p, arcs);
    const x = sampleSem(sem, 20_000, new SeededRng(6));
    const fx = knockdownEffects({ genes, dags: [dag] }, x, sig);
    // Truth from the true weights: propagate with exact coefficients.
    const truthCos = genes.map((_, j) => {
      const eff = new Float64Array(p);
      eff[j] = 1;
      for (const v of sem.order)
        for (const u of sem.dag.parents[v]!) eff[v] = eff[v]! + sem.weights[u * p + v]! * eff[u]!;
      const shift = sig.genes.map((g) => (g === genes[j] ? 0 : -eff[genes.indexOf(g)]!));
      const norm = Math.hypot(...shift);
      return norm > 1e-12
        ? cosine(
            shift,
            sig.values.map((v) => -v),
          )
        : 0;
    });
    let compared = 0;
    genes.forEach((_, j) => {
      expect(Math.abs(fx.effects[j]!.reversal.mean - truthCos[j]!)).toBeLessThan(0.05);
      if (truthCos[j] !== 0) compared++;
    });
    expect(compared).toBeGreaterThan(5);
  });
});

const drugRow = (drugId: string, drug: string, gene: string): DrugTargetRow => ({
  drugId,
  drug,
  gene,
  action: 'INHIBITOR',
  affinity: null,
  affinityType: null,
});
const DRUG_TARGETS = [drugRow('1', 'xinib', 'X'), drugRow('2', 'yinib', 'Y'), drugRow('3', 'zinib', 'Z')];

function ranking() {
  const stability = stabilityGraph(GENES, [
    ...EDGES.map(([source, target]) => ({ source, target, stability: 0.8 })),
    { source: 'Z', target: 'X', stability: 0.1 },
  ]);
  return {
    stability,
    result: rankTargets({
      ensemble: { genes: GENES, dags: [trueDag()] },
      data: denseCovariance(population(), P),
      signature: SIGNATURE,
      stability,
      drugTargets: DRUG_TARGETS,
      annotations: new Map([['X', { sarsCov2Interactor: true }]]),
    }),
  };
}

describe('ranked target table', () => {
  it('puts druggable genes first, then the best predicted reversal', () => {
    const { result } = ranking();
    expect(result.rows.map((r) => r.gene)).toEqual(['X', 'Z', 'Y', 'M', 'D1', 'D2']);
    const x = result.rows[0]!;
    expect(x).toMatchObject({ rank: 1, annotations: { sarsCov2Interactor: true }, reachSize: 2 });
    expect(x.drugs.map((d) => d.drug)).toEqual(['xinib']);
    expect(x.reach.map((r) => r.gene)).toEqual(['D2', 'D1']);
    expect(x.pathStability).toBeCloseTo(0.8, 12);
    expect(x.reach[1]!.stability).toBeCloseTo(0.64, 12);
    expect(x.reversal.mean).toBeCloseTo(TRUE_COSINE.X, 10);
    // Z reaches D1 and D2 on the stability graph (weakly, via X) but has no effect in the DAG.
    expect(result.rows[1]).toMatchObject({ gene: 'Z', reachSize: 2, reversal: { mean: 0, sd: 0 } });
  });

  it('ranks by reversal alone when druggability is not preferred', () => {
    const { stability } = ranking();
    const r = rankTargets(
      {
        ensemble: { genes: GENES, dags: [trueDag()] },
        data: denseCovariance(population(), P),
        signature: SIGNATURE,
        stability,
        drugTargets: DRUG_TARGETS,
      },
      { druggableFirst: false },
    );
    expect(r.rows.map((x) => x.gene)).toEqual(['X', 'M', 'Z', 'D1', 'D2', 'Y']);
  });

  it('reports each fitted DAG, so a job can show how far the fits are', () => {
    const { stability } = ranking();
    const calls: [number, number][] = [];
    rankTargets(
      {
        ensemble: { genes: GENES, dags: [trueDag(), trueDag(), trueDag()] },
        data: denseCovariance(population(), P),
        signature: SIGNATURE,
        stability,
        drugTargets: DRUG_TARGETS,
      },
      {},
      (done, total) => calls.push([done, total]),
    );
    expect(calls).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });

  it('explains a row with its most stable paths and its predicted shifts', () => {
    const { result, stability } = ranking();
    const shifts = predictedShifts(result, 'X');
    expect(shifts.map((s) => [s.gene, +s.mean.toFixed(10), s.sd, s.rightWay])).toEqual([
      ['D1', -0.72, 0, true],
      ['D2', 0.7, 0, true],
    ]);
    expect(predictedShifts(result, 'Z')).toEqual([]);
    expect(explainTarget(result, stability, 'Z').map((p) => p.genes)).toEqual([
      ['Z', 'X', 'D2'],
      ['Z', 'X', 'M', 'D1'],
    ]);
  });
});

describe('graph-aware drug ranking', () => {
  it('combines signature reversal with the causal standing of the targets, keeping both parts', () => {
    const { result } = ranking();
    const ranked = (rank: number, drug: string): RankedDrugRow => ({
      rank,
      drug,
      score: 1 - rank / 10,
      pValue: null,
      fdr: null,
      ncs: null,
      nSignatures: 1,
      best: null,
      targets: [],
    });
    const names = new DrugNameIndex(DRUG_TARGETS);
    const rows = rankDrugsWithTargets(
      [ranked(1, 'Yinib'), ranked(2, 'xinib'), ranked(3, 'unknownib')],
      result,
      names,
    );
    expect(rows.map((r) => r.drug)).toEqual(['xinib', 'Yinib', 'unknownib']);
    const [x, y, u] = rows;
    expect(x).toMatchObject({ reversalPart: 0.5, bestTarget: 'X' });
    expect(x!.causalPart).toBeCloseTo((1 + TRUE_COSINE.X) / 2, 10);
    expect(y).toMatchObject({
      reversalPart: 1,
      bestTarget: 'Y',
      match: { drug: 'yinib', matchedBy: 'name' },
    });
    expect(y!.causalStanding).toBeCloseTo(TRUE_COSINE.Y, 10);
    expect(u).toMatchObject({ match: null, causalStanding: null, causalPart: 0.5, combined: 0.25 });
    // Signature reversal alone keeps the drug ranking's order.
    expect(
      rankDrugsWithTargets([ranked(1, 'Yinib'), ranked(2, 'xinib')], result, names, {
        reversalWeight: 1,
      }).map((r) => r.drug),
    ).toEqual(['Yinib', 'xinib']);
  });
});
