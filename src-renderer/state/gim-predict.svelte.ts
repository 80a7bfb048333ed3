import {
  GimPrediction,
  GimPredictSpec,
  type GimModelDetail,
  type GimSignatureRole,
} from '@shared/contracts/gim.ts';
import {
  blankForm,
  formFromRow,
  parseFeatures,
  type FeatureField,
  type FeatureRow,
  type ParsedFeatures,
} from '../features/gim/feature-form.ts';
import type { Caller } from './caller.ts';
import { JobRun } from './job-run.svelte.ts';
import type { JobsState } from './jobs.svelte.ts';

/**
 * Predicting an unseen perturbation with a saved GIM: one input per feature (or a training row picked
 * as a starting point), the gim.predict job, its result, and sending the predicted shift to Drug ranking.
 */
export class GimPredictState {
  model = $state.raw<GimModelDetail | null>(null);
  form = $state<Record<string, string>>({});
  /** The training row the form was filled from ('' when typed). */
  row = $state('');
  name = $state('');
  readonly run: JobRun;
  prediction = $state.raw<GimPrediction | null>(null);
  /** Targets drawn on the effect path: probability at least this. */
  threshold = $state(0.5);
  sent = $state<{ name: string; as: GimSignatureRole } | null>(null);
  sending = $state(false);
  #runId: string | null = null;

  constructor(
    private readonly caller: Caller,
    jobs: JobsState,
  ) {
    this.run = new JobRun(jobs, (runId) => this.show(runId));
  }

  get fields(): readonly FeatureField[] {
    return this.model?.card.features ?? [];
  }

  get rows(): readonly FeatureRow[] {
    return this.model?.featureRows ?? [];
  }

  get parsed(): ParsedFeatures {
    return parseFeatures(this.fields, this.form);
  }

  /** Opens a model for prediction: a blank form of its features. */
  setModel(model: GimModelDetail | null): void {
    if (model?.card.id === this.model?.card.id) return;
    this.model = model;
    this.form = model ? blankForm(model.card.features) : {};
    this.row = '';
    this.prediction = null;
    this.sent = null;
  }

  setValue(field: string, value: string): void {
    this.form = { ...this.form, [field]: value };
    this.row = '';
  }

  pickRow(context: string): void {
    const row = this.rows.find((r) => r.context === context);
    if (!row) return;
    this.form = formFromRow(this.fields, row);
    this.row = context;
  }

  /** The prediction's name: what the user typed, else the features in short. */
  get defaultName(): string {
    const v = this.parsed.values;
    if (!v) return '';
    return `${this.model?.card.name ?? 'GIM'}: ${Object.entries(v)
      .map(([k, x]) => `${k}=${x}`)
      .join(', ')}`.slice(0, 200);
  }

  async predict(): Promise<boolean> {
    const values = this.parsed.values;
    if (!this.model || !values) return false;
    const spec = GimPredictSpec.safeParse({
      kind: 'gim.predict',
      modelId: this.model.card.id,
      features: values,
      name: this.name.trim() || this.defaultName,
      seed: this.model.card.seed,
    });
    if (!spec.success) return false;
    this.prediction = null;
    this.sent = null;
    return this.run.start(spec.data, `Predict ${spec.data.name ?? ''}`.trim());
  }

  async show(runId: string): Promise<boolean> {
    const p = await this.caller.runResult(runId, GimPrediction);
    if (!p) return false;
    // Opened from the Jobs list: show it with its own model, and its features in the form.
    if (this.model?.card.id !== p.modelId) {
      const m = await this.caller.call('gim.model', { modelId: p.modelId });
      if (m.ok) this.setModel(m.value);
    }
    this.form = Object.fromEntries(this.fields.map((f) => [f.name, String(p.features[f.name] ?? '')]));
    this.row = '';
    this.prediction = p;
    this.#runId = runId;
    this.sent = null;
    return true;
  }

  /** Stores the predicted shift as a project signature Drug ranking can use (as a query or a collection). */
  async send(as: GimSignatureRole): Promise<boolean> {
    if (!this.#runId || !this.prediction) return false;
    this.sending = true;
    const name = this.prediction.name.slice(0, 200);
    const r = await this.caller.call('gim.toSignature', { runId: this.#runId, name, as });
    this.sending = false;
    if (!r.ok) return false;
    this.sent = { name: r.value.name, as };
    return true;
  }

  reset(): void {
    this.setModel(null);
    this.run.reset();
    this.#runId = null;
  }
}
