import {
  DesignPlanResult,
  type OrientPlanResult,
  type DesignObjective,
  type InterventionType,
  type PlannedPerturbation,
} from '@shared/contracts/design.ts';
import type { DesignExportFormat } from '@shared/contracts/design-export.ts';
import type { JobRecord, JobSpec } from '@shared/contracts/jobs.ts';
import type { RunRecord } from '@shared/domain/project.ts';
import type { Caller } from './caller.ts';
import type { JobsState } from './jobs.svelte.ts';
import type { ProjectState } from './project.svelte.ts';

/**
 * "Design next experiment" on the Network page (issue 14): the form for a design.plan job on a
 * stability discovery run, the job it starts, and its result (ranked perturbations per round, the edges
 * the selected one would orient, the plate-plan export). Goal "orient" only: the form builds the spec
 * in `spec()`, so another goal adds its own fields and branch there.
 */

export type PoolMode = 'all' | 'list';
type SaveFile = (fileName: string, content: Blob, mime: string) => void;

/** What each objective means, one line each (shown beside the choice). */
export const OBJECTIVE_HELP: Record<DesignObjective, string> = {
  edges:
    'Expected number of edges whose direction the experiments settle, averaged over the subsample DAGs (Hauser & Bühlmann 2014).',
  information:
    'Information (bits) the experiments give about which of the subsample DAGs is true (ABCD, Agrawal et al. 2019).',
};

/** Genes from a pasted or typed list (one per line, or separated by commas, semicolons, tabs or spaces). */
export function parseGeneList(text: string): string[] {
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local, never read by the UI
  const seen = new Set<string>();
  for (const g of text.split(/[\s,;]+/)) if (g !== '') seen.add(g);
  return [...seen];
}

/** A discovery run keeps its subsample DAGs only when it ran with stability selection. */
export const hasSubsampleGraphs = (run: RunRecord): boolean =>
  run.kind === 'network.discover' && typeof run.params['subsampleGraphsFile'] === 'string';

/**
 * The network's edges an arc a→b would be drawn on: the directed a→b or b→a, or the undirected a—b
 * (the edge whose direction the experiment settles). Arcs the drawn network lacks (below the consensus,
 * or only in some DAGs) are counted as missing.
 */
export function edgesForArcs(
  arcs: readonly { source: string; target: string }[],
  has: (id: string) => boolean,
): { ids: string[]; missing: number } {
  const ids: string[] = [];
  let missing = 0;
  for (const { source: a, target: b } of arcs) {
    const candidates = [`${a}→${b}`, `${b}→${a}`, a < b ? `${a}—${b}` : `${b}—${a}`];
    const found = candidates.filter(has);
    if (found.length === 0) missing++;
    ids.push(...found);
  }
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local, never read by the UI
  return { ids: [...new Set(ids)], missing };
}

/** The marginal-gain trade-off: expected oriented edges after 0, 1, 2… experiments, in plan order. */
export function gainCurve(doc: OrientPlanResult): { x: number; y: number }[] {
  return [
    { x: 0, y: doc.baselineOriented },
    ...doc.perturbations.map((p, i) => ({ x: i + 1, y: p.expectedOriented })),
  ];
}

export class DesignPlanState {
  /** The panel is open on this discovery run (null: closed). */
  discoverRunId = $state<string | null>(null);
  budget = $state(3);
  rounds = $state(1);
  poolMode = $state<PoolMode>('all');
  poolText = $state('');
  interventionType = $state<InterventionType>('knockout');
  objective = $state<DesignObjective>('edges');
  seed = $state(1);
  jobId = $state<string | null>(null);
  runId = $state<string | null>(null);
  result = $state.raw<OrientPlanResult | null>(null);
  /** Why a finished plan cannot be shown here (a target-state plan: the CLI writes and exports those). */
  notice = $state<string | null>(null);
  /** Index into result.perturbations of the row whose edges are drawn. */
  selected = $state(0);
  exporting = $state(false);
  #token = 0;

  pool = $derived(parseGeneList(this.poolText));
  selectedRow = $derived<PlannedPerturbation | null>(this.result?.perturbations[this.selected] ?? null);
  /** Problems that keep the plan from starting (empty: it can start). */
  errors = $derived.by(() => {
    const out: string[] = [];
    if (!Number.isInteger(this.budget) || this.budget < 1 || this.budget > 100)
      out.push('Perturbations per round must be a whole number from 1 to 100.');
    if (!Number.isInteger(this.rounds) || this.rounds < 1 || this.rounds > 20)
      out.push('Rounds must be a whole number from 1 to 20.');
    if (this.poolMode === 'list' && this.pool.length === 0)
      out.push('Paste or type the genes that can be perturbed, or choose “every gene”.');
    if (!Number.isInteger(this.seed) || this.seed < 0) out.push('The seed must be a whole number ≥ 0.');
    return out;
  });

  constructor(
    private readonly caller: Caller,
    private readonly jobs: JobsState,
    private readonly project: ProjectState,
    /** Shows the discovery run the plan was made for on the Network page. */
    private readonly showNetwork: (discoverRunId: string) => unknown = () => undefined,
  ) {}

  /** The plan job started here (its progress, cancel, failure). */
  get job(): JobRecord | null {
    return this.jobId ? (this.jobs.get(this.jobId) ?? null) : null;
  }

  get running(): boolean {
    const state = this.job?.state;
    return state === 'queued' || state === 'running';
  }

  subscribe(): () => void {
    return this.jobs.onFinished((job) => {
      if (job.jobId === this.jobId && job.runId) void this.show(job.runId);
    });
  }

  /** The discovery run, when it kept subsample DAGs (else the entry point is not offered). */
  designable(runId: string | null): RunRecord | null {
    const run = this.project.runs.find((r) => r.id === runId);
    return run && hasSubsampleGraphs(run) ? run : null;
  }

  open(discoverRunId: string): void {
    if (this.discoverRunId !== discoverRunId) this.#clearResult();
    this.discoverRunId = discoverRunId;
  }

  close(): void {
    this.discoverRunId = null;
  }

  spec(): JobSpec | null {
    if (this.discoverRunId === null || this.errors.length > 0) return null;
    return {
      kind: 'design.plan',
      discoverRunId: this.discoverRunId,
      goal: 'orient',
      budget: this.budget,
      rounds: this.rounds,
      ...(this.poolMode === 'list' ? { pool: this.pool } : {}),
      interventionType: this.interventionType,
      objective: this.objective,
      seed: this.seed,
    };
  }

  async start(): Promise<boolean> {
    const spec = this.spec();
    if (spec === null) return false;
    this.#clearResult();
    const label = `Experiment plan (${this.budget} × ${this.rounds})`;
    this.jobId = await this.jobs.start(spec, label);
    return this.jobId !== null;
  }

  async cancel(): Promise<void> {
    if (this.jobId) await this.jobs.cancel(this.jobId);
  }

  /** Opens a finished plan (also from the Jobs list): its network is shown and the panel opens on it. */
  async show(runId: string): Promise<boolean> {
    const token = ++this.#token;
    const doc = await this.caller.runResult(runId, DesignPlanResult);
    if (token !== this.#token || doc === null) return false;
    if (doc.goal !== 'orient') {
      this.notice =
        `Run ${runId} plans shifts toward a target state; the app does not show those plans yet. ` +
        '`causeway design --goal target` writes them as CSV.';
      return false;
    }
    this.notice = null;
    const spec = doc.provenance.spec;
    const discover = typeof spec['discoverRunId'] === 'string' ? spec['discoverRunId'] : null;
    if (discover !== null) {
      this.discoverRunId = discover;
      void this.showNetwork(discover);
    }
    this.runId = runId;
    this.result = doc;
    this.selected = 0;
    return true;
  }

  select(index: number): void {
    const n = this.result?.perturbations.length ?? 0;
    if (n > 0) this.selected = Math.max(0, Math.min(n - 1, index));
  }

  step(delta: number): void {
    this.select(this.selected + delta);
  }

  async export(format: DesignExportFormat, save: SaveFile): Promise<boolean> {
    const runId = this.runId;
    if (runId === null) return false;
    this.exporting = true;
    try {
      const r = await this.caller.call('design.export', { runId, format });
      if (!r.ok || r.value.base64 === null) return false;
      const bytes = Uint8Array.from(atob(r.value.base64), (c) => c.charCodeAt(0));
      save(r.value.fileName, new Blob([bytes as BlobPart], { type: r.value.mime }), r.value.mime);
      return true;
    } finally {
      this.exporting = false;
    }
  }

  /** Back to the form (kept as it was) to plan again; the shown plan stays a run of the project. */
  replan(): void {
    this.#clearResult();
  }

  reset(): void {
    this.close();
    this.#clearResult();
  }

  #clearResult(): void {
    this.#token++;
    this.jobId = null;
    this.runId = null;
    this.result = null;
    this.selected = 0;
  }
}
