/**
 * The checks on a user's own `.onnx` (issue 6), as a report: structure without onnxruntime first
 * (validate-model.ts), then a session load and one dummy inference. The file is hostile input; every
 * failure becomes an error in the report, never an exception past it, so a bad file takes nothing down.
 */
import { readFileSync, statSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import type { ModelValidationReport } from '#shared/contracts/transport.ts';
import { CausewayError, toAppError } from '#shared/lib/result.ts';
import { ELEM } from './onnx-builder.ts';
import type { OnnxGraphInfo, ValueInfo } from './onnx-inspect.ts';
import { MAX_MODEL_BYTES, sha256 } from './manifest.ts';
import type { ProviderSetting } from './providers.ts';
import { checkModelBytes, geneOverlap, loadModel } from './validate-model.ts';

const ELEM_NAMES: Record<number, string> = {
  1: 'float32',
  6: 'int32',
  7: 'int64',
  10: 'float16',
  11: 'float64',
};

function readModelBytes(path: string): Uint8Array {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    throw new CausewayError('E_MODEL_LOAD', `Cannot read ${path}: ${(e as Error).message}`);
  }
  if (size > MAX_MODEL_BYTES) {
    throw new CausewayError('E_MODEL_LOAD', `${path} cannot be used: the file is larger than 2 GB.`);
  }
  return readFileSync(path);
}

const desc = (v: ValueInfo): ModelValidationReport['inputs'][number] => ({
  name: v.name,
  type: ELEM_NAMES[v.elemType] ?? `type ${v.elemType}`,
  shape: v.dims,
});

export interface ValidateOptions {
  genes?: string[] | null;
  inputName?: string;
  /** Genes of the dataset to report overlap with. */
  overlap?: { dataset: string; genes: string[] } | null;
  provider?: ProviderSetting;
  /** Skip the onnxruntime session (structure only). */
  structureOnly?: boolean;
}

export function pickInput(info: OnnxGraphInfo, name: string | undefined): ValueInfo | undefined {
  return name ? info.inputs.find((i) => i.name === name) : info.inputs[0];
}
/** Every check on a model file, as a report: errors block an import, warnings explain. */
export async function validateUserModel(
  path: string,
  options: ValidateOptions = {},
): Promise<{ report: ModelValidationReport; bytes: Uint8Array | null; info: OnnxGraphInfo | null }> {
  const report: ModelValidationReport = {
    file: path,
    ok: false,
    bytes: 0,
    sha256: null,
    irVersion: null,
    opset: null,
    inputs: [],
    outputs: [],
    errors: [],
    warnings: [],
    genes: options.genes ? options.genes.length : null,
    overlap: null,
    provider: null,
    inference: false,
  };
  const fail = (e: unknown): void => {
    const a = toAppError(e);
    report.errors.push({ code: a.code, message: a.message });
  };
  let bytes: Uint8Array;
  let info: OnnxGraphInfo;
  try {
    bytes = readModelBytes(path);
    report.bytes = bytes.length;
    report.sha256 = sha256(bytes);
    info = checkModelBytes(bytes, path);
  } catch (e) {
    fail(e);
    return { report, bytes: null, info: null };
  }
  report.irVersion = info.irVersion;
  report.opset = info.opsets.find((o) => o.domain === '' || o.domain === 'ai.onnx')?.version ?? null;
  report.inputs = info.inputs.map(desc);
  report.outputs = info.outputs.map(desc);
  const input = pickInput(info, options.inputName);
  if (!input) {
    fail(
      new CausewayError(
        'E_MODEL_LOAD',
        `The model has no input "${options.inputName}"; its inputs are ${info.inputs.map((i) => `"${i.name}"`).join(', ')}.`,
      ),
    );
  } else {
    if (input.elemType !== ELEM.float) {
      fail(new CausewayError('E_MODEL_LOAD', `Input "${input.name}" is not float32 expression data.`));
    }
    const last = input.dims.at(-1);
    const genes = options.genes;
    if (genes && typeof last === 'number' && last !== genes.length) {
      fail(
        new CausewayError(
          'E_MODEL_LOAD',
          `Input "${input.name}" takes ${last} genes but the gene list has ${genes.length}.`,
        ),
      );
    }
    if (!genes) report.warnings.push('No gene list given: the model cannot be imported without one.');
    if (genes && new Set(genes.map((g) => g.toUpperCase())).size !== genes.length) {
      report.warnings.push('The gene list repeats some genes.');
    }
  }
  if (info.inputs.length > 1) {
    report.warnings.push(
      `The model has ${info.inputs.length} inputs; the others are fed with zeros in the dummy inference.`,
    );
  }
  if (options.genes && options.overlap) {
    const o = geneOverlap(options.genes, options.overlap.genes);
    report.overlap = {
      dataset: options.overlap.dataset,
      shared: o.shared,
      total: options.genes.length,
      fraction: o.fraction,
      missing: o.missing.slice(0, 50),
    };
    if (o.fraction < 0.8) {
      report.warnings.push(
        `${options.overlap.dataset} has ${o.shared} of the model's ${options.genes.length} genes (${(o.fraction * 100).toFixed(0)}%); transport needs at least 80%.`,
      );
    }
  }
  if (report.errors.length === 0 && !options.structureOnly) {
    try {
      const run = await dummyInference(bytes, info, options.provider ?? 'cpu');
      report.provider = run.provider;
      report.inference = true;
      report.warnings.push(...run.warnings);
    } catch (e) {
      fail(e);
    }
  }
  report.ok = report.errors.length === 0;
  return { report, bytes, info };
}

/** Loads a session and runs one row of zeros through every output; E_MODEL_LOAD when anything fails. */
async function dummyInference(
  bytes: Uint8Array,
  info: OnnxGraphInfo,
  setting: ProviderSetting,
): Promise<{ provider: string; warnings: string[] }> {
  const loaded = await loadModel(bytes, null, { setting, label: 'the model' });
  const warnings: string[] = [];
  try {
    const feeds: Record<string, ort.Tensor> = {};
    for (const v of info.inputs) {
      // Symbolic (batch) dimensions become 1.
      const dims = v.dims.map((d) => (typeof d === 'number' ? d : 1));
      const n = dims.reduce((a, b) => a * b, 1);
      if (n > 50_000_000) throw new Error(`input "${v.name}" needs ${n} values for one row`);
      if (v.elemType !== ELEM.float) throw new Error(`input "${v.name}" is not float32`);
      feeds[v.name] = new ort.Tensor('float32', new Float32Array(n), dims);
    }
    let out: ort.InferenceSession.OnnxValueMapType;
    try {
      out = await loaded.session.run(feeds);
    } catch (e) {
      throw new Error(`the dummy inference failed (${(e as Error).message.split('\n')[0]})`);
    }
    for (const v of info.outputs) {
      const t = out[v.name] as ort.Tensor | undefined;
      if (!t) throw new Error(`output "${v.name}" was not produced`);
      const data = t.data;
      if (data instanceof Float32Array && data.some((x) => !Number.isFinite(x))) {
        warnings.push(`Output "${v.name}" is not finite for an all-zero input.`);
      }
    }
    return { provider: loaded.provider, warnings };
  } catch (e) {
    if (e instanceof CausewayError) throw e;
    throw new CausewayError('E_MODEL_LOAD', `The model cannot be used: ${(e as Error).message}.`);
  } finally {
    await loaded.session.release().catch(() => undefined);
  }
}
