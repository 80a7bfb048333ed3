import type { JobRecord, JobSpec, NetworkDiscoverSpec } from '@shared/contracts/jobs.ts';
import {
  SteinerResult,
  SteinerSweepResult,
  TARGETS_DEFAULTS,
  TargetRankingResult,
  TargetsRankSpec,
  type SweepPoint,
  type TargetsExportFormat,
} from '@shared/contracts/targets.ts';
import type { RunRecord } from '@shared/domain/project.ts';
import type { Caller } from './caller.ts';
import type { JobsState } from './jobs.svelte.ts';
import type { ProjectState } from './project.svelte.ts';
import { integer, number, numberList, TargetsWizard } from './targets-wizard.svelte.ts';
import type { ToastState } from './toasts.svelte.ts';

/** The stability-selection α grid of Belyaeva et al. 2021 (the Network page's default too). */
export const PAPER_ALPHAS = '0.0001, 0.001, 0.01, 0.1, 0.2, 0.3';

type TargetsJob = 'sweep' | 'steiner' | 'discover' | 'rank';
export type SaveFile = (fileName: string, content: Blob, mime: string) => void;

const newestFirst = (a: RunRecord, b: RunRecord) => b.createdAt.localeCompare(a.createdAt);

/**
 * The Targets page: from a disease signature to ranked drug targets, each step a job whose result is a
 * project run that can be reopened. Steps: the wizard (prizes, interactome, optional sweep) → Steiner
 * subnetwork → causal network on its genes (network.discover) → ranked targets (targets.rank).
 */
export class TargetsPageState {
  wizard = $state.raw<TargetsWizard | null>(null);
  sweep = $state.raw<SweepPoint[] | null>(null);
  steinerRunId = $state<string | null>(null);
  steiner = $state.raw<SteinerResult | null>(null);
  /** The causal step's settings (Belyaeva et al. 2021: GSP, stability selection, 100 subsamples). */
  subsamples = $state('100');
  alphas = $state(PAPER_ALPHAS);
  threshold = $state('0.3');
  /** GSP search depth (Belyaeva et al. 2021 used 5). */
  depth = $state('5');
  discoverSeed = $state('0');
  discoverRunId = $state<string | null>(null);
  /** The ranking's settings. */
  drugTableId = $state('');
  minAffinity = $state(String(TARGETS_DEFAULTS.minAffinity));
  diseaseGenesFrom = $state<'steinerTerminals' | 'signature'>('steinerTerminals');
  drugRankRunId = $state('');
  rankSeed = $state(String(TARGETS_DEFAULTS.seed));
  rankRunId = $state<string | null>(null);
  ranking = $state.raw<TargetRankingResult | null>(null);
  selectedGene = $state<string | null>(null);
  exporting = $state<TargetsExportFormat | null>(null);
  loading = $state(false);
  /** Jobs started here, by kind: their results open by themselves. */
  #started = $state<Record<string, TargetsJob>>({});
  #token = 0;

  selectedRow = $derived(this.ranking?.rows.find((r) => r.gene === this.selectedGene) ?? null);

  constructor(
    private readonly caller: Caller,
    private readonly project: ProjectState,
    private readonly jobs: JobsState,
    private readonly toasts: ToastState,
  ) {}

  subscribe(): () => void {
    return this.jobs.onFinished((job) => this.#jobFinished(job));
  }

  get steinerRuns(): RunRecord[] {
    return this.project.runs.filter((r) => r.kind === 'targets.steiner').sort(newestFirst);
  }

  get rankRuns(): RunRecord[] {
    return this.project.runs.filter((r) => r.kind === 'targets.rank').sort(newestFirst);
  }

  /** Discovery runs the ranking can use: those on this subnetwork's genes first. */
  get discoveryRuns(): RunRecord[] {
    const net = this.steiner?.networkId;
    const all = this.project.runs.filter((r) => r.kind === 'network.discover').sort(newestFirst);
    const mine = (r: RunRecord) => net !== undefined && Object.values(r.inputs).includes(net);
    return [...all.filter(mine), ...all.filter((r) => !mine(r))];
  }

  get drugRankRuns(): RunRecord[] {
    return this.project.runs.filter((r) => r.kind === 'drugs.rank').sort(newestFirst);
  }

  get drugTables() {
    return this.project.tables.filter((t) => t.kind === 'drug-targets');
  }

  /** The expression dataset the causal step learns from (the first one of the project). */
  get expression() {
    return this.project.datasets.find((d) => d.kind === 'expression');
  }

  /** The last job of a kind started here, while it runs or after it stopped (to show its error). */
  job(kind: TargetsJob): JobRecord | undefined {
    const ids = Object.entries(this.#started)
      .filter(([, k]) => k === kind)
      .map(([id]) => id);
    return ids
      .map((id) => this.jobs.get(id))
      .filter((j): j is JobRecord => j !== undefined)
      .sort((a, b) => b.startedAt - a.startedAt)[0];
  }

  openWizard(): void {
    const w = new TargetsWizard(
      this.caller,
      () => this.project.datasets,
      () => this.project.networks,
    );
    this.wizard = w;
    this.sweep = null;
    void w.init();
  }

  closeWizard(): void {
    this.wizard = null;
  }

  async #start(spec: JobSpec, label: string, kind: TargetsJob): Promise<string | null> {
    const jobId = await this.jobs.start(spec, label);
    if (jobId === null) return null;
    this.#started = { ...this.#started, [jobId]: kind };
    // A fast job can finish before start() returns; its finished event was then already handled.
    const job = this.jobs.get(jobId);
    if (job?.state === 'finished' && job.runId) void this.#open(kind, job.runId);
    return jobId;
  }

  async startSweep(): Promise<string | null> {
    const spec = this.wizard?.sweepSpec();
    if (!spec) return null;
    this.sweep = null;
    const n = spec.ws.length * spec.bs.length * spec.gs.length;
    return this.#start(spec, `Steiner sweep (${n} settings)`, 'sweep');
  }

  async startSteiner(): Promise<string | null> {
    const w = this.wizard;
    if (!w) return null;
    const spec = w.steinerSpec();
    const label = `Steiner subnetwork (w ${spec.w}, b ${spec.b}, g ${spec.g}) of ${w.network?.name ?? ''}`;
    const jobId = await this.#start(spec, label, 'steiner');
    if (jobId !== null) this.wizard = null;
    return jobId;
  }

  /** GSP runs the causal step makes: the full-data run plus one per subsample and α. */
  runCount(): number {
    const n = integer(this.subsamples, 1, 1_000) ?? 0;
    return 1 + n * (numberList(this.alphas, 1e-12, 0.999999)?.length ?? 0);
  }

  /** Why the causal step cannot start; null when it can. */
  get discoverProblem(): string | null {
    if (!this.steiner) return 'Open a Steiner subnetwork first.';
    if (!this.expression) return 'The project has no expression dataset to learn the causal network from.';
    if (integer(this.subsamples, 1, 1_000) === null) return 'Subsamples: a whole number from 1 to 1,000.';
    if (!numberList(this.alphas, 1e-12, 0.999999)) return 'The α grid lists 1–20 numbers between 0 and 1.';
    if (number(this.threshold, 0, 1) === null) return 'The stability threshold is a number from 0 to 1.';
    if (integer(this.depth, 1, 50) === null) return 'The search depth is a whole number from 1 to 50.';
    if (integer(this.discoverSeed, 0, 2 ** 32 - 1) === null) return 'The seed is a whole number ≥ 0.';
    return null;
  }

  /**
   * "Discover a causal network on these genes": GSP with stability selection on the subnetwork's
   * genes, only the subnetwork's edges allowed (Belyaeva et al. 2021 learned on the PPI skeleton), and
   * every pair above the stability threshold reported with its orientation — the graph the paper shows.
   */
  discoverSpec(): NetworkDiscoverSpec | null {
    if (this.discoverProblem !== null) return null;
    const networkId = this.steiner!.networkId;
    return {
      kind: 'network.discover',
      datasetId: this.expression!.id,
      genes: { mode: 'network', networkId },
      restrictToNetworkId: networkId,
      algorithm: 'gsp',
      alpha: 0.01,
      stability: {
        subsamples: Number(this.subsamples),
        fraction: 0.7,
        alphas: numberList(this.alphas, 1e-12, 0.999999)!,
        threshold: Number(this.threshold),
      },
      depth: Number(this.depth),
      seed: Number(this.discoverSeed),
    };
  }

  async startDiscover(): Promise<string | null> {
    const spec = this.discoverSpec();
    if (!spec) return null;
    const net = this.project.networks.find((n) => n.id === spec.restrictToNetworkId);
    return this.#start(spec, `Causal network (GSP) on ${net?.name ?? 'the Steiner subnetwork'}`, 'discover');
  }

  /** The disease signature the ranking compares with: the one the Steiner prizes came from. */
  get disease(): { datasetId: string; column: string } | null {
    const p = this.steiner?.provenance.spec['prizes'] as {
      from?: string;
      datasetId?: string;
      column?: string;
    };
    if (p?.from === 'signature' && p.datasetId && p.column)
      return { datasetId: p.datasetId, column: p.column };
    const first = this.project.datasets.find((d) => d.kind === 'signature');
    return first ? { datasetId: first.id, column: 'log2FC' } : null;
  }

  get rankProblem(): string | null {
    if (!this.discoverRunId) return 'Discover the causal network first (or choose an earlier one).';
    if (!this.expression) return 'The project has no expression dataset.';
    if (!this.disease) return 'The project has no disease signature.';
    if (!this.drugTables.some((t) => t.id === this.drugTableId))
      return 'Choose a drug–target table (e.g. DrugCentral).';
    if (number(this.minAffinity, 0, 15) === null)
      return 'The affinity cut is a pAct from 0 to 15 (the paper: 5).';
    if (integer(this.rankSeed, 0, 2 ** 32 - 1) === null) return 'The seed is a whole number ≥ 0.';
    return null;
  }

  rankSpec(): TargetsRankSpec | null {
    if (this.rankProblem !== null) return null;
    const parsed = TargetsRankSpec.safeParse({
      kind: 'targets.rank',
      discoverRunId: this.discoverRunId,
      datasetId: this.expression!.id,
      disease: this.disease,
      diseaseGenes:
        this.diseaseGenesFrom === 'steinerTerminals' && this.steinerRunId
          ? { mode: 'steinerTerminals', steinerRunId: this.steinerRunId }
          : { mode: 'signature' },
      drugTargetsTableId: this.drugTableId,
      minAffinity: Number(this.minAffinity),
      ...(this.drugRankRunId ? { drugRankRunId: this.drugRankRunId } : {}),
      seed: Number(this.rankSeed),
    });
    return parsed.success ? parsed.data : null;
  }

  async startRank(): Promise<string | null> {
    const spec = this.rankSpec();
    if (!spec) return null;
    return this.#start(spec, 'Target ranking', 'rank');
  }

  /** Opens a Steiner run: its subnetwork, and the causal step's defaults for it. */
  async showSteiner(runId: string): Promise<boolean> {
    const doc = await this.#load(runId, SteinerResult, 'a Steiner subnetwork');
    if (!doc) return false;
    this.steinerRunId = runId;
    this.steiner = doc;
    this.ranking = null;
    this.rankRunId = null;
    this.selectedGene = null;
    this.discoverRunId =
      this.discoveryRuns.find((r) => Object.values(r.inputs).includes(doc.networkId))?.id ?? null;
    this.drugTableId ||= this.drugTables[0]?.id ?? '';
    return true;
  }

  async showSweep(runId: string): Promise<boolean> {
    const doc = await this.#load(runId, SteinerSweepResult, 'a Steiner sweep');
    if (doc) this.sweep = doc.points;
    return doc !== null;
  }

  /** Opens a ranking, with the Steiner run and discovery it came from when the project still has them. */
  async showRanking(runId: string): Promise<boolean> {
    const doc = await this.#load(runId, TargetRankingResult, 'a target ranking');
    if (!doc) return false;
    const spec = doc.provenance.spec as { discoverRunId?: string; diseaseGenes?: { steinerRunId?: string } };
    const steinerRun = spec.diseaseGenes?.steinerRunId;
    if (steinerRun && steinerRun !== this.steinerRunId && this.project.runs.some((r) => r.id === steinerRun))
      await this.showSteiner(steinerRun);
    this.rankRunId = runId;
    this.ranking = doc;
    if (spec.discoverRunId) this.discoverRunId = spec.discoverRunId;
    this.selectedGene = doc.rows[0]?.gene ?? null;
    return true;
  }

  async #load<T>(
    runId: string,
    schema: { safeParse(v: unknown): { success: boolean; data?: T } },
    what: string,
  ) {
    const token = ++this.#token;
    this.loading = true;
    try {
      const r = await this.caller.call('run.result', { runId });
      if (token !== this.#token || !r.ok) return null;
      const parsed = schema.safeParse(r.value);
      if (!parsed.success) {
        this.toasts.error(
          { code: 'E_PROTOCOL', message: `Run ${runId} is not ${what} this version can show.` },
          'Could not load the result',
        );
        return null;
      }
      return parsed.data as T;
    } finally {
      if (token === this.#token) this.loading = false;
    }
  }

  select(gene: string | null): void {
    this.selectedGene = gene;
  }

  /** Moves the selection up or down the table (keyboard). */
  step(delta: number): void {
    const rows = this.ranking?.rows ?? [];
    if (rows.length === 0) return;
    const i = rows.findIndex((r) => r.gene === this.selectedGene);
    const next = Math.max(0, Math.min(rows.length - 1, (i < 0 ? -1 : i) + delta));
    this.selectedGene = rows[next]!.gene;
  }

  async export(format: TargetsExportFormat, save: SaveFile): Promise<boolean> {
    const runId = this.rankRunId;
    if (runId === null) return false;
    this.exporting = format;
    try {
      const r = await this.caller.call('targets.export', { runId, format });
      if (!r.ok || r.value.base64 === null) return false;
      const binary = atob(r.value.base64);
      const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
      save(r.value.fileName, new Blob([bytes as BlobPart], { type: r.value.mime }), r.value.mime);
      return true;
    } finally {
      this.exporting = null;
    }
  }

  reset(): void {
    this.#token++;
    this.wizard = null;
    this.sweep = null;
    this.steinerRunId = null;
    this.steiner = null;
    this.discoverRunId = null;
    this.rankRunId = null;
    this.ranking = null;
    this.selectedGene = null;
    this.drugTableId = '';
    this.drugRankRunId = '';
  }

  async #open(kind: TargetsJob, runId: string): Promise<void> {
    switch (kind) {
      case 'sweep':
        await this.showSweep(runId);
        break;
      case 'steiner':
        await this.showSteiner(runId);
        break;
      case 'discover':
        this.discoverRunId = runId;
        break;
      case 'rank':
        await this.showRanking(runId);
        break;
    }
  }

  #jobFinished(job: JobRecord): void {
    const kind = this.#started[job.jobId];
    if (kind && job.runId) void this.#open(kind, job.runId);
  }
}
