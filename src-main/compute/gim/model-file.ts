/**
 * A trained GIM as a JSON file (docs/methods.md §7.5): the model (genes, standardisation, DAG, SCM
 * parameters, network weights, seed, settings, loss curve), the feature encoding it was trained with, and a
 * model card saying what trained it (dataset and context column, features with their kinds and training
 * ranges, genes, seed, settings, final loss, creation time). A file is read as hostile input: size-capped,
 * parsed strictly by zod (unknown keys refused, numbers finite and bounded), then checked for consistency
 * (every array the length the gene and feature counts imply, the graph acyclic), so a truncated or edited
 * file gives a sentence naming the problem instead of a crash or a wrong prediction.
 */
import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { CausewayError } from '#shared/lib/result.ts';
import { shiftDag } from '../design/target-shift/linear-scm.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';
import type { FeatureEncoding } from './features.ts';
import type { GimModel } from './train-gim.ts';

export const GIM_MODEL_FORMAT = 'causeway-gim-model';
export const GIM_MODEL_VERSION = 1;
const MAX_FILE_BYTES = 256 * 1024 * 1024;
const MAX_GENES = 5000;
const MAX_FEATURES = 10_000;

const num = z.number().finite();
const name = z.string().min(1).max(500);
const count = (max: number) => z.number().int().min(0).max(max);

const Settings = z
  .object({
    hidden: count(4096).min(1),
    epochs: count(1e7).min(1),
    learningRate: num.positive(),
    targetPenalty: num.min(0),
    shiftPriorSd: num.positive(),
    weightPrecision: num.min(0),
    netDecay: num.min(0),
    structureRounds: count(1000).min(1),
    structureEpochs: count(1e7).min(1),
    structureL1: num.min(0),
    structureThreshold: num.min(0),
    warmup: num.min(0).max(1),
  })
  .strict();

const Model = z
  .object({
    genes: z.array(name).min(2).max(MAX_GENES),
    featureNames: z.array(name).min(1).max(MAX_FEATURES),
    center: z.array(num),
    scale: z.array(num.positive()),
    dagSource: z.enum(['given', 'learned']),
    parents: z.array(z.array(count(MAX_GENES))),
    weights: z.array(z.array(num)),
    intercept: z.array(num),
    logVar: z.array(num.min(-50).max(50)),
    net: z
      .object({
        inputs: count(MAX_FEATURES).min(1),
        hidden: count(4096).min(1),
        w1: z.array(num),
        b1: z.array(num),
        w2: z.array(num),
        b2: z.array(num),
      })
      .strict(),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1),
    settings: Settings,
    trainingContexts: z.array(name).min(2),
    lossCurve: z.array(num),
    finalLoss: num,
  })
  .strict();

const Spec = z.discriminatedUnion('kind', [
  z.object({ name, kind: z.literal('numeric'), mean: num, sd: num.positive(), min: num, max: num }).strict(),
  z.object({ name, kind: z.literal('categorical'), levels: z.array(name).min(1) }).strict(),
]);

const Encoding = z.object({ columns: z.array(Spec).min(1), featureNames: z.array(name).min(1) }).strict();

const Card = z
  .object({
    name: z.string().max(500).optional(),
    createdAt: z.iso.datetime(),
    dataset: z.object({ name: z.string().max(500), id: z.string().max(200).optional() }).strict(),
    contextColumn: z.string().max(500),
    observationalCells: count(1e9),
    trainingContexts: count(1e7),
    features: z.array(Spec),
    genes: z.array(name),
    seed: z.number().int().min(0),
    dagSource: z.enum(['given', 'learned']),
    training: Settings,
    finalLoss: num,
  })
  .strict();

export const GimModelFileSchema = z
  .object({
    format: z.literal(GIM_MODEL_FORMAT),
    version: z.literal(GIM_MODEL_VERSION),
    card: Card,
    encoding: Encoding,
    model: Model,
  })
  .strict();

export type GimModelCard = z.infer<typeof Card>;
export type GimModelFile = z.infer<typeof GimModelFileSchema>;

/** What the card records of the training inputs (the rest comes from the model and the encoding). */
export interface GimModelInputs {
  readonly name?: string;
  readonly dataset: { readonly name: string; readonly id?: string };
  readonly contextColumn: string;
  readonly observationalCells: number;
}

export function gimModelFile(
  model: GimModel,
  encoding: FeatureEncoding,
  inputs: GimModelInputs,
  createdAt: Date = new Date(),
): GimModelFile {
  const file: GimModelFile = {
    format: GIM_MODEL_FORMAT,
    version: GIM_MODEL_VERSION,
    card: {
      ...(inputs.name !== undefined ? { name: inputs.name } : {}),
      createdAt: createdAt.toISOString(),
      dataset: { ...inputs.dataset },
      contextColumn: inputs.contextColumn,
      observationalCells: inputs.observationalCells,
      trainingContexts: model.trainingContexts.length,
      features: encoding.columns.map((c) => ({ ...c }) as GimModelCard['features'][number]),
      genes: [...model.genes],
      seed: model.seed,
      dagSource: model.dagSource,
      training: { ...model.settings },
      finalLoss: model.finalLoss,
    },
    encoding: encoding as GimModelFile['encoding'],
    model: model as GimModelFile['model'],
  };
  consistency(file);
  return file;
}

/** Checks what the schema cannot: array lengths against the gene and feature counts, an acyclic graph. */
function consistency(file: GimModelFile): void {
  const m = file.model;
  const p = m.genes.length;
  const d = m.featureNames.length;
  const bad = (what: string): never => {
    throw new CausewayError('E_INVALID_INPUT', `The GIM model file is inconsistent: ${what}.`);
  };
  if (new Set(m.genes).size !== p) bad('a gene is listed twice');
  for (const [key, arr] of [
    ['center', m.center],
    ['scale', m.scale],
    ['intercept', m.intercept],
    ['logVar', m.logVar],
    ['parents', m.parents],
    ['weights', m.weights],
  ] as const)
    if (arr.length !== p) bad(`${key} has ${arr.length} entries for ${p} genes`);
  m.parents.forEach((ps, i) => {
    if (m.weights[i]!.length !== ps.length)
      bad(`gene ${m.genes[i]} has ${ps.length} parents but ${m.weights[i]!.length} weights`);
    for (const j of ps) if (j >= p || j === i) bad(`gene ${m.genes[i]} names parent index ${j}`);
  });
  try {
    shiftDag(m.parents);
  } catch {
    bad('the network has a directed cycle');
  }
  const { inputs, hidden, w1, b1, w2, b2 } = m.net;
  if (inputs !== d) bad(`the network takes ${inputs} features but ${d} are named`);
  if (
    w1.length !== hidden * inputs ||
    b1.length !== hidden ||
    w2.length !== 2 * p * hidden ||
    b2.length !== 2 * p
  )
    bad('the network weights do not match its sizes');
  const enc = file.encoding;
  if (enc.featureNames.length !== d || enc.featureNames.some((n, k) => n !== m.featureNames[k]))
    bad('the feature encoding does not produce the features the model takes');
  const encoded = enc.columns.reduce((a, c) => a + (c.kind === 'numeric' ? 1 : c.levels.length), 0);
  if (encoded !== d) bad(`the feature columns encode ${encoded} features, not ${d}`);
  if (file.card.genes.length !== p || file.card.genes.some((g, k) => g !== m.genes[k]))
    bad("the model card's genes differ from the model's");
}

/** Parses and checks a model file's text; every failure is an E_INVALID_INPUT naming the problem. */
export function parseGimModelFile(text: string, source = 'The GIM model file'): GimModelFile {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${source} is not valid JSON (truncated?): ${(e as Error).message}`,
    );
  }
  const top =
    typeof json === 'object' && json !== null && !Array.isArray(json)
      ? (json as Record<string, unknown>)
      : null;
  if (top?.['format'] !== GIM_MODEL_FORMAT)
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${source} is not a Causeway GIM model (format "${GIM_MODEL_FORMAT}").`,
    );
  if (top['version'] !== GIM_MODEL_VERSION)
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${source} has version ${String(top['version'])}; this Causeway reads version ${GIM_MODEL_VERSION} (update Causeway for newer models).`,
    );
  const parsed = GimModelFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${source} does not fit the model schema at ${issue.path.join('.') || '(top level)'}: ${issue.message}.`,
    );
  }
  consistency(parsed.data);
  return parsed.data;
}

export function serializeGimModelFile(file: GimModelFile): string {
  return JSON.stringify(file);
}

/** Writes atomically (temp file, fsync, rename). */
export function saveGimModelFile(path: string, file: GimModelFile): void {
  writeFileAtomic(path, serializeGimModelFile(file));
}

export function loadGimModelFile(path: string): GimModelFile {
  const size = statSync(path).size;
  if (size > MAX_FILE_BYTES)
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${path} is ${size} bytes; a GIM model file is at most ${MAX_FILE_BYTES}.`,
    );
  return parseGimModelFile(readFileSync(path, 'utf8'), path);
}
