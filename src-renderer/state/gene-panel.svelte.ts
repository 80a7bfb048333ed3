import type { GeneDrug } from '@shared/contracts/tables.ts';
import type { Caller } from './caller.ts';
import type { ProjectState } from './project.svelte.ts';

/** One gene's values across the samples of the dataset its network was learned from. */
export interface GeneExpression {
  datasetId: string;
  datasetName: string;
  /** By sample, null where the value is missing. */
  values: (number | null)[];
}

/** The gene's drugs in one of the project's drug–target tables. */
export interface GeneDrugs {
  tableId: string;
  tableName: string;
  /** False for tables without ACT_VALUE (the 2016 DrugCentral layout): no activity to show. */
  hasActivity: boolean;
  drugs: GeneDrug[];
}

/**
 * The gene panel's data fetched from the backend: the gene's expression profile and its drugs. Its
 * regulators and targets come from the graph on show (NetworkPageState.geneDetail), so they follow
 * edits and the threshold without a call. A newer `open` wins over an older one still loading.
 */
export class GenePanelState {
  gene = $state<string | null>(null);
  /** The dataset the shown network was learned from, or null (an imported network has none). */
  datasetId = $state<string | null>(null);
  expression = $state.raw<GeneExpression | null>(null);
  /** Which drug–target table to read (the project's first by default). */
  tableId = $state<string | null>(null);
  drugs = $state.raw<GeneDrugs | null>(null);
  loading = $state(false);
  #token = 0;

  constructor(
    private readonly caller: Caller,
    private readonly project: ProjectState,
  ) {}

  /** The project's drug–target tables the panel can read. */
  get tables() {
    return this.project.tables.filter((t) => t.kind === 'drug-targets');
  }

  /** Opens the panel on `gene`; `datasetId` is the dataset the network was learned from, if any. */
  async open(gene: string, datasetId: string | null): Promise<void> {
    const token = ++this.#token;
    this.gene = gene;
    this.datasetId = datasetId;
    this.tableId ??= this.tables[0]?.id ?? null;
    this.expression = null;
    this.drugs = null;
    this.loading = true;
    const [expression, drugs] = await Promise.all([this.#expression(gene, datasetId), this.#drugs(gene)]);
    if (token !== this.#token) return;
    this.expression = expression;
    this.drugs = drugs;
    this.loading = false;
  }

  /** Reads another drug–target table for the open gene. */
  async chooseTable(tableId: string): Promise<void> {
    this.tableId = tableId;
    const gene = this.gene;
    if (gene === null) return;
    const token = ++this.#token;
    const drugs = await this.#drugs(gene);
    if (token === this.#token) this.drugs = drugs;
  }

  close(): void {
    this.#token++;
    this.gene = null;
    this.expression = null;
    this.drugs = null;
    this.loading = false;
  }

  async #expression(gene: string, datasetId: string | null): Promise<GeneExpression | null> {
    if (datasetId === null) return null;
    const r = await this.caller.call('dataset.geneValues', { datasetId, genes: [gene] });
    if (!r.ok) return null;
    const datasetName = this.project.datasets.find((d) => d.id === datasetId)?.name ?? datasetId;
    return { datasetId, datasetName, values: r.value.values.map((column) => column[0] ?? null) };
  }

  async #drugs(gene: string): Promise<GeneDrugs | null> {
    const table = this.tables.find((t) => t.id === this.tableId);
    if (!table) return null;
    const r = await this.caller.call('tables.geneDrugs', { tableId: table.id, genes: [gene] });
    if (!r.ok) return null;
    return {
      tableId: table.id,
      tableName: table.name,
      hasActivity: r.value.hasActivity,
      drugs: r.value.drugs[0] ?? [],
    };
  }
}
