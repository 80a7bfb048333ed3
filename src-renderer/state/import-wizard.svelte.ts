import type {
  DatasetImportSpec,
  DuplicateMerge,
  FileRef,
  GeneIdKind,
  InspectReport,
  Orientation,
  ReferenceKind,
  SampleRole,
} from '@shared/contracts/data-import.ts';
import { ImportSummary } from '@shared/contracts/data-import.ts';
import type { JobRecord } from '@shared/contracts/jobs.ts';
import type { Caller } from './caller.ts';
import {
  IMPORT_STEPS,
  stepErrors,
  uploadInChunks,
  type FileLike,
  type ImportStep,
} from './import-wizard-steps.ts';
import type { JobsState } from './jobs.svelte.ts';
import { ReferenceImport } from './reference-import.svelte.ts';

export { IMPORT_STEPS, ROLE_LABELS, STEP_LABELS } from './import-wizard-steps.ts';
export type { FileLike, ImportStep } from './import-wizard-steps.ts';

/**
 * The import wizard as a state machine: file → preview (orientation confirmed) → column roles →
 * validation report → import job (progress, cancel) → summary. `next()` moves on only when the current
 * step is valid; changing the file or its orientation re-inspects and sends the user back to preview.
 */
export class ImportWizard {
  isOpen = $state(false);
  step = $state<ImportStep>('choose');
  path = $state('');
  source = $state.raw<FileRef | null>(null);
  uploading = $state<{ fileName: string; fraction: number } | null>(null);
  inspecting = $state(false);
  report = $state.raw<InspectReport | null>(null);
  /** Why the file cannot be read at all: shown as a blocking validation error. */
  readError = $state<string | null>(null);
  orientation = $state<Orientation>('genes-x-samples');
  orientationConfirmed = $state(false);
  layer = $state('');
  roles = $state<Partial<Record<SampleRole, string>>>({});
  geneColumn = $state('');
  mapGenesTo = $state<GeneIdKind | ''>('');
  duplicates = $state<DuplicateMerge>('first');
  name = $state('');
  sheetPath = $state('');
  jobId = $state<string | null>(null);
  summary = $state.raw<ImportSummary | null>(null);
  attempted = $state(false);
  /** A network or drug–target table, imported from the first step by its own job. */
  readonly reference: ReferenceImport;
  #token = 0;

  index = $derived(IMPORT_STEPS.indexOf(this.step));
  /** Set when the file is not a matrix but a network or a drug–target table: the matrix steps do not apply. */
  referenceKind = $derived<ReferenceKind | null>(
    this.report?.kind === 'network' || this.report?.kind === 'drug-targets' ? this.report.kind : null,
  );
  errors = $derived(this.errorsFor(this.step));

  constructor(
    private readonly caller: Caller,
    private readonly jobs: JobsState,
  ) {
    this.reference = new ReferenceImport(caller, jobs);
  }

  /** The network or drug–target table this wizard imported, once its job has finished. */
  get imported(): { kind: ReferenceKind; id: string; name: string } | null {
    return this.reference.imported;
  }

  get importingReference(): boolean {
    return this.reference.running;
  }

  /** The import job this wizard started (kept current by job events). */
  get job(): JobRecord | undefined {
    return this.jobId ? this.jobs.get(this.jobId) : undefined;
  }

  /** Listens for the import job to finish; returns the unsubscribe function. */
  subscribe(): () => void {
    return this.jobs.onFinished((job) => {
      void this.#finished(job);
      void this.reference.finished(job);
    });
  }

  open(): void {
    this.reset();
    this.isOpen = true;
  }

  close(): void {
    this.isOpen = false;
    this.reset();
  }

  reset(): void {
    this.#token++;
    this.step = 'choose';
    this.path = '';
    this.source = null;
    this.uploading = null;
    this.inspecting = false;
    this.report = null;
    this.readError = null;
    this.orientationConfirmed = false;
    this.layer = '';
    this.roles = {};
    this.geneColumn = '';
    this.mapGenesTo = '';
    this.duplicates = 'first';
    this.name = '';
    this.sheetPath = '';
    this.jobId = null;
    this.summary = null;
    this.attempted = false;
    this.reference.reset();
  }

  /** Inspect a file by its path (on the server, or on this machine in the desktop app). */
  async choosePath(path: string): Promise<boolean> {
    const p = path.trim();
    this.path = p;
    if (!p) return false;
    return this.#inspect({ path: p }, {});
  }

  /** Upload a file from the browser in chunks, then inspect it. */
  async uploadFile(file: FileLike): Promise<boolean> {
    const token = ++this.#token;
    this.readError = null;
    this.report = null;
    this.uploading = { fileName: file.name, fraction: 0 };
    try {
      const uploadId = await uploadInChunks(
        this.caller,
        file,
        () => token === this.#token,
        (fraction) => (this.uploading = { fileName: file.name, fraction }),
      );
      if (uploadId === null) return false;
      this.path = '';
      this.uploading = null;
      this.name = file.name;
      return await this.#inspect({ uploadId }, {});
    } finally {
      if (token === this.#token) this.uploading = null;
    }
  }

  /** Read the file again with the orientation or layer the user chose. */
  async reinspect(): Promise<boolean> {
    if (!this.source) return false;
    return this.#inspect(this.source, {
      orientation: this.orientation,
      ...(this.layer ? { layer: this.layer } : {}),
    });
  }

  /** The user says which way round the matrix is; a change re-reads the file that way. */
  async setOrientation(o: Orientation): Promise<void> {
    if (o === this.orientation && this.report) {
      this.orientationConfirmed = true;
      return;
    }
    this.orientation = o;
    await this.reinspect();
  }

  errorsFor(step: ImportStep): string[] {
    return stepErrors(step, this);
  }

  next(): boolean {
    this.attempted = true;
    if (this.errorsFor(this.step).length > 0) return false;
    const i = IMPORT_STEPS.indexOf(this.step);
    if (this.step === 'validate' || i >= IMPORT_STEPS.indexOf('validate')) return false;
    this.step = IMPORT_STEPS[i + 1] ?? this.step;
    this.attempted = false;
    return true;
  }

  back(): void {
    const i = IMPORT_STEPS.indexOf(this.step);
    if (this.step === 'import' && this.job && (this.job.state === 'running' || this.job.state === 'queued'))
      return;
    if (i > 0 && this.step !== 'summary') this.step = IMPORT_STEPS[i - 1] ?? this.step;
    this.attempted = false;
  }

  /** Earlier steps are always reachable; later ones only through `next()`. */
  goTo(step: ImportStep): void {
    if (IMPORT_STEPS.indexOf(step) < this.index && this.step !== 'import' && this.step !== 'summary') {
      this.step = step;
      this.attempted = false;
    }
  }

  spec(): DatasetImportSpec {
    if (!this.source) throw new Error('no file chosen');
    const roles = Object.fromEntries(
      Object.entries(this.roles).filter(([, v]) => v),
    ) as DatasetImportSpec['roles'];
    return {
      kind: 'dataset.import',
      source: this.source,
      name: this.name.trim(),
      orientation: this.orientation,
      ...(this.layer ? { layer: this.layer } : {}),
      roles,
      ...(this.geneColumn ? { geneColumn: this.geneColumn } : {}),
      ...(this.mapGenesTo ? { mapGenesTo: this.mapGenesTo } : {}),
      ...(this.sheetPath.trim() ? { samplesSheet: { path: this.sheetPath.trim() } } : {}),
      duplicates: this.duplicates,
      seed: 1,
    };
  }

  async start(): Promise<boolean> {
    this.attempted = true;
    if (this.step !== 'validate' || this.errorsFor('validate').length > 0) return false;
    const spec = this.spec();
    const jobId = await this.jobs.start(spec, `Import of ${spec.name ?? 'a file'}`);
    if (jobId === null) return false;
    this.jobId = jobId;
    this.step = 'import';
    const job = this.jobs.get(jobId);
    if (job?.state === 'finished' && job.runId) await this.showSummary(job.runId);
    return true;
  }

  /**
   * Import the chosen network or drug–target table under `name` as a `reference.import` job; the matrix
   * steps are skipped. True once the job has started (its progress and result show on the first step).
   */
  async importReference(): Promise<boolean> {
    this.attempted = true;
    const kind = this.referenceKind;
    const name = this.name.trim();
    if (!this.source || !kind || !name) return false;
    return this.reference.start(this.source, kind, name);
  }

  async cancel(): Promise<void> {
    if (this.jobId) await this.jobs.cancel(this.jobId);
  }

  async showSummary(runId: string): Promise<boolean> {
    const summary = await this.caller.runResult(runId, ImportSummary);
    if (!summary) return false;
    this.summary = summary;
    this.step = 'summary';
    return true;
  }

  async #finished(job: JobRecord): Promise<void> {
    if (job.jobId === this.jobId && job.runId && this.step === 'import') await this.showSummary(job.runId);
  }

  async #inspect(ref: FileRef, options: { orientation?: Orientation; layer?: string }): Promise<boolean> {
    const token = ++this.#token;
    this.inspecting = true;
    this.readError = null;
    try {
      // Not through the toasting caller: a file that cannot be read is the wizard's validation error.
      const r = await this.caller.api.call('dataset.inspect', { file: ref, options });
      if (token !== this.#token) return false;
      this.source = ref;
      this.reference.reset();
      if (!r.ok) {
        this.report = null;
        this.readError = r.error.message;
        return false;
      }
      const first = !options.orientation;
      this.report = r.value;
      this.orientation = r.value.orientationGuess ?? 'genes-x-samples';
      // The format itself fixes the orientation of h5ad, GCT and the like; a guess must be confirmed.
      this.orientationConfirmed = !first || r.value.orientationSource === 'format';
      if (first) {
        this.roles = { ...r.value.suggestedRoles };
        const ids = r.value.geneIds;
        this.duplicates = 'first';
        this.geneColumn = '';
        if (ids[0]?.kind !== 'symbol' && ids.some((g) => g.column && g.kind === 'symbol')) {
          this.geneColumn = ids.find((g) => g.column && g.kind === 'symbol')?.column ?? '';
        }
        if (!this.name || 'path' in ref) this.name = r.value.fileName;
        // Networks and drug–target tables have no orientation, roles or matrix checks: stay on the
        // first step, which offers to import them as what they are.
        if (this.step === 'choose' && !this.referenceKind) this.step = 'preview';
        if (this.referenceKind) this.step = 'choose';
      }
      return true;
    } finally {
      if (token === this.#token) this.inspecting = false;
    }
  }
}
