/**
 * Drug-ranking benchmark: `npm run bench:rank -- [--signatures N] [--e2e-sizes 100000,473647]
 * [--e2e-repeat N] [--e2e-only | --skip-e2e] [--cache DIR]` (the npm script builds the CLI bundle first).
 *
 *  0. what the user waits for: a project (dataset store) → the drugs.rank job through JobService and the
 *     compute worker the CLI forks → the ranked table, at 100,000 signatures by default and at 473,647
 *     (CMap Level 5) with `--e2e-sizes 100000,473647`, beside the read-once-plus-one-scoring-pass floor,
 *     h5py + numpy, and the worker's peak RSS (rank-project.ts);
 *  1. cosine / Pearson over 100,000 × 978 float32 signatures vs one plain pass summing the same array
 *     (the memory-bandwidth floor; target: within 3×);
 *  2. WTCS for 100,000 signatures (target < 5 s);
 *  3. 1,000 permutations for 10,000 signatures (target < 30 s), per score;
 *  4. numpy cosine on the same-size array through /usr/bin/python3, as a yardstick, when numpy is there;
 *  5. the same correlation jobs with the hot loop in onnxruntime (backend 'onnx'): on its CPU provider
 *     next to the JavaScript kernels, and on a GPU provider (CUDA, DirectML) when one is installed.
 *
 * Sections 1–5 run through the public engine entry point (rankSignatures), batches included, so the numbers
 * are what a ranking job costs — not a bare kernel.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { rowMoments } from '../src-main/compute/signatures/matrix-product.ts';
import { matrixBatches, rankSignatures } from '../src-main/compute/signatures/rank-signatures.ts';
import { providerPlan } from '../src-main/compute/inference/providers.ts';
import { benchCache, e2eRepeats, e2eSizes, projectRankSection, useCliWorker } from './rank-project.ts';
import { SeededRng } from '../src-main/compute/numeric/rng.ts';
import type { BackendOptions } from '../src-main/compute/signatures/scoring-backend.ts';
import type { DrugScoreKind } from '#shared/contracts/drugs-rank.ts';
import type { SignatureInfo } from '../src-main/compute/signatures/scoring-types.ts';

const argIndex = process.argv.indexOf('--signatures');
const N_SIGNATURES = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 100_000;
const N_GENES = 978;
const N_PERMUTED = Math.min(10_000, N_SIGNATURES);
const PERMUTATIONS = 1_000;
const BATCH_ROWS = 10_000;

const seconds = (ms: number): string => `${(ms / 1000).toFixed(3)} s`;

function timeBest<T>(repeats: number, run: () => T): { ms: number; value: T } {
  let best = Number.POSITIVE_INFINITY;
  let value!: T;
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    value = run();
    best = Math.min(best, performance.now() - start);
  }
  return { ms: best, value };
}

async function timeAsync<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await run();
  return { ms: performance.now() - start, value };
}

function syntheticCollection(): {
  genes: string[];
  values: Float32Array;
  signatures: SignatureInfo[];
  disease: Float64Array;
} {
  const rng = new SeededRng(20240601);
  const values = new Float32Array(N_SIGNATURES * N_GENES);
  // Sum of two uniforms: a unimodal, z-score-like spread in [−3, 3]; continuous, so ranks have no ties.
  for (let i = 0; i < values.length; i++)
    values[i] = ((rng.nextUint32() + rng.nextUint32()) / 2 ** 32) * 3 - 3;
  const genes = Array.from({ length: N_GENES }, (_, g) => String(1000 + g));
  const disease = Float64Array.from({ length: N_GENES }, () => rng.uniform() * 6 - 3);
  const signatures = Array.from({ length: N_SIGNATURES }, (_, i) => ({
    id: `sig${i}`,
    drug: `drug${Math.floor(i / 5)}`,
    cellType: ['A375', 'A549', 'MCF7', 'PC3', 'VCAP'][i % 5]!,
    dose: '10 uM',
    time: '24 h',
    perturbationType: 'trt_cp',
  }));
  return { genes, values, signatures, disease };
}

function plainSum(values: Float32Array): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i]!;
  return total;
}

async function rank(
  data: ReturnType<typeof syntheticCollection>,
  score: DrugScoreKind,
  rows: number,
  permutations: number,
  backend: BackendOptions = { backend: 'js' },
): Promise<number> {
  const values = data.values.subarray(0, rows * N_GENES);
  const { ms, value } = await timeAsync(() =>
    rankSignatures(
      { genes: data.genes, values: data.disease },
      {
        genes: data.genes,
        signatures: data.signatures.slice(0, rows),
        batches: matrixBatches(values, N_GENES, BATCH_ROWS),
      },
      { score, querySize: 100, permutations, seed: 7, aggregate: 'best', ...backend },
    ),
  );
  if (
    backend.backend !== value.backend.backend ||
    (backend.provider && backend.provider !== value.backend.provider)
  )
    throw new Error(`asked for ${JSON.stringify(backend)}, ran ${JSON.stringify(value.backend)}`);
  return ms;
}

/** [5]: the correlation jobs through onnxruntime on `provider`, next to the JavaScript numbers above. */
async function onnxSection(
  data: ReturnType<typeof syntheticCollection>,
  provider: 'cpu' | 'cuda' | 'dml',
  plainSumMs: number,
  jsMs: Map<string, number>,
): Promise<void> {
  const backend: BackendOptions = { backend: 'onnx', provider };
  for (const score of ['cosine', 'pearson'] as const) {
    await rank(data, score, Math.min(N_SIGNATURES, 10_000), 0, backend); // warm-up
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i++) best = Math.min(best, await rank(data, score, N_SIGNATURES, 0, backend));
    console.log(
      `    ${score.padEnd(8)} whole job, onnx/${provider} (best of 3): ${seconds(best)}  = ${(best / plainSumMs).toFixed(2)}× the plain sum; js ${seconds(jsMs.get(score)!)}`,
    );
  }
  for (const score of ['cosine', 'pearson', 'spearman'] as const) {
    const ms = await rank(data, score, N_PERMUTED, PERMUTATIONS, backend);
    console.log(
      `    ${score.padEnd(8)} ${PERMUTATIONS.toLocaleString('en')} permutations × ${N_PERMUTED.toLocaleString('en')}, onnx/${provider}: ${seconds(ms)}; js ${seconds(jsMs.get(`${score}+perm`)!)}`,
    );
  }
}

function numpyCosine(): string {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import numpy; print(numpy.__version__)'], {
    encoding: 'utf8',
  });
  if (probe.status !== 0)
    return 'numpy is absent from /usr/bin/python3 (not importable): no yardstick measured';
  const script = `
import time, numpy as np
rng = np.random.default_rng(1)
X = (rng.random((${N_SIGNATURES}, ${N_GENES}), dtype=np.float32) * 6 - 3)
q = rng.random(${N_GENES}) * 6 - 3
best = float('inf')
for _ in range(3):
    t = time.perf_counter()
    s = (X @ q.astype(np.float32)) / (np.linalg.norm(X, axis=1) * np.linalg.norm(q))
    best = min(best, time.perf_counter() - t)
print(f"{best:.3f}")`;
  const run = spawnSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8' });
  if (run.status !== 0) return `numpy run failed: ${run.stderr.trim().split('\n').at(-1)}`;
  return `numpy ${probe.stdout.trim()} cosine (X @ q / norms, float32): ${run.stdout.trim()} s`;
}

async function main(): Promise<void> {
  if (!process.argv.includes('--skip-e2e')) {
    console.log(
      `load average at start ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} on ${availableParallelism()} CPUs; compute worker: ${useCliWorker()}`,
    );
    await projectRankSection(e2eSizes(), benchCache(), e2eRepeats());
    if (process.argv.includes('--e2e-only')) return;
    console.log('');
  }
  console.log(
    `Causeway drug-ranking benchmark — node ${process.version}, ${N_SIGNATURES.toLocaleString('en')} × ${N_GENES} float32, single thread`,
  );
  console.log(
    `load average at start ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${availableParallelism()} CPUs (timings are wall-clock; other load inflates them)`,
  );
  const build = timeBest(1, syntheticCollection);
  const data = build.value;
  console.log(
    `synthetic collection built in ${seconds(build.ms)} (${(data.values.byteLength / 2 ** 20).toFixed(0)} MiB)\n`,
  );

  const REPEATS = 5;
  const sum = timeBest(REPEATS, () => plainSum(data.values));
  console.log(
    `[1] plain pass summing the array (best of ${REPEATS}):   ${seconds(sum.ms)}  (checksum ${sum.value.toFixed(1)})`,
  );
  const query = Float64Array.from(data.disease, (v) => -v);
  const moments = {
    dots: new Float64Array(N_SIGNATURES),
    sums: new Float64Array(N_SIGNATURES),
    squares: new Float64Array(N_SIGNATURES),
  };
  const kernel = timeBest(REPEATS, () =>
    rowMoments(data.values, 0, N_SIGNATURES, N_GENES, query, moments.dots, moments.sums, moments.squares, 0),
  );
  console.log(
    `    bare kernel (dot, Σx, Σx² per signature):  ${seconds(kernel.ms)}  = ${(kernel.ms / sum.ms).toFixed(2)}× the plain sum`,
  );
  const jsMs = new Map<string, number>();
  for (const score of ['cosine', 'pearson'] as const) {
    await rank(data, score, Math.min(N_SIGNATURES, 10_000), 0); // warm-up: JIT the kernels
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < REPEATS; i++) best = Math.min(best, await rank(data, score, N_SIGNATURES, 0));
    jsMs.set(score, best);
    const ratio = best / sum.ms;
    console.log(
      `    ${score.padEnd(8)} whole job (engine, best of ${REPEATS}): ${seconds(best)}  = ${ratio.toFixed(2)}× the plain sum  [target ≤ 3×: ${ratio <= 3 ? 'met' : 'MISSED'}]`,
    );
  }

  await rank(data, 'wtcs', Math.min(N_SIGNATURES, 5_000), 0);
  const wtcs = await rank(data, 'wtcs', N_SIGNATURES, 0);
  console.log(
    `\n[2] WTCS, ${N_SIGNATURES.toLocaleString('en')} signatures, 100 + 100 query genes: ${seconds(wtcs)}  [target < 5 s: ${wtcs < 5000 ? 'met' : 'MISSED'}]`,
  );

  console.log(
    `\n[3] ${PERMUTATIONS.toLocaleString('en')} permutations × ${N_PERMUTED.toLocaleString('en')} signatures (p-values, drug-level nulls, BH-FDR):`,
  );
  for (const score of ['cosine', 'pearson', 'spearman', 'wtcs'] as const) {
    const ms = await rank(data, score, N_PERMUTED, PERMUTATIONS);
    jsMs.set(`${score}+perm`, ms);
    console.log(`    ${score.padEnd(8)} ${seconds(ms)}  [target < 30 s: ${ms < 30_000 ? 'met' : 'MISSED'}]`);
  }

  console.log(`\n[4] ${numpyCosine()}`);

  console.log(
    `\n[5] the hot loop through onnxruntime (one MatMul of batch × [query | ${PERMUTATIONS} permuted queries], centring and normalisation in the graph; onnxruntime's own thread pool):`,
  );
  await onnxSection(data, 'cpu', sum.ms, jsMs);
  const plan = providerPlan('auto');
  const gpu = plan.order.find((p): p is 'cuda' | 'dml' => p === 'cuda' || p === 'dml');
  if (gpu) await onnxSection(data, gpu, sum.ms, jsMs);
  else
    console.log(
      `    no GPU provider here (${plan.skipped.map((f) => `${f.provider}: ${f.reason}`).join('; ') || 'none for this platform'}): GPU not measured`,
    );
  console.log(
    `\npeak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (the synthetic array alone is ${(data.values.byteLength / 2 ** 20).toFixed(0)} MiB); load average at end ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${availableParallelism()} CPUs`,
  );
}

await main();
