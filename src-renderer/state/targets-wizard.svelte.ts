import {
  TARGETS_DEFAULTS,
  TargetsSteinerSpec,
  TargetsSweepSpec,
  type PrizePreview,
  type PrizeSource,
} from '@shared/contracts/targets.ts';
import type { DatasetDescriptor, NetworkDescriptor } from '@shared/domain/project.ts';
import type { Caller } from './caller.ts';

/**
 * The first half of the Targets journey as a state machine: which disease genes carry prizes (a
 * signature and its cuts), then which interactome and which Steiner parameters. `next()` leaves a step
 * only when it is valid; `steinerInput()` is what the Steiner (and sweep) job is built from.
 */
export const TARGETS_STEPS = ['signature', 'interactome', 'review'] as const;
export type TargetsStep = (typeof TARGETS_STEPS)[number];

/** A grid around the paper's setting (w = 1.4, b = 40, g = 0): w from cheap to dear trees, b from weak to strong prizes. */
export const DEFAULT_SWEEP = {
  ws: TARGETS_DEFAULTS.sweep.ws.join(', '),
  bs: TARGETS_DEFAULTS.sweep.bs.join(', '),
  gs: TARGETS_DEFAULTS.sweep.gs.join(', '),
} as const;

const FDR_COLUMN = /^(fdr|padj|p_?adj|q_?val(ue)?|adj_?p(_?val(ue)?)?)$/i;

export const number = (text: string, min: number, max: number): number | null => {
  const x = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(x) && x >= min && x <= max ? x : null;
};
export const integer = (text: string, min: number, max: number): number | null => {
  const x = number(text, min, max);
  return x !== null && Number.isInteger(x) ? x : null;
};
/** A list of numbers from "0.6, 1, 1.4": null when any entry is not a number in range or the list is empty. */
export function numberList(text: string, min: number, max: number, maxLength = 20): number[] | null {
  const parts = text.split(/[\s,;]+/).filter((x) => x !== '');
  if (parts.length === 0 || parts.length > maxLength) return null;
  const out = parts.map((p) => number(p, min, max));
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local, never read reactively
  return out.every((x) => x !== null) ? [...new Set(out as number[])].sort((a, b) => a - b) : null;
}

export class TargetsWizard {
  step = $state<TargetsStep>('signature');
  signatureId = $state('');
  columns = $state<string[]>([]);
  column = $state('');
  fdrColumn = $state<string | null>(null);
  maxFdr = $state('0.05');
  minAbsLog2FC = $state('1');
  sameDirection = $state(false);
  secondId = $state('');
  secondColumns = $state<string[]>([]);
  secondColumn = $state('');
  networkId = $state('');
  w = $state(String(TARGETS_DEFAULTS.w));
  b = $state(String(TARGETS_DEFAULTS.b));
  g = $state(String(TARGETS_DEFAULTS.g));
  /** Noisy-edge reruns (OmicsIntegrator2's robustness); off: one noiseless solve, as the paper's network. */
  robust = $state(false);
  noise = $state(String(TARGETS_DEFAULTS.noise));
  runs = $state(String(TARGETS_DEFAULTS.runs));
  /** Random-terminal reruns (OmicsIntegrator2's specificity). */
  specific = $state(false);
  specificRuns = $state(String(TARGETS_DEFAULTS.runs));
  seed = $state(String(TARGETS_DEFAULTS.seed));
  preview = $state.raw<PrizePreview | null>(null);
  previewError = $state<string | null>(null);
  #previewToken = 0;
  sweepWs = $state<string>(DEFAULT_SWEEP.ws);
  sweepBs = $state<string>(DEFAULT_SWEEP.bs);
  sweepGs = $state<string>(DEFAULT_SWEEP.gs);
  /** Set once the user tried to leave a step, so errors show only after an attempt. */
  attempted = $state(false);

  index = $derived(TARGETS_STEPS.indexOf(this.step));
  errors = $derived(this.errorsFor(this.step));

  constructor(
    private readonly caller: Caller,
    private readonly datasets: () => readonly DatasetDescriptor[],
    private readonly networks: () => readonly NetworkDescriptor[],
  ) {
    // The largest network is the interactome most likely meant (a Steiner subnetwork is smaller).
    const nets = [...networks()].sort((a, b) => b.nEdges - a.nEdges);
    this.networkId = nets[0]?.id ?? '';
  }

  get signatures(): DatasetDescriptor[] {
    return this.datasets().filter((d) => d.kind === 'signature');
  }

  get network(): NetworkDescriptor | undefined {
    return this.networks().find((n) => n.id === this.networkId);
  }

  /** Loads the first signature's columns; call once after construction. */
  async init(): Promise<void> {
    const first = this.signatures[0];
    if (first) await this.setSignature(first.id);
  }

  async #columnsOf(datasetId: string): Promise<string[]> {
    const r = await this.caller.call('dataset.geneValues', { datasetId, genes: [] });
    return r.ok ? r.value.columns : [];
  }

  /** A signature's columns: its statistics (log2FC, FDR …); the first is taken as the fold change. */
  async setSignature(id: string): Promise<void> {
    this.signatureId = id;
    this.columns = [];
    this.column = '';
    this.fdrColumn = null;
    if (!id) return;
    const columns = await this.#columnsOf(id);
    if (this.signatureId !== id) return;
    this.columns = columns;
    this.column = columns.find((c) => !FDR_COLUMN.test(c)) ?? columns[0] ?? '';
    this.fdrColumn = columns.find((c) => FDR_COLUMN.test(c)) ?? null;
  }

  async setSecond(id: string): Promise<void> {
    this.secondId = id;
    this.secondColumns = [];
    this.secondColumn = '';
    if (!id) return;
    const columns = await this.#columnsOf(id);
    if (this.secondId !== id) return;
    this.secondColumns = columns;
    this.secondColumn = columns.find((c) => !FDR_COLUMN.test(c)) ?? columns[0] ?? '';
  }

  /** Why a step cannot be left yet; empty when it can. */
  errorsFor(step: TargetsStep): string[] {
    const e: string[] = [];
    switch (step) {
      case 'signature':
        if (!this.signatures.some((d) => d.id === this.signatureId)) e.push('Choose a disease signature.');
        else if (!this.column) e.push('Choose the column holding the log2 fold change.');
        if (this.fdrColumn !== null && !((number(this.maxFdr, 0, 1) ?? 0) > 0))
          e.push('The FDR cut is a number above 0 and at most 1 (e.g. 0.05).');
        if (number(this.minAbsLog2FC, 0, 100) === null)
          e.push('The |log2FC| cut is a number ≥ 0 (e.g. 1, a two-fold change).');
        if (this.sameDirection) {
          if (!this.signatures.some((d) => d.id === this.secondId))
            e.push('Choose the second signature the genes must move alike in.');
          else if (this.secondId === this.signatureId)
            e.push('The second signature must differ from the disease signature.');
          else if (!this.secondColumn) e.push('Choose the second signature’s fold-change column.');
        }
        break;
      case 'interactome':
        if (!this.network) e.push('Choose the interactome (a protein–protein interaction network).');
        if (number(this.w, 0, 1e6) === null) e.push('w is a number ≥ 0 (the paper: 1.4).');
        if (number(this.b, 0, 1e9) === null) e.push('b is a number ≥ 0 (the paper: 40).');
        if (number(this.g, -20, 20) === null)
          e.push('g is a number from −20 to 20 (the paper: 0, no hub penalty).');
        if (this.robust) {
          if (!((number(this.noise, 0, 100) ?? 0) > 0))
            e.push('The edge noise is a number above 0 (e.g. 0.1).');
          if (integer(this.runs, 1, 10_000) === null)
            e.push('Robustness runs: a whole number from 1 to 10,000.');
        }
        if (this.specific && integer(this.specificRuns, 1, 10_000) === null)
          e.push('Specificity runs: a whole number from 1 to 10,000.');
        if (this.preview && this.preview.terminals === 0)
          e.push('No prize gene is in this interactome: loosen the cuts or choose another network.');
        if (integer(this.seed, 0, 2 ** 32 - 1) === null) e.push('The seed is a whole number ≥ 0.');
        break;
      case 'review':
        for (const s of TARGETS_STEPS.slice(0, -1)) e.push(...this.errorsFor(s));
        break;
    }
    return e;
  }

  /** Why the sweep grid cannot run; null when it can. */
  get sweepProblem(): string | null {
    const ws = numberList(this.sweepWs, 0, 1e6);
    const bs = numberList(this.sweepBs, 0, 1e9);
    const gs = numberList(this.sweepGs, -20, 20, 10);
    if (!ws) return 'The w values are 1–20 numbers ≥ 0, separated by commas.';
    if (!bs) return 'The b values are 1–20 numbers ≥ 0, separated by commas.';
    if (!gs) return 'The g values are 1–10 numbers from −20 to 20, separated by commas.';
    if (ws.length * bs.length * gs.length > 2_500) return 'At most 2,500 settings in one sweep.';
    if (this.errorsFor('signature').length > 0) return 'Choose the disease signature first.';
    if (!this.network) return 'Choose the interactome first.';
    return null;
  }

  /** The prizes as the jobs take them (valid once the signature step is). */
  prizes(): PrizeSource {
    const fdr = this.fdrColumn !== null ? { fdrColumn: this.fdrColumn, maxFdr: Number(this.maxFdr) } : {};
    return {
      from: 'signature',
      datasetId: this.signatureId,
      column: this.column,
      ...fdr,
      minAbsLog2FC: Number(this.minAbsLog2FC),
      ...(this.sameDirection
        ? { sameDirectionAs: { datasetId: this.secondId, column: this.secondColumn } }
        : {}),
    };
  }

  /** How many genes the cuts keep and how many of them the interactome has; shown before any job runs. */
  async loadPreview(): Promise<void> {
    const token = ++this.#previewToken;
    if (this.errorsFor('signature').length > 0 || !this.network) {
      this.preview = null;
      return;
    }
    const r = await this.caller.api.call('targets.prizePreview', {
      interactome: { networkId: this.networkId },
      prizes: this.prizes(),
    });
    if (token !== this.#previewToken) return;
    this.preview = r.ok ? r.value : null;
    this.previewError = r.ok ? null : r.error.message;
  }

  sweepSpec(): TargetsSweepSpec | null {
    if (this.sweepProblem !== null) return null;
    const parsed = TargetsSweepSpec.safeParse({
      kind: 'targets.sweep',
      interactome: { networkId: this.networkId },
      prizes: this.prizes(),
      ws: numberList(this.sweepWs, 0, 1e6),
      bs: numberList(this.sweepBs, 0, 1e9),
      gs: numberList(this.sweepGs, -20, 20, 10),
    });
    return parsed.success ? parsed.data : null;
  }

  /** Takes a setting picked in the sweep's small multiples. */
  pick(setting: { w: number; b: number; g: number }): void {
    this.w = String(setting.w);
    this.b = String(setting.b);
    this.g = String(setting.g);
  }

  next(): boolean {
    this.attempted = true;
    if (this.errors.length > 0 || this.index >= TARGETS_STEPS.length - 1) return false;
    this.step = TARGETS_STEPS[this.index + 1]!;
    this.attempted = false;
    if (this.step === 'interactome') void this.loadPreview();
    return true;
  }

  back(): void {
    if (this.index > 0) this.step = TARGETS_STEPS[this.index - 1]!;
    this.attempted = false;
  }

  goTo(step: TargetsStep): void {
    if (TARGETS_STEPS.indexOf(step) <= this.index) this.step = step;
  }

  /** The Steiner job; throws with every problem when a step is invalid. */
  steinerSpec(): TargetsSteinerSpec {
    const problems = this.errorsFor('review');
    if (problems.length > 0) throw new Error(problems.join(' '));
    const seed = Number(this.seed);
    return TargetsSteinerSpec.parse({
      kind: 'targets.steiner',
      interactome: { networkId: this.networkId },
      prizes: this.prizes(),
      w: Number(this.w),
      b: Number(this.b),
      g: Number(this.g),
      pruning: 'strong',
      ...(this.robust ? { robustness: { runs: Number(this.runs), noise: Number(this.noise), seed } } : {}),
      ...(this.specific ? { specificity: { runs: Number(this.specificRuns), seed } } : {}),
    });
  }
}
