import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ExecutionProviderSetting } from '#shared/contracts/transport.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { validateModelFile } from '../../services/models/model-import.ts';
import type { Io } from '../cli-error.ts';
import { usage } from '../cli-error.ts';
import { withBackend } from '../backend.ts';
import { modelTrainCommand, modelTrainHelp } from './model-train.ts';

export const modelHelp = `causeway model validate <file.onnx> [--genes genes.txt] [--input NAME] [--provider P] [--json]
  Checks a model file the way the app's "Import model…" does: structure first (IR version, opset,
  operator domains, external weights, sizes) without onnxruntime, then a session load and one dummy
  inference in a worker. --genes gives the card's gene list (one per line); its length must match
  the input's last dimension. Prints the validation report (--json: as JSON); a model that fails
  exits with status 2 and "error E_MODEL_LOAD: …" on stderr.

${modelTrainHelp}`;

export async function modelCommand(argv: string[], io: Io): Promise<number> {
  if (argv[0] === 'train') return modelTrainCommand(argv.slice(1), io);
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      genes: { type: 'string' },
      input: { type: 'string' },
      provider: { type: 'string' },
      json: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  const [sub, file] = positionals;
  if (sub !== 'validate')
    throw usage(
      'usage: causeway model validate <file.onnx> [--genes genes.txt] --json, or causeway model train …',
    );
  if (!file) throw usage('model validate needs a model file: causeway model validate <file.onnx>');
  const provider = ExecutionProviderSetting.safeParse(values.provider ?? 'cpu');
  if (!provider.success) throw usage(`unknown provider "${values.provider}"`);
  const report = await withBackend((backend) =>
    validateModelFile(
      backend.supervisor,
      backend.projects,
      {
        path: resolve(file),
        ...(values.genes ? { genes: { source: 'file' as const, path: resolve(values.genes) } } : {}),
        ...(values.input ? { inputName: values.input } : {}),
      },
      provider.data,
    ),
  );
  if (values.json) {
    io.out(`${JSON.stringify(report)}\n`);
  } else {
    const shape = (t: (typeof report.inputs)[number]) =>
      `${t.name} ${t.type} [${t.shape.map((d) => d ?? '?').join(', ')}]`;
    io.out(
      [
        `${report.file}: ${report.ok ? 'valid' : 'INVALID'} (${report.bytes} bytes)`,
        `  IR ${report.irVersion ?? '?'}, opset ${report.opset ?? '?'}`,
        ...report.inputs.map((t) => `  input  ${shape(t)}`),
        ...report.outputs.map((t) => `  output ${shape(t)}`),
        ...(report.genes === null ? [] : [`  genes  ${report.genes}`]),
        ...(report.inference ? [`  dummy inference ran on ${report.provider}`] : []),
        ...report.warnings.map((w) => `  warning: ${w}`),
        '',
      ].join('\n'),
    );
  }
  const first = report.errors[0];
  if (first) throw new CausewayError(first.code, first.message);
  return 0;
}
