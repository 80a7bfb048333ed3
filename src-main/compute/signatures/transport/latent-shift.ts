/**
 * Latent shift through an autoencoder (Belyaeva et al., Nat. Commun. 2021; docs/methods.md §4.5): embed every
 * profile, z = W1ᵀ·norm(x) (pre-activation), take the drug's shift in each source cell type,
 * s(d, c) = mean z(c, d) − mean z(c, control), and decode the target's control embedding moved by the
 * mean shift over sources: decode(mean z(t, control) + mean_c s(d, c)). scGen (Lotfollahi et al. 2019)
 * does the same arithmetic with a VAE.
 *
 * The model is either one from the registry (its card records what trained it; a query whose
 * (cell type, perturbation) trained it is refused, never scored) or trained here on exactly the profiles
 * the method is given — which `runTransport` has already stripped of the queried pairs, so leave-one-out
 * validation retrains per fold and cannot leak.
 */
import { z } from 'zod';
import { DEFAULT_HIDDEN, type AeWeights } from '../../inference/autoencoder-graph.ts';
import { openAutoencoder } from '../../inference/autoencoder-runtime.ts';
import { topVariableGenes } from '../../inference/gene-subset.ts';
import { encodeGroupMeans, type LatentGroupMean } from '../../inference/latent-means.ts';
import type { ModelCard, TrainingGroup, TrainingRecord } from '../../inference/manifest.ts';
import { denormalise, normaliseSelection, type Normalisation } from '../../inference/normalise.ts';
import { InferencePrecision } from '../../inference/precision.ts';
import { ProviderSetting } from '../../inference/providers.ts';
import { trainAutoencoder } from '../../inference/trainer.ts';
import { checkGeneOverlap } from '../../inference/validate-model.ts';
import { GroupMeans, groupKey } from './groups.ts';
import {
  checkCancelled,
  checkProfileSet,
  transportOutput,
  untransportable,
  type ProfileSet,
  type TransportMethod,
} from './types.ts';

export const LatentShiftOptions = z.object({
  provider: ProviderSetting.default('auto'),
  /** Arithmetic of encoding/decoding (precision.ts): float32 as trained, or int8, faster on CPUs. */
  precision: InferencePrecision.default('float32'),
  /** Training when no model is given: genes kept (most variable), epochs, Adam settings. */
  maxGenes: z.number().int().min(2).max(50_000).default(2000),
  hidden: z.number().int().min(2).max(8192).default(DEFAULT_HIDDEN),
  epochs: z.number().int().min(1).max(10_000).default(40),
  batchSize: z.number().int().min(1).max(65_536).default(256),
  learningRate: z.number().positive().max(1).default(1e-3),
  normalisation: z.enum(['log2p1-minmax', 'minmax', 'none']).default('log2p1-minmax'),
  seed: z.number().int().default(1),
});
export type LatentShiftOptions = z.input<typeof LatentShiftOptions>;

/** A trained autoencoder and its card (genes, normalisation, training record). */
export interface LatentShiftModel {
  card: Pick<ModelCard, 'id' | 'genes' | 'normalisation' | 'training'>;
  weights: AeWeights;
}

const LATENT_SHIFT_CITATION =
  'Belyaeva et al., Causal network models of SARS-CoV-2 expression and aging to identify candidates for drug repurposing, Nat. Commun. 2021';

function trainingGroups(input: ProfileSet): TrainingGroup[] {
  const g = new GroupMeans(input);
  return [...g.groups.values()].map((x) => ({
    cellType: x.cellType,
    condition: x.condition,
    profiles: x.count,
  }));
}

async function trainOnInput(
  input: ProfileSet,
  o: z.infer<typeof LatentShiftOptions>,
  signal: AbortSignal | undefined,
  progress: ((f: number, m: string) => void) | undefined,
): Promise<LatentShiftModel> {
  const nG = input.genes.length;
  const columns = topVariableGenes(input.values, nG, o.maxGenes);
  const genes = columns.map((c) => input.genes[c] as string);
  const all = Array.from({ length: input.cellTypes.length }, (_, j) => j);
  const x = normaliseSelection(
    input.values,
    nG,
    all,
    columns,
    o.normalisation,
    new Float32Array(all.length * columns.length),
  ).values;
  const result = await trainAutoencoder(x, genes.length, {
    hidden: o.hidden,
    epochs: o.epochs,
    batchSize: o.batchSize,
    learningRate: o.learningRate,
    seed: o.seed,
    provider: o.provider,
    signal,
    onEpoch: (r) => progress?.((0.8 * r.epoch) / r.epochs, `Training the autoencoder: epoch ${r.epoch}`),
  });
  const training: TrainingRecord = {
    dataset: 'the profiles given to this transport (queried pairs removed)',
    groups: trainingGroups(input),
    recipe: 'latent-shift: trained in place by src-main/compute/inference/trainer.ts',
    seed: o.seed,
    epochs: result.history.length,
    bestEpoch: result.bestEpoch,
    learningRate: o.learningRate,
    batchSize: o.batchSize,
    finalLoss: result.history.at(-1)?.trainLoss ?? 0,
    provider: result.provider,
  };
  return {
    card: { id: 'trained-in-place', genes, normalisation: o.normalisation, training },
    weights: result.weights,
  };
}

/**
 * Which (cell type, condition) groups exist, cell types in first-seen order, with GroupMeans's rule for
 * sources — without its per-gene means, which latent shift never reads (averaging every gene of 100,000
 * profiles takes seconds, about as long as encoding them in int8).
 */
function groupIndex(input: ProfileSet) {
  const keys = new Set<string>();
  const cellTypes: string[] = [];
  const seen = new Set<string>();
  input.cellTypes.forEach((c, j) => {
    keys.add(groupKey(c, input.conditions[j] as string));
    if (!seen.has(c)) cellTypes.push(c);
    seen.add(c);
  });
  const has = (cellType: string, condition: string) => keys.has(groupKey(cellType, condition));
  return {
    has,
    /** Cell types other than `target` that measured both the control and `perturbation`. */
    sourcesFor: (target: string, perturbation: string) =>
      cellTypes.filter((c) => c !== target && has(c, perturbation) && has(c, input.control)),
  };
}

export function latentShiftMethod(
  options: LatentShiftOptions = {},
  model?: LatentShiftModel,
): TransportMethod {
  const o = LatentShiftOptions.parse(options);
  const method: TransportMethod = {
    id: 'latent-shift',
    label: 'Latent shift (autoencoder)',
    citation: LATENT_SHIFT_CITATION,
    options: model ? { ...o, model: model.card.id } : o,
    async transport(input, queries, ctx) {
      checkProfileSet(input);
      checkCancelled(ctx.signal);
      const groups = groupIndex(input);
      const plan = queries.map((q) => {
        if (!groups.has(q.cellType, input.control))
          throw untransportable(q, `it has no "${input.control}" profile`);
        const sources = groups.sourcesFor(q.cellType, q.perturbation);
        if (sources.length === 0) throw untransportable(q, 'no other cell type measured it with a control');
        if (
          model?.card.training.groups.some((g) => g.cellType === q.cellType && g.condition === q.perturbation)
        ) {
          throw untransportable(
            q,
            `model "${model.card.id}" was trained on its profiles, so it cannot be scored on them`,
          );
        }
        return { q, sources };
      });
      const o2 = { ...o, seed: ctx.seed ?? o.seed };
      const m = model ?? (await trainOnInput(input, o2, ctx.signal, ctx.progress));
      checkCancelled(ctx.signal);

      // A registered model needs most of its genes: missing ones would enter the encoder as zeros.
      if (model) checkGeneOverlap(model.card, input.genes);
      const index = new Map(input.genes.map((g, i) => [g.toUpperCase(), i]));
      const columns = m.card.genes.map((g) => index.get(g.toUpperCase()) ?? -1);
      const needed = new Set<string>();
      for (const { q, sources } of plan) {
        needed.add(groupKey(q.cellType, input.control));
        for (const s of sources) needed.add(groupKey(s, input.control)).add(groupKey(s, q.perturbation));
      }
      const rows: number[] = [];
      const keys: string[] = [];
      input.cellTypes.forEach((c, j) => {
        const key = groupKey(c, input.conditions[j] as string);
        if (!needed.has(key)) return;
        rows.push(j);
        keys.push(key);
      });
      const nM = columns.length;
      const rt = await openAutoencoder(m.weights, o.provider, { precision: o.precision });
      try {
        const norm = m.card.normalisation as Normalisation;
        const source = { values: input.values, width: input.genes.length };
        const means = await encodeGroupMeans(rt, source, rows, columns, keys, norm, {
          signal: ctx.signal,
          onProgress: (done, total) => ctx.progress?.(0.8 + (0.1 * done) / total, 'Encoding profiles'),
        });
        const mean = (cellType: string, condition: string) =>
          means.get(groupKey(cellType, condition)) as LatentGroupMean;
        const zq = new Float32Array(plan.length * rt.hidden);
        plan.forEach(({ q, sources }, i) => {
          const zt = mean(q.cellType, input.control).z;
          for (let h = 0; h < rt.hidden; h++) {
            let shift = 0;
            for (const s of sources) {
              const zp = mean(s, q.perturbation).z;
              const zc = mean(s, input.control).z;
              shift += ((zp[h] as number) - (zc[h] as number)) / sources.length;
            }
            zq[i * rt.hidden + h] = (zt[h] as number) + shift;
          }
        });
        ctx.progress?.(0.9, 'Decoding the shifted embeddings');
        const decoded = await rt.decode(zq, ctx.signal);
        const profiles = plan.map(({ q, sources }, i) => {
          // Back to expression units with the target controls' mean per-profile scale (min-max is per profile).
          const target = mean(q.cellType, input.control);
          const y = denormalise(
            decoded.subarray(i * nM, (i + 1) * nM),
            target.min,
            target.range,
            m.card.normalisation,
          );
          // Genes outside the model are not predicted (NaN), so metrics skip them instead of scoring a guess.
          const values = new Float64Array(input.genes.length).fill(Number.NaN);
          columns.forEach((c, k) => {
            if (c >= 0) values[c] = y[k] as number;
          });
          return {
            ...q,
            values,
            provenance: {
              sources,
              model: m.card.id,
              genesPredicted: columns.filter((c) => c >= 0).length,
              training: m.card.training,
              provider: rt.provider,
              precision: rt.precision,
              fallbacks: rt.fallbacks,
            },
          };
        });
        ctx.progress?.(1, 'Latent shift done');
        return transportOutput(method, input, profiles, rt.provider);
      } finally {
        await rt.release();
      }
    },
  };
  return method;
}
