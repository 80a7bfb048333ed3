import { describe, expect, it } from 'vitest';
import { FakeApi } from '../lib/testing/fake-api.ts';
import { APP_INFO, projectSummary, summaryRun } from '../lib/testing/fixtures.ts';
import { Caller } from './caller.ts';
import { ProjectState } from './project.svelte.ts';
import { ToastState } from './toasts.svelte.ts';

const noTimers = { set: () => 0, clear: () => undefined };
const INFO = APP_INFO;

function setup() {
  const api = new FakeApi()
    .reply('app.info', INFO)
    .reply('project.current', null)
    .reply('project.recent', [{ dir: '/tmp/old', name: 'Old', openedAt: '2024-01-01T00:00:00.000Z' }]);
  const toasts = new ToastState(noTimers);
  const project = new ProjectState(new Caller(api, toasts), toasts);
  return { api, toasts, project };
}

describe('ProjectState', () => {
  it('starts on the start screen with recent projects when nothing is open', async () => {
    const { project } = setup();
    expect(project.ready).toBe(false);
    await project.init();
    expect(project.ready).toBe(true);
    expect(project.current).toBeNull();
    expect(project.info?.version).toBe('0.1.0');
    expect(project.recent.map((r) => r.name)).toEqual(['Old']);
  });

  it('a corrupt project is a toast, and the start screen stays', async () => {
    const { api, project, toasts } = setup();
    api.handle('project.open', () => ({
      ok: false,
      error: { code: 'E_CORRUPT_PROJECT', message: 'project.json is not valid JSON.' },
    }));
    await project.init();
    expect(await project.open('/tmp/broken')).toBe(false);
    expect(project.current).toBeNull();
    expect(project.busy).toBeNull();
    expect(toasts.items[0]).toMatchObject({
      kind: 'error',
      code: 'E_CORRUPT_PROJECT',
      title: 'Could not open the project',
    });
  });

  it('opens the demo, follows project.changed, and closes', async () => {
    const { api, project } = setup();
    api.reply('project.openDemo', projectSummary({ name: 'Demo' }));
    api.reply('project.close', { closed: true });
    const stop = project.subscribe();
    await project.init();
    expect(await project.openDemo()).toBe(true);
    expect(project.name).toBe('Demo');
    expect(project.datasets.map((d) => d.id)).toEqual(['ds_airway']);

    api.emit('project.changed', { ...projectSummary({ name: 'Demo' }), dirty: true });
    expect(project.current?.dirty).toBe(true);

    expect(await project.close()).toBe(true);
    expect(project.current).toBeNull();
    stop();
  });

  it('says once what opening did on its own (an interrupted import cleaned up)', async () => {
    const { api, project, toasts } = setup();
    const notice = 'Removed datasets/.import-x, left by an import that was interrupted.';
    api.reply('project.open', { ...projectSummary({ name: 'P' }), notices: [notice] });
    expect(await project.open('/p')).toBe(true);
    expect(toasts.items.map((t) => t.message)).toEqual([notice]);
    expect(project.current && 'notices' in project.current).toBe(false);
  });

  it('creates and saves', async () => {
    const { api, project, toasts } = setup();
    api.handle('project.create', ({ dir, name }) => ({ ok: true, value: projectSummary({ dir, name }) }));
    api.reply('project.save', projectSummary({ name: 'New' }));
    await project.create('/tmp/new', 'New');
    expect(api.callsOf('project.create')).toEqual([{ dir: '/tmp/new', name: 'New' }]);
    expect(project.current?.dir).toBe('/tmp/new');
    expect(await project.save()).toBe(true);
    // Save says it saved (it once gave no feedback at all).
    expect(toasts.items.at(-1)).toMatchObject({ kind: 'success', title: 'Saved New' });
  });

  it('offers the folder dialog only where the host has one', async () => {
    const { api, project } = setup();
    api.reply('dialog.pickFolder', { path: '/picked' });
    await project.init();
    expect(await project.pickFolder('t')).toBeNull();
    expect(api.callsOf('dialog.pickFolder')).toEqual([]);
    project.info = { ...INFO, canPickFolders: true };
    expect(await project.pickFolder('t')).toBe('/picked');
  });

  it('lists summary runs of a dataset, newest first', () => {
    const { project } = setup();
    project.current = projectSummary({
      runs: [
        summaryRun('run_1', 'ds_airway', '2024-05-01T10:00:00.000Z'),
        summaryRun('run_2', 'ds_airway', '2024-05-02T10:00:00.000Z'),
        summaryRun('run_3', 'ds_other', '2024-05-03T10:00:00.000Z'),
      ],
    });
    expect(project.summaryRuns('ds_airway').map((r) => r.id)).toEqual(['run_2', 'run_1']);
    expect(project.summaryRuns().map((r) => r.id)).toEqual(['run_3', 'run_2', 'run_1']);
  });
});

describe('ProjectState.onSwitch', () => {
  it('fires when another project or none becomes current, not when the same one changes', () => {
    const { project } = setup();
    const seen: (string | null)[] = [];
    project.onSwitch((p) => seen.push(p?.dir ?? null));
    project.current = projectSummary({ dir: '/a' });
    project.current = { ...projectSummary({ dir: '/a' }), dirty: true };
    project.current = projectSummary({ dir: '/b' });
    project.current = null;
    expect(seen).toEqual(['/a', '/b', null]);
  });
});
