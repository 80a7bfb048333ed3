import type { MethodOutput } from '@shared/contracts/api.ts';
import type { FileRef } from '@shared/contracts/data-import.ts';
import { GIM_DEFAULTS, GIM_HELP } from '@shared/contracts/gim.ts';
import type { DatasetDescriptor, RunRecord } from '@shared/domain/project.ts';
import type { Caller } from './caller.ts';
import { uploadInChunks, type FileLike } from './import-wizard-steps.ts';

type SampleColumns = MethodOutput<'dataset.sampleColumns'>;

export const integer = (text: string, min: number, max: number): number | null => {
  const x = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(x) && x >= min && x <= max ? x : null;
};

/** What the two network choices mean, in the words the page and the CLI share (GIM_HELP). */
export const NETWORK_MEANING = { learn: GIM_HELP.networkLearned, run: GIM_HELP.networkRun } as const;

export const GENES_MEANING = `${GIM_HELP.genes} Type a number N for the N most variable genes, or gene names separated by commas or spaces.`;

const newestFirst = (a: RunRecord, b: RunRecord): number => b.createdAt.localeCompare(a.createdAt);

/** The data fields gim.train and gim.validate share, as their specs name them. */
export interface GimDataSpecFields {
  datasetId: string;
  contextColumn: string;
  observationalLabel: string;
  features: FileRef;
  genes?: number;
  geneList?: string[];
  networkRunId?: string;
  epochs: number;
  seed: number;
}

/**
 * The data half of the Predict-perturbation page, shared by training and validation: which dataset, which
 * sample column names each cell's perturbation context (and which value marks observational cells), the
 * feature table (a file, as the import wizard's sample sheet is), the genes, the network, seed and epochs.
 */
export class GimDataForm {
  datasetId = $state('');
  columns = $state.raw<SampleColumns>([]);
  contextColumn = $state('');
  observationalLabel = $state<string>(GIM_DEFAULTS.observationalLabel);
  /** The feature table: a path the backend opens, or the name of a browser file uploaded per job. */
  featuresPath = $state('');
  #uploadName = $state('');
  uploading = $state<{ fileName: string; fraction: number } | null>(null);
  genes = $state('');
  /** '' = learn the graph jointly; otherwise a network.discover run's id. */
  networkRunId = $state('');
  seed = $state(String(GIM_DEFAULTS.seed));
  epochs = $state(String(GIM_DEFAULTS.epochs));
  #file: FileLike | null = null;

  constructor(
    private readonly caller: Caller,
    private readonly datasets: () => readonly DatasetDescriptor[],
    private readonly runs: () => readonly RunRecord[],
  ) {}

  /** Expression datasets with a sample table: only those can name each cell's context. */
  get candidates(): DatasetDescriptor[] {
    return this.datasets().filter((d) => d.kind === 'expression' && d.samplesFile !== undefined);
  }

  get networks(): RunRecord[] {
    return this.runs()
      .filter((r) => r.kind === 'network.discover')
      .sort(newestFirst);
  }

  /** The values of the chosen context column (the observational label among them). */
  get contexts(): string[] {
    return this.columns.find((c) => c.name === this.contextColumn)?.values ?? [];
  }

  get perturbationContexts(): string[] {
    return this.contexts.filter((v) => v !== '' && v !== this.observationalLabel);
  }

  async chooseDataset(id: string): Promise<void> {
    this.datasetId = id;
    this.columns = [];
    const r = await this.caller.call('dataset.sampleColumns', { datasetId: id });
    if (!r.ok || this.datasetId !== id) return;
    // A context column has at least two values: observational cells and one perturbation.
    this.columns = r.value.filter((c) => c.nDistinct >= 2);
    const guess = this.columns.find((c) => /^(context|perturbation|condition|treatment)$/i.test(c.name));
    this.chooseContextColumn(guess?.name ?? this.columns[0]?.name ?? '');
  }

  chooseContextColumn(name: string): void {
    this.contextColumn = name;
    const values = this.contexts;
    if (!values.includes(this.observationalLabel))
      this.observationalLabel =
        values.find((v) => /^(obs|observational|control|ctrl|untreated|dmso)$/i.test(v)) ??
        GIM_DEFAULTS.observationalLabel;
  }

  /** The feature table's file name, as the page shows it. */
  get featuresFileName(): string {
    const path = this.featuresPath.trim();
    return path ? (path.split(/[\\/]/).at(-1) ?? path) : this.#uploadName;
  }

  chooseFeaturesPath(path: string): void {
    this.featuresPath = path.trim();
    this.#file = null;
    this.#uploadName = '';
  }

  /** A browser file with no path of its own: uploaded afresh for each job, since a job consumes its upload. */
  chooseFeaturesFile(file: FileLike): void {
    this.#file = file;
    this.featuresPath = '';
    this.#uploadName = file.name;
  }

  async open(): Promise<void> {
    if (!this.datasetId && this.candidates[0]) await this.chooseDataset(this.candidates[0].id);
  }

  /** Every problem with the inputs, each naming the field it is about. */
  get errors(): string[] {
    const e: string[] = [];
    if (!this.datasetId)
      e.push('Dataset: choose an expression dataset with a sample table (Data → Import data…).');
    else if (!this.contextColumn)
      e.push('Context column: the dataset has no sample column with two or more values.');
    else if (this.perturbationContexts.length < 2)
      e.push(
        `Context column: “${this.contextColumn}” has ${this.perturbationContexts.length} perturbation context${this.perturbationContexts.length === 1 ? '' : 's'} besides “${this.observationalLabel}”; the model needs at least two.`,
      );
    if (!this.featuresPath.trim() && !this.#file)
      e.push(
        'Feature table: give the path of a CSV/TSV with one row per perturbation context, or upload one.',
      );
    const g = this.genes.trim();
    if (g !== '' && /^\d+$/.test(g) && integer(g, 2, 500) === null)
      e.push('Genes: a number from 2 to 500, gene names, or blank.');
    else if (g !== '' && !/^\d+$/.test(g) && this.geneList().length < 2)
      e.push('Genes: name at least two genes, or leave blank.');
    if (integer(this.epochs, 1, 20_000) === null) e.push('Epochs: a whole number from 1 to 20000.');
    if (integer(this.seed, 0, 2 ** 32 - 1) === null) e.push('Seed: a whole number from 0 to 4294967295.');
    return e;
  }

  geneList(): string[] {
    return this.genes
      .split(/[\s,;]+/)
      .map((x) => x.trim())
      .filter((x) => x !== '');
  }

  /** The shared spec fields with the feature table as it will be read (uploading a browser file now). */
  async fields(): Promise<GimDataSpecFields | null> {
    if (this.errors.length > 0) return null;
    let features: FileRef;
    if (!this.featuresPath.trim() && this.#file) {
      const file = this.#file;
      this.uploading = { fileName: file.name, fraction: 0 };
      const uploadId = await uploadInChunks(
        this.caller,
        file,
        () => this.#file === file,
        (fraction) => (this.uploading = { fileName: file.name, fraction }),
      );
      this.uploading = null;
      if (uploadId === null) return null;
      features = { uploadId };
    } else features = { path: this.featuresPath.trim() };
    const g = this.genes.trim();
    return {
      datasetId: this.datasetId,
      contextColumn: this.contextColumn,
      observationalLabel: this.observationalLabel,
      features,
      ...(/^\d+$/.test(g) ? { genes: Number(g) } : g !== '' ? { geneList: this.geneList() } : {}),
      ...(this.networkRunId ? { networkRunId: this.networkRunId } : {}),
      epochs: integer(this.epochs, 1, 20_000)!,
      seed: integer(this.seed, 0, 2 ** 32 - 1)!,
    };
  }

  reset(): void {
    this.datasetId = '';
    this.columns = [];
    this.networkRunId = '';
  }
}
