import { accessSync, constants, cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NetworkGraph } from '#shared/domain/network.ts';
import {
  PROJECT_FILE,
  PROJECT_SCHEMA_VERSION,
  type DatasetDescriptor,
  type NetworkDescriptor,
  type NetworkVersionDescriptor,
  type ProjectManifest,
  type ProjectSummary,
  type RecentProject,
  type RunRecord,
  type TableDescriptor,
} from '#shared/domain/project.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { readNetworkText } from '../../compute/io/network-file.ts';
import { describeSystemError } from '#shared/lib/system-error.ts';
import { checkManifest, removeStaleStaging } from './manifest-checks.ts';
import { readBounded, readManifest, resolveInside, writeManifest } from './manifest-file.ts';
import { RecentProjects } from './recent-projects.ts';

export interface ProjectServiceOptions {
  dataDir: string;
  demoDir: string;
  appVersion: string;
  /** Debounce for saving edits; finished runs are saved at once. */
  autosaveMs?: number;
  onChange?: (summary: ProjectSummary | null) => void;
}

const MAX_RESULT_BYTES = 512 * 1024 * 1024;
const MAX_NETWORK_BYTES = 256 * 1024 * 1024;

interface OpenProject {
  dir: string;
  manifest: ProjectManifest;
  dirty: boolean;
  readOnly: boolean;
}

/** One open project at a time; every change goes through here so it can be saved atomically. */
export class ProjectService {
  private current: OpenProject | null = null;
  private autosaveTimer: ReturnType<typeof setTimeout> | null = null;
  readonly recent: RecentProjects;

  constructor(private readonly options: ProjectServiceOptions) {
    this.recent = new RecentProjects(options.dataDir);
  }

  summary(): ProjectSummary | null {
    const p = this.current;
    return p ? { dir: p.dir, manifest: p.manifest, dirty: p.dirty, readOnly: p.readOnly } : null;
  }

  create(dirInput: string, name: string): ProjectSummary {
    const dir = resolve(dirInput);
    if (existsSync(dir)) {
      if (!statSync(dir).isDirectory())
        throw new CausewayError('E_INVALID_INPUT', `${dir} is a file, not a folder.`);
      if (readdirSync(dir).length > 0) {
        throw new CausewayError('E_INVALID_INPUT', `${dir} is not empty; choose a new or empty folder.`);
      }
    }
    const now = new Date().toISOString();
    const manifest: ProjectManifest = {
      schemaVersion: PROJECT_SCHEMA_VERSION,
      name,
      createdAt: now,
      modifiedAt: now,
      appVersion: this.options.appVersion,
      datasets: [],
      networks: [],
      runs: [],
      notes: '',
    };
    const existed = existsSync(dir);
    try {
      mkdirSync(join(dir, 'datasets'), { recursive: true });
      mkdirSync(join(dir, 'results'), { recursive: true });
      writeManifest(dir, manifest);
    } catch (e) {
      // A half-made project (a full disk, a read-only mount) would make the retry fail as "not empty":
      // take back everything this call made; the folder was empty or absent before.
      try {
        if (existed) for (const n of readdirSync(dir)) rmSync(join(dir, n), { recursive: true, force: true });
        else rmSync(dir, { recursive: true, force: true });
      } catch {
        // Nothing more can be done here; the error below says what went wrong.
      }
      const said = describeSystemError(e);
      if (said) throw new CausewayError(said.code, `Cannot create the project in ${dir}: ${said.message}`);
      throw e;
    }
    return this.adopt(dir, manifest);
  }

  open(dirInput: string): ProjectSummary {
    const dir = resolve(dirInput);
    if (!existsSync(join(dir, PROJECT_FILE))) {
      throw new CausewayError('E_NOT_FOUND', `${dir} is not a Causeway project (no ${PROJECT_FILE}).`, {
        dir,
      });
    }
    const manifest = readManifest(dir);
    checkManifest(dir, manifest);
    const notices = removeStaleStaging(dir);
    for (const line of notices) process.stderr.write(`${dir}: ${line}\n`);
    const summary = this.adopt(dir, manifest);
    // Said once, with this open: the summaries emitted later do not repeat it.
    return notices.length > 0 ? { ...summary, notices } : summary;
  }

  /** The demo ships read-only; the user works on a fresh copy in the app's data folder. */
  openDemo(): ProjectSummary {
    const target = join(this.options.dataDir, 'demo-project');
    if (existsSync(target)) {
      try {
        return this.open(target);
      } catch {
        rmSync(target, { recursive: true, force: true }); // A damaged copy is replaced by a fresh one.
      }
    }
    cpSync(this.options.demoDir, target, { recursive: true });
    return this.open(target);
  }

  close(): boolean {
    if (!this.current) return false;
    this.flush();
    this.current = null;
    this.emit();
    return true;
  }

  save(): ProjectSummary {
    const p = this.require();
    if (p.readOnly) throw new CausewayError('E_IO', `${p.dir} is read-only; save a copy elsewhere.`);
    p.manifest = { ...p.manifest, modifiedAt: new Date().toISOString(), appVersion: this.options.appVersion };
    writeManifest(p.dir, p.manifest);
    p.dirty = false;
    this.clearAutosave();
    this.emit();
    return this.summary() as ProjectSummary;
  }

  rename(name: string): ProjectSummary {
    const p = this.require();
    p.manifest = { ...p.manifest, name };
    this.markDirty();
    return this.summary() as ProjectSummary;
  }

  recentProjects(): RecentProject[] {
    return this.recent.list();
  }

  dataset(id: string): DatasetDescriptor {
    const d = this.require().manifest.datasets.find((x) => x.id === id);
    if (!d) throw new CausewayError('E_NOT_FOUND', `No dataset "${id}" in this project.`);
    return d;
  }

  /**
   * Register an imported dataset whose files are already in place, and save at once: the files exist,
   * so the manifest must not lag behind them.
   */
  addDataset(descriptor: DatasetDescriptor): ProjectSummary {
    const p = this.require();
    if (p.readOnly) throw new CausewayError('E_IO', `${p.dir} is read-only; save a copy elsewhere.`);
    if (p.manifest.datasets.some((d) => d.id === descriptor.id)) {
      throw new CausewayError(
        'E_INVALID_INPUT',
        `A dataset "${descriptor.id}" already exists in this project.`,
      );
    }
    resolveInside(p.dir, descriptor.matrixFile);
    if (descriptor.samplesFile) resolveInside(p.dir, descriptor.samplesFile);
    p.manifest = { ...p.manifest, datasets: [...p.manifest.datasets, descriptor] };
    p.dirty = true;
    return this.save();
  }

  /** Register an imported network whose JSON file is already in place; saved at once, like addDataset. */
  addNetwork(descriptor: NetworkDescriptor): ProjectSummary {
    const p = this.writable();
    if (p.manifest.networks.some((n) => n.id === descriptor.id)) {
      throw new CausewayError(
        'E_INVALID_INPUT',
        `A network "${descriptor.id}" already exists in this project.`,
      );
    }
    resolveInside(p.dir, descriptor.file);
    p.manifest = { ...p.manifest, networks: [...p.manifest.networks, descriptor] };
    p.dirty = true;
    return this.save();
  }

  /** Register a network version whose file is already in place (network-versions.ts writes it). */
  addNetworkVersion(descriptor: NetworkVersionDescriptor): ProjectSummary {
    const p = this.writable();
    const versions = p.manifest.networkVersions ?? [];
    if (versions.some((v) => v.id === descriptor.id))
      throw new CausewayError('E_INVALID_INPUT', `A network version "${descriptor.id}" already exists.`);
    resolveInside(p.dir, descriptor.file);
    p.manifest = { ...p.manifest, networkVersions: [...versions, descriptor] };
    p.dirty = true;
    return this.save();
  }

  /** Register an imported reference table (drug–targets) whose Arrow file is already in place. */
  addTable(descriptor: TableDescriptor): ProjectSummary {
    const p = this.writable();
    const tables = p.manifest.tables ?? [];
    if (tables.some((t) => t.id === descriptor.id)) {
      throw new CausewayError(
        'E_INVALID_INPUT',
        `A table "${descriptor.id}" already exists in this project.`,
      );
    }
    resolveInside(p.dir, descriptor.file);
    p.manifest = { ...p.manifest, tables: [...tables, descriptor] };
    p.dirty = true;
    return this.save();
  }

  network(id: string): NetworkDescriptor {
    const n = this.require().manifest.networks.find((x) => x.id === id);
    if (!n) throw new CausewayError('E_NOT_FOUND', `No network "${id}" in this project.`);
    return n;
  }

  resolveFile(relPath: string): string {
    return resolveInside(this.require().dir, relPath);
  }

  /** Where a new run writes its result: results/<runId>.<ext>, folder created on demand. */
  prepareResultFile(runId: string, ext: 'json' | 'arrow'): { relPath: string; absPath: string } {
    const p = this.require();
    mkdirSync(join(p.dir, 'results'), { recursive: true });
    const relPath = `results/${runId}.${ext}`;
    return { relPath, absPath: this.resolveFile(relPath) };
  }

  /** A finished run is saved immediately: its result file already exists and must not be orphaned. */
  recordRun(run: RunRecord): void {
    const p = this.require();
    p.manifest = { ...p.manifest, runs: [...p.manifest.runs, run] };
    p.dirty = true;
    if (!p.readOnly) this.save();
    else this.emit();
  }

  runResult(runId: string): unknown {
    const run = this.require().manifest.runs.find((r) => r.id === runId);
    if (!run) throw new CausewayError('E_NOT_FOUND', `No run "${runId}" in this project.`);
    const file = this.resolveFile(run.resultFile);
    try {
      return JSON.parse(readBounded(file, MAX_RESULT_BYTES));
    } catch (e) {
      if (e instanceof CausewayError) throw e;
      throw new CausewayError('E_CORRUPT_PROJECT', `The result file ${run.resultFile} is damaged.`, { file });
    }
  }

  networkGraph(networkId: string): NetworkGraph {
    const n = this.network(networkId);
    const file = this.resolveFile(n.file);
    let json: unknown;
    try {
      json = JSON.parse(readNetworkText(file, MAX_NETWORK_BYTES));
    } catch (e) {
      if (e instanceof CausewayError) throw e;
      throw new CausewayError('E_CORRUPT_PROJECT', `The network file ${n.file} is not valid JSON.`, { file });
    }
    const parsed = NetworkGraph.safeParse(json);
    if (!parsed.success) {
      throw new CausewayError('E_CORRUPT_PROJECT', `The network file ${n.file} is damaged.`, { file });
    }
    return parsed.data;
  }

  /** Save pending edits now (on close and on quit). */
  flush(): void {
    if (this.current?.dirty && !this.current.readOnly) this.save();
    this.clearAutosave();
  }

  private adopt(dir: string, manifest: ProjectManifest): ProjectSummary {
    this.flush();
    let readOnly = false;
    try {
      accessSync(dir, constants.W_OK);
    } catch {
      readOnly = true;
    }
    this.current = { dir, manifest, dirty: false, readOnly };
    try {
      this.recent.add(dir, manifest.name);
    } catch {
      /* the recent list is a convenience; failing to write it must not fail the open */
    }
    this.emit();
    return this.summary() as ProjectSummary;
  }

  private markDirty(): void {
    const p = this.require();
    p.dirty = true;
    this.emit();
    this.clearAutosave();
    if (!p.readOnly) {
      this.autosaveTimer = setTimeout(() => {
        try {
          if (this.current === p) this.save();
        } catch {
          /* the dirty flag stays set and the user sees it; an explicit save reports the error */
        }
      }, this.options.autosaveMs ?? 2_000);
      this.autosaveTimer.unref?.();
    }
  }

  private clearAutosave(): void {
    if (this.autosaveTimer) clearTimeout(this.autosaveTimer);
    this.autosaveTimer = null;
  }

  private writable(): OpenProject {
    const p = this.require();
    if (p.readOnly) throw new CausewayError('E_IO', `${p.dir} is read-only; save a copy elsewhere.`);
    return p;
  }

  private require(): OpenProject {
    if (!this.current) throw new CausewayError('E_NOT_FOUND', 'No project is open.');
    return this.current;
  }

  private emit(): void {
    this.options.onChange?.(this.summary());
  }
}
