import type { AppInfo } from '@shared/contracts/api.ts';
import type { ProjectSummary, RecentProject, RunRecord } from '@shared/domain/project.ts';
import type { Result } from '@shared/lib/result.ts';
import type { Caller } from './caller.ts';
import type { ToastState } from './toasts.svelte.ts';

export type ProjectAction = 'opening' | 'creating' | 'saving' | 'closing';

/** Called when a different project (or none) becomes current, not when the same one changes. */
export type SwitchListener = (next: ProjectSummary | null) => void;

/** The open project (or none), recent projects and what the host can do. */
export class ProjectState {
  #current = $state.raw<ProjectSummary | null>(null);
  recent = $state.raw<RecentProject[]>([]);
  info = $state.raw<AppInfo | null>(null);
  /** False until the first `project.current` answered (or failed). */
  ready = $state(false);
  busy = $state<ProjectAction | null>(null);

  name = $derived(this.current?.manifest.name ?? '');
  datasets = $derived(this.current?.manifest.datasets ?? []);
  networks = $derived(this.current?.manifest.networks ?? []);
  tables = $derived(this.current?.manifest.tables ?? []);
  runs = $derived(this.current?.manifest.runs ?? []);

  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- listeners, not UI state
  #switchListeners = new Set<SwitchListener>();

  constructor(
    private readonly caller: Caller,
    /** Says "Saved" after a save: without it the button gave no sign that anything happened. */
    private readonly toasts?: ToastState,
  ) {}

  get current(): ProjectSummary | null {
    return this.#current;
  }

  set current(next: ProjectSummary | null) {
    const prev = this.#current;
    this.#current = next;
    if ((prev?.dir ?? null) !== (next?.dir ?? null)) for (const l of this.#switchListeners) l(next);
  }

  onSwitch(listener: SwitchListener): () => void {
    this.#switchListeners.add(listener);
    return () => this.#switchListeners.delete(listener);
  }

  subscribe(): () => void {
    return this.caller.on('project.changed', (summary) => {
      this.current = summary;
      if (summary === null) void this.loadRecent();
    });
  }

  async init(): Promise<void> {
    const [info, current] = await Promise.all([
      this.caller.call('app.info', {}),
      this.caller.call('project.current', {}),
    ]);
    if (info.ok) this.info = info.value;
    if (current.ok) this.current = current.value;
    this.ready = true;
    if (!this.current) await this.loadRecent();
  }

  async loadRecent(): Promise<void> {
    const r = await this.caller.call('project.recent', {});
    if (r.ok) this.recent = r.value;
  }

  open(dir: string): Promise<boolean> {
    return this.#swap('opening', () => this.caller.call('project.open', { dir }));
  }

  openDemo(): Promise<boolean> {
    return this.#swap('opening', () => this.caller.call('project.openDemo', {}));
  }

  create(dir: string, name: string): Promise<boolean> {
    return this.#swap('creating', () => this.caller.call('project.create', { dir, name }));
  }

  async save(): Promise<boolean> {
    if (!this.current || this.busy) return false;
    this.busy = 'saving';
    try {
      const r = await this.caller.call('project.save', {});
      if (r.ok) {
        this.current = r.value;
        this.toasts?.success(`Saved to ${r.value.dir}.`, `Saved ${r.value.manifest.name}`);
      }
      return r.ok;
    } finally {
      this.busy = null;
    }
  }

  async close(): Promise<boolean> {
    if (this.busy) return false;
    this.busy = 'closing';
    try {
      const r = await this.caller.call('project.close', {});
      if (!r.ok) return false;
      this.current = null;
      await this.loadRecent();
      return true;
    } finally {
      this.busy = null;
    }
  }

  /** A native folder dialog, where the host has one. Null when cancelled or unavailable. */
  async pickFolder(title: string): Promise<string | null> {
    if (!this.info?.canPickFolders) return null;
    const r = await this.caller.call('dialog.pickFolder', { title });
    return r.ok ? r.value.path : null;
  }

  /** Finished summary runs, newest first; for one dataset when given. */
  summaryRuns(datasetId?: string): RunRecord[] {
    return this.runs
      .filter(
        (r) =>
          r.kind === 'dataset.summary' &&
          (datasetId === undefined || Object.values(r.inputs).includes(datasetId)),
      )
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async #swap(action: ProjectAction, call: () => Promise<Result<ProjectSummary>>): Promise<boolean> {
    if (this.busy) return false;
    this.busy = action;
    try {
      const r = await call();
      // On failure the toast already says why, and the start screen stays.
      if (r.ok) {
        const { notices, ...summary } = r.value;
        this.current = summary;
        for (const n of notices ?? []) this.toasts?.info(n, `Opened ${summary.manifest.name}`);
      }
      return r.ok;
    } finally {
      this.busy = null;
    }
  }
}
