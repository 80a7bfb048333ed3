import { describe, expect, it } from 'vitest';
import { ClusterProfile, type ClusterState } from '@shared/contracts/cluster.ts';
import { methods } from '@shared/contracts/api.ts';
import { Caller } from './caller.ts';
import { ClusterSettingsState, emptyForm, formOf, profileOf } from './cluster-settings.svelte.ts';
import { ToastState } from './toasts.svelte.ts';
import { FakeApi } from '../lib/testing/fake-api.ts';

/** A backend holding the profiles in memory, replying as ClusterService does. */
function fakeCluster(sbatch = true) {
  let profiles: Record<string, ClusterProfile> = {};
  const state = (): ClusterState => ({
    file: '/home/me/.causeway/cluster.json',
    profiles,
    sbatch,
    error: null,
  });
  const api = new FakeApi()
    .handle('cluster.profiles', () => ({ ok: true, value: state() }))
    .handle('cluster.saveProfile', (input) => {
      const { name, profile, previousName } = methods['cluster.saveProfile'].input.parse(input);
      const kept = Object.entries(profiles).filter(([n]) => n !== previousName);
      profiles = { ...Object.fromEntries(kept), [name]: profile };
      return { ok: true, value: state() };
    })
    .handle('cluster.deleteProfile', ({ name }) => {
      profiles = Object.fromEntries(Object.entries(profiles).filter(([n]) => n !== name));
      return { ok: true, value: state() };
    });
  return { api, state: new ClusterSettingsState(new Caller(api, new ToastState())) };
}

describe('cluster profile form', () => {
  it('round-trips a profile through the form', () => {
    const p = ClusterProfile.parse({
      partition: 'short',
      time: '01:00:00',
      memory: '4G',
      cpusPerTask: 2,
      sbatchOptions: ['--qos=normal', '--exclusive'],
      prefix: ['module load nodejs/20'],
      runsPerChunk: 1,
      workDir: '/scratch/me',
    });
    const back = profileOf(formOf('short', p));
    expect(back.ok && back.name).toBe('short');
    expect(back.ok && ClusterProfile.parse(back.profile)).toEqual(p);
  });

  it('names the field, the line and the bound of what is wrong', () => {
    const f = { ...emptyForm(), name: 'x' };
    expect(profileOf({ ...f, name: 'two words' })).toMatchObject({ ok: false, error: /Name: .*letters/ });
    expect(profileOf({ ...f, cpusPerTask: '1.5' })).toEqual({
      ok: false,
      error: 'CPUs per task: a whole number, not “1.5”.',
    });
    expect(profileOf({ ...f, cpusPerTask: '0' })).toMatchObject({ ok: false, error: /^CPUs per task: / });
    expect(profileOf({ ...f, attempts: '11' })).toMatchObject({ ok: false, error: /^Attempts: / });
    expect(profileOf({ ...f, sbatchOptions: '--qos=short\nexclusive' })).toMatchObject({
      ok: false,
      error: /^Extra sbatch options \(line 2\): an sbatch option starts with - or --/,
    });
    // Blank optional fields are left out, so the CLI applies SLURM's defaults.
    const ok = profileOf({ ...f, partition: '  ', maxConcurrent: '' });
    expect(ok.ok && ok.profile).toEqual({
      cpusPerTask: 1,
      chunksPerTask: 1,
      attempts: 3,
      sbatchOptions: [],
      prefix: [],
    });
  });
});

describe('cluster profiles in Settings', () => {
  it('adds, edits (renames), refuses a duplicate and deletes through the API', async () => {
    const { api, state } = fakeCluster();
    await state.load();
    expect(state.names).toEqual([]);
    state.startNew();
    expect(state.form.name).toBe('default');
    state.form.partition = 'short';
    expect(await state.save()).toBe(true);
    expect(state.names).toEqual(['default']);
    expect(state.editing).toBeNull();

    state.startNew();
    state.form.name = 'default';
    expect(await state.save()).toBe(false);
    expect(state.formError).toMatch(/exists already/);

    state.startEdit('default');
    state.form.name = 'short';
    state.form.cpusPerTask = '4';
    expect(await state.save()).toBe(true);
    expect(state.names).toEqual(['short']);
    expect(state.profiles['short']).toMatchObject({ partition: 'short', cpusPerTask: 4 });
    expect(api.callsOf('cluster.saveProfile').at(-1)).toMatchObject({
      name: 'short',
      previousName: 'default',
    });

    state.startEdit('short');
    state.form.cpusPerTask = 'four';
    expect(await state.save()).toBe(false);
    expect(state.formError).toMatch(/CPUs per task/);
    expect(api.callsOf('cluster.saveProfile')).toHaveLength(2);

    expect(await state.remove('short')).toBe(true);
    expect(state.names).toEqual([]);
    expect(state.editing).toBeNull();
  });
});
