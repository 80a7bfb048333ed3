import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CausewayError } from '#shared/lib/result.ts';
import { readGeneFile } from '../../compute/inference/gene-list.ts';
import { PROJECT_MODELS_FOLDER, saveModel } from '../../compute/inference/project-models.ts';
import { ProviderSetting } from '../../compute/inference/providers.ts';
import { epochLine, trainModel, type TrainingMatrix } from '../../compute/inference/train-model.ts';
import { readMatrixArrow } from '../../compute/io/arrow-matrix.ts';
import { readMetaArrow } from '../../compute/io/meta-table.ts';
import { readMatrixFile } from '../../compute/io/read-matrix.ts';
import { readManifest, resolveInside } from '../../services/projects/manifest-file.ts';
import type { Io } from '../cli-error.ts';
import { usage } from '../cli-error.ts';

export const modelTrainHelp = `causeway model train --data <file | project dir> [--dataset <id>] [--project <dir>]
    [--genes N | --gene-list genes.txt] [--epochs N] [--batch N] [--lr X] [--seed S] [--patience N]
    [--hidden H] [--provider P] [--name NAME] [--id ID]
    [--holdout-cell-type C --cell-type-column K --condition-column K2 --perturbed Y[,Y2]]
    (--out <models dir> | --project-save) [--json]
  Trains the latent-shift autoencoder exactly as the app's "Train autoencoder" job does (same trainer,
  gene choice, normalisation and model card), in this process. --data is an expression file or a
  project folder (then --dataset <id>). --genes keeps the N most variable genes (default 2000);
  --gene-list fixes the genes and their order. --holdout-cell-type keeps the (C, Y) groups out of
  training so the model can later be scored on them. --out writes <id>.onnx and <id>.card.json into
  a folder; --project-save into the project's models/ folder, where the app lists it. Prints one line
  per epoch and a summary (--json: one JSON object per line). The same data, options and --seed give
  byte-identical model files on the CPU provider (the default here).`;

const OPTIONS = {
  data: { type: 'string' },
  dataset: { type: 'string' },
  project: { type: 'string' },
  genes: { type: 'string' },
  'gene-list': { type: 'string' },
  epochs: { type: 'string' },
  batch: { type: 'string' },
  lr: { type: 'string' },
  seed: { type: 'string' },
  patience: { type: 'string' },
  hidden: { type: 'string' },
  provider: { type: 'string' },
  name: { type: 'string' },
  id: { type: 'string' },
  'holdout-cell-type': { type: 'string' },
  'cell-type-column': { type: 'string' },
  'condition-column': { type: 'string' },
  perturbed: { type: 'string' },
  out: { type: 'string' },
  'project-save': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

function int(text: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const x = Number(text);
  if (!Number.isInteger(x) || x < min || x > max)
    throw usage(`--${flag} must be a whole number from ${min} to ${max}, got "${text}"`);
  return x;
}

const isProjectDir = (path: string): boolean => {
  try {
    return statSync(path).isDirectory() && existsSync(join(path, 'project.json'));
  } catch {
    return false;
  }
};

const slug = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'model';

interface Labels {
  cellType: string;
  condition: string;
}

/** A project dataset (its Arrow matrix, genes × samples, and sample table) with labels when asked for. */
function projectMatrix(dir: string, datasetId: string, cols: Labels | null): TrainingMatrix {
  const dataset = readManifest(dir).datasets.find((d) => d.id === datasetId);
  if (!dataset) throw new CausewayError('E_NOT_FOUND', `No dataset "${datasetId}" in ${dir}.`);
  const m = readMatrixArrow(resolveInside(dir, dataset.matrixFile));
  let labels: TrainingMatrix['labels'] = null;
  if (cols) {
    if (!dataset.samplesFile)
      throw usage(`Dataset "${datasetId}" has no sample table for --cell-type-column.`);
    const meta = readMetaArrow(resolveInside(dir, dataset.samplesFile));
    const byId = metaLabels(meta, (meta['sample'] ?? []).map(String), cols, dataset.name);
    labels = m.samples.map((s) => byId.get(s) ?? null);
  }
  return { ...m, layout: 'genes-x-samples', labels, datasetName: dataset.name };
}

function metaLabels(
  meta: Record<string, (string | number | null)[]>,
  ids: string[],
  cols: Labels,
  what: string,
): Map<string, Labels> {
  const cell = meta[cols.cellType];
  const cond = meta[cols.condition];
  if (!cell || !cond)
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${what} has no sample column "${cell ? cols.condition : cols.cellType}" (columns: ${Object.keys(meta).join(', ')}).`,
    );
  return new Map(ids.map((s, r) => [s, { cellType: String(cell[r]), condition: String(cond[r]) }]));
}

export async function modelTrainCommand(argv: string[], io: Io): Promise<number> {
  const { values: v } = parseArgs({ args: argv, options: OPTIONS });
  if (!v.data) throw usage('model train needs --data <file or project dir>');
  const dataIsProject = isProjectDir(v.data);
  if (dataIsProject && !v.dataset)
    throw usage(`${v.data} is a project: name the dataset with --dataset <id>`);
  if (!dataIsProject && v.dataset) throw usage('--dataset applies to --data <project dir>');
  if (!v.out === !v['project-save']) throw usage('model train needs --out <models dir> or --project-save');
  const projectDir = v.project ?? (dataIsProject ? v.data : undefined);
  if (v['project-save'] && !projectDir) throw usage('--project-save needs a project: --project <dir>');
  if (projectDir && !isProjectDir(projectDir))
    throw new CausewayError('E_NOT_FOUND', `${projectDir} is not a Causeway project.`);
  if (v.genes && v['gene-list']) throw usage('give --genes N or --gene-list, not both');
  const holdout = v['holdout-cell-type'];
  const cellCol = v['cell-type-column'];
  const condCol = v['condition-column'];
  if (holdout && (!cellCol || !condCol || !v.perturbed))
    throw usage('--holdout-cell-type needs --cell-type-column, --condition-column and --perturbed');
  if (!holdout && v.perturbed) throw usage('--perturbed applies with --holdout-cell-type');
  if (!cellCol !== !condCol) throw usage('give both --cell-type-column and --condition-column');
  const provider = ProviderSetting.safeParse(v.provider ?? 'cpu');
  if (!provider.success) throw usage(`unknown provider "${v.provider}"`);
  const lr = v.lr === undefined ? undefined : Number(v.lr);
  if (lr !== undefined && !(lr > 0 && lr <= 1)) throw usage(`--lr must be in (0, 1], got "${v.lr}"`);
  const seed = int(v.seed, 'seed', 0, 2 ** 32 - 1) ?? 1;
  const name = v.name ?? `${basename(v.data).replace(/\.[^.]*$/, '')} autoencoder`;
  const modelId = v.id ?? slug(name);
  if (!/^[a-z0-9][a-z0-9._-]{0,99}$/.test(modelId))
    throw usage(`--id must be lower-case letters, digits, ".", "_", "-"; got "${modelId}"`);
  // Every number is checked before the (possibly large) data file is read.
  const numbers = {
    ...(v['gene-list'] ? {} : { maxGenes: int(v.genes, 'genes', 2, 50_000) ?? 2000 }),
    ...(v.hidden ? { hidden: int(v.hidden, 'hidden', 2, 8192)! } : {}),
    epochs: int(v.epochs, 'epochs', 1, 10_000) ?? 50,
    batchSize: int(v.batch, 'batch', 1, 65_536) ?? 256,
    ...(lr === undefined ? {} : { learningRate: lr }),
    patience: int(v.patience, 'patience', 1, 1000) ?? 5,
  };
  const cols = cellCol && condCol ? { cellType: cellCol, condition: condCol } : null;
  const geneList = v['gene-list'] ? readGeneFile(resolve(v['gene-list'])) : undefined;

  const started = performance.now();
  let matrix: TrainingMatrix;
  if (dataIsProject) {
    matrix = projectMatrix(v.data, v.dataset!, cols);
  } else {
    const read = await readMatrixFile(resolve(v.data));
    const labels = cols ? metaLabels(read.sampleMeta, read.matrix.samples, cols, basename(v.data)) : null;
    matrix = {
      genes: read.matrix.genes,
      samples: read.matrix.samples,
      values: read.matrix.data,
      layout: 'samples-x-genes',
      labels: labels ? read.matrix.samples.map((s) => labels.get(s) ?? null) : null,
      datasetName: basename(v.data),
    };
  }
  const out = v.out ? resolve(v.out) : join(resolve(projectDir!), PROJECT_MODELS_FOLDER);
  const trained = await trainModel(matrix, {
    modelId,
    name,
    exclude: holdout ? v.perturbed!.split(',').map((y) => ({ cellType: holdout, condition: y.trim() })) : [],
    ...numbers,
    ...(geneList ? { geneList } : {}),
    seed,
    provider: provider.data,
    recipe: 'causeway model train (src-main/compute/inference/trainer.ts)',
    onEpoch: (r) =>
      io.out(
        v.json
          ? `${JSON.stringify({ type: 'epoch', epoch: r.epoch, epochs: r.epochs, trainLoss: r.trainLoss, validationLoss: r.validationLoss, provider: r.provider, elapsedMs: Math.round(r.elapsedMs) })}\n`
          : `${epochLine(r)}\n`,
      ),
  });
  const { onnxPath, cardPath } = saveModel(out, trained.card, trained.bytes);
  const r = trained.result;
  const summary = {
    type: 'summary',
    modelId,
    path: onnxPath,
    card: cardPath,
    epochs: r.history.length,
    bestEpoch: r.bestEpoch,
    bestLoss: trained.bestLoss,
    stoppedEarly: r.stoppedEarly,
    provider: r.provider,
    seed,
    samples: trained.samples,
    genes: trained.card.genes.length,
    sha256: trained.card.sha256,
    elapsedMs: Math.round(performance.now() - started),
  };
  io.out(
    v.json
      ? `${JSON.stringify(summary)}\n`
      : `Saved "${modelId}" to ${onnxPath}: ${summary.epochs} epochs (best ${summary.bestEpoch}, loss ${summary.bestLoss.toPrecision(4)}${r.stoppedEarly ? ', stopped early' : ''}), ${summary.samples} samples × ${summary.genes} genes, provider ${summary.provider}, seed ${seed}, ${summary.elapsedMs} ms\n`,
  );
  return 0;
}
