import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  ClusterProfile,
  ClusterProfiles,
  ProfileName,
  type ClusterProfileInput,
} from '#shared/contracts/cluster.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { writeFileAtomic } from '../../../compute/io/atomic-write.ts';

export { ClusterProfile } from '#shared/contracts/cluster.ts';

/** A hand-edited profile file is small; anything larger is not one. */
const MAX_PROFILES_BYTES = 1 << 20;

/** ~/.causeway/cluster.json unless CAUSEWAY_CLUSTER_PROFILES names another file: one file for app and CLI. */
export const clusterProfilesPath = (): string =>
  process.env['CAUSEWAY_CLUSTER_PROFILES'] ?? join(homedir(), '.causeway', 'cluster.json');

/** "profiles.default.cpusPerTask: Number must be greater than or equal to 1" — the field and the bound. */
function describeIssue(file: string, error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  const where = issue?.path.map(String).join('.') ?? '';
  return `${file}: ${where ? `${where}: ` : ''}${issue?.message ?? 'invalid cluster profile'}`;
}

/** Every profile of the file (none when there is no file); a damaged file is an error, never ignored. */
export function readClusterProfiles(file = clusterProfilesPath()): Record<string, ClusterProfile> {
  if (!existsSync(file)) return {};
  let raw: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    if (text.length > MAX_PROFILES_BYTES)
      throw new Error(`it is ${text.length} bytes; a profile file is at most ${MAX_PROFILES_BYTES}`);
    raw = JSON.parse(text);
  } catch (e) {
    throw new CausewayError('E_INVALID_INPUT', `${file} is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = ClusterProfiles.safeParse(raw);
  if (!parsed.success) throw new CausewayError('E_INVALID_INPUT', describeIssue(file, parsed.error));
  return parsed.data.profiles;
}

/** The named profile; with no file at all, "default" is SLURM's defaults (fine on most clusters). */
export function loadClusterProfile(name = 'default', file = clusterProfilesPath()): ClusterProfile {
  if (!existsSync(file)) {
    if (name === 'default') return ClusterProfile.parse({});
    throw new CausewayError('E_NOT_FOUND', `No cluster profile file ${file}, so no profile "${name}".`);
  }
  const profiles = readClusterProfiles(file);
  const profile = profiles[name];
  if (!profile) {
    const names = Object.keys(profiles).join(', ') || 'none';
    throw new CausewayError('E_NOT_FOUND', `No cluster profile "${name}" in ${file} (profiles: ${names}).`);
  }
  return profile;
}

function writeProfiles(file: string, entries: Map<string, ClusterProfile>): Record<string, ClusterProfile> {
  const profiles = Object.fromEntries(entries);
  const doc: ClusterProfiles = { profiles };
  mkdirSync(dirname(file), { recursive: true });
  // Atomic: the CLI on a login node may read the file while the app writes it.
  writeFileAtomic(file, `${JSON.stringify(doc, null, 2)}\n`);
  return profiles;
}

/**
 * Adds or replaces profile `name` (removing `previousName` when it is a rename), validated with the
 * schema the CLI reads it with. A file that does not parse is refused rather than overwritten: it may be
 * a hand-edited file with a typo, and saving over it would lose the user's other profiles.
 */
export function saveClusterProfile(
  name: string,
  profile: ClusterProfileInput,
  previousName?: string,
  file = clusterProfilesPath(),
): Record<string, ClusterProfile> {
  const validName = ProfileName.safeParse(name);
  if (!validName.success) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `Profile name "${name}": ${validName.error.issues[0]?.message}`,
    );
  }
  const parsed = ClusterProfile.safeParse(profile);
  if (!parsed.success) {
    throw new CausewayError('E_INVALID_INPUT', describeIssue(`profile "${name}"`, parsed.error));
  }
  const profiles = new Map(Object.entries(readClusterProfiles(file)));
  if (previousName !== undefined && previousName !== name) {
    if (!profiles.has(previousName))
      throw new CausewayError('E_NOT_FOUND', `No cluster profile "${previousName}" in ${file}.`);
    if (profiles.has(name))
      throw new CausewayError('E_INVALID_INPUT', `A cluster profile "${name}" exists already.`);
    profiles.delete(previousName);
  }
  profiles.set(name, parsed.data);
  return writeProfiles(file, profiles);
}

export function deleteClusterProfile(
  name: string,
  file = clusterProfilesPath(),
): Record<string, ClusterProfile> {
  const profiles = new Map(Object.entries(readClusterProfiles(file)));
  if (!profiles.delete(name))
    throw new CausewayError('E_NOT_FOUND', `No cluster profile "${name}" in ${file}.`);
  return writeProfiles(file, profiles);
}
