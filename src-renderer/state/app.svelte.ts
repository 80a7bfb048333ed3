import { getContext, setContext } from 'svelte';
import { Caller, type ApiLike } from './caller.ts';
import { DesignPlanState } from './design-plan.svelte.ts';
import { DrugRankingState } from './drug-ranking.svelte.ts';
import { ImportWizard } from './import-wizard.svelte.ts';
import { JobsState } from './jobs.svelte.ts';
import { NavState } from './nav.svelte.ts';
import { NetworkPageState } from './network-page.svelte.ts';
import { ProjectState } from './project.svelte.ts';
import { SignatureBuilder } from './signature-builder.svelte.ts';
import { SummaryState } from './summary.svelte.ts';
import { ThemeState, type ThemeEnv } from './theme.svelte.ts';
import { ToastState } from './toasts.svelte.ts';
import { ModelImportState } from './model-import.svelte.ts';
import { ModelTrainState } from './model-train.svelte.ts';
import { SettingsState } from './settings.svelte.ts';
import { ClusterSettingsState } from './cluster-settings.svelte.ts';
import { TargetsPageState } from './targets-page.svelte.ts';
import { TransportPageState } from './transport-page.svelte.ts';
import { GimPageState } from './gim.svelte.ts';

/** All renderer state, built once at start-up and handed to components through context. */
export class AppState {
  readonly toasts: ToastState;
  readonly caller: Caller;
  readonly project: ProjectState;
  readonly jobs: JobsState;
  readonly summary: SummaryState;
  readonly drugs: DrugRankingState;
  readonly nav: NavState;
  readonly theme: ThemeState;
  readonly network: NetworkPageState;
  readonly importWizard: ImportWizard;
  readonly signatureBuilder: SignatureBuilder;
  readonly transport: TransportPageState;
  readonly modelTrain: ModelTrainState;
  readonly modelImport: ModelImportState;
  readonly settings: SettingsState;
  /** Cluster profiles (SLURM) in Settings: the CLI's config file, edited through the backend. */
  readonly cluster: ClusterSettingsState;
  readonly targets: TargetsPageState;
  readonly design: DesignPlanState;
  /** Predict perturbation (GIM, issue 15). */
  readonly gim: GimPageState;

  constructor(api: ApiLike, themeEnv: ThemeEnv) {
    this.toasts = new ToastState();
    this.caller = new Caller(api, this.toasts);
    this.project = new ProjectState(this.caller, this.toasts);
    this.jobs = new JobsState(this.caller, this.toasts);
    this.summary = new SummaryState(this.caller, this.jobs, this.toasts);
    this.drugs = new DrugRankingState(
      this.caller,
      this.jobs,
      this.toasts,
      () => this.project.current?.manifest.datasets ?? [],
      () => this.project.current?.manifest.runs ?? [],
    );
    this.nav = new NavState();
    this.theme = new ThemeState(themeEnv);
    this.network = new NetworkPageState(this.caller, this.project, this.jobs, this.toasts);
    this.importWizard = new ImportWizard(this.caller, this.jobs);
    this.signatureBuilder = new SignatureBuilder(this.caller, this.jobs);
    this.transport = new TransportPageState(
      this.caller,
      this.jobs,
      () => this.project.current?.manifest.datasets ?? [],
    );
    // A newly trained model becomes selectable for latent shift at once.
    this.modelTrain = new ModelTrainState(this.caller, this.jobs, () => void this.transport.open());
    this.modelImport = new ModelImportState(this.caller, this.jobs, () => void this.transport.open());
    this.settings = new SettingsState(this.caller);
    this.cluster = new ClusterSettingsState(this.caller);
    this.targets = new TargetsPageState(this.caller, this.project, this.jobs, this.toasts);
    this.design = new DesignPlanState(this.caller, this.jobs, this.project, (id) =>
      this.network.show({ kind: 'run', id }),
    );
    this.gim = new GimPageState(
      this.caller,
      this.jobs,
      () => this.project.current?.manifest.datasets ?? [],
      () => this.project.current?.manifest.runs ?? [],
    );
  }

  /** Subscribes to backend events and loads the first state; returns the teardown. */
  start(): () => void {
    const offs = [
      this.project.subscribe(),
      this.jobs.subscribe(),
      this.summary.subscribe(),
      this.drugs.subscribe(),
      this.network.subscribe(),
      this.importWizard.subscribe(),
      this.signatureBuilder.subscribe(),
      this.transport.subscribe(),
      this.modelTrain.subscribe(),
      this.modelImport.subscribe(),
      this.targets.subscribe(),
      this.design.subscribe(),
      this.gim.subscribe(),
      // Server mode: the browser lost the server for a while (restart, sleep). Say so, and on return
      // reload what events may have changed meanwhile (the project, the jobs list).
      this.caller.on('connection.dropped', () => {
        this.toasts.info('Reconnecting…', 'Lost the connection to the Causeway server');
      }),
      this.caller.on('connection.restored', () => {
        this.toasts.success('Reconnected to the Causeway server.');
        void this.project.init();
        void this.jobs.load();
      }),
      // A result or page of one project means nothing in another.
      this.project.onSwitch(() => {
        this.importWizard.close();
        this.signatureBuilder.close();
        this.transport.reset();
        this.summary.close();
        this.drugs.close();
        this.network.reset();
        this.targets.reset();
        this.design.reset();
        this.gim.reset();
        this.nav.reset();
      }),
    ];
    void this.project.init();
    void this.jobs.load();
    return () => offs.forEach((off) => off());
  }

  closeProject(): Promise<boolean> {
    return this.project.close();
  }
}

const KEY = Symbol('causeway-app');

export function provideApp(app: AppState): void {
  setContext(KEY, app);
}

export function useApp(): AppState {
  const app = getContext<AppState | undefined>(KEY);
  if (!app) throw new Error('useApp() called outside <App>.');
  return app;
}
