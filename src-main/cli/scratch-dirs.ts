// The CLI's throw-away folders under the system temp folder. A run killed with -9 cannot remove its
// own, so each records its owner's pid and every later run removes those whose owner is gone.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const OWNER_FILE = '.causeway-owner';
/** Only folders this module makes: the prefix and mkdtemp's six characters. */
const SCRATCH_NAME = /^causeway-cli-(project-)?[A-Za-z0-9]{6}$/;
/** A folder with no owner file yet may be one being made this instant: only old ones are orphans. */
const UNOWNED_GRACE_MS = 24 * 60 * 60 * 1000;

export function makeScratchDir(kind: 'data' | 'project', root = tmpdir()): string {
  const dir = mkdtempSync(join(root, kind === 'project' ? 'causeway-cli-project-' : 'causeway-cli-'));
  writeFileSync(join(dir, OWNER_FILE), String(process.pid));
  return dir;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes scratch folders whose owning run has died; returns how many. */
export function sweepStaleScratch(root = tmpdir(), now = Date.now()): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!SCRATCH_NAME.test(name)) continue;
    const dir = join(root, name);
    try {
      let stale: boolean;
      try {
        const pid = Number(readFileSync(join(dir, OWNER_FILE), 'utf8'));
        stale = !(Number.isInteger(pid) && pid > 0 && alive(pid));
      } catch {
        stale = now - statSync(dir).mtimeMs > UNOWNED_GRACE_MS;
      }
      if (stale) {
        rmSync(dir, { recursive: true, force: true });
        removed++;
      }
    } catch {
      // Another user's folder, or one removed meanwhile: not ours to worry about.
    }
  }
  return removed;
}
