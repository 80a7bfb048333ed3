import {
  ClusterProfile,
  ProfileName,
  type ClusterProfileInput,
  type ClusterState,
} from '@shared/contracts/cluster.ts';
import type { Caller } from './caller.ts';

/** The profile form: every field as typed, so that a half-typed number is the user's, not NaN. */
export interface ProfileForm {
  name: string;
  partition: string;
  account: string;
  time: string;
  memory: string;
  cpusPerTask: string;
  maxConcurrent: string;
  /** One sbatch option per line. */
  sbatchOptions: string;
  /** One shell line per line. */
  prefix: string;
  command: string;
  runsPerChunk: string;
  chunksPerTask: string;
  attempts: string;
  workDir: string;
}

const LABELS: Record<string, string> = {
  partition: 'Partition',
  account: 'Account',
  time: 'Time limit',
  memory: 'Memory per task',
  cpusPerTask: 'CPUs per task',
  maxConcurrent: 'Tasks at once',
  sbatchOptions: 'Extra sbatch options',
  prefix: 'Command prefix',
  command: 'Causeway command',
  runsPerChunk: 'Stability runs per task',
  chunksPerTask: 'Chunks per task',
  attempts: 'Attempts',
  workDir: 'Work folder',
};

export const emptyForm = (): ProfileForm => ({
  name: '',
  partition: '',
  account: '',
  time: '',
  memory: '',
  cpusPerTask: '1',
  maxConcurrent: '',
  sbatchOptions: '',
  prefix: '',
  command: '',
  runsPerChunk: '',
  chunksPerTask: '1',
  attempts: '3',
  workDir: '',
});

export function formOf(name: string, p: ClusterProfile): ProfileForm {
  const text = (v: string | number | undefined): string => (v === undefined ? '' : String(v));
  return {
    name,
    partition: text(p.partition),
    account: text(p.account),
    time: text(p.time),
    memory: text(p.memory),
    cpusPerTask: text(p.cpusPerTask),
    maxConcurrent: text(p.maxConcurrent),
    sbatchOptions: p.sbatchOptions.join('\n'),
    prefix: p.prefix.join('\n'),
    command: text(p.command),
    runsPerChunk: text(p.runsPerChunk),
    chunksPerTask: text(p.chunksPerTask),
    attempts: text(p.attempts),
    workDir: text(p.workDir),
  };
}

/**
 * The form as a profile, validated by the schema the CLI reads the file with; an error names the
 * field by its label and says what it must be.
 */
export function profileOf(
  f: ProfileForm,
): { ok: true; name: string; profile: ClusterProfileInput } | { ok: false; error: string } {
  const name = ProfileName.safeParse(f.name.trim());
  if (!name.success) return { ok: false, error: `Name: ${name.error.issues[0]?.message ?? 'invalid'}.` };
  const profile: Record<string, unknown> = {};
  for (const key of ['partition', 'account', 'time', 'memory', 'command', 'workDir'] as const) {
    const v = f[key].trim();
    if (v !== '') profile[key] = v;
  }
  for (const key of ['cpusPerTask', 'maxConcurrent', 'runsPerChunk', 'chunksPerTask', 'attempts'] as const) {
    const v = f[key].trim();
    if (v === '') continue;
    const n = Number(v);
    if (!Number.isInteger(n)) return { ok: false, error: `${LABELS[key]}: a whole number, not “${v}”.` };
    profile[key] = n;
  }
  const lines = (s: string): string[] =>
    s
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
  profile['sbatchOptions'] = lines(f.sbatchOptions);
  profile['prefix'] = lines(f.prefix);
  const parsed = ClusterProfile.safeParse(profile);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue?.path[0] ?? '');
    const line = issue && issue.path.length > 1 ? ` (line ${Number(issue.path[1]) + 1})` : '';
    return { ok: false, error: `${LABELS[key] ?? key}${line}: ${issue?.message ?? 'invalid'}.` };
  }
  return { ok: true, name: name.data, profile: profile as ClusterProfileInput };
}

/**
 * Cluster profiles in Settings: the profiles of the config file the CLI reads (the backend owns the
 * file; this only lists and edits), and whether this backend can reach sbatch.
 */
export class ClusterSettingsState {
  file = $state('');
  profiles = $state.raw<Record<string, ClusterProfile>>({});
  sbatch = $state(false);
  /** The file could not be read: shown, and saving is refused until it is fixed. */
  fileError = $state<string | null>(null);
  loaded = $state(false);
  /** null: not editing; otherwise the name being edited ('' for a new profile). */
  editing = $state<string | null>(null);
  form = $state<ProfileForm>(emptyForm());
  formError = $state<string | null>(null);
  busy = $state(false);

  names = $derived(Object.keys(this.profiles).sort());

  constructor(private readonly caller: Caller) {}

  async load(): Promise<void> {
    const r = await this.caller.call('cluster.profiles', {});
    if (r.ok) this.apply(r.value);
  }

  startNew(): void {
    this.editing = '';
    this.form = emptyForm();
    if (this.names.length === 0) this.form.name = 'default';
    this.formError = null;
  }

  startEdit(name: string): void {
    const p = this.profiles[name];
    if (!p) return;
    this.editing = name;
    this.form = formOf(name, p);
    this.formError = null;
  }

  cancel(): void {
    this.editing = null;
    this.formError = null;
  }

  async save(): Promise<boolean> {
    const parsed = profileOf(this.form);
    if (!parsed.ok) {
      this.formError = parsed.error;
      return false;
    }
    const previous = this.editing;
    if (!previous && parsed.name in this.profiles) {
      this.formError = `A profile “${parsed.name}” exists already: edit it, or choose another name.`;
      return false;
    }
    this.busy = true;
    try {
      const r = await this.caller.call('cluster.saveProfile', {
        name: parsed.name,
        profile: ClusterProfile.parse(parsed.profile),
        ...(previous ? { previousName: previous } : {}),
      });
      if (!r.ok) {
        this.formError = r.error.message;
        return false;
      }
      this.apply(r.value);
      this.editing = null;
      this.formError = null;
      return true;
    } finally {
      this.busy = false;
    }
  }

  async remove(name: string): Promise<boolean> {
    const r = await this.caller.call('cluster.deleteProfile', { name });
    if (!r.ok) return false;
    this.apply(r.value);
    if (this.editing === name) this.cancel();
    return true;
  }

  private apply(s: ClusterState): void {
    this.file = s.file;
    this.profiles = s.profiles;
    this.sbatch = s.sbatch;
    this.fileError = s.error;
    this.loaded = true;
  }
}
