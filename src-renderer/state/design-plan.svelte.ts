import {
  DesignPlanResult,
  DesignPlanSpec,
  type DesignGoal,
  type DesignObjective,
  type DesignTarget,
  type InterventionType,
  type OrientPlanResult,
  type PlannedPerturbation,
} from '@shared/contracts/design.ts';
import type { DesignExportFormat } from '@shared/contracts/design-export.ts';
import type { JobRecord, JobSpec } from '@shared/contracts/jobs.ts';
import type { RunRecord } from '@shared/domain/project.ts';
import type { Caller } from './caller.ts';
import { parseGeneList } from './design-plan-genes.ts';
import { TargetForm, type Series } from './design-plan-target.svelte.ts';
import type { JobsState } from './jobs.svelte.ts';
import type { ProjectState } from './project.svelte.ts';

/**
 * "Design next experiment" on the Network page (issue 14): the form for a design.plan job on a
 * stability discovery run, the job it starts, and its result (ranked perturbations per round, the edges
 * the selected one would orient, the plate-plan export). Goal "target" keeps its own fields in `target`
 * (design-plan-target.svelte.ts); `spec()` builds either goal's spec as `causeway design` does.
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

export { parseGeneList };

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

/**
 * The simulation view of an orient plan: the plan's curve and, when the result has it (newer runs), the
 * expected oriented edges after as many random picks from the pool on the same DAGs.
 */
export function orientSeries(doc: OrientPlanResult): Series[] {
  const plan = { label: 'Plan (greedy)', points: gainCurve(doc) };
  if (!doc.random) return [plan];
  const points = doc.random.oriented.map((y, x) => ({ x, y }));
  return [plan, { label: `Random picks (mean of ${doc.random.draws})`, points }];
}

export class DesignPlanState {
  /** The panel is open on this discovery run (null: closed). */
  discoverRunId = $state<string | null>(null);
  goal = $state<DesignGoal>('orient');
  budget = $state(3);
  rounds = $state(1);
  poolMode = $state<PoolMode>('all');
  poolText = $state('');
  interventionType = $state<InterventionType>('knockout');
  objective = $state<DesignObjective>('edges');
  seed = $state(1);
  jobId = $state<string | null>(null);
  runId = $state<string | null>(null);
  result = $state.raw<DesignPlanResult | null>(null);
  /** The target-state goal's fields. */
  readonly target: TargetForm;
  /** Index into result.perturbations of the row whose edges are drawn (goal target: into result.plan). */
  selected = $state(0);
  exporting = $state(false);
  #token = 0;

  pool = $derived(parseGeneList(this.poolText));
  selectedRow = $derived<PlannedPerturbation | null>(
    this.result?.goal === 'orient' ? (this.result.perturbations[this.selected] ?? null) : null,
  );
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
    if (this.goal === 'target') out.push(...this.target.errors);
    return out;
  });

  constructor(
    private readonly caller: Caller,
    private readonly jobs: JobsState,
    private readonly project: ProjectState,
    /** Shows the discovery run the plan was made for on the Network page. */
    private readonly showNetwork: (discoverRunId: string) => unknown = () => undefined,
  ) {
    this.target = new TargetForm(
      caller,
      () => project.datasets,
      () => {
        const id = project.runs.find((r) => r.id === this.discoverRunId)?.inputs['datasetId'];
        return typeof id === 'string' ? id : null;
      },
    );
  }

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

  /**
   * The design.plan spec, built as `causeway design` builds it (goal target: with the target state that
   * `target.resolve` read; without one, null), checked against the job's schema.
   */
  spec(target?: DesignTarget): JobSpec | null {
    if (this.discoverRunId === null || this.errors.length > 0) return null;
    if (this.goal === 'target' && !target) return null;
    const parsed = DesignPlanSpec.safeParse({
      kind: 'design.plan',
      discoverRunId: this.discoverRunId,
      goal: this.goal,
      budget: this.budget,
      rounds: this.rounds,
      ...(this.poolMode === 'list' ? { pool: this.pool } : {}),
      interventionType: this.interventionType,
      objective: this.objective,
      seed: this.seed,
      ...(this.goal === 'target' ? { target, acquisition: this.target.acquisition } : {}),
    });
    return parsed.success ? parsed.data : null;
  }

  /** Starts the plan; a target state from a signature is read on `networkGenes` (unless genes are listed). */
  async start(networkGenes: readonly string[] = []): Promise<boolean> {
    const target = this.goal === 'target' ? await this.target.resolve(networkGenes) : undefined;
    const spec = this.spec(target ?? undefined);
    if (spec === null) return false;
    this.#clearResult();
    const label =
      this.goal === 'target'
        ? `Target-state plan (${this.rounds} ${this.rounds === 1 ? 'round' : 'rounds'}, ${this.target.acquisition})`
        : `Experiment plan (${this.budget} × ${this.rounds})`;
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
    const spec = doc.provenance.spec;
    const discover = typeof spec['discoverRunId'] === 'string' ? spec['discoverRunId'] : null;
    if (discover !== null) {
      this.discoverRunId = discover;
      void this.showNetwork(discover);
    }
    this.runId = runId;
    this.goal = doc.goal;
    this.result = doc;
    this.selected = 0;
    return true;
  }

  select(index: number): void {
    const r = this.result;
    const n = r === null ? 0 : r.goal === 'orient' ? r.perturbations.length : r.plan.length;
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
