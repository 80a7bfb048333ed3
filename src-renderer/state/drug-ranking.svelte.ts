import type { JobRecord } from '@shared/contracts/jobs.ts';
import { DrugRankingResult, type DrugDetail, type ExportFormat } from '@shared/domain/drug-ranking.ts';
import type { DatasetDescriptor, RunRecord } from '@shared/domain/project.ts';
import type { Caller } from './caller.ts';
import type { JobsState } from './jobs.svelte.ts';
import { RankWizard } from './rank-wizard.svelte.ts';
import type { ToastState } from './toasts.svelte.ts';

export type SaveFile = (fileName: string, content: Blob, mime: string) => void;

/**
 * The drug-ranking page: the wizard when open, the ranking being looked at, the selected drug's detail.
 * A ranking started from this window opens by itself when its job finishes.
 */
export class DrugRankingState {
  wizard = $state<RankWizard | null>(null);
  runId = $state<string | null>(null);
  result = $state.raw<DrugRankingResult | null>(null);
  loading = $state(false);
  selected = $state<string | null>(null);
  detail = $state.raw<DrugDetail | null>(null);
  exporting = $state<ExportFormat | null>(null);
  /** Job ids of rankings started here. */
  #started = $state<string[]>([]);
  #loadToken = 0;
  #detailToken = 0;

  constructor(
    private readonly caller: Caller,
    private readonly jobs: JobsState,
    private readonly toasts: ToastState,
    private readonly datasets: () => readonly DatasetDescriptor[],
    private readonly runs: () => readonly RunRecord[],
  ) {}

  subscribe(): () => void {
    return this.jobs.onFinished((job) => this.#jobFinished(job));
  }

  /** Past rankings of this project, newest first. */
  get rankings(): RunRecord[] {
    return this.runs()
      .filter((r) => r.kind === 'drugs.rank')
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** The ranking job started here that is still running. */
  get activeJob(): JobRecord | undefined {
    return this.#started
      .map((id) => this.jobs.get(id))
      .find((j) => j !== undefined && (j.state === 'queued' || j.state === 'running'));
  }

  openWizard(): void {
    this.wizard = new RankWizard(this.caller, this.datasets);
  }

  closeWizard(): void {
    this.wizard = null;
  }

  async run(): Promise<boolean> {
    const spec = this.wizard?.spec();
    if (!spec) return false;
    const disease =
      this.datasets().find((d) => d.id === spec.diseaseDatasetId)?.name ?? spec.diseaseDatasetId;
    const jobId = await this.jobs.start(spec, `Drug ranking: ${disease}`);
    if (jobId === null) return false;
    this.#started = [...this.#started, jobId];
    this.wizard = null;
    const job = this.jobs.get(jobId);
    if (job?.state === 'finished' && job.runId) void this.show(job.runId);
    return true;
  }

  async show(runId: string): Promise<boolean> {
    const token = ++this.#loadToken;
    this.runId = runId;
    this.loading = true;
    this.selected = null;
    this.detail = null;
    try {
      const r = await this.caller.call('run.result', { runId });
      if (token !== this.#loadToken) return false;
      const parsed = r.ok ? DrugRankingResult.safeParse(r.value) : null;
      if (!parsed?.success) {
        if (r.ok) {
          this.toasts.error(
            { code: 'E_PROTOCOL', message: `Run ${runId} is not a drug ranking this version can show.` },
            'Could not load the result',
          );
        }
        this.runId = null;
        this.result = null;
        return false;
      }
      this.result = parsed.data;
      return true;
    } finally {
      if (token === this.#loadToken) this.loading = false;
    }
  }

  close(): void {
    this.#loadToken++;
    this.runId = null;
    this.result = null;
    this.selected = null;
    this.detail = null;
    this.wizard = null;
  }

  async select(drug: string | null): Promise<void> {
    const token = ++this.#detailToken;
    this.selected = drug;
    this.detail = null;
    if (drug === null || this.runId === null) return;
    const r = await this.caller.call('drugs.detail', { runId: this.runId, drug });
    if (token === this.#detailToken && r.ok) this.detail = r.value;
  }

  /** Null draws of the selected drug (kept for the best-ranked drugs only). */
  get selectedNull(): number[] | null {
    const r = this.result;
    if (!r || this.selected === null) return null;
    const i = r.nulls.drugs.indexOf(this.selected);
    return i < 0 ? null : (r.nulls.draws[i] ?? null);
  }

  async export(format: ExportFormat, save: SaveFile): Promise<boolean> {
    if (this.runId === null) return false;
    this.exporting = format;
    try {
      const r = await this.caller.call('run.export', { runId: this.runId, format });
      if (!r.ok || r.value.base64 === null) return false;
      const binary = atob(r.value.base64);
      const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
      save(r.value.fileName, new Blob([bytes as BlobPart], { type: r.value.mime }), r.value.mime);
      return true;
    } finally {
      this.exporting = null;
    }
  }

  #jobFinished(job: JobRecord): void {
    if (job.runId && this.#started.includes(job.jobId)) void this.show(job.runId);
  }
}
