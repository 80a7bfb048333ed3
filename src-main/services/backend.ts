import { homedir } from 'node:os';
import { join } from 'node:path';
import { EVENT_NAMES, type EventName, type EventPayload } from '#shared/contracts/api.ts';
import { ImportService } from './datasets/import-service.ts';
import { JobService } from './jobs/job-service.ts';
import type { WorkerLauncher } from './jobs/worker-handle.ts';
import { defaultPoolSize, WorkerPool } from './jobs/worker-pool.ts';
import { type InteractiveLane, WorkerSupervisor } from './jobs/worker-supervisor.ts';
import { ProjectService } from './projects/project-service.ts';
import { SettingsService } from './settings/settings-service.ts';
import { ClusterService } from './jobs/executors/cluster-service.ts';
import { UploadService } from './uploads/upload-service.ts';

/** Every job stops within 1 s of cancel: cooperatively, or its process is killed after this long. */
const JOB_CANCEL_GRACE_MS = 500;

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface BackendOptions {
  version: string;
  dataDir: string;
  demoDir: string;
  launchComputeWorker: WorkerLauncher;
  /** Job processes kept warm, and the fan-out width of one job; default: one per core (defaultPoolSize). */
  poolSize?: number;
  /** Processes to start before the first job (the app and server: 1; tests: none). */
  prewarmWorkers?: number;
}

/** The services every host shares; hosts differ only in transport and in how workers are started. */
export class Backend {
  readonly projects: ProjectService;
  readonly jobs: JobService;
  /** Browser uploads (server mode) and the import wizard's inspect/start. */
  readonly uploads: UploadService;
  readonly imports: ImportService;
  /** App-wide settings in the data folder (the pinned execution provider). */
  readonly settings: SettingsService;
  /** Cluster profiles (the CLI's config file), estimates and the SLURM executor of UI-started jobs. */
  readonly cluster: ClusterService;
  /**
   * The interactive lane: one worker process for the UI's reads (inspect, previews, details, exports,
   * model checks). Jobs never run in it, so a read never queues behind a long job.
   */
  readonly supervisor: InteractiveLane;
  /** Jobs, one per process (WorkerPool); processes start on demand. */
  readonly pool: WorkerPool;
  readonly version: string;
  private readonly listeners = new Set<EventListener>();

  constructor(options: BackendOptions) {
    this.version = options.version;
    const emit: EventListener = (event, payload) => {
      for (const l of this.listeners) l(event, payload);
    };
    this.projects = new ProjectService({
      dataDir: options.dataDir,
      demoDir: options.demoDir,
      appVersion: options.version,
      onChange: (summary) => emit('project.changed', summary),
    });
    this.supervisor = new WorkerSupervisor(options.launchComputeWorker, {
      name: 'interactive',
      cancelWithCaller: true,
    });
    // A job has its process to itself, so killing it harms no other job: a job whose loop cannot hear
    // the cancel message (a synchronous causal search) is stopped by killing it soon after the cancel.
    this.pool = new WorkerPool(options.launchComputeWorker, options.poolSize ?? defaultPoolSize(), {
      name: 'compute',
      cancelGraceMs: JOB_CANCEL_GRACE_MS,
    });
    if (options.prewarmWorkers) void this.pool.prewarm(options.prewarmWorkers);
    this.settings = new SettingsService(options.dataDir);
    const env = (): { provider: ReturnType<SettingsService['get']>['provider'] } => ({
      provider: this.settings.get().provider,
    });
    this.jobs = new JobService(this.pool, this.projects, emit, options.version, env);
    this.cluster = new ClusterService(this.projects, env);
    this.uploads = new UploadService(join(options.dataDir, 'uploads'));
    this.imports = new ImportService(this.supervisor, this.jobs, this.uploads, this.projects);
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    try {
      this.projects.flush();
    } finally {
      this.supervisor.dispose();
      this.pool.dispose();
      this.uploads.discardAll();
    }
  }
}

export const ALL_EVENTS: readonly EventName[] = EVENT_NAMES;

/** Where Causeway keeps its own files (recent projects, the demo copy) outside Electron. */
export function defaultDataDir(): string {
  const override = process.env['CAUSEWAY_DATA_DIR'];
  if (override) return override;
  if (process.platform === 'win32') return join(process.env['APPDATA'] ?? homedir(), 'Causeway');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Causeway');
  return join(process.env['XDG_DATA_HOME'] ?? join(homedir(), '.local', 'share'), 'causeway');
}
