import { extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { JobSpec } from '#shared/contracts/jobs.ts';
import {
  TRANSPORT_METHODS,
  TransportMethodId,
  TransportPredictSpec,
  TransportPrediction,
  TransportValidateSpec,
  TransportValidationResult,
} from '#shared/contracts/transport.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { writeMatrixArrow } from '../../compute/io/arrow-matrix.ts';
import { writeDelimited } from '../../compute/io/delimited-write.ts';
import type { Backend } from '../../services/backend.ts';
import { importDataset } from '../import-dataset.ts';
import type { Io } from '../cli-error.ts';
import { specFromFlags, usage } from '../cli-error.ts';
import {
  clusterFromFlags,
  EXECUTOR_OPTIONS,
  executorHelp,
  runJobOn,
  type ClusterChoice,
} from '../cluster-executor.ts';
import { withScratchProject } from '../scratch-project.ts';

export const transportHelp = `causeway transport --data <file> --cell-type-column C --condition-column K --control X
    --perturbed Y --target <cell type> --method ${TRANSPORT_METHODS.join('|')}
    [--model <id>] [--precision float32|int8] [--seed S] --out transported.(arrow|csv) [--validate --json]
    [--executor local|slurm [--profile NAME] [--print-sbatch]]
  Transports the effect of perturbation Y, measured in other cell types, to the target cell type
  (docs/methods.md §4), with
  the app's transport.predict job (--out) and transport.validate job (--validate). The target's own Y
  profiles, if any, are never shown to the method.
  --validate   predict the target's held-out Y profiles and score them (R², top-100 R², Pearson, cosine)
  --json       print the result as JSON
  --model      latent-shift only: a registered autoencoder (resources/models/manifest.json); without
               it, an autoencoder is trained on the input (held-out profiles excluded), seeded by --seed
  --precision  latent-shift only: float32 (default, as trained) or int8 (the CPU's integer units, about
               2× faster; R² moves by about 0.001)
  --out        the transported mean profile, genes × 1 ("<target>|<Y>"), as Arrow IPC or CSV
${executorHelp()}`;

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
      ...EXECUTOR_OPTIONS,
    },
  });
  const cluster = clusterFromFlags(values);
  const need = (name: keyof typeof values): string => {
    const v = values[name];
    if (typeof v !== 'string' || v === '') throw usage(`transport needs --${name}`);
    return v;
  };
  const data = resolve(need('data'));
  const [cellTypeColumn, conditionColumn] = [need('cell-type-column'), need('condition-column')];
  const [control, perturbed, target] = [need('control'), need('perturbed'), need('target')];
  const method = TransportMethodId.safeParse(need('method'));
  if (!method.success)
    throw usage(`--method must be one of ${TRANSPORT_METHODS.join(', ')}; got "${values.method}"`);
  const seed = values.seed === undefined ? 0 : Number(values.seed);
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw usage(`--seed must be a whole number ≥ 0, got "${values.seed}"`);
  const out = values.out;
  if (out && !['.arrow', '.csv'].includes(extname(out).toLowerCase()))
    throw usage('--out must end in .arrow or .csv');
  if (!out && !values.validate) throw usage('transport needs --out (or --validate)');
  if (values.model && method.data !== 'latent-shift')
    throw usage('--model applies to --method latent-shift only');
  const precision = values.precision ?? 'float32';
  if (precision !== 'float32' && precision !== 'int8')
    throw usage(`--precision must be float32 or int8, got "${precision}"`);
  if (values.precision && method.data !== 'latent-shift')
    throw usage('--precision applies to --method latent-shift only');
  const shared = {
    datasetId: 'data',
    cellTypeColumn,
    conditionColumn,
    control,
    ...(values.model ? { modelId: values.model } : {}),
    ...(method.data === 'latent-shift' ? { precision } : {}),
    seed,
  };
  // Both specs are checked by the jobs' own schemas before the data file is read.
  const predict = out
    ? specFromFlags(TransportPredictSpec, {
        kind: 'transport.predict',
        ...shared,
        perturbed,
        targetCellType: target,
        method: method.data,
      })
    : null;
  const validate = values.validate
    ? specFromFlags(TransportValidateSpec, {
        kind: 'transport.validate',
        ...shared,
        perturbed: [perturbed],
        targetCellType: target,
        methods: [method.data],
      })
    : null;
  return withScratchProject(
    'causeway transport',
    async (backend) => {
      const datasetId = (await importDataset(backend, data)).dataset.id;
      const result = <T>(spec: JobSpec, schema: { parse: (x: unknown) => T }): Promise<T | null> =>
        resultOn(cluster, backend, spec, schema, io);
      if (predict) {
        const r = await result({ ...predict, datasetId }, TransportPrediction);
        if (!r) return 0; // --print-sbatch: the script is printed, nothing ran
        writeProfile(resolve(out!), r);
        if (!validate) {
          io.out(
            values.json
              ? `${JSON.stringify({ method: r.method, provider: r.provider, out, elapsedMs: Math.round(r.elapsedMs) })}\n`
              : `transported ${perturbed} to ${target} with ${r.method} → ${out}\n`,
          );
        }
      }
      if (validate) {
        const r = await result({ ...validate, datasetId }, TransportValidationResult);
        if (!r) return 0;
        const row = r.methods[0]!;
        if (!row.metrics)
          throw new CausewayError('E_INVALID_INPUT', row.error ?? `${row.label} could not run.`);
        const m = row.metrics;
        const report = {
          method: row.method,
          provider: row.provider,
          ...(row.precision ? { precision: row.precision } : {}),
          r2: m.r2,
          r2_top100: m.top100.r2,
          pearson: m.pearson,
          cosine: m.cosine,
          n_genes: m.nGenes,
          elapsedMs: Math.round(row.elapsedMs * 10) / 10,
        };
        const f = (x: number | null): string => (x === null ? 'n/a' : x.toFixed(4));
        io.out(
          values.json
            ? `${JSON.stringify(report)}\n`
            : `${row.method} (${row.provider}): R² ${f(m.r2)}, top-100 R² ${f(m.top100.r2)}, ` +
                `Pearson ${f(m.pearson)}, cosine ${f(m.cosine)} over ${m.nGenes} genes, ${row.elapsedMs.toFixed(0)} ms\n`,
        );
      }
      return 0;
    },
    cluster ? { scratchRoot: cluster.workDir } : {},
  );
}

/** Runs the job (locally or on SLURM) and reads back the result document it stored in the (scratch) project. */
async function resultOn<T>(
  cluster: ClusterChoice | null,
  backend: Backend,
  spec: JobSpec,
  schema: { parse: (x: unknown) => T },
  io: Io,
): Promise<T | null> {
  const ran = await runJobOn(cluster, backend, spec, io);
  return ran && schema.parse(backend.projects.runResult(ran.runId));
}

function writeProfile(path: string, r: TransportPrediction): void {
  const values = Float32Array.from(r.values, (x) => x ?? Number.NaN);
  const matrix = { genes: r.genes, samples: [r.profile] };
  if (extname(path).toLowerCase() === '.arrow') writeMatrixArrow(path, { ...matrix, values });
  else writeDelimited(path, { ...matrix, data: values });
}
