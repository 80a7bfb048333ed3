// Trains the shipped demo autoencoder with the app's own trainer and writes resources/models/ (the .onnx,
// manifest.json, reference outputs). Recipe: Kang et al. 2018 scGen validation cells, the 1,000 most
// variable genes, per-cell min-max (the values are already log-normalised), every (cell type, condition)
// except CD4T stimulated — held out so the demo can score latent shift on it honestly — seeded, on CPU.
// Usage: node --import tsx scripts/train-autoencoder.ts [valid.h5ad] [--write-fixture]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { format, resolveConfig } from 'prettier';
import {
  AE_NAMES,
  DEFAULT_HIDDEN,
  buildAutoencoderModel,
  causewayAutoencoderCard,
} from '../src-main/compute/inference/autoencoder-graph.ts';
import { selectColumns, topVariableGenes } from '../src-main/compute/inference/gene-subset.ts';
import { KANG_H5AD, readKangH5ad, writeKangFixture } from '../src-main/compute/inference/kang-cells.ts';
import { sha256, type Manifest, type ModelCard } from '../src-main/compute/inference/manifest.ts';
import { normaliseRows } from '../src-main/compute/inference/normalise.ts';
import { trainAutoencoder } from '../src-main/compute/inference/trainer.ts';

const OUT = resolve(import.meta.dirname, '..', 'resources', 'models');
const ID = 'kang-pbmc-ae-1000';
const RECIPE = {
  genes: 1000,
  hidden: DEFAULT_HIDDEN,
  epochs: 60,
  batchSize: 256,
  learningRate: 1e-3,
  seed: 1,
  patience: 8,
};
const HELD_OUT = { cellType: 'CD4T', condition: 'stimulated' };
const REFERENCE_ROWS = 4;

const args = process.argv.slice(2);
const h5ad = args.find((a) => !a.startsWith('--')) ?? KANG_H5AD;
const cells = await readKangH5ad(h5ad);
if (args.includes('--write-fixture')) writeKangFixture(cells, 500);

const nAll = cells.genes.length;
const cols = topVariableGenes(cells.values, nAll, RECIPE.genes);
const genes = cols.map((c) => cells.genes[c] as string);
const rows = cells.cellTypes.flatMap((c, j) =>
  c === HELD_OUT.cellType && cells.conditions[j] === HELD_OUT.condition ? [] : [j],
);
const x = normaliseRows(selectColumns(cells.values, nAll, cols, rows), genes.length, 'minmax').values;
const result = await trainAutoencoder(x, genes.length, {
  ...RECIPE,
  provider: 'cpu',
  onEpoch: (r) =>
    console.log(
      `epoch ${r.epoch}: train ${r.trainLoss.toFixed(6)} validation ${r.validationLoss?.toFixed(6)}`,
    ),
});
const bytes = buildAutoencoderModel(result.weights, {
  storage: 'float16',
  metadata: { causeway_model_id: ID, recipe: 'scripts/train-autoencoder.ts' },
});
mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, `${ID}.onnx`), bytes);

const counts = new Map<string, TrainingCount>();
interface TrainingCount {
  cellType: string;
  condition: string;
  profiles: number;
}
for (const j of rows) {
  const key = `${cells.cellTypes[j]}|${cells.conditions[j]}`;
  const c = counts.get(key) ?? {
    cellType: cells.cellTypes[j] as string,
    condition: cells.conditions[j] as string,
    profiles: 0,
  };
  c.profiles++;
  counts.set(key, c);
}
const ae = causewayAutoencoderCard(genes.length, RECIPE.hidden);
const card: ModelCard = {
  id: ID,
  name: 'Kang 2018 PBMC autoencoder (1,000 genes → 1,024 → 1,000)',
  kind: 'autoencoder',
  file: `${ID}.onnx`,
  sha256: sha256(bytes),
  bytes: bytes.length,
  inputs: ae.inputs,
  outputs: ae.outputs,
  genes,
  normalisation: 'minmax',
  autoencoder: ae.autoencoder,
  training: {
    dataset:
      'Kang et al. 2018 PBMC ± IFN-β, scGen valid.h5ad (1,975 cells × 6,998 genes); CD4T stimulated held out',
    groups: [...counts.values()].sort(
      (a, b) => a.cellType.localeCompare(b.cellType) || a.condition.localeCompare(b.condition),
    ),
    recipe:
      'node --import tsx scripts/train-autoencoder.ts (Causeway trainer, CPU provider, weights stored as float16)',
    seed: RECIPE.seed,
    epochs: result.history.length,
    bestEpoch: result.bestEpoch,
    learningRate: RECIPE.learningRate,
    batchSize: RECIPE.batchSize,
    finalLoss: Number((result.history.at(-1)?.trainLoss ?? 0).toPrecision(6)),
    provider: result.provider,
  },
  licence:
    'Weights: MIT (Causeway). Training data: Kang et al. 2018, GEO GSE96583 (public); file from theislab/scgen (GPL-3.0 repository).',
  provenance:
    'Trained by Causeway from Kang H.M. et al., Nat. Biotechnol. 36, 89–94 (2018), as split by Lotfollahi M. et al., Nat. Methods 16, 715–721 (2019). Architecture: Belyaeva A. et al., Nat. Commun. 12, 1024 (2021).',
};
const manifest: Manifest = { version: 1, models: [card] };
// Written as Prettier formats them, so that `npm run lint` passes on a fresh run of the recipe.
const writeJson = async (file: string, value: unknown): Promise<void> => {
  const options = (await resolveConfig(file)) ?? {};
  writeFileSync(file, await format(JSON.stringify(value), { ...options, filepath: file }));
};
await writeJson(join(OUT, 'manifest.json'), manifest);

// Reference outputs: onnxruntime (CPU) on the written file, for the first rows of each training group.
const pick = [...new Set(cells.cellTypes)].slice(0, REFERENCE_ROWS).map((c) => cells.cellTypes.indexOf(c));
const input = normaliseRows(selectColumns(cells.values, nAll, cols, pick), genes.length, 'minmax').values;
const session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'] });
const out = await session.run({
  [AE_NAMES.input]: new ort.Tensor('float32', input, [pick.length, genes.length]),
});
await session.release();
const round = (a: Float32Array): number[] => Array.from(a, (v) => Number(v.toPrecision(7)));
await writeJson(join(OUT, `${ID}.reference.json`), {
  model: ID,
  cells: pick.map((j) => `${cells.cellTypes[j]}|${cells.conditions[j]}#${j}`),
  input: round(input),
  latentFirst16: pick.map((_, i) =>
    round((out[AE_NAMES.latent]?.data as Float32Array).subarray(i * RECIPE.hidden, i * RECIPE.hidden + 16)),
  ),
  reconstruction: round(out[AE_NAMES.output]?.data as Float32Array),
});
console.log(`wrote ${ID}.onnx (${bytes.length} bytes, sha256 ${card.sha256}), provider ${result.provider}`);
