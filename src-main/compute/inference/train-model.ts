/**
 * One path from an expression matrix to a saved-ready autoencoder and its card, shared by the
 * `model.train` job (in a worker) and `causeway model train` (in-process): held-out groups removed,
 * genes chosen (the most variable, or a given list in its order), rows normalised as the card declares,
 * trainer.ts run with a seed, and a card recording exactly which samples and groups trained it. The same
 * data, options and seed give the same bytes (on the same provider).
 */
import { CausewayError } from '#shared/lib/result.ts';
import { DEFAULT_HIDDEN, buildAutoencoderModel, causewayAutoencoderCard } from './autoencoder-graph.ts';
import { selectColumns, topVariableGenes } from './gene-subset.ts';
import { ModelCard, sha256, type TrainingGroup } from './manifest.ts';
import { normaliseRows, type Normalisation } from './normalise.ts';
import type { ProviderSetting } from './providers.ts';
import { trainAutoencoder, type EpochReport, type TrainResult } from './trainer.ts';

export interface TrainingMatrix {
  genes: string[];
  samples: string[];
  values: Float32Array;
  /** Project matrices are genes × samples; files read by read-matrix.ts are samples × genes. */
  layout: 'genes-x-samples' | 'samples-x-genes';
  /** Each sample's (cell type, condition), aligned with `samples`; null where unknown or without labels. */
  labels: ({ cellType: string; condition: string } | null)[] | null;
  datasetName: string;
}

export interface TrainModelOptions {
  modelId: string;
  name: string;
  /** (cell type, condition) groups kept out of training, so the model can be scored on them later. */
  exclude?: { cellType: string; condition: string }[];
  /** The N most variable genes (default 2,000); ignored when `geneList` is given. */
  maxGenes?: number;
  /** Exactly these genes, in this order (the model's input order). */
  geneList?: string[];
  normalisation?: Normalisation;
  hidden?: number;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  patience?: number;
  seed?: number;
  provider?: ProviderSetting;
  recipe?: string;
  signal?: AbortSignal;
  onEpoch?: (report: EpochReport) => void | Promise<void>;
  onBatch?: (fraction: number) => void | Promise<void>;
}

export interface TrainedModel {
  card: ModelCard;
  bytes: Uint8Array;
  result: TrainResult;
  /** Samples that trained it (held-out groups excluded). */
  samples: number;
  /** The loss early stopping judged the kept weights by (validation, or training without a held-out slice). */
  bestLoss: number;
}

/** The trainer's per-epoch report as one line (the job's progress and the CLI share the wording). */
export const epochLine = (r: EpochReport): string =>
  `Epoch ${r.epoch}/${r.epochs}: loss ${r.trainLoss.toPrecision(4)}${r.validationLoss === null ? '' : `, validation ${r.validationLoss.toPrecision(4)}`} (${r.provider})`;

const key = (cellType: string, condition: string): string => `${cellType}\u0000${condition}`;

/** Column indices of the listed genes (exact name first, then case-insensitive); E_INVALID_INPUT if any is missing. */
function geneColumns(genes: readonly string[], wanted: readonly string[]): number[] {
  const exact = new Map(genes.map((g, i) => [g, i]));
  const upper = new Map(genes.map((g, i) => [g.toUpperCase(), i]));
  const missing: string[] = [];
  const cols = wanted.map((g) => {
    const i = exact.get(g) ?? upper.get(g.toUpperCase());
    if (i === undefined) missing.push(g);
    return i ?? -1;
  });
  if (missing.length > 0)
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${missing.length} of the ${wanted.length} listed genes are not in the data, e.g. ${missing.slice(0, 5).join(', ')}.`,
    );
  if (new Set(cols).size !== cols.length)
    throw new CausewayError('E_INVALID_INPUT', 'The gene list names a gene twice.');
  return cols;
}

export async function trainModel(m: TrainingMatrix, o: TrainModelOptions): Promise<TrainedModel> {
  const nG = m.genes.length;
  const nS = m.samples.length;
  const exclude = o.exclude ?? [];
  if (exclude.length > 0 && !m.labels)
    throw new CausewayError('E_INVALID_INPUT', 'Holding groups out needs cell-type and condition columns.');
  const excluded = new Set(exclude.map((e) => key(e.cellType, e.condition)));
  const keep = m.samples.flatMap((_, j) => {
    const l = m.labels?.[j];
    if (m.labels && !l) return [];
    return l && excluded.has(key(l.cellType, l.condition)) ? [] : [j];
  });
  if (keep.length < 2)
    throw new CausewayError('E_INVALID_INPUT', 'Fewer than 2 samples are left to train on.');
  // The trainer wants one sample per row.
  const bySample = new Float32Array(keep.length * nG);
  keep.forEach((j, r) => {
    if (m.layout === 'samples-x-genes') bySample.set(m.values.subarray(j * nG, (j + 1) * nG), r * nG);
    else for (let i = 0; i < nG; i++) bySample[r * nG + i] = m.values[i * nS + j] as number;
  });
  const cols = o.geneList
    ? geneColumns(m.genes, o.geneList)
    : topVariableGenes(bySample, nG, o.maxGenes ?? 2000);
  if (cols.length < 2) throw new CausewayError('E_INVALID_INPUT', 'Training needs at least 2 genes.');
  const genes = cols.map((c) => m.genes[c] as string);
  const normalisation = o.normalisation ?? 'log2p1-minmax';
  const x = normaliseRows(selectColumns(bySample, nG, cols), genes.length, normalisation).values;
  const hidden = o.hidden ?? DEFAULT_HIDDEN;
  const learningRate = o.learningRate ?? 1e-4;
  const batchSize = o.batchSize ?? 256;
  const seed = o.seed ?? 1;
  const result = await trainAutoencoder(x, genes.length, {
    hidden,
    epochs: o.epochs ?? 50,
    batchSize,
    learningRate,
    patience: o.patience ?? 5,
    seed,
    provider: o.provider ?? 'auto',
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.onBatch ? { onBatch: o.onBatch } : {}),
    ...(o.onEpoch ? { onEpoch: o.onEpoch } : {}),
  });
  const bytes = buildAutoencoderModel(result.weights, { metadata: { causeway_model_id: o.modelId } });
  const groups = new Map<string, TrainingGroup>();
  for (const j of keep) {
    const l = m.labels?.[j];
    if (!l) continue;
    const g = groups.get(key(l.cellType, l.condition)) ?? { ...l, profiles: 0 };
    g.profiles++;
    groups.set(key(l.cellType, l.condition), g);
  }
  const best = result.history.find((h) => h.epoch === result.bestEpoch);
  const card = ModelCard.parse({
    id: o.modelId,
    name: o.name,
    kind: 'autoencoder',
    file: `${o.modelId}.onnx`,
    sha256: sha256(bytes),
    bytes: bytes.length,
    ...causewayAutoencoderCard(genes.length, hidden),
    genes,
    normalisation,
    training: {
      dataset: m.datasetName,
      groups: [...groups.values()],
      samples: keep.map((j) => m.samples[j] as string),
      recipe: o.recipe ?? 'Causeway model.train (src-main/compute/inference/trainer.ts)',
      seed,
      epochs: result.history.length,
      bestEpoch: result.bestEpoch,
      learningRate,
      batchSize,
      finalLoss: result.history.at(-1)?.trainLoss ?? 0,
      provider: result.provider,
    },
    licence: 'Trained by the user on their own data.',
    provenance: `Trained in Causeway on ${m.datasetName}.`,
  });
  return {
    card,
    bytes,
    result,
    samples: keep.length,
    bestLoss: best ? (best.validationLoss ?? best.trainLoss) : NaN,
  };
}
