import { GimModelDetail, GimTrainResult, GimTrainSpec, type GimModelCard } from '@shared/contracts/gim.ts';
import type { EpochPoint } from '@shared/contracts/transport.ts';
import type { Caller } from './caller.ts';
import type { GimDataForm } from './gim-page.svelte.ts';
import { JobRun } from './job-run.svelte.ts';
import type { JobsState } from './jobs.svelte.ts';

/**
 * Training a GIM from the page (the gim.train job, its per-epoch loss drawn live from the progress
 * events) and the project's saved models with their model cards.
 */
export class GimTrainState {
  name = $state('My perturbation model');
  readonly run: JobRun;
  points = $state.raw<EpochPoint[]>([]);
  /**
   * Epochs the job will run in all, as its progress reports them: learning the graph jointly adds the
   * structure-learning rounds to the epochs asked for, so the curve's axis comes from the job itself.
   */
  totalEpochs = $state<number | null>(null);
  result = $state.raw<GimTrainResult | null>(null);
  models = $state.raw<GimModelCard[]>([]);
  /** The model whose card is open (and which Predict uses). */
  selected = $state.raw<GimModelDetail | null>(null);
  startError = $state<string | null>(null);

  constructor(
    private readonly caller: Caller,
    jobs: JobsState,
    readonly form: GimDataForm,
    private readonly onSelected: (model: GimModelDetail | null) => void = () => undefined,
  ) {
    this.run = new JobRun(jobs, (runId) => this.show(runId));
  }

  get errors(): string[] {
    return [...this.form.errors, ...(this.name.trim() ? [] : ['Name: name the model.'])];
  }

  subscribe(): () => void {
    const offs = [
      this.caller.on('job.progressed', ({ jobId, progress }) => {
        const m = progress.metrics;
        const loss = m?.['loss'] ?? m?.['trainLoss'];
        if (jobId !== this.run.id || m?.['epoch'] === undefined || loss === undefined) return;
        if (m['epochs'] !== undefined) this.totalEpochs = m['epochs'];
        const point = { epoch: m['epoch'], trainLoss: loss, validationLoss: null };
        this.points = [...this.points.filter((p) => p.epoch !== point.epoch), point];
      }),
      this.run.subscribe(),
    ];
    return () => offs.forEach((off) => off());
  }

  async loadModels(): Promise<void> {
    const r = await this.caller.call('gim.models', {});
    if (r.ok) this.models = r.value;
  }

  async start(): Promise<boolean> {
    this.startError = null;
    if (this.errors.length > 0) return false;
    const fields = await this.form.fields();
    if (!fields) return false;
    const parsed = GimTrainSpec.safeParse({ kind: 'gim.train', ...fields, name: this.name.trim() });
    if (!parsed.success) {
      this.startError = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      return false;
    }
    this.points = [];
    this.totalEpochs = null;
    this.result = null;
    return this.run.start(parsed.data, `Train GIM ${parsed.data.name}`);
  }

  /** A finished training run: its loss curve, the refreshed model list, and the new model opened. */
  async show(runId: string): Promise<boolean> {
    const result = await this.caller.runResult(runId, GimTrainResult);
    if (!result) return false;
    this.result = result;
    this.points = result.lossCurve.map((p) => ({ epoch: p.epoch, trainLoss: p.loss, validationLoss: null }));
    this.totalEpochs = Math.max(0, ...result.lossCurve.map((p) => p.epoch));
    await this.loadModels();
    await this.select(result.modelId);
    return true;
  }

  async select(modelId: string): Promise<void> {
    const r = await this.caller.call('gim.model', { modelId });
    if (!r.ok) return;
    this.selected = r.value;
    this.onSelected(r.value);
  }

  async remove(modelId: string): Promise<void> {
    const r = await this.caller.call('gim.deleteModel', { modelId });
    if (!r.ok) return;
    if (this.selected?.card.id === modelId) {
      this.selected = null;
      this.onSelected(null);
    }
    await this.loadModels();
  }

  reset(): void {
    this.run.reset();
    this.points = [];
    this.result = null;
    this.models = [];
    this.selected = null;
  }
}
