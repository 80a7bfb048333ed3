import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { capWorkers } from './backend.ts';
import { makeScratchDir, sweepStaleScratch } from './scratch-dirs.ts';

const root = mkdtempSync(join(tmpdir(), 'causeway-scratch-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('CLI scratch folders', () => {
  it('removes folders of runs that died (kill -9) and keeps live, fresh and foreign ones', () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    const deadPid = Number(dead.stdout);
    const orphan = makeScratchDir('data', root);
    writeFileSync(join(orphan, '.causeway-owner'), String(deadPid));
    writeFileSync(join(orphan, 'big.arrow'), 'left behind');
    const orphanProject = makeScratchDir('project', root);
    writeFileSync(join(orphanProject, '.causeway-owner'), String(deadPid));
    const live = makeScratchDir('project', root); // owned by this process
    const unownedFresh = join(root, 'causeway-cli-abc123');
    mkdirSync(unownedFresh);
    const unownedOld = join(root, 'causeway-cli-old999');
    mkdirSync(unownedOld);
    utimesSync(unownedOld, new Date(2020, 0, 1), new Date(2020, 0, 1));
    const foreign = join(root, 'causeway-cli-test-keepme');
    mkdirSync(foreign);
    utimesSync(foreign, new Date(2020, 0, 1), new Date(2020, 0, 1));

    expect(sweepStaleScratch(root)).toBe(3);
    expect([orphan, orphanProject, unownedOld].map(existsSync)).toEqual([false, false, false]);
    expect([live, unownedFresh, foreign].map(existsSync)).toEqual([true, true, true]);
  });

  it('caps --workers to the cores of the machine and says so', () => {
    const notes: string[] = [];
    expect(capWorkers(12, 2, (t) => notes.push(t))).toBe(2);
    expect(capWorkers(2, 2, (t) => notes.push(t))).toBe(2);
    expect(notes).toEqual(['--workers 12: this machine has 2 cores; using 2 workers.\n']);
  });
});
