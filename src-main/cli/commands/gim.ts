import { cpSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  GIM_DEFAULTS,
  GIM_FOLDER,
  GIM_METHODS,
  GIM_MODEL_FILES,
  GimPrediction,
  GimPredictSpec,
  GimTrainResult,
  GimTrainSpec,
  GimValidateSpec,
  GimValidationResult,
} from '#shared/contracts/gim.ts';
import type { JobProgress } from '#shared/contracts/jobs.ts';
import { CausewayError } from '#shared/lib/result.ts';
import type { Backend } from '../../services/backend.ts';
import { runJob } from '../backend.ts';
import type { Io } from '../cli-error.ts';
import { specFromFlags, usage } from '../cli-error.ts';
import { importDataset } from '../import-dataset.ts';
import { withScratchProject } from '../scratch-project.ts';

const DATA_FLAGS = `--data <expr.csv> --context-column C --features <features.csv>
    [--observational-label obs] [--genes N | --gene-list A,B,…] [--epochs E] [--hidden H] [--seed S]`;

export const gimHelp = `causeway gim train ${DATA_FLAGS} [--name N] --out <folder> [--json]
causeway gim predict --model <folder> --feature NAME=VALUE … [--seed S] [--json]
causeway gim validate ${DATA_FLAGS} [--methods ${GIM_METHODS.join(',')}] [--json]
  Predicts what an unseen perturbation (a new dose, a new compound) does from its features, with a
  generative intervention model (GIM; Schneider et al., ICML 2025; docs/methods.md §7): the app's
  gim.train, gim.predict and gim.validate jobs.
  --data        cells × genes (one row per cell) with a context column naming each cell's perturbation
                context; "${GIM_DEFAULTS.observationalLabel}" (--observational-label) or empty = observational (unperturbed) cells
  --features    one row per perturbation context: a "context" column (else the first), then numeric
                (dose, descriptors) and categorical (target class) columns
  --genes       model the N most variable genes (default ${GIM_DEFAULTS.genes}); --gene-list names them
  --out         train: the folder that receives the model (model.json, card.json, features.csv)
  --model       predict: a folder written by gim train
  --feature     predict: one feature value (repeat for each feature)
  validate holds out each perturbation context in turn, fits every method without it and prints
  { "methods": [{ "method", "meanError", "energyDistance" }], "targets": { "<context>": "<gene>" } }
  (meanError: RMS over genes of predicted − observed mean, averaged over the held-out contexts;
  targets: the GIM's top predicted target gene per held-out context).`;

const DATA_OPTIONS = {
  data: { type: 'string' },
  'context-column': { type: 'string' },
  features: { type: 'string' },
  'observational-label': { type: 'string' },
  genes: { type: 'string' },
  'gene-list': { type: 'string' },
  epochs: { type: 'string' },
  hidden: { type: 'string' },
  seed: { type: 'string' },
  json: { type: 'boolean' },
} as const;

type DataValues = {
  [K in keyof typeof DATA_OPTIONS]?: (typeof DATA_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string;
};

const wholeNumber = (flag: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw usage(`--${flag} must be a whole number ≥ 0, got "${v}"`);
  return n;
};

function need(values: Record<string, unknown>, name: string, command: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw usage(`gim ${command} needs --${name}`);
  return v;
}

/** The data fields of gim.train / gim.validate from flags (the dataset id is filled in after import). */
function dataDraft(values: DataValues, command: string): Record<string, unknown> {
  const genes = wholeNumber('genes', values.genes);
  const epochs = wholeNumber('epochs', values.epochs);
  const hidden = wholeNumber('hidden', values.hidden);
  return {
    datasetId: 'data',
    contextColumn: need(values, 'context-column', command),
    ...(values['observational-label'] !== undefined
      ? { observationalLabel: values['observational-label'] }
      : {}),
    features: { path: resolve(need(values, 'features', command)) },
    ...(genes !== undefined ? { genes } : {}),
    ...(values['gene-list'] ? { geneList: values['gene-list'].split(',').map((g) => g.trim()) } : {}),
    ...(epochs !== undefined ? { epochs } : {}),
    ...(hidden !== undefined ? { hiddenUnits: hidden } : {}),
    seed: wholeNumber('seed', values.seed) ?? GIM_DEFAULTS.seed,
  };
}

const DATA_FLAG_NAMES = {
  hiddenUnits: 'hidden',
  geneList: 'gene-list',
  observationalLabel: 'observational-label',
};

/** Imports --data into the scratch project; a file whose rows the importer cannot name says how to fix it. */
async function importData(backend: Backend, file: string): Promise<string> {
  return (await importDataset(backend, resolve(file))).dataset.id;
}

/** A progress line per reported epoch (terminals only), with the loss. */
function statusLine(io: Io): (p: JobProgress) => void {
  return (p) => {
    const loss = p.metrics?.['loss'];
    io.status?.(
      `${p.phase} ${Math.round(p.fraction * 100)}%${loss === undefined ? '' : `, loss ${loss.toFixed(4)}`}`,
    );
  };
}

export async function gimCommand(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'train') return gimTrain(rest, io);
  if (sub === 'predict') return gimPredict(rest, io);
  if (sub === 'validate') return gimValidate(rest, io);
  throw usage('usage: causeway gim train|predict|validate … (causeway gim --help)');
}

async function gimTrain(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { ...DATA_OPTIONS, name: { type: 'string' }, out: { type: 'string' } },
  });
  const data = need(values, 'data', 'train');
  const out = resolve(need(values, 'out', 'train'));
  if (existsSync(out) && (!statSync(out).isDirectory() || existsSync(join(out, GIM_MODEL_FILES.model))))
    throw usage(`--out ${out} already holds a model (or is a file); choose a new folder`);
  const spec = specFromFlags(
    GimTrainSpec,
    { kind: 'gim.train', ...dataDraft(values, 'train'), name: values.name ?? 'GIM' },
    DATA_FLAG_NAMES,
  );
  return withScratchProject('causeway gim train', async (backend, dir) => {
    const datasetId = await importData(backend, data);
    const ran = await runJob(backend, { ...spec, datasetId }, statusLine(io));
    io.status?.('');
    const r = GimTrainResult.parse(backend.projects.runResult(ran.runId));
    mkdirSync(out, { recursive: true });
    cpSync(join(dir, GIM_FOLDER, r.modelId), out, { recursive: true });
    io.out(
      values.json
        ? `${JSON.stringify({ modelId: r.modelId, out, genes: r.genes, contexts: r.contexts, finalLoss: r.finalLoss })}\n`
        : `trained GIM ${r.modelId} on ${r.contexts.length} contexts × ${r.genes.length} genes (final loss ${r.finalLoss?.toFixed(4) ?? 'n/a'}) → ${out}\n`,
    );
    return 0;
  });
}

/** NAME=VALUE pairs; a value that reads as a number is one (categories stay text). */
function featureValues(pairs: readonly string[]): Record<string, string | number> {
  const out: Record<string, string | number> = Object.create(null) as Record<string, string | number>;
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw usage(`--feature takes NAME=VALUE, got "${pair}"`);
    const name = pair.slice(0, eq).trim();
    const text = pair.slice(eq + 1).trim();
    if (Object.hasOwn(out, name)) throw usage(`--feature ${name} is given twice`);
    out[name] = text !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
  }
  return out;
}

async function gimPredict(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string' },
      feature: { type: 'string', multiple: true },
      seed: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const modelDir = resolve(need(values, 'model', 'predict'));
  if (!existsSync(join(modelDir, GIM_MODEL_FILES.model)))
    throw usage(
      `--model ${modelDir} is not a folder written by causeway gim train (no ${GIM_MODEL_FILES.model})`,
    );
  const seed = wholeNumber('seed', values.seed);
  const spec = specFromFlags(GimPredictSpec, {
    kind: 'gim.predict',
    modelId: 'cli-model',
    features: featureValues(values.feature ?? []),
    ...(seed !== undefined ? { seed } : {}),
  });
  return withScratchProject('causeway gim predict', async (backend, dir) => {
    // The model runs from the scratch project, as the app runs a project's model; the worker checks it.
    cpSync(modelDir, join(dir, GIM_FOLDER, spec.modelId), { recursive: true });
    const ran = await runJob(backend, spec);
    const r = GimPrediction.parse(backend.projects.runResult(ran.runId));
    for (const w of r.warnings) io.err(`warning: ${w}\n`);
    if (values.json) io.out(`${JSON.stringify(r)}\n`);
    else {
      const top = r.topTargets.map((t) => `${t.gene} (p ${t.probability.toFixed(2)})`).join(', ');
      const lines = r.genes.map(
        (g, i) =>
          `  ${g.padEnd(12)} shift ${r.shift[i]!.toFixed(3)} [${r.shiftLow[i]!.toFixed(3)}, ${r.shiftHigh[i]!.toFixed(3)}]  p(target) ${r.targetProbability[i]!.toFixed(2)}`,
      );
      const paths = r.paths.map((e) => `${e.source} → ${e.target} (${e.weight.toFixed(2)})`).join(', ');
      io.out(`top targets: ${top || 'none'}\n${lines.join('\n')}\neffect paths: ${paths || 'none'}\n`);
    }
    return 0;
  });
}

async function gimValidate(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { ...DATA_OPTIONS, methods: { type: 'string' } } });
  const data = need(values, 'data', 'validate');
  const spec = specFromFlags(
    GimValidateSpec,
    {
      kind: 'gim.validate',
      ...dataDraft(values, 'validate'),
      ...(values.methods ? { methods: values.methods.split(',').map((m) => m.trim()) } : {}),
    },
    DATA_FLAG_NAMES,
  );
  return withScratchProject('causeway gim validate', async (backend) => {
    const datasetId = await importData(backend, data);
    const ran = await runJob(backend, { ...spec, datasetId }, statusLine(io));
    io.status?.('');
    const r = GimValidationResult.parse(backend.projects.runResult(ran.runId));
    const failed = r.methods.find((m) => m.error !== null && m.meanError === null);
    if (failed && r.methods.every((m) => m.meanError === null))
      throw new CausewayError('E_INVALID_INPUT', `${failed.method}: ${failed.error}`);
    if (values.json) {
      const methods = r.methods.map((m) => ({
        method: m.method,
        meanError: m.meanError,
        energyDistance: m.energyDistance,
      }));
      io.out(`${JSON.stringify({ methods, targets: r.targets })}\n`);
    } else {
      const f = (x: number | null): string => (x === null ? 'n/a' : x.toFixed(4));
      const rows = r.methods.map(
        (m) =>
          `  ${m.method.padEnd(16)} mean error ${f(m.meanError)}  energy distance ${f(m.energyDistance)}${m.error ? `  (${m.error})` : ''}`,
      );
      const targets = Object.entries(r.targets).map(([c, g]) => `  ${c}: ${g}`);
      io.out(
        `leave-one-context-out over ${new Set(r.contexts.map((c) => c.context)).size} contexts, ${r.genes.length} genes\n${rows.join('\n')}\nGIM's top predicted target per held-out context:\n${targets.join('\n')}\n`,
      );
    }
    return 0;
  });
}
