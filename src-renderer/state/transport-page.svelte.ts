import type { MethodOutput } from '@shared/contracts/api.ts';
import type { JobRecord } from '@shared/contracts/jobs.ts';
import {
  TRANSPORT_METHODS,
  TransportValidateSpec,
  TransportValidationResult,
  type ModelInfo,
  type TransportMethodId,
} from '@shared/contracts/transport.ts';
import type { DatasetDescriptor } from '@shared/domain/project.ts';
import type { Caller } from './caller.ts';
import type { JobsState } from './jobs.svelte.ts';

type SampleColumns = MethodOutput<'dataset.sampleColumns'>;

export const METHOD_NAMES: Record<TransportMethodId, string> = {
  none: 'No change',
  nearest: 'Nearest source',
  additive: 'Additive',
  'latent-shift': 'Latent shift (autoencoder)',
  ntk: 'NTK completion',
  si: 'Synthetic interventions',
};

/** The recommendation rule of validate.ts, in plain words. */
export const RULE_IN_WORDS =
  'Causeway recommends the method whose predictions best match the held-out profiles on the 100 genes each perturbation changes most (mean R²), but only if it beats “no change” — assuming the perturbation does nothing. Near-ties (within 0.001) go to the better R² over all genes.';

const integer = (text: string, min: number, max: number): number | null => {
  const x = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(x) && x >= min && x <= max ? x : null;
};

/** The Transport page: choose data and methods, run leave-one-out validation, show the comparison. */
export class TransportPageState {
  datasetId = $state('');
  columns = $state.raw<SampleColumns>([]);
  cellTypeColumn = $state('');
  conditionColumn = $state('');
  control = $state('');
  perturbed = $state<string[]>([]);
  target = $state('');
  methods = $state<TransportMethodId[]>(TRANSPORT_METHODS.filter((m) => m !== 'latent-shift'));
  modelId = $state('');
  epochs = $state('10');
  /** Latent shift's inference precision: float32 as trained, or int8 (faster on CPUs). */
  precision = $state<'float32' | 'int8'>('float32');
  seed = $state('1');
  models = $state.raw<ModelInfo[]>([]);
  jobId = $state<string | null>(null);
  result = $state.raw<TransportValidationResult | null>(null);

  constructor(
    private readonly caller: Caller,
    private readonly jobs: JobsState,
    private readonly datasets: () => readonly DatasetDescriptor[],
  ) {}

  /** Datasets with a sample table: the ones that can name cell types and conditions. */
  get candidates(): DatasetDescriptor[] {
    return this.datasets().filter((d) => d.kind === 'expression' && d.samplesFile !== undefined);
  }

  get job(): JobRecord | undefined {
    return this.jobId ? this.jobs.get(this.jobId) : undefined;
  }

  valuesOf(column: string): string[] {
    return this.columns.find((c) => c.name === column)?.values.filter((v) => v !== '') ?? [];
  }

  get cellTypes(): string[] {
    return this.valuesOf(this.cellTypeColumn);
  }

  get conditions(): string[] {
    return this.valuesOf(this.conditionColumn);
  }

  /** Models for the latent-shift selector: usable ones first, the others after (shown disabled). */
  get modelChoices(): ModelInfo[] {
    return [...this.models].sort(
      (a, b) => Number(a.latentShiftUnusable !== null) - Number(b.latentShiftUnusable !== null),
    );
  }

  subscribe(): () => void {
    return this.jobs.onFinished((job) => {
      if (job.jobId === this.jobId && job.runId) void this.show(job.runId);
    });
  }

  async open(): Promise<void> {
    const r = await this.caller.call('model.list', {});
    if (r.ok) this.models = r.value;
    if (!this.datasetId && this.candidates[0]) await this.chooseDataset(this.candidates[0].id);
  }

  async chooseDataset(id: string): Promise<void> {
    this.datasetId = id;
    this.columns = [];
    const r = await this.caller.call('dataset.sampleColumns', { datasetId: id });
    if (!r.ok || this.datasetId !== id) return;
    this.columns = r.value.filter((c) => c.nDistinct >= 2 && c.nDistinct <= 50);
    const find = (re: RegExp): string => this.columns.find((c) => re.test(c.name))?.name ?? '';
    this.cellTypeColumn = find(/cell_?type|cell_?line|^cell$/i) || (this.columns[0]?.name ?? '');
    this.chooseConditionColumn(
      find(/^(condition|stim|treatment|perturbation)$/i) || (this.columns[1]?.name ?? ''),
    );
  }

  chooseConditionColumn(name: string): void {
    this.conditionColumn = name;
    const values = this.conditions;
    this.control = values.find((v) => /^(control|ctrl|untreated|dmso)$/i.test(v)) ?? values[0] ?? '';
    this.perturbed = values.filter((v) => v !== this.control);
  }

  setControl(value: string): void {
    this.control = value;
    this.perturbed = this.perturbed.filter((v) => v !== value);
  }

  togglePerturbed(value: string): void {
    this.perturbed = this.perturbed.includes(value)
      ? this.perturbed.filter((v) => v !== value)
      : [...this.perturbed, value];
  }

  toggleMethod(m: TransportMethodId): void {
    this.methods = this.methods.includes(m) ? this.methods.filter((x) => x !== m) : [...this.methods, m];
  }

  get errors(): string[] {
    const e: string[] = [];
    if (!this.datasetId)
      e.push('Choose a dataset with a sample table (import one with cell types and conditions).');
    if (!this.cellTypeColumn || !this.conditionColumn) e.push('Choose the cell-type and condition columns.');
    else if (this.cellTypeColumn === this.conditionColumn)
      e.push('Cell type and condition must be different columns.');
    if (!this.control) e.push('Choose the control condition.');
    if (this.perturbed.length === 0) e.push('Choose at least one perturbed condition.');
    if (this.methods.length === 0) e.push('Choose at least one method.');
    if (integer(this.seed, 0, 2 ** 32 - 1) === null)
      e.push('The seed is a whole number from 0 to 4294967295.');
    const model = this.models.find((m) => m.id === this.modelId);
    if (this.methods.includes('latent-shift') && model?.latentShiftUnusable)
      e.push(`“${model.name}” cannot run latent shift: ${model.latentShiftUnusable}.`);
    if (this.methods.includes('latent-shift') && !this.modelId && integer(this.epochs, 1, 1000) === null)
      e.push('Epochs: a whole number from 1 to 1000.');
    return e;
  }

  spec(): TransportValidateSpec | null {
    if (this.errors.length > 0) return null;
    const latent = this.methods.includes('latent-shift');
    const parsed = TransportValidateSpec.safeParse({
      kind: 'transport.validate',
      datasetId: this.datasetId,
      cellTypeColumn: this.cellTypeColumn,
      conditionColumn: this.conditionColumn,
      control: this.control,
      perturbed: [...this.perturbed].sort(),
      ...(this.target ? { targetCellType: this.target } : {}),
      // In the order the table shows them: baselines first.
      methods: TRANSPORT_METHODS.filter((m) => this.methods.includes(m)),
      ...(latent && this.modelId ? { modelId: this.modelId } : {}),
      ...(latent && !this.modelId ? { epochs: integer(this.epochs, 1, 1000) } : {}),
      ...(latent && this.precision === 'int8' ? { precision: 'int8' as const } : {}),
      seed: integer(this.seed, 0, 2 ** 32 - 1),
    });
    return parsed.success ? parsed.data : null;
  }

  async run(): Promise<boolean> {
    const spec = this.spec();
    if (!spec) return false;
    this.result = null;
    const jobId = await this.jobs.start(spec, 'Transport validation');
    if (jobId === null) return false;
    this.jobId = jobId;
    const job = this.jobs.get(jobId);
    if (job?.state === 'finished' && job.runId) await this.show(job.runId);
    return true;
  }

  async show(runId: string): Promise<boolean> {
    this.result = await this.caller.runResult(runId, TransportValidationResult);
    return this.result !== null;
  }

  reset(): void {
    this.datasetId = '';
    this.columns = [];
    this.result = null;
    this.jobId = null;
  }
}
