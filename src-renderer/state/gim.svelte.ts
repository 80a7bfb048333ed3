import type { DatasetDescriptor, RunRecord } from '@shared/domain/project.ts';
import type { Caller } from './caller.ts';
import { GimDataForm } from './gim-page.svelte.ts';
import { GimPredictState } from './gim-predict.svelte.ts';
import { GimTrainState } from './gim-train.svelte.ts';
import { GimValidateState } from './gim-validate.svelte.ts';
import type { JobsState } from './jobs.svelte.ts';

/** The Predict-perturbation page (issue 15): one data form, training and models, validation, prediction. */
export class GimPageState {
  readonly form: GimDataForm;
  readonly train: GimTrainState;
  readonly validate: GimValidateState;
  readonly predict: GimPredictState;

  constructor(
    caller: Caller,
    jobs: JobsState,
    datasets: () => readonly DatasetDescriptor[],
    runs: () => readonly RunRecord[],
  ) {
    this.form = new GimDataForm(caller, datasets, runs);
    this.predict = new GimPredictState(caller, jobs);
    // The model opened in the list (or just trained) is the one Predict uses.
    this.train = new GimTrainState(caller, jobs, this.form, (m) => this.predict.setModel(m));
    this.validate = new GimValidateState(caller, jobs, this.form);
  }

  subscribe(): () => void {
    const offs = [this.train.subscribe(), this.validate.run.subscribe(), this.predict.run.subscribe()];
    return () => offs.forEach((off) => off());
  }

  /** Fills the form's first choices and lists the models; the newest opens for prediction if none is. */
  async open(): Promise<void> {
    await Promise.all([this.form.open(), this.train.loadModels()]);
    const newest = this.train.models[0];
    if (!this.train.selected && newest) await this.train.select(newest.id);
  }

  reset(): void {
    this.form.reset();
    this.train.reset();
    this.validate.reset();
    this.predict.reset();
  }
}
