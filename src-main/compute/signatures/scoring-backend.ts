/**
 * Which backend runs the scoring hot loop, and the record of it every ranking result carries.
 *
 *  - `js`: the JavaScript kernels (matrix-product.ts), single-threaded, float64 accumulation — the CPU default;
 *  - `onnx`: the same products as an onnxruntime graph (onnx-scoring.ts) on the best provider that starts.
 *
 * Without an explicit choice, ONNX is used only when a GPU provider is active: one is installed (CUDA's
 * provider library; DirectML on Windows) and its session starts. Otherwise — and always for WTCS, a
 * per-signature rank walk rather than a matrix product — the JavaScript kernels run, and the record says why.
 */
import {
  type PlatformProbe,
  type Provider,
  type ProviderFailure,
  type ProviderSetting,
  providerPlan,
} from '../inference/providers.ts';
import { CorrelationBatchScorer } from './correlation.ts';
import type { GeneAlignment } from './gene-alignment.ts';
import type { SeededRng } from '../numeric/rng.ts';
import type { DrugScoreKind } from '#shared/contracts/drugs-rank.ts';
import type { BatchScorer } from './scoring-types.ts';
import { SpearmanBatchScorer } from './spearman.ts';
import type { QueryGeneSets } from './wtcs.ts';
import { WtcsBatchScorer } from './wtcs-batch.ts';

export type ScoringBackend = 'js' | 'onnx';

export interface BackendRecord {
  backend: ScoringBackend;
  /** The execution provider that ran the hot loop (`cpu` for the JavaScript kernels). */
  provider: Provider;
  /** Providers tried or skipped before `provider`, and why. */
  fallbacks: ProviderFailure[];
  /** Why this backend was chosen when it was not asked for; null when it was. */
  note: string | null;
}

export interface BackendOptions {
  /** Default: `onnx` when a GPU provider is active, else `js`. */
  backend?: ScoringBackend;
  /** The onnxruntime provider setting for the ONNX backend (default `auto`: best available, CPU last). */
  provider?: ProviderSetting;
  /** Platform probe for the automatic choice (tests). */
  probe?: PlatformProbe;
}

/** Providers that make the ONNX path worth it without being asked for: native GPU providers. */
const AUTO_GPU: readonly Provider[] = ['cuda', 'dml'];

export const WTCS_NOTE =
  'WTCS walks each ranked signature (a weighted Kolmogorov–Smirnov statistic), not a matrix product: it runs in JavaScript';

export interface ScorerInputs {
  kind: DrugScoreKind;
  alignment: GeneAlignment;
  reversedDisease: Float64Array;
  chunkRows: number;
  permutations: number;
  /** A fresh RNG from the recorded seed (null without permutations); called once per scorer built. */
  rng: () => SeededRng | null;
}

/** The JavaScript scorer of each score (matrix-product.ts kernels; WTCS's rank walk). */
function jsScorer(inputs: ScorerInputs, query: QueryGeneSets | null): BatchScorer {
  const { alignment, reversedDisease, chunkRows, permutations } = inputs;
  const rng = inputs.rng();
  switch (inputs.kind) {
    case 'cosine':
    case 'pearson':
      return new CorrelationBatchScorer(
        inputs.kind,
        alignment,
        reversedDisease,
        chunkRows,
        permutations,
        rng,
      );
    case 'spearman':
      return new SpearmanBatchScorer(alignment, reversedDisease, chunkRows, permutations, rng);
    case 'wtcs':
      if (!query) throw new Error('WTCS needs its query gene sets');
      return new WtcsBatchScorer(alignment, query, chunkRows, permutations, rng);
  }
}

/** Builds the scorer of the chosen (or automatically chosen) backend and the record of that choice. */
export async function openScorer(
  inputs: ScorerInputs,
  options: BackendOptions,
  query: QueryGeneSets | null,
): Promise<{ scorer: BatchScorer; record: BackendRecord }> {
  const js = (fallbacks: ProviderFailure[], note: string | null) => ({
    scorer: jsScorer(inputs, query),
    record: { backend: 'js' as const, provider: 'cpu' as const, fallbacks, note },
  });
  if (options.backend === 'js') return js([], null);
  if (inputs.kind === 'wtcs') return js([], WTCS_NOTE);
  let setting: ProviderSetting = options.provider ?? 'auto';
  if (options.backend === undefined) {
    const plan = providerPlan('auto', options.probe);
    const gpu = plan.order.find((p) => AUTO_GPU.includes(p));
    if (!gpu) {
      return js(plan.skipped, 'no GPU execution provider is installed: the CPU default (JavaScript) ran');
    }
    setting = gpu;
  }
  // Loaded lazily: the native onnxruntime starts only when the ONNX path is tried.
  const { OnnxCorrelationScorer } = await import('./onnx-scoring.ts');
  const onnx = await OnnxCorrelationScorer.open(
    inputs.kind,
    inputs.alignment,
    inputs.reversedDisease,
    inputs.chunkRows,
    inputs.permutations,
    inputs.rng(),
    setting,
  );
  if (options.backend === undefined && onnx.provider === 'cpu') {
    await onnx.release();
    return js(onnx.fallbacks, 'the GPU provider did not start: the CPU default (JavaScript) ran');
  }
  return {
    scorer: onnx,
    record: {
      backend: 'onnx',
      provider: onnx.provider,
      fallbacks: onnx.fallbacks,
      note: options.backend === undefined ? `a GPU provider (${onnx.provider}) is active` : null,
    },
  };
}
