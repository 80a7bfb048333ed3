/**
 * Validation of a model file before onnxruntime sees it, and against its model card: a user's `.onnx`
 * is hostile input. Refused with E_MODEL_LOAD and a sentence a scientist can act on: unreadable bytes,
 * external weight files (a path in the model could read any file on disk), absurd declared sizes (which
 * could make the native loader allocate unbounded memory), unsupported IR/opset versions or operator
 * domains, and inputs, outputs or genes that disagree with the card.
 */
import { CausewayError } from '#shared/lib/result.ts';
import { ELEM } from './onnx-builder.ts';
import {
  OnnxFormatError,
  declaredSize,
  inspectOnnx,
  type OnnxGraphInfo,
  type ValueInfo,
} from './onnx-inspect.ts';
import { MAX_MODEL_BYTES, type ModelCard, type TensorSpec } from './manifest.ts';
import { createSession, type CreateSessionOptions, type LoadedSession } from './session.ts';

/** onnxruntime 1.30 reads IR versions 3–11 and default-domain opsets 7–23. */
const SUPPORTED = { ir: [3, 11], opset: [7, 23] } as const;
const DOMAINS = new Set(['', 'ai.onnx', 'ai.onnx.ml', 'com.microsoft']);
const MAX_DIM = 1e8;
const MAX_ELEMENTS = 2 ** 31;

const refuse = (label: string, why: string): CausewayError =>
  new CausewayError('E_MODEL_LOAD', `${label} cannot be used: ${why}.`, { model: label });

function checkDims(label: string, v: ValueInfo, role: string): void {
  for (const d of v.dims) {
    if (typeof d === 'number' && d > MAX_DIM) {
      throw refuse(label, `${role} "${v.name}" declares a dimension of ${d.toExponential(2)}`);
    }
  }
}

/** Structural checks on the bytes alone. Returns the parsed structure. */
export function checkModelBytes(bytes: Uint8Array, label = 'the model'): OnnxGraphInfo {
  if (bytes.length < 16) throw refuse(label, `the file has only ${bytes.length} bytes`);
  if (bytes.length > MAX_MODEL_BYTES) throw refuse(label, 'the file is larger than 2 GB');
  let info: OnnxGraphInfo;
  try {
    info = inspectOnnx(bytes);
  } catch (e) {
    if (e instanceof OnnxFormatError) throw refuse(label, e.message);
    throw refuse(label, 'it is not a valid ONNX file');
  }
  const [irLo, irHi] = SUPPORTED.ir;
  if (info.irVersion < irLo || info.irVersion > irHi) {
    throw refuse(
      label,
      `its ONNX IR version is ${info.irVersion}; this version of Causeway reads ${irLo}–${irHi}`,
    );
  }
  const main = info.opsets.find((o) => o.domain === '' || o.domain === 'ai.onnx');
  const [opLo, opHi] = SUPPORTED.opset;
  if (!main) throw refuse(label, 'it declares no ONNX operator set');
  if (main.version < opLo || main.version > opHi) {
    throw refuse(label, `it needs ONNX opset ${main.version}; supported: ${opLo}–${opHi}`);
  }
  for (const o of info.opTypes) {
    if (!DOMAINS.has(o.domain)) {
      throw refuse(
        label,
        `it uses operator ${o.op} from the custom domain "${o.domain}", which Causeway does not load`,
      );
    }
  }
  for (const t of info.initializers) {
    if (t.external) {
      throw refuse(
        label,
        `weight "${t.name}" refers to an external data file; only self-contained models are accepted`,
      );
    }
    const { count, bytes: size } = declaredSize(t);
    if (t.dims.some((d) => d > MAX_DIM) || count > MAX_ELEMENTS) {
      throw refuse(
        label,
        `weight "${t.name}" declares [${t.dims.join(' × ')}] values, beyond any real model`,
      );
    }
    if (t.bytes && size > 0 && t.bytes.length !== size) {
      throw refuse(
        label,
        `weight "${t.name}" declares ${count} values but holds ${t.bytes.length} bytes (${size} expected)`,
      );
    }
  }
  if (info.inputs.length === 0) throw refuse(label, 'its graph has no inputs');
  if (info.outputs.length === 0) throw refuse(label, 'its graph has no outputs');
  for (const v of info.inputs) checkDims(label, v, 'input');
  for (const v of info.outputs) checkDims(label, v, 'output');
  return info;
}

function matchSpecs(
  label: string,
  role: 'input' | 'output',
  declared: ValueInfo[],
  specs: TensorSpec[],
): void {
  for (const spec of specs) {
    const v = declared.find((d) => d.name === spec.name);
    if (!v) {
      const names = declared.map((d) => `"${d.name}"`).join(', ');
      throw refuse(
        label,
        `its card expects ${role} "${spec.name}" but the model's ${role}s are ${names || 'none'}`,
      );
    }
    if (v.elemType !== ELEM.float) throw refuse(label, `${role} "${spec.name}" is not float32`);
    if (v.dims.length !== spec.shape.length) {
      throw refuse(
        label,
        `${role} "${spec.name}" has rank ${v.dims.length}; the card says ${spec.shape.length}`,
      );
    }
    spec.shape.forEach((want, k) => {
      const got = v.dims[k];
      if (typeof want === 'number' && typeof got === 'number' && got !== want) {
        throw refuse(label, `${role} "${spec.name}" dimension ${k} is ${got}; the card says ${want}`);
      }
    });
  }
}

export interface GeneOverlap {
  shared: number;
  fraction: number;
  missing: string[];
}

/** How many of the model's genes the data has (the model needs its inputs in its own gene order). */
export function geneOverlap(modelGenes: readonly string[], dataGenes: readonly string[]): GeneOverlap {
  const have = new Set(dataGenes.map((g) => g.toUpperCase()));
  const missing = modelGenes.filter((g) => !have.has(g.toUpperCase()));
  const shared = modelGenes.length - missing.length;
  return { shared, fraction: modelGenes.length ? shared / modelGenes.length : 0, missing };
}

/** Checks a model file against its card: inputs, outputs, gene count, autoencoder weights. */
export function checkAgainstCard(bytes: Uint8Array, card: ModelCard): OnnxGraphInfo {
  const label = `Model "${card.id}"`;
  const info = checkModelBytes(bytes, label);
  matchSpecs(label, 'input', info.inputs, card.inputs);
  matchSpecs(label, 'output', info.outputs, card.outputs);
  const first = card.inputs[0];
  const last = first?.shape.at(-1);
  if (typeof last === 'number' && last !== card.genes.length) {
    throw refuse(label, `its input has ${last} genes but the card lists ${card.genes.length}`);
  }
  if (card.autoencoder) {
    for (const w of [card.autoencoder.encoderWeight, card.autoencoder.decoderWeight]) {
      if (!info.initializers.some((t) => t.name === w))
        throw refuse(label, `it has no weight "${w}" that its card names`);
    }
  }
  return info;
}

/** Rejects data that shares too few genes with the model (the missing ones would be fed as zeros). */
export function checkGeneOverlap(
  card: Pick<ModelCard, 'id' | 'genes'>,
  dataGenes: readonly string[],
  minFraction = 0.8,
): GeneOverlap {
  const o = geneOverlap(card.genes, dataGenes);
  if (o.fraction < minFraction) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `The data share ${o.shared} of model "${card.id}"'s ${card.genes.length} genes (${(o.fraction * 100).toFixed(0)}%); at least ${(minFraction * 100).toFixed(0)}% are needed. Missing, e.g.: ${o.missing.slice(0, 5).join(', ')}.`,
    );
  }
  return o;
}

/** Validates, then opens a session (provider fallback included); every failure is E_MODEL_LOAD. */
export async function loadModel(
  bytes: Uint8Array,
  card: ModelCard | null,
  options: CreateSessionOptions = {},
): Promise<LoadedSession & { info: OnnxGraphInfo }> {
  const info = card ? checkAgainstCard(bytes, card) : checkModelBytes(bytes, options.label);
  const loaded = await createSession(bytes, {
    ...options,
    label: card ? `model "${card.id}"` : options.label,
  });
  return { ...loaded, info };
}
