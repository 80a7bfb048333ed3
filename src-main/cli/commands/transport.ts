import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { CausewayError } from '#shared/lib/result.ts';
import { writeMatrixArrow } from '../../compute/io/arrow-matrix.ts';
import { writeDelimited } from '../../compute/io/delimited-write.ts';
import { readMatrixFile } from '../../compute/io/read-matrix.ts';
import { GroupMeans, runTransport } from '../../compute/signatures/transport/groups.ts';
import { transportMetrics } from '../../compute/signatures/transport/metrics.ts';
import { profileSetFromMatrix } from '../../compute/signatures/transport/profiles-from-matrix.ts';
import {
  createTransportMethod,
  transportMethodFactories,
} from '../../compute/signatures/transport/registry.ts';
import type { TransportMethod, TransportOutput } from '../../compute/signatures/transport/types.ts';
import { latentShiftMethod } from '../../compute/signatures/transport/latent-shift.ts';
import { BUNDLED_MODELS_DIR, loadAutoencoder } from '../../compute/inference/model-registry.ts';
import type { Io } from '../cli-error.ts';
import { usage } from '../cli-error.ts';

export const transportHelp = `causeway transport --data <file> --cell-type-column C --condition-column K --control X
    --perturbed Y --target <cell type> --method none|nearest|additive|latent-shift|ntk|si
    [--model <id>] [--precision float32|int8] [--seed S] --out transported.(arrow|csv) [--validate --json]
  Transports the effect of perturbation Y, measured in other cell types, to the target cell type
  (docs/methods.md §4). The target's own Y profiles, if any, are never shown to the method.
  --validate   predict the target's held-out Y profiles and score them (R², top-100 R², Pearson, cosine)
  --json       print the result as JSON
  --model      latent-shift only: a registered autoencoder (resources/models/manifest.json); without
               it, an autoencoder is trained on the input (held-out profiles excluded), seeded by --seed
  --precision  latent-shift only: float32 (default, as trained) or int8 (the CPU's integer units, about
               2× faster; R² moves by about 0.001)
  --out        the transported mean profile, genes × 1 ("<target>|<Y>"), as Arrow IPC or CSV`;

export async function transportCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      'cell-type-column': { type: 'string' },
      'condition-column': { type: 'string' },
      control: { type: 'string' },
      perturbed: { type: 'string' },
      target: { type: 'string' },
      method: { type: 'string' },
      model: { type: 'string' },
      precision: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      validate: { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  const need = (name: keyof typeof values): string => {
    const v = values[name];
    if (typeof v !== 'string' || v === '') throw usage(`transport needs --${name}`);
    return v;
  };
  const data = need('data');
  const [cellTypeColumn, conditionColumn] = [need('cell-type-column'), need('condition-column')];
  const [control, perturbed, target, methodId] = [
    need('control'),
    need('perturbed'),
    need('target'),
    need('method'),
  ];
  if (!transportMethodFactories.has(methodId) && methodId !== 'latent-shift') {
    throw usage(
      `--method must be one of ${[...transportMethodFactories.keys(), 'latent-shift'].join(', ')}; got "${methodId}"`,
    );
  }
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed))
    throw usage(`--seed must be an integer, got "${values.seed}"`);
  const out = values.out;
  if (out && !['.arrow', '.csv'].includes(extname(out).toLowerCase()))
    throw usage('--out must end in .arrow or .csv');
  if (!out && !values.validate) throw usage('transport needs --out (or --validate)');

  const read = await readMatrixFile(data);
  const input = profileSetFromMatrix(read.matrix, read.sampleMeta, {
    cellTypeColumn,
    conditionColumn,
    control,
  });
  const groups = new GroupMeans(input);
  if (!groups.cellTypes.includes(target)) {
    throw new CausewayError('E_INVALID_INPUT', `No sample has ${cellTypeColumn} = "${target}" (the target).`);
  }
  if (values.model && methodId !== 'latent-shift')
    throw usage('--model applies to --method latent-shift only');
  const precision = values.precision ?? 'float32';
  if (precision !== 'float32' && precision !== 'int8')
    throw usage(`--precision must be float32 or int8, got "${precision}"`);
  if (values.precision && methodId !== 'latent-shift')
    throw usage('--precision applies to --method latent-shift only');
  let method: TransportMethod;
  if (methodId === 'latent-shift') {
    // The autoencoder runs through onnxruntime (CPU here, a GPU provider where one loads).
    const model = values.model ? loadAutoencoder(BUNDLED_MODELS_DIR, values.model) : undefined;
    method = latentShiftMethod({ ...(seed === undefined ? {} : { seed }), precision }, model);
  } else {
    method = createTransportMethod(methodId);
  }
  const query = { cellType: target, perturbation: perturbed };
  const start = performance.now();
  // runTransport removes the target's own perturbed profiles (training included) before the method runs.
  const result = await runTransport(method, input, [query], seed === undefined ? {} : { seed });
  const elapsedMs = performance.now() - start;
  const predicted = result.profiles[0]!.values;
  if (out) writeOutput(out, result, `${target}|${perturbed}`);

  if (values.validate) {
    const truth = groups.get(target, perturbed);
    if (!truth) {
      throw new CausewayError(
        'E_INVALID_INPUT',
        `--validate needs observed "${perturbed}" profiles of "${target}".`,
      );
    }
    const m = transportMetrics([{ predicted, truth, control: groups.controlOf(target)! }]);
    const report = {
      method: methodId,
      provider: result.provider,
      ...(methodId === 'latent-shift' ? { precision } : {}),
      r2: m.r2,
      r2_top100: m.top100.r2,
      pearson: m.pearson,
      cosine: m.cosine,
      n_genes: m.nGenes,
      elapsedMs: Math.round(elapsedMs * 10) / 10,
    };
    if (values.json) io.out(`${JSON.stringify(report)}\n`);
    else
      io.out(
        `${methodId} (${result.provider}): R² ${m.r2.toFixed(4)}, top-100 R² ${m.top100.r2.toFixed(4)}, ` +
          `Pearson ${m.pearson.toFixed(4)}, cosine ${m.cosine.toFixed(4)} over ${m.nGenes} genes, ${elapsedMs.toFixed(0)} ms\n`,
      );
  } else if (values.json) {
    io.out(
      `${JSON.stringify({ method: methodId, provider: result.provider, out, elapsedMs: Math.round(elapsedMs) })}\n`,
    );
  } else {
    io.out(`transported ${perturbed} to ${target} with ${method.label} → ${out}\n`);
  }
  return 0;
}

function writeOutput(path: string, result: TransportOutput, column: string): void {
  const genes = [...result.genes];
  const values = Float32Array.from(result.profiles[0]!.values);
  if (extname(path).toLowerCase() === '.arrow') writeMatrixArrow(path, { genes, samples: [column], values });
  else writeDelimited(path, { genes, samples: [column], data: values });
}
