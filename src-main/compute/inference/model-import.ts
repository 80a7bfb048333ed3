/**
 * Importing a user's own `.onnx` (issue 6) into a project's models/ folder: the checks of
 * validate-user-model.ts must pass, the kind is settled (model-kind.ts), and the file is copied with a
 * card that records its sha256, genes and provenance. Worker-side only (onnxruntime).
 */
import type { ModelCardInput, ModelValidationReport } from '#shared/contracts/transport.ts';
import { CausewayError } from '#shared/lib/result.ts';
import type { ValueInfo } from './onnx-inspect.ts';
import { ModelCard } from './manifest.ts';
import { resolveModelKind } from './model-kind.ts';
import { saveModel } from './project-models.ts';
import type { ProviderSetting } from './providers.ts';
import { pickInput, validateUserModel, type ValidateOptions } from './validate-user-model.ts';

const spec = (v: ValueInfo): ModelCard['inputs'][number] => ({
  name: v.name,
  type: 'float32',
  shape: v.dims.map((d, k) =>
    typeof d === 'number' && d > 0 ? d : typeof d === 'string' && d ? d : `d${k}`,
  ),
});

export interface ImportOptions {
  path: string;
  modelId: string;
  card: ModelCardInput;
  genes: string[];
  outDir: string;
  overlap?: ValidateOptions['overlap'];
  provider?: ProviderSetting;
  onPhase?: (phase: string, fraction: number) => Promise<void>;
}

/** Validates, then writes `<id>.onnx` and `<id>.card.json` atomically; nothing is left on failure. */
export async function importUserModel(
  o: ImportOptions,
): Promise<{ card: ModelCard; report: ModelValidationReport }> {
  await o.onPhase?.('Validating the model', 0.1);
  const { report, bytes, info } = await validateUserModel(o.path, {
    genes: o.genes,
    inputName: o.card.inputName,
    overlap: o.overlap ?? null,
    provider: o.provider ?? 'cpu',
  });
  if (!report.ok || !bytes || !info) {
    const first = report.errors[0];
    throw new CausewayError('E_MODEL_LOAD', first?.message ?? 'The model did not validate.', {
      errors: report.errors,
    });
  }
  const input = pickInput(info, o.card.inputName)!;
  const outputs = o.card.outputName ? info.outputs.filter((v) => v.name === o.card.outputName) : info.outputs;
  if (outputs.length === 0) {
    throw new CausewayError('E_MODEL_LOAD', `The model has no output "${o.card.outputName}".`);
  }
  await o.onPhase?.('Checking what kind of model it is', 0.6);
  const { kind, autoencoder } = await resolveModelKind(bytes, info, input, o.genes.length, o.card);
  const parsed = ModelCard.safeParse({
    id: o.modelId,
    name: o.card.name,
    kind,
    file: `${o.modelId}.onnx`,
    sha256: report.sha256,
    bytes: bytes.length,
    inputs: [spec(input)],
    // An autoencoder's card lists the latent and reconstruction outputs latent shift reads.
    outputs: autoencoder ? info.outputs.map(spec) : outputs.map(spec),
    genes: o.genes,
    normalisation: o.card.normalisation,
    ...(autoencoder ? { autoencoder } : {}),
    training: { dataset: 'supplied by the user', groups: [], recipe: o.card.training },
    licence: o.card.licence,
    provenance: o.card.provenance,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CausewayError(
      'E_INVALID_INPUT',
      `The model card is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? ''}`,
    );
  }
  await o.onPhase?.('Copying into the project', 0.9);
  saveModel(o.outDir, parsed.data, bytes);
  return { card: parsed.data, report };
}
