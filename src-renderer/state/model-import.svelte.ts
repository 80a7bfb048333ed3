import type { FileRef } from '@shared/contracts/data-import.ts';
import type { JobRecord } from '@shared/contracts/jobs.ts';
import {
  ModelImportSpec,
  type AutoencoderDeclaration,
  type ModelCardDraft,
  type ModelGenesSource,
  type ModelKind,
  type ModelValidateInput,
  type ModelValidationReport,
} from '@shared/contracts/transport.ts';
import type { Caller } from './caller.ts';
import { uploadInChunks, type FileLike } from './import-wizard-steps.ts';
import type { JobsState } from './jobs.svelte.ts';

export type ModelImportStep = 'closed' | 'file' | 'card' | 'report' | 'importing' | 'done';
export type Normalisation = ModelImportSpec['card']['normalisation'];
/** The chosen `.onnx`: a path (typed, browsed, dropped on desktop), or a finished browser upload. */
export type ChosenModel = { path: string } | { uploadId: string; fileName: string };

const baseName = (path: string): string =>
  (path.split(/[\\/]/).pop() ?? path).replace(/\.onnx$/i, '') || 'Imported model';

/**
 * "Import model…" on the Transport page: file (and optionally its model-card JSON) → card (defaults read
 * from the file, then from the card JSON) → validation report (errors block, warnings explain, gene
 * overlap) → the `model.import` job → done. Files come as paths or browser uploads; every check runs in
 * a worker through `model.validate`, and card JSON is read by `model.readCard`: nothing here parses them.
 */
export class ModelImportState {
  step = $state<ModelImportStep>('closed');
  /** The path field of the file picker (what the user types). */
  path = $state('');
  model = $state.raw<ChosenModel | null>(null);
  uploading = $state<{ fileName: string; fraction: number } | null>(null);
  busy = $state(false);
  /** The file's own report (no gene list yet): its inputs and outputs fill the card's defaults. */
  fileReport = $state.raw<ModelValidationReport | null>(null);
  report = $state.raw<ModelValidationReport | null>(null);
  name = $state('');
  normalisation = $state<Normalisation>('log2p1-minmax');
  genesFrom = $state<'file' | 'dataset' | 'card'>('file');
  genesPath = $state('');
  genesDatasetId = $state('');
  overlapDatasetId = $state('');
  inputName = $state('');
  outputName = $state('');
  licence = $state('');
  provenance = $state('');
  training = $state('');
  /** '' = detect from the file's layout. */
  kind = $state<ModelKind | ''>('');
  autoencoder = $state.raw<AutoencoderDeclaration | null>(null);
  /** The model-card JSON read, if any: its path field, its fields, and what in it was ignored. */
  cardPath = $state('');
  card = $state.raw<ModelCardDraft | null>(null);
  cardUploading = $state<{ fileName: string; fraction: number } | null>(null);
  jobId = $state<string | null>(null);
  failure = $state<string | null>(null);
  /** Bumped whenever the wizard resets, so a late upload knows it is no longer wanted. */
  #token = 0;

  constructor(
    private readonly caller: Caller,
    private readonly jobs: JobsState,
    private readonly onImported: () => void = () => undefined,
  ) {}

  get job(): JobRecord | undefined {
    return this.jobId ? this.jobs.get(this.jobId) : undefined;
  }

  subscribe(): () => void {
    return this.jobs.onFinished((job) => {
      if (job.jobId !== this.jobId) return;
      this.step = 'done';
      this.onImported();
    });
  }

  open(): void {
    this.reset();
    this.step = 'file';
  }

  close(): void {
    this.reset();
    this.step = 'closed';
  }

  /** Replaces the chosen model; an upload that was never imported is of no further use on the server. */
  private setModel(m: ChosenModel | null): void {
    const old = this.model;
    if (old && 'uploadId' in old && !this.jobId)
      void this.caller.call('upload.discard', { uploadId: old.uploadId });
    this.model = m;
  }

  private reset(): void {
    this.#token++;
    this.setModel(null);
    this.path = '';
    this.uploading = null;
    this.fileReport = null;
    this.report = null;
    this.cardPath = '';
    this.card = null;
    this.cardUploading = null;
    this.kind = '';
    this.autoencoder = null;
    this.genesFrom = 'file';
    this.jobId = null;
    this.failure = null;
  }

  get fileName(): string {
    const m = this.model;
    return m ? ('uploadId' in m ? m.fileName : (m.path.split(/[\\/]/).pop() ?? m.path)) : '';
  }

  /** A model file by its path (on the server, or on this machine in the desktop app). */
  async choosePath(path: string): Promise<boolean> {
    const p = path.trim();
    this.path = p;
    if (!p) return false;
    this.setModel({ path: p });
    return this.inspect();
  }

  /** A model file from this browser: uploaded in chunks, then read like any other. */
  async uploadFile(file: FileLike): Promise<boolean> {
    const token = ++this.#token;
    this.failure = null;
    this.uploading = { fileName: file.name, fraction: 0 };
    try {
      const uploadId = await uploadInChunks(
        this.caller,
        file,
        () => token === this.#token,
        (fraction) => (this.uploading = { fileName: file.name, fraction }),
      );
      if (uploadId === null || token !== this.#token) return false;
      this.path = '';
      this.setModel({ uploadId, fileName: file.name });
    } finally {
      if (token === this.#token) this.uploading = null;
    }
    return this.inspect();
  }

  /** Reads the file (in a worker) and fills the card's defaults from it, then from the card JSON. */
  async inspect(): Promise<boolean> {
    if (!this.model && this.path.trim()) this.setModel({ path: this.path.trim() });
    if (!this.model) return false;
    this.busy = true;
    this.failure = null;
    const r = await this.caller.call('model.validate', this.modelRef());
    this.busy = false;
    if (!r.ok) {
      this.failure = r.error.message;
      return false;
    }
    this.fileReport = r.value;
    if (!r.value.ok) {
      this.failure = r.value.errors.map((e) => e.message).join(' ');
      return false;
    }
    this.name = baseName(this.fileName);
    this.inputName = r.value.inputs[0]?.name ?? '';
    this.outputName = r.value.outputs.at(-1)?.name ?? '';
    this.provenance = `Imported from ${this.fileName}`;
    this.report = null;
    if (this.card) this.applyCard(this.card);
    this.step = 'card';
    return true;
  }

  /** A model-card JSON by its path. */
  async chooseCardPath(path: string): Promise<boolean> {
    const p = path.trim();
    this.cardPath = p;
    return p ? this.readCard({ path: p }) : false;
  }

  /** A model-card JSON from this browser (uploaded, read once, then removed by the server). */
  async uploadCard(file: FileLike): Promise<boolean> {
    const token = this.#token;
    this.cardUploading = { fileName: file.name, fraction: 0 };
    try {
      const uploadId = await uploadInChunks(
        this.caller,
        file,
        () => token === this.#token,
        (fraction) => (this.cardUploading = { fileName: file.name, fraction }),
      );
      if (uploadId === null || token !== this.#token) return false;
      this.cardPath = '';
      return await this.readCard({ uploadId });
    } finally {
      if (token === this.#token) this.cardUploading = null;
    }
  }

  private async readCard(file: FileRef): Promise<boolean> {
    const token = this.#token;
    this.failure = null;
    const r = await this.caller.call('model.readCard', { file });
    if (token !== this.#token) return false;
    if (!r.ok) {
      this.failure = r.error.message;
      return false;
    }
    this.card = r.value;
    // Before the model is read the card waits; inspect() applies it over the file's defaults.
    if (this.fileReport?.ok) this.applyCard(r.value);
    return true;
  }

  /** The card JSON's fields over the current ones; the user still reviews each before importing. */
  private applyCard(d: ModelCardDraft): void {
    const names = (list: { name: string }[] | undefined, name: string | undefined) =>
      name !== undefined && (list ?? []).some((x) => x.name === name) ? name : undefined;
    if (d.name) this.name = d.name;
    if (d.normalisation) this.normalisation = d.normalisation;
    if (d.genes) this.genesFrom = 'card';
    this.inputName = names(this.fileReport?.inputs, d.inputName) ?? this.inputName;
    this.outputName = names(this.fileReport?.outputs, d.outputName) ?? this.outputName;
    if (d.licence) this.licence = d.licence;
    if (d.provenance) this.provenance = d.provenance;
    if (d.training) this.training = d.training;
    if (d.kind) this.kind = d.kind;
    this.autoencoder = d.autoencoder ?? null;
    this.report = null;
  }

  /** Shape of the chosen input, e.g. "batch × 1000". */
  get inputShape(): string {
    const i = this.fileReport?.inputs.find((x) => x.name === this.inputName);
    return i ? i.shape.map((d) => d ?? '?').join(' × ') : '';
  }

  get genes(): ModelGenesSource | null {
    if (this.genesFrom === 'card')
      return this.card?.genes ? { source: 'list', genes: this.card.genes } : null;
    if (this.genesFrom === 'dataset')
      return this.genesDatasetId ? { source: 'dataset', datasetId: this.genesDatasetId } : null;
    return this.genesPath.trim() ? { source: 'file', path: this.genesPath.trim() } : null;
  }

  get cardErrors(): string[] {
    const e: string[] = [];
    if (!this.name.trim()) e.push('Name the model.');
    if (!this.genes) e.push('Give the gene list: a text file (one gene per line) or a dataset’s genes.');
    if (!this.licence.trim()) e.push('State the licence.');
    if (!this.provenance.trim()) e.push('Say where the model comes from.');
    if (!this.training.trim()) e.push('Describe how the model was trained.');
    return e;
  }

  /** The full check with the card: gene count, gene overlap, session load and a dummy inference. */
  async validate(): Promise<boolean> {
    const genes = this.genes;
    if (!genes) return false;
    if (!this.model) return false;
    const input: ModelValidateInput = {
      ...this.modelRef(),
      genes,
      ...(this.inputName ? { inputName: this.inputName } : {}),
      ...(this.overlapDatasetId ? { overlapDatasetId: this.overlapDatasetId } : {}),
    };
    this.busy = true;
    this.failure = null;
    const r = await this.caller.call('model.validate', input);
    this.busy = false;
    if (!r.ok) {
      this.failure = r.error.message;
      return false;
    }
    this.report = r.value;
    this.step = 'report';
    return r.value.ok;
  }

  private modelRef(): { path: string } | { uploadId: string } {
    const m = this.model!;
    return 'uploadId' in m ? { uploadId: m.uploadId } : { path: m.path };
  }

  spec(): ModelImportSpec | null {
    const genes = this.genes;
    if (!genes || !this.model || this.cardErrors.length > 0 || !this.report?.ok) return null;
    const parsed = ModelImportSpec.safeParse({
      kind: 'model.import',
      ...this.modelRef(),
      card: {
        name: this.name.trim(),
        normalisation: this.normalisation,
        genes,
        ...(this.inputName ? { inputName: this.inputName } : {}),
        ...(this.outputName ? { outputName: this.outputName } : {}),
        licence: this.licence.trim(),
        provenance: this.provenance.trim(),
        training: this.training.trim(),
        ...(this.kind ? { kind: this.kind } : {}),
        ...(this.autoencoder && this.kind !== 'other' ? { autoencoder: this.autoencoder } : {}),
      },
      ...(this.overlapDatasetId ? { overlapDatasetId: this.overlapDatasetId } : {}),
    });
    return parsed.success ? parsed.data : null;
  }

  async start(): Promise<boolean> {
    const spec = this.spec();
    if (!spec) return false;
    const jobId = await this.jobs.start(spec, `Import ${spec.card.name}`);
    if (jobId === null) return false;
    this.jobId = jobId;
    this.step = 'importing';
    return true;
  }

  /** Back from a failed import to the report, to fix the card. */
  back(): void {
    if (this.step === 'importing' || this.step === 'report') this.step = 'card';
  }
}
