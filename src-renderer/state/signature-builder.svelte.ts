import type { MethodOutput } from '@shared/contracts/api.ts';
import { SignatureSummary, type SignatureBuildSpec } from '@shared/contracts/data-import.ts';
import type { JobRecord } from '@shared/contracts/jobs.ts';
import type { Caller } from './caller.ts';
import type { JobsState } from './jobs.svelte.ts';

type SampleColumns = MethodOutput<'dataset.sampleColumns'>;

/** The disease-signature builder: two groups of one sample column → a `signature.build` job → volcano. */
export class SignatureBuilder {
  isOpen = $state(false);
  datasetId = $state<string | null>(null);
  columns = $state.raw<SampleColumns>([]);
  column = $state('');
  caseValues = $state<string[]>([]);
  controlValues = $state<string[]>([]);
  /** 'auto' (the default) lets the job decide from the values, and its warnings say why. */
  log2 = $state<SignatureBuildSpec['log2']>('auto');
  jobId = $state<string | null>(null);
  result = $state.raw<SignatureSummary | null>(null);

  values = $derived(this.columns.find((c) => c.name === this.column)?.values ?? []);
  errors = $derived(this.#errors());

  constructor(
    private readonly caller: Caller,
    private readonly jobs: JobsState,
  ) {}

  /** The import job this wizard started (kept current by job events). */
  get job(): JobRecord | undefined {
    return this.jobId ? this.jobs.get(this.jobId) : undefined;
  }

  subscribe(): () => void {
    return this.jobs.onFinished((job) => void this.#finished(job));
  }

  open(datasetId: string | null): void {
    this.isOpen = true;
    if (datasetId) void this.chooseDataset(datasetId);
  }

  close(): void {
    this.isOpen = false;
  }

  async chooseDataset(id: string): Promise<void> {
    this.datasetId = id;
    this.columns = [];
    this.column = '';
    this.caseValues = [];
    this.controlValues = [];
    const r = await this.caller.call('dataset.sampleColumns', { datasetId: id });
    if (!r.ok || this.datasetId !== id) return;
    // Columns with 2–50 values can split samples into groups.
    this.columns = r.value.filter((c) => c.nDistinct >= 2 && c.nDistinct <= 50);
    const preferred = this.columns.find((c) => c.name === 'condition') ?? this.columns[0];
    if (preferred) this.chooseColumn(preferred.name);
  }

  chooseColumn(name: string): void {
    this.column = name;
    this.caseValues = [];
    this.controlValues = [];
  }

  /** A value belongs to at most one group: putting it in one takes it out of the other. */
  toggle(group: 'case' | 'control', value: string): void {
    const [mine, other] =
      group === 'case'
        ? (['caseValues', 'controlValues'] as const)
        : (['controlValues', 'caseValues'] as const);
    if (this[mine].includes(value)) this[mine] = this[mine].filter((v) => v !== value);
    else {
      this[mine] = [...this[mine], value];
      this[other] = this[other].filter((v) => v !== value);
    }
  }

  spec(): SignatureBuildSpec {
    return {
      kind: 'signature.build',
      datasetId: this.datasetId ?? '',
      column: this.column,
      caseValues: this.caseValues,
      controlValues: this.controlValues,
      log2: this.log2,
    };
  }

  async start(): Promise<boolean> {
    if (this.errors.length > 0) return false;
    this.result = null;
    const jobId = await this.jobs.start(this.spec(), 'Disease signature');
    if (jobId === null) return false;
    this.jobId = jobId;
    const job = this.jobs.get(jobId);
    if (job?.state === 'finished' && job.runId) await this.show(job.runId);
    return true;
  }

  async show(runId: string): Promise<boolean> {
    this.result = await this.caller.runResult(runId, SignatureSummary);
    return this.result !== null;
  }

  #errors(): string[] {
    const e: string[] = [];
    if (!this.datasetId) e.push('Choose a dataset.');
    else if (!this.column) e.push('The dataset has no sample column with 2–50 groups.');
    if (this.caseValues.length === 0) e.push('Choose the case group (e.g. disease, stimulated).');
    if (this.controlValues.length === 0) e.push('Choose the control group.');
    return e;
  }

  async #finished(job: JobRecord): Promise<void> {
    if (job.jobId === this.jobId && job.runId) await this.show(job.runId);
  }
}
