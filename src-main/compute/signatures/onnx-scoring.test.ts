import { beforeAll, describe, expect, it } from 'vitest';
import type { PlatformProbe } from '../inference/providers.ts';
import { createSession } from '../inference/session.ts';
import { cosine, pearson } from './correlation.ts';
import { type ToyDatabase, loadToyDatabase } from './fixtures/toy-db.ts';
import { SCORING_GRAPH, buildScoringModel, queryColumns } from './onnx-scoring.ts';
import { type RankOptions, type RankingResult, matrixBatches, rankSignatures } from './rank-signatures.ts';
import { SeededRng } from '../numeric/rng.ts';
import { WTCS_NOTE } from './scoring-backend.ts';
import type { SignatureInfo } from './scoring-types.ts';
import * as ort from 'onnxruntime-node';

const TOLERANCE = 1e-5;
type CorrelationKind = 'cosine' | 'pearson' | 'spearman';
const KINDS: CorrelationKind[] = ['cosine', 'pearson', 'spearman'];

let db: ToyDatabase;
beforeAll(() => {
  db = loadToyDatabase();
});

function expectClose(a: ArrayLike<number>, b: ArrayLike<number>): void {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (Number.isNaN(x) || Number.isNaN(y)) {
      expect([i, Number.isNaN(x)]).toEqual([i, Number.isNaN(y)]);
      continue;
    }
    worst = Math.max(worst, Math.abs(x - y));
  }
  expect(worst).toBeLessThan(TOLERANCE);
}

/**
 * Same drugs in the same order, same scores, p-values within a count of one another, same nulls.
 * `allTied` rows have a score that permuting the query cannot change, so every null draw ties with it and
 * float32 rounding alone decides each count: their p-values are not compared.
 */
function expectSameRanking(
  js: RankingResult,
  onnx: RankingResult,
  permutations: number,
  allTied: number[] = [],
): void {
  expectClose(js.signatures.scores, onnx.signatures.scores);
  expect(onnx.signatures.unscorable).toEqual(js.signatures.unscorable);
  expectClose(
    js.drugs.map((d) => d.score),
    onnx.drugs.map((d) => d.score),
  );
  const pj = js.signatures.pValues!;
  const po = onnx.signatures.pValues!;
  // A null draw within float32 rounding of the observed score may be counted on one side only.
  for (let i = 0; i < pj.length; i++) {
    if (allTied.includes(i)) continue;
    if (Number.isNaN(pj[i]!)) expect(po[i]).toBeNaN();
    else expect(Math.abs(pj[i]! - po[i]!)).toBeLessThanOrEqual(1 / (permutations + 1) + 1e-12);
  }
  expect(onnx.drugNulls).toHaveLength(js.drugNulls.length);
  js.drugNulls.forEach((draws, i) => expectClose(draws, onnx.drugNulls[i]!));
}

describe('the ONNX scoring graph', () => {
  it('computes cosine and Pearson of every row with the query and its permuted copies', async () => {
    const rng = new SeededRng(3);
    const n = 7;
    const rows = 5;
    const x = Float32Array.from({ length: rows * n }, () => rng.uniform() * 4 - 2);
    const q = Float64Array.from({ length: n }, () => rng.uniform() - 0.5);
    const permuted = Float64Array.from([...q].reverse());
    for (const centre of [false, true]) {
      const mean = centre ? q.reduce((s, v) => s + v, 0) / n : 0;
      const qc = q.map((v) => v - mean);
      const pc = permuted.map((v) => v - mean);
      const norm = Math.hypot(...qc);
      const model = buildScoringModel(centre, queryColumns(qc, pc, n), n, 2, norm);
      const loaded = await createSession(model, { setting: 'cpu' });
      const out = await loaded.session.run({
        [SCORING_GRAPH.input]: new ort.Tensor('float32', x, [rows, n]),
      });
      const scaled = out[SCORING_GRAPH.output]!.data as Float32Array;
      expect(out[SCORING_GRAPH.output]!.dims).toEqual([rows, 2]);
      const score = centre ? pearson : cosine;
      for (let r = 0; r < rows; r++) {
        const row = x.subarray(r * n, (r + 1) * n);
        expect(scaled[r * 2]).toBeCloseTo(score(row, q), 5);
        expect(scaled[r * 2 + 1]).toBeCloseTo(score(row, permuted), 5);
      }
      await loaded.session.release();
    }
  });
});

describe('rankSignatures through onnxruntime matches the JavaScript kernels to 1e-5', () => {
  const rank = (score: CorrelationKind, options: Partial<RankOptions>): Promise<RankingResult> =>
    rankSignatures(
      { genes: db.genes, values: db.vorinostat.map((v) => -v) },
      { genes: db.genes, signatures: db.signatures, batches: matrixBatches(db.values, db.genes.length, 40) },
      { score, permutations: 100, seed: 5, chunkRows: 16, keepDrugNulls: 5, ...options },
    );

  for (const score of KINDS) {
    it(`toy DB, ${score}: same scores, p-values, nulls and ranking; backend and provider recorded`, async () => {
      const js = await rank(score, { backend: 'js' });
      const onnx = await rank(score, { backend: 'onnx', provider: 'cpu' });
      expectSameRanking(js, onnx, 100);
      expect(onnx.drugs.slice(0, 3).map((d) => d.drug)).toEqual(js.drugs.slice(0, 3).map((d) => d.drug));
      expect(new Set(onnx.drugs.slice(0, 3).map((d) => d.drug))).toEqual(
        new Set(['HC-toxin', 'pyroxamide', 'trichostatin-a']),
      );
      expect(js.backend).toEqual({ backend: 'js', provider: 'cpu', fallbacks: [], note: null });
      expect(onnx.backend).toEqual({ backend: 'onnx', provider: 'cpu', fallbacks: [], note: null });
    });
  }

  it('synthetic collection with gathered columns, a constant and a non-finite signature', async () => {
    const rng = new SeededRng(11);
    const signatures = 1_200;
    const width = 400;
    // Collection columns in a different order, with 40 genes the disease lacks: rows are gathered.
    const genes = Array.from({ length: width }, (_, g) => `G${(g * 37) % width}`);
    const diseaseGenes = Array.from({ length: width - 40 }, (_, g) => `G${g}`);
    const values = Float32Array.from({ length: signatures * width }, () => rng.uniform() * 6 - 3 + 0.5);
    values.fill(1.5, 3 * width, 4 * width);
    values[7 * width + 5] = Number.NaN;
    const infos: SignatureInfo[] = Array.from({ length: signatures }, (_, i) => ({
      id: `s${i}`,
      drug: `d${i % 300}`,
      cellType: ['A549', 'MCF7', 'PC3'][i % 3]!,
      dose: '',
      time: '',
      perturbationType: 'trt_cp',
    }));
    const disease = Float64Array.from(diseaseGenes, () => rng.uniform() * 4 - 2);
    for (const score of KINDS) {
      const run = (options: Partial<RankOptions>) =>
        rankSignatures(
          { genes: diseaseGenes, values: disease },
          { genes, signatures: infos, batches: matrixBatches(values, width, 500) },
          { score, permutations: 60, seed: 9, chunkRows: 128, keepDrugNulls: 20, ...options },
        );
      const js = await run({ backend: 'js' });
      const onnx = await run({ backend: 'onnx', provider: 'cpu' });
      // A constant signature has a cosine, but no correlation.
      expect(js.signatures.unscorable).toEqual(score === 'cosine' ? [7] : [3, 7]);
      // The constant signature's cosine with a query, Σq·c / (‖q‖‖c‖), is the same for every permutation.
      expectSameRanking(js, onnx, 60, score === 'cosine' ? [3] : []);
    }
  });
});

describe('backend choice', () => {
  const linux = (files: string[]): PlatformProbe => ({
    platform: 'linux',
    binaryDir: '/ort',
    exists: (p) => files.includes(p),
  });
  const rank = (score: 'pearson' | 'wtcs', options: Partial<RankOptions>) =>
    rankSignatures(
      { genes: db.genes, values: db.vorinostat.map((v) => -v) },
      { genes: db.genes, signatures: db.signatures, batches: matrixBatches(db.values, db.genes.length, 99) },
      { score, ...options },
    );

  it('defaults to JavaScript on a CPU-only machine, saying why', async () => {
    const r = await rank('pearson', { probe: linux([]) });
    expect(r.backend.backend).toBe('js');
    expect(r.backend.provider).toBe('cpu');
    expect(r.backend.fallbacks[0]?.reason).toMatch(/libonnxruntime_providers_cuda\.so is not installed/);
    expect(r.backend.note).toMatch(/no GPU execution provider/);
  });

  it('tries the GPU provider when installed, and falls back to JavaScript with its reason when it fails', async () => {
    const r = await rank('pearson', { probe: linux(['/ort/libonnxruntime_providers_cuda.so']) });
    expect(r.backend.backend).toBe('js');
    expect(r.backend.fallbacks.map((f) => f.provider)).toEqual(['cuda']);
    expect(r.backend.fallbacks[0]!.reason.length).toBeGreaterThan(5);
    expect(r.backend.note).toMatch(/GPU provider did not start/);
  });

  it('runs ONNX on CPU when a pinned GPU provider fails, recording the reason', async () => {
    const r = await rank('pearson', { backend: 'onnx', provider: 'cuda' });
    expect(r.backend).toMatchObject({ backend: 'onnx', provider: 'cpu', note: null });
    expect(r.backend.fallbacks.map((f) => f.provider)).toEqual(['cuda']);
  });

  it('keeps WTCS in JavaScript, with the reason, even when ONNX is asked for', async () => {
    const r = await rank('wtcs', { backend: 'onnx', querySize: 50 });
    expect(r.backend).toEqual({ backend: 'js', provider: 'cpu', fallbacks: [], note: WTCS_NOTE });
  });
});
