import {
  DRUGS_RANK_DEFAULTS,
  DrugsRankSpec,
  MAX_PERMUTATIONS,
  MAX_QUERY_SIZE,
  type DrugAggregation,
  type DrugScoreKind,
} from '@shared/contracts/drugs-rank.ts';
import type { DiseasePreview } from '@shared/domain/drug-ranking.ts';
import type { DatasetDescriptor } from '@shared/domain/project.ts';
import { DRUGS_TRANSPORT_METHODS } from '@shared/contracts/transport.ts';
import type { Caller } from './caller.ts';

export const RANK_STEPS = ['signatures', 'cells', 'score', 'significance'] as const;
export type RankStep = (typeof RANK_STEPS)[number];

/** What each score measures, in the words the wizard shows. */
export const SCORES: { id: DrugScoreKind; name: string; explain: string }[] = [
  {
    id: 'wtcs',
    name: 'Connectivity score (WTCS)',
    explain:
      'CMap’s score: takes the N most up- and N most down-regulated disease genes and asks whether the drug pushes the up genes to the bottom of its list and the down genes to the top. Robust to noise in the other genes.',
  },
  {
    id: 'cosine',
    name: 'Cosine similarity',
    explain:
      'Compares the whole drug signature with the mirror image of the disease signature, gene by gene; large changes weigh most. 1 = exact reversal.',
  },
  {
    id: 'pearson',
    name: 'Pearson correlation',
    explain:
      'Like cosine, but each signature is centred first, so an overall shift up or down does not count.',
  },
  {
    id: 'spearman',
    name: 'Spearman correlation',
    explain:
      'Correlation of gene ranks rather than values: insensitive to outliers and to the scale of each signature.',
  },
];

export const AGGREGATIONS: { id: DrugAggregation; name: string; explain: string }[] = [
  {
    id: 'best',
    name: 'Best signature',
    explain:
      'A drug scores as its best dose, time and cell type: “is there a condition in which it reverses the disease?”',
  },
  {
    id: 'mean',
    name: 'Mean over signatures',
    explain: 'The average over all its signatures: “does it reverse the disease consistently?”',
  },
];

const integer = (text: string, min: number, max: number): number | null => {
  const x = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(x) && x >= min && x <= max ? x : null;
};

/**
 * The "Rank drugs" wizard as a state machine: `next()` moves on only when the current step is valid, and
 * `spec()` is the job the last step starts.
 */
export class RankWizard {
  step = $state<RankStep>('signatures');
  diseaseId = $state('');
  diseaseColumn = $state('');
  diseaseColumns = $state<string[]>([]);
  collectionId = $state('');
  cellTypes = $state<string[]>([]);
  chosenCellTypes = $state<string[]>([]);
  score = $state<DrugScoreKind>(DRUGS_RANK_DEFAULTS.score);
  querySize = $state(String(DRUGS_RANK_DEFAULTS.querySize));
  aggregate = $state<DrugAggregation>(DRUGS_RANK_DEFAULTS.aggregate);
  permutations = $state(String(DRUGS_RANK_DEFAULTS.permutations));
  seed = $state(String(DRUGS_RANK_DEFAULTS.seed));
  /** Optional transport step: carry the chosen signatures to this cell type before scoring. */
  transportOn = $state(false);
  transportTarget = $state('');
  transportMethod = $state<(typeof DRUGS_TRANSPORT_METHODS)[number]>('additive');
  preview = $state.raw<DiseasePreview | null>(null);
  previewError = $state<string | null>(null);
  #previewToken = 0;

  constructor(
    private readonly caller: Caller,
    private readonly datasets: () => readonly DatasetDescriptor[],
  ) {
    const first = (kind: DatasetDescriptor['kind']): string =>
      this.datasets().find((d) => d.kind === kind)?.id ?? '';
    this.collectionId = first('drug-signatures');
    void this.setDisease(first('signature'));
  }

  get diseases(): DatasetDescriptor[] {
    return this.datasets().filter((d) => d.kind === 'signature');
  }

  get collections(): DatasetDescriptor[] {
    return this.datasets().filter((d) => d.kind === 'drug-signatures');
  }

  get stepIndex(): number {
    return RANK_STEPS.indexOf(this.step);
  }

  async setDisease(id: string): Promise<void> {
    this.diseaseId = id;
    this.diseaseColumns = [];
    this.diseaseColumn = '';
    this.preview = null;
    if (!id) return;
    // A signature's columns: its statistics (log2FC, p, FDR …); the first is the signature itself.
    const r = await this.caller.call('dataset.geneValues', { datasetId: id, genes: [] });
    if (!r.ok || this.diseaseId !== id) return;
    this.diseaseColumns = r.value.columns;
    this.diseaseColumn = r.value.columns[0] ?? '';
    await this.loadPreview();
  }

  async setCollection(id: string): Promise<void> {
    this.collectionId = id;
    await this.loadPreview();
  }

  /** The disease signature and the query sets, for the chosen collection and query size. */
  async loadPreview(): Promise<void> {
    const token = ++this.#previewToken;
    const querySize = integer(this.querySize, 5, MAX_QUERY_SIZE) ?? DRUGS_RANK_DEFAULTS.querySize;
    if (!this.diseaseId || !this.diseaseColumn || !this.collectionId) return;
    const r = await this.caller.api.call('drugs.preview', {
      diseaseDatasetId: this.diseaseId,
      column: this.diseaseColumn,
      collectionDatasetId: this.collectionId,
      querySize,
    });
    if (token !== this.#previewToken) return;
    this.preview = r.ok ? r.value : null;
    this.previewError = r.ok ? null : r.error.message;
  }

  /** Cell types of the collection's signatures (from its signature table); all chosen by default. */
  async loadCellTypes(): Promise<void> {
    const r = await this.caller.call('dataset.sampleColumns', { datasetId: this.collectionId });
    const column = r.ok
      ? r.value.find((c) => /^(cell_?type|cell_?id|cell_?line|cell)$/i.test(c.name))
      : undefined;
    this.cellTypes = column ? column.values.filter((v) => v !== '') : [];
    this.chosenCellTypes = [...this.cellTypes];
  }

  /**
   * Cell types the chosen signatures can be transported to: one they were measured in, with another chosen
   * cell type to carry drugs from. A cell type the collection never measured gives no method anything to
   * learn its difference from; "transporting" to it would only relabel the signatures.
   */
  get transportTargets(): string[] {
    return this.chosenCellTypes.length >= 2 ? this.chosenCellTypes : [];
  }

  toggleCellType(cell: string): void {
    this.chosenCellTypes = this.chosenCellTypes.includes(cell)
      ? this.chosenCellTypes.filter((c) => c !== cell)
      : [...this.chosenCellTypes, cell];
  }

  /** Why the current step cannot be left yet, or null. */
  get problem(): string | null {
    switch (this.step) {
      case 'signatures':
        if (!this.diseaseId) return 'Choose a disease signature.';
        if (!this.diseaseColumn) return 'Choose the column that holds the signature.';
        if (!this.collectionId) return 'Choose a drug-signature collection.';
        if (this.previewError) return this.previewError;
        if (this.preview && this.preview.shared < 10)
          return `Only ${this.preview.shared} genes are shared by the disease signature and the collection.`;
        return null;
      case 'cells':
        if (this.cellTypes.length > 0 && this.chosenCellTypes.length === 0)
          return 'Choose at least one cell type.';
        if (this.transportOn) {
          const targets = this.transportTargets;
          if (targets.length === 0)
            return 'Transport needs signatures from at least two cell types: choose more, or turn transport off.';
          const target = this.transportTarget.trim();
          if (target === '') return 'Choose the cell type to transport the signatures to.';
          if (!targets.includes(target))
            return `No chosen signature was measured in "${target}", so no method can learn how it differs: transport there would only relabel the signatures. Choose one of ${targets.join(', ')}.`;
        }
        return null;
      case 'score': {
        if (this.score !== 'wtcs') return null;
        const n = integer(this.querySize, 5, MAX_QUERY_SIZE);
        if (n === null) return `The query size is a whole number from 5 to ${MAX_QUERY_SIZE}.`;
        if (this.preview && 2 * n >= this.preview.shared)
          return `A query of ${n} + ${n} genes needs more than ${2 * n} shared genes; there are ${this.preview.shared}.`;
        return null;
      }
      case 'significance':
        if (integer(this.permutations, 0, MAX_PERMUTATIONS) === null)
          return `Permutations: a whole number from 0 to ${MAX_PERMUTATIONS}.`;
        if (integer(this.seed, 0, 2 ** 32 - 1) === null)
          return 'The seed is a whole number from 0 to 4294967295.';
        return null;
    }
  }

  async next(): Promise<boolean> {
    if (this.problem !== null) return false;
    const i = this.stepIndex;
    if (i >= RANK_STEPS.length - 1) return false;
    if (this.step === 'signatures') await this.loadCellTypes();
    this.step = RANK_STEPS[i + 1]!;
    if (this.step === 'score') void this.loadPreview();
    return true;
  }

  back(): void {
    const i = this.stepIndex;
    if (i > 0) this.step = RANK_STEPS[i - 1]!;
  }

  /** The job to start, or null while some step is invalid. */
  spec(): DrugsRankSpec | null {
    const all = this.cellTypes.length === 0 || this.chosenCellTypes.length === this.cellTypes.length;
    const parsed = DrugsRankSpec.safeParse({
      kind: 'drugs.rank',
      diseaseDatasetId: this.diseaseId,
      diseaseColumn: this.diseaseColumn,
      collectionDatasetId: this.collectionId,
      ...(all ? {} : { cellTypes: [...this.chosenCellTypes].sort() }),
      score: this.score,
      querySize:
        integer(this.querySize, 5, MAX_QUERY_SIZE) ??
        (this.score === 'wtcs' ? -1 : DRUGS_RANK_DEFAULTS.querySize),
      aggregate: this.aggregate,
      permutations: integer(this.permutations, 0, MAX_PERMUTATIONS) ?? -1,
      seed: integer(this.seed, 0, 2 ** 32 - 1) ?? -1,
      ...(this.transportOn
        ? { transport: { targetCellType: this.transportTarget.trim(), method: this.transportMethod } }
        : {}),
    });
    return parsed.success ? parsed.data : null;
  }
}
