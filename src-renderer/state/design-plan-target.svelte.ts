import type {
  DesignTarget,
  TargetAcquisition,
  TargetPlanResult,
  TargetRound,
} from '@shared/contracts/design.ts';
import type { DatasetDescriptor } from '@shared/domain/project.ts';
import type { MethodOutput } from '@shared/contracts/api.ts';
import type { Caller } from './caller.ts';
import { formatCount } from '../lib/format.ts';
import { parseGeneList } from './design-plan-genes.ts';

/**
 * The goal "reach a target state" of the design panel (issue 14 §2–3): where the target comes from (a
 * disease signature to reverse, a state observed in another condition of the network's dataset, or
 * levels typed per gene), the acquisition, and the data its result
 * view draws (the proposed shift per round, the predicted change per target gene, the simulation of the
 * plan against random shifts). The spec itself is built in design-plan.svelte.ts, as the CLI's
 * `causeway design --goal target` builds it.
 */

export type TargetSource = 'signature' | 'condition' | 'typed';
type SampleColumns = MethodOutput<'dataset.sampleColumns'>;

/** A sample column that probably names the condition, offered first. */
const CONDITION_LIKE = /condition|treatment|perturbation|group|disease|state/i;

/** What each acquisition does, one line each (Zhang et al., Nat. Mach. Intell. 2023). */
export const ACQUISITION_HELP: Record<TargetAcquisition, string> = {
  civ: 'Causal integrated variance: the shift whose outcome most shrinks the model’s uncertainty near the target (the paper’s choice).',
  greedy: 'The shift the current model predicts lands closest to the target (no exploration).',
  maxv: 'The shift whose outcome the model is least sure of (exploration only).',
  random: 'A random feasible shift (the baseline the others should beat).',
};

/**
 * Gene–value lines (tab, comma or spaces), as `causeway design --target` reads its file: `#` starts a
 * comment, a first line whose value is not a number is a header. Returns the genes (a repeated gene: its
 * last value) or the first line that cannot be read.
 */
export function parseTargetState(text: string): {
  genes: { gene: string; value: number }[];
  error: string | null;
} {
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local, never read by the UI
  const byGene = new Map<string, number>();
  let first = true;
  const lines = text.split(/\r?\n/);
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!.replace(/#.*/, '').trim();
    if (!line) continue;
    const [gene, raw, ...rest] = line.split(/[\t,]|\s+/).filter((x) => x !== '');
    const value = Number(raw);
    if (gene && raw !== undefined && rest.length === 0 && Number.isFinite(value)) byGene.set(gene, value);
    else if (!first || raw === undefined)
      return { genes: [], error: `Line ${k + 1} is not “gene value”: ${line.slice(0, 60)}` };
    first = false;
  }
  return { genes: [...byGene].map(([gene, value]) => ({ gene, value })), error: null };
}

export class TargetForm {
  source = $state<TargetSource>('signature');
  signatureId = $state('');
  signatureColumns = $state<string[]>([]);
  signatureColumn = $state('');
  /** The genes whose signature is reversed (empty: every gene of the network the signature has). */
  genesText = $state('');
  /** Typed target levels, "gene value" per line. */
  stateText = $state('');
  /** A condition of the network's dataset: the sample columns (two values or more), the chosen one. */
  conditionColumns = $state.raw<SampleColumns>([]);
  conditionColumn = $state('');
  conditionValue = $state('');
  /** The dataset whose columns are listed (null: none read yet). */
  #conditionsOf: string | null = null;
  acquisition = $state<TargetAcquisition>('civ');
  /** Why the last target could not be read (e.g. no listed gene has a signature value). */
  problem = $state<string | null>(null);

  genes = $derived(parseGeneList(this.genesText));
  typed = $derived(parseTargetState(this.stateText));

  constructor(
    private readonly caller: Caller,
    private readonly datasets: () => readonly DatasetDescriptor[],
    /** The expression dataset the plan fits (the discovery run's); its samples give the conditions. */
    private readonly expression: () => string | null = () => null,
  ) {}

  /** The values of the chosen condition column (empty values, i.e. unannotated samples, left out). */
  get conditionValues(): string[] {
    return this.#column?.values.filter(Boolean) ?? [];
  }

  /** Whether the table listed every value of the column (it lists 50 at most): else one is typed. */
  get conditionValuesComplete(): boolean {
    const c = this.#column;
    return !c || c.values.length >= c.nDistinct;
  }

  get #column(): SampleColumns[number] | undefined {
    return this.conditionColumns.find((c) => c.name === this.conditionColumn);
  }

  get signatures(): DatasetDescriptor[] {
    return this.datasets().filter((d) => d.kind === 'signature');
  }

  /** Problems that keep a target plan from starting. */
  get errors(): string[] {
    if (this.source === 'typed') {
      if (this.typed.error) return [this.typed.error];
      return this.typed.genes.length === 0 ? ['Type the target state: one “gene value” per line.'] : [];
    }
    if (this.source === 'condition') {
      if (this.conditionColumns.length === 0)
        return [
          'The network’s dataset has no sample column with two values or more: import it with a sample sheet.',
        ];
      if (!this.conditionColumn || !this.conditionValue.trim())
        return ['Choose the sample column and the condition whose state to reach.'];
      return [];
    }
    if (!this.signatures.some((d) => d.id === this.signatureId) || !this.signatureColumn)
      return ['Choose the disease signature and its column (or type the target state).'];
    return [];
  }

  /** The signature and its columns (the first is taken, as the Targets page takes the fold change). */
  async setSignature(id: string): Promise<void> {
    this.signatureId = id;
    this.signatureColumns = [];
    this.signatureColumn = '';
    if (!id) return;
    const r = await this.caller.call('dataset.geneValues', { datasetId: id, genes: [] });
    if (!r.ok || this.signatureId !== id) return;
    this.signatureColumns = r.value.columns;
    this.signatureColumn = r.value.columns[0] ?? '';
  }

  /** Picks the first signature of the project, if none is chosen yet, and lists the dataset's conditions. */
  async init(): Promise<void> {
    const dataset = this.expression();
    await Promise.all([
      !this.signatureId && this.signatures[0] ? this.setSignature(this.signatures[0].id) : null,
      dataset && dataset !== this.#conditionsOf ? this.loadConditions(dataset) : null,
    ]);
  }

  /**
   * The sample columns of the network's dataset that split its samples (two values or more). The first
   * offered is one whose name says condition (treatment, group…), else the first; its first value.
   */
  async loadConditions(datasetId: string): Promise<void> {
    this.#conditionsOf = datasetId;
    const r = await this.caller.call('dataset.sampleColumns', { datasetId });
    if (!r.ok || this.#conditionsOf !== datasetId) return;
    this.conditionColumns = r.value.filter((c) => c.nDistinct >= 2);
    const first = this.conditionColumns.find((c) => CONDITION_LIKE.test(c.name)) ?? this.conditionColumns[0];
    this.setConditionColumn(first?.name ?? '');
  }

  setConditionColumn(name: string): void {
    this.conditionColumn = name;
    this.conditionValue = this.conditionValues[0] ?? '';
  }

  /**
   * The target state of the spec: typed levels (kind state), or the signature's values on the listed
   * genes, else on the network's genes (kind reverse). Null, with `problem` set, when there is none.
   */
  async resolve(networkGenes: readonly string[]): Promise<DesignTarget | null> {
    this.problem = null;
    if (this.errors.length > 0) return null;
    if (this.source === 'typed') return { kind: 'state', genes: this.typed.genes };
    if (this.source === 'condition')
      return {
        kind: 'condition',
        column: this.conditionColumn,
        value: this.conditionValue.trim(),
        ...(this.genes.length > 0 ? { genes: this.genes.slice(0, 10_000) } : {}),
      };
    const genes = this.genes.length > 0 ? this.genes : [...networkGenes];
    const r = await this.caller.call('dataset.geneValues', { datasetId: this.signatureId, genes });
    if (!r.ok) return null;
    // values[column][gene], as dataset.geneValues returns them (one row per signature column).
    const column = r.value.values[r.value.columns.indexOf(this.signatureColumn)] ?? [];
    const out = genes.flatMap((gene, i) => {
      const v = column[i];
      return typeof v === 'number' && Number.isFinite(v) ? [{ gene, value: v }] : [];
    });
    if (out.length === 0) {
      this.problem = `The signature has no “${this.signatureColumn}” value for ${this.genes.length > 0 ? 'the listed genes' : 'any gene of the network'}.`;
      return null;
    }
    return { kind: 'reverse', genes: out.slice(0, 10_000) };
  }
}

// ---------------------------------------------------------------- result view data

const count = (n: number, word: string): string => `${formatCount(n)} ${n === 1 ? word : `${word}s`}`;

/** The plan in one paragraph: the target and where it came from, the model, and the distance now. */
export function targetSummary(doc: TargetPlanResult): string {
  const c = doc.target.condition;
  const what =
    doc.target.kind === 'reverse'
      ? 'reversing the signature'
      : c
        ? `the state of ${c.column} = ${c.value} (the mean of its ${count(c.samples, 'sample')}, left out of the fit)`
        : 'the typed state';
  return (
    `${count(doc.plan.length, 'round')} of ${doc.acquisition.toUpperCase()} shifts toward ${what} on ` +
    `${count(doc.target.genes, 'gene')}, modelled on ${count(doc.genes, 'gene')} (${count(doc.arcs, 'arc')}, ` +
    `${count(doc.cells, 'cell')}${c ? ' fitted' : ''}, ${count(doc.dags, 'DAG')}). ` +
    `Distance to the target now ${doc.startDistance.toFixed(2)} SD (best shift ${doc.startBestDistance.toFixed(2)} SD).`
  );
}

/** A round's shift in words: "GATA1 ↑ 0.52, TAL1 ↓ 0.10" (data units), largest first, at most `max`. */
export function describeShift(shift: TargetRound['shift'], max = 3): string {
  if (shift.length === 0) return 'no shift';
  const words = shift
    .slice(0, max)
    .map((s) => `${s.gene} ${s.value >= 0 ? '↑' : '↓'} ${Math.abs(s.value).toFixed(2)}`);
  return shift.length > max ? `${words.join(', ')}, +${shift.length - max} more` : words.join(', ');
}

export interface Series {
  label: string;
  points: { x: number; y: number }[];
}

/** The simulation view: the true distance to the target after 0…rounds rounds, the plan vs random. */
export function simulationSeries(doc: TargetPlanResult): Series[] {
  const pts = (ys: readonly number[]) => ys.map((y, x) => ({ x, y }));
  return [
    { label: `Plan (${doc.acquisition.toUpperCase()})`, points: pts(doc.simulation.planned) },
    { label: 'Random shifts', points: pts(doc.simulation.random) },
  ];
}
