import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { JobProgress } from '#shared/contracts/jobs.ts';
import { ExecutionProviderSetting, ModelTrainResult, ModelTrainSpec } from '#shared/contracts/transport.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { readGeneFile } from '../../compute/inference/gene-list.ts';
import {
  PROJECT_MODELS_FOLDER,
  readProjectModelCards,
  saveModel,
} from '../../compute/inference/project-models.ts';
import { importDataset } from '../import-dataset.ts';
import type { Io } from '../cli-error.ts';
import { specFromFlags, usage } from '../cli-error.ts';
import { runJob } from '../backend.ts';
import { adoptDataset, withScratchProject } from '../scratch-project.ts';

export const modelTrainHelp = `causeway model train --data <file | project dir> [--dataset <id>] [--project <dir>]
    [--genes N | --gene-list genes.txt] [--epochs N] [--batch N] [--lr X] [--seed S] [--patience N]
    [--hidden H] [--provider P] [--name NAME] [--id ID]
    [--holdout-cell-type C --cell-type-column K --condition-column K2 --perturbed Y[,Y2]]
    (--out <models dir> | --project-save) [--json]
  Trains the latent-shift autoencoder with the app's model.train job (same trainer, gene choice,
  normalisation and model card), in a worker. --data is an expression file or a project folder (then
  --dataset <id>). --genes keeps the N most variable genes (default 2000);
  --gene-list fixes the genes and their order. --holdout-cell-type keeps the (C, Y) groups out of
  training so the model can later be scored on them. --out writes <id>.onnx and <id>.card.json into
  a folder; --project-save into the project's models/ folder, where the app lists it. Prints one line
  per epoch and a summary (--json: one JSON object per line).
  The project is not changed except for the saved model. The same data, options and --seed give
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
  const provider = ExecutionProviderSetting.safeParse(v.provider ?? 'cpu');
  if (!provider.success) throw usage(`unknown provider "${v.provider}"`);
  const lr = v.lr === undefined ? undefined : Number(v.lr);
  if (lr !== undefined && !(lr > 0 && lr <= 1)) throw usage(`--lr must be in (0, 1], got "${v.lr}"`);
  const seed = int(v.seed, 'seed', 0, 2 ** 32 - 1) ?? 1;
  const name = v.name ?? `${basename(v.data).replace(/\.[^.]*$/, '')} autoencoder`;
  const modelId = v.id ?? slug(name);
  if (!/^[a-z0-9][a-z0-9._-]{0,99}$/.test(modelId))
    throw usage(`--id must be lower-case letters, digits, ".", "_", "-"; got "${modelId}"`);
  // Every number is checked before the (possibly large) data file is read.
  const draft = {
    kind: 'model.train' as const,
    datasetId: 'data',
    ...(cellCol && condCol ? { cellTypeColumn: cellCol, conditionColumn: condCol } : {}),
    exclude: holdout ? v.perturbed!.split(',').map((y) => ({ cellType: holdout, condition: y.trim() })) : [],
    ...(v['gene-list']
      ? { geneList: readGeneFile(resolve(v['gene-list'])) }
      : { genes: int(v.genes, 'genes', 2, 50_000) ?? 2000 }),
    ...(v.hidden ? { hidden: int(v.hidden, 'hidden', 2, 8192)! } : {}),
    epochs: int(v.epochs, 'epochs', 1, 10_000) ?? 50,
    batchSize: int(v.batch, 'batch', 1, 65_536) ?? 256,
    ...(lr === undefined ? {} : { learningRate: lr }),
    patience: int(v.patience, 'patience', 1, 1000) ?? 5,
    provider: provider.data,
    seed,
    name,
    modelId,
  };
  const spec = specFromFlags(ModelTrainSpec, draft);
  const out = v.out ? resolve(v.out) : join(resolve(projectDir!), PROJECT_MODELS_FOLDER);

  const started = performance.now();
  const { result, onnxPath, cardPath, sha256 } = await withScratchProject(
    'causeway model train',
    async (backend) => {
      const datasetId = dataIsProject
        ? adoptDataset(backend, v.data!, v.dataset!).id
        : (await importDataset(backend, resolve(v.data!))).dataset.id;
      const unsubscribe = backend.subscribe((event, payload) => {
        if (event !== 'job.progressed') return;
        const m = (payload as { progress: JobProgress }).progress.metrics;
        if (m?.['epoch'] === undefined) return;
        io.out(
          v.json
            ? `${JSON.stringify({ type: 'epoch', epoch: m['epoch'], epochs: m['epochs'], trainLoss: m['trainLoss'], validationLoss: m['validationLoss'] ?? null, elapsedMs: Math.round(performance.now() - started) })}\n`
            : `${(payload as { progress: JobProgress }).progress.phase}\n`,
        );
      });
      try {
        const { runId } = await runJob(backend, { ...spec, datasetId });
        const trained = ModelTrainResult.parse(backend.projects.runResult(runId));
        // The job saved the model in the scratch project; it moves to --out or the user's project.
        const models = join(backend.projects.summary()!.dir, PROJECT_MODELS_FOLDER);
        const card = readProjectModelCards(models).find((c) => c.id === trained.modelId);
        if (!card)
          throw new CausewayError('E_INTERNAL', `The model.train job saved no model "${trained.modelId}".`);
        return {
          result: trained,
          sha256: card.sha256,
          ...saveModel(out, card, readFileSync(join(models, card.file))),
        };
      } finally {
        unsubscribe();
      }
    },
  );
  const summary = {
    type: 'summary',
    modelId,
    path: onnxPath,
    card: cardPath,
    epochs: result.history.length,
    bestEpoch: result.bestEpoch,
    bestLoss: result.bestLoss ?? null,
    stoppedEarly: result.stoppedEarly,
    provider: result.provider,
    seed,
    samples: result.samples,
    genes: result.genes,
    sha256,
    elapsedMs: Math.round(performance.now() - started),
  };
  const loss = summary.bestLoss === null ? 'n/a' : summary.bestLoss.toPrecision(4);
  io.out(
    v.json
      ? `${JSON.stringify(summary)}\n`
      : `Saved "${modelId}" to ${onnxPath}: ${summary.epochs} epochs (best ${summary.bestEpoch}, loss ${loss}${result.stoppedEarly ? ', stopped early' : ''}), ${summary.samples} samples × ${summary.genes} genes, provider ${summary.provider}, seed ${seed}, ${summary.elapsedMs} ms\n`,
  );
  return 0;
}
