// Hostile and damaged projects: each is refused at open with E_CORRUPT_PROJECT naming the problem,
// legal oddities are accepted, and what a killed import or a failed create leaves behind is cleaned.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProjectService } from './project-service.ts';

const demoDir = join(import.meta.dirname, '../../../resources/demo');
let root: string;
let service: ProjectService;
let writeFails = false;

vi.mock('./manifest-file.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('./manifest-file.ts')>();
  return {
    ...original,
    writeManifest: (dir: string, m: never): void => {
      if (writeFails)
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
          code: 'ENOSPC',
          path: join(dir, 'project.json'),
        });
      original.writeManifest(dir, m);
    },
  };
});

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'causeway-hardening-'));
  service = new ProjectService({ dataDir: join(root, 'data'), demoDir, appVersion: '0.0.0-test' });
  writeFails = false;
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A writable copy of the demo whose project.json `edit` may change. */
function demoCopy(edit?: (m: { datasets: Record<string, unknown>[] }) => void): string {
  const dir = join(root, 'p');
  cpSync(demoDir, dir, { recursive: true });
  if (edit) {
    const m = JSON.parse(readFileSync(join(dir, 'project.json'), 'utf8')) as {
      datasets: Record<string, unknown>[];
    };
    edit(m);
    writeFileSync(join(dir, 'project.json'), JSON.stringify(m));
  }
  return dir;
}

const refusal = (dir: string): { code?: string; message?: string } | null => {
  try {
    service.open(dir);
    return null;
  } catch (e) {
    return e as { code: string; message: string };
  }
};

describe('project.json that contradicts itself or its files', () => {
  it('refuses duplicate dataset ids', () => {
    const dir = demoCopy((m) => m.datasets.push({ ...m.datasets[0] }));
    expect(refusal(dir)).toMatchObject({
      code: 'E_CORRUPT_PROJECT',
      message: expect.stringMatching(/lists dataset "a549_cells" twice/),
    });
  });

  it('refuses counts that contradict the matrix file', () => {
    const dir = demoCopy((m) => {
      (m.datasets[0] as { nGenes: number }).nGenes = 999;
    });
    expect(refusal(dir)).toMatchObject({
      code: 'E_CORRUPT_PROJECT',
      message: expect.stringMatching(/"a549_cells" has 999 genes × 74 samples, but .* holds 252 × 74/),
    });
  });

  it('refuses a project.json that is a symlink out of the folder', () => {
    const dir = join(root, 'linked');
    mkdirSync(dir);
    symlinkSync(join(demoDir, 'project.json'), join(dir, 'project.json'));
    expect(refusal(dir)).toMatchObject({
      code: 'E_CORRUPT_PROJECT',
      message: expect.stringMatching(/outside its folder: project\.json/),
    });
  });

  it.skipIf(process.platform === 'win32')('refuses a FIFO as project.json without waiting on it', () => {
    const dir = join(root, 'fifo');
    mkdirSync(dir);
    execFileSync('mkfifo', [join(dir, 'project.json')]);
    expect(refusal(dir)).toMatchObject({
      code: 'E_CORRUPT_PROJECT',
      message: expect.stringMatching(/not a regular file/),
    });
  });

  it('says what is wrong with a field in words', () => {
    const dir = demoCopy((m) => {
      (m.datasets[0] as { nGenes: number }).nGenes = -5;
    });
    expect(refusal(dir)).toMatchObject({
      code: 'E_CORRUPT_PROJECT',
      message: expect.stringMatching(/is damaged: "datasets\.0\.nGenes" must be at least 0 \(it was -5\)\.$/),
    });
  });

  it('accepts a legal file name that starts with two dots', () => {
    const dir = demoCopy((m) => {
      m.datasets[0]!['matrixFile'] = 'datasets/a549_cells/..matrix.arrow';
    });
    renameSync(
      join(dir, 'datasets/a549_cells/matrix.arrow'),
      join(dir, 'datasets/a549_cells/..matrix.arrow'),
    );
    expect(service.open(dir).manifest.datasets[0]?.matrixFile).toBe('datasets/a549_cells/..matrix.arrow');
  });
});

describe('nothing left behind', () => {
  it('removes stale .import-* staging on open and keeps a recent one (a live import)', () => {
    const dir = demoCopy();
    const stale = join(dir, 'datasets', '.import-dataset_x');
    mkdirSync(stale);
    writeFileSync(join(stale, 'matrix.arrow.tmp'), Buffer.alloc(1024));
    const old = new Date(Date.now() - 3600_000);
    utimesSync(join(stale, 'matrix.arrow.tmp'), old, old);
    utimesSync(stale, old, old);
    const live = join(dir, 'datasets', '.import-dataset_y');
    mkdirSync(live);
    mkdirSync(join(dir, 'networks'), { recursive: true });
    const staleNet = join(dir, 'networks', '.import-net_1.json');
    writeFileSync(staleNet, '{}');
    utimesSync(staleNet, old, old);
    const said = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let lines = '';
    let notices: string[] | undefined;
    try {
      notices = service.open(dir).notices;
      lines = said.mock.calls.map((c) => String(c[0])).join('');
    } finally {
      said.mockRestore();
    }
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(staleNet)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(lines).toMatch(/Removed datasets\/\.import-dataset_x, left by an import that was interrupted/);
    // The app says it too (a toast on open), once: later summaries do not carry it.
    expect(notices).toHaveLength(2);
    expect(notices?.[0]).toMatch(/Removed datasets\/\.import-dataset_x/);
    expect(service.summary()?.notices).toBeUndefined();
  });

  it('a create that fails on a full disk leaves nothing, says so in words, and the retry works', () => {
    const fresh = join(root, 'new-project');
    const empty = join(root, 'empty-folder');
    mkdirSync(empty);
    writeFails = true;
    for (const dir of [fresh, empty]) {
      expect(() => service.create(dir, 'P')).toThrow(/disk is full/);
      expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
    }
    writeFails = false;
    expect(service.create(fresh, 'P').manifest.name).toBe('P');
    expect(service.create(empty, 'Q').manifest.name).toBe('Q');
  });
});
