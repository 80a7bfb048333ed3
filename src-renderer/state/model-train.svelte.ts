import type { MethodOutput } from '@shared/contracts/api.ts';
import type { JobRecord } from '@shared/contracts/jobs.ts';
import {
  ExecutionProviderSetting,
  ModelTrainResult,
  ModelTrainSpec,
  type EpochPoint,
} from '@shared/contracts/transport.ts';
import type { Caller } from './caller.ts';
import type { JobsState } from './jobs.svelte.ts';

type SampleColumns = MethodOutput<'dataset.sampleColumns'>;

const integer = (text: string, min: number, max: number): number | null => {
  const x = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(x) && x >= min && x <= max ? x : null;
};

/**
 * Training an autoencoder from the app: the form, the `model.train` job, and the loss curve built live
 * from the job's progress events (each epoch reports its losses as metrics).
 */
export class ModelTrainState {
  datasetId = $state('');
  columns = $state.raw<SampleColumns>([]);
  cellTypeColumn = $state('');
  conditionColumn = $state('');
  /** "cell type|condition" kept out of training, or '' for none. */
  holdOut = $state('');
  genes = $state('1000');
  epochs = $state('30');
  patience = $state('5');
  seed = $state('1');
  provider = $state<ExecutionProviderSetting>('auto');
  name = $state('My autoencoder');
  jobId = $state<string | null>(null);
  points = $state.raw<EpochPoint[]>([]);
  result = $state.raw<ModelTrainResult | null>(null);

  constructor(
    private readonly caller: Caller,
    private readonly jobs: JobsState,
    private readonly onTrained: () => void = () => undefined,
  ) {}

  get job(): JobRecord | undefined {
    return this.jobId ? this.jobs.get(this.jobId) : undefined;
  }

  subscribe(): () => void {
    const offs = [
      this.caller.on('job.progressed', ({ jobId, progress }) => {
        const m = progress.metrics;
        if (jobId !== this.jobId || m?.['epoch'] === undefined || m['trainLoss'] === undefined) return;
        const point = {
          epoch: m['epoch'],
          trainLoss: m['trainLoss'],
          validationLoss: m['validationLoss'] ?? null,
        };
        this.points = [...this.points.filter((p) => p.epoch !== point.epoch), point];
      }),
      this.jobs.onFinished((job) => {
        if (job.jobId === this.jobId && job.runId) void this.show(job.runId);
      }),
    ];
    return () => offs.forEach((off) => off());
  }

  async chooseDataset(id: string, columns?: SampleColumns): Promise<void> {
    this.datasetId = id;
    let cols = columns;
    if (!cols) {
      const r = await this.caller.call('dataset.sampleColumns', { datasetId: id });
      if (!r.ok || this.datasetId !== id) return;
      cols = r.value;
    }
    this.columns = cols.filter((c) => c.nDistinct >= 2 && c.nDistinct <= 50);
    const find = (re: RegExp): string => this.columns.find((c) => re.test(c.name))?.name ?? '';
    this.cellTypeColumn = find(/cell_?type|cell_?line|^cell$/i) || (this.columns[0]?.name ?? '');
    this.conditionColumn =
      find(/^(condition|stim|treatment|perturbation)$/i) || (this.columns[1]?.name ?? '');
    this.holdOut = '';
  }

  get errors(): string[] {
    const e: string[] = [];
    if (!this.datasetId) e.push('Choose a dataset.');
    if (!this.cellTypeColumn || !this.conditionColumn) e.push('Choose the cell-type and condition columns.');
    if (integer(this.genes, 2, 50_000) === null) e.push('Genes: a whole number from 2 to 50000.');
    if (integer(this.epochs, 1, 10_000) === null) e.push('Epochs: a whole number from 1 to 10000.');
    if (integer(this.patience, 1, 1000) === null) e.push('Patience: a whole number from 1 to 1000.');
    if (integer(this.seed, 0, 2 ** 32 - 1) === null)
      e.push('The seed is a whole number from 0 to 4294967295.');
    if (!this.name.trim()) e.push('Name the model.');
    return e;
  }

  spec(): ModelTrainSpec | null {
    if (this.errors.length > 0) return null;
    const [cellType, condition] = this.holdOut.split('|');
    const parsed = ModelTrainSpec.safeParse({
      kind: 'model.train',
      datasetId: this.datasetId,
      cellTypeColumn: this.cellTypeColumn,
      conditionColumn: this.conditionColumn,
      exclude: cellType && condition ? [{ cellType, condition }] : [],
      genes: integer(this.genes, 2, 50_000),
      epochs: integer(this.epochs, 1, 10_000),
      patience: integer(this.patience, 1, 1000),
      seed: integer(this.seed, 0, 2 ** 32 - 1),
      provider: this.provider,
      name: this.name.trim(),
    });
    return parsed.success ? parsed.data : null;
  }

  async start(): Promise<boolean> {
    const spec = this.spec();
    if (!spec) return false;
    this.points = [];
    this.result = null;
    const jobId = await this.jobs.start(spec, `Train ${spec.name}`);
    if (jobId === null) return false;
    this.jobId = jobId;
    return true;
  }

  async show(runId: string): Promise<boolean> {
    const result = await this.caller.runResult(runId, ModelTrainResult);
    if (!result) return false;
    this.result = result;
    this.points = result.history;
    this.onTrained();
    return true;
  }
}
