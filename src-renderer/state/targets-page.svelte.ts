import type { JobRecord, JobSpec, NetworkDiscoverSpec } from '@shared/contracts/jobs.ts';
import {
  type DruggableGenes,
  SteinerResult,
  SteinerSweepResult,
  TargetRankingResult,
  type SweepPoint,
  type TargetsExportFormat,
  type TargetsRankSpec,
} from '@shared/contracts/targets.ts';
import type { RunRecord } from '@shared/domain/project.ts';
import type { Caller } from './caller.ts';
import type { JobsState } from './jobs.svelte.ts';
import type { ProjectState } from './project.svelte.ts';
import { CausalStepForm, RankStepForm, type RankInputs } from './targets-steps.svelte.ts';
import { number, TargetsWizard } from './targets-wizard.svelte.ts';
import type { ToastState } from './toasts.svelte.ts';

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
  readonly causal = new CausalStepForm();
  discoverRunId = $state<string | null>(null);
  readonly rank: RankStepForm;
  rankRunId = $state<string | null>(null);
  ranking = $state.raw<TargetRankingResult | null>(null);
  selectedGene = $state<string | null>(null);
  /** The subnetwork genes the chosen drug–target table's drugs hit (after its pAct cut), before any ranking. */
  druggable = $state.raw<DruggableGenes | null>(null);
  druggableError = $state<string | null>(null);
  #druggableToken = 0;
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
  ) {
    this.rank = new RankStepForm(caller, () => project.datasets);
  }

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

  /** Why the causal step cannot start; null when it can. */
  get discoverProblem(): string | null {
    if (!this.steiner) return 'Open a Steiner subnetwork first.';
    if (!this.expression) return 'The project has no expression dataset to learn the causal network from.';
    return this.causal.problem;
  }

  discoverSpec(): NetworkDiscoverSpec | null {
    if (this.discoverProblem !== null) return null;
    return this.causal.spec(this.steiner!.networkId, this.expression!.id);
  }

  async startDiscover(): Promise<string | null> {
    const spec = this.discoverSpec();
    if (!spec) return null;
    const net = this.project.networks.find((n) => n.id === spec.restrictToNetworkId);
    return this.#start(spec, `Causal network (GSP) on ${net?.name ?? 'the Steiner subnetwork'}`, 'discover');
  }

  get #rankInputs(): RankInputs {
    return {
      discoverRunId: this.discoverRunId,
      steinerRunId: this.steinerRunId,
      expressionId: this.expression?.id ?? null,
      tables: this.drugTables,
    };
  }

  get rankProblem(): string | null {
    return this.rank.problem(this.#rankInputs);
  }

  rankSpec(): TargetsRankSpec | null {
    return this.rank.spec(this.#rankInputs);
  }

  async startRank(): Promise<string | null> {
    const spec = this.rankSpec();
    if (!spec) return null;
    return this.#start(spec, 'Target ranking', 'rank');
  }

  /**
   * Reads which subnetwork genes the chosen drug–target table hits (on the worker), so the subnetwork
   * view marks drug targets before any ranking. Reads its inputs before awaiting, so an $effect reruns it
   * when the subnetwork, the table or the pAct cut change; a stale answer is dropped.
   */
  async loadDruggable(): Promise<void> {
    const genes = this.steiner?.nodes.map((n) => n.gene) ?? [];
    const tableId = this.rank.drugTableId;
    const minAffinity = number(this.rank.minAffinity, 0, 15);
    const token = ++this.#druggableToken;
    if (genes.length === 0 || !this.drugTables.some((t) => t.id === tableId) || minAffinity === null) {
      this.druggable = null;
      this.druggableError = null;
      return;
    }
    const r = await this.caller.api.call('targets.druggableGenes', { tableId, genes, minAffinity });
    if (token !== this.#druggableToken) return;
    this.druggable = r.ok ? r.value : null;
    this.druggableError = r.ok ? null : r.error.message;
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
    this.rank.drugTableId ||= this.drugTables[0]?.id ?? '';
    // The ranking compares with the signature the prizes came from (a prize table: the first signature).
    const prizes = doc.provenance.spec['prizes'] as { from?: string; datasetId?: string; column?: string };
    if (prizes?.from === 'signature' && prizes.datasetId)
      await this.rank.setDisease(prizes.datasetId, prizes.column);
    else await this.rank.setDisease(this.rank.signatures[0]?.id ?? '');
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
    this.druggable = null;
    this.rank.drugTableId = '';
    this.rank.drugRankRunId = '';
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
