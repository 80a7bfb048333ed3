// Server mode: when the browser's connection to the server drops and comes back, events sent meanwhile
// are lost, so the app says so and reloads the project and the jobs list instead of showing stale state.
import { describe, expect, it } from 'vitest';
import { FakeApi, flush } from '../lib/testing/fake-api.ts';
import { APP_INFO } from '../lib/testing/fixtures.ts';
import { AppState } from './app.svelte.ts';

const theme = { storage: null, prefersDark: () => false, apply: () => undefined };
const INFO = APP_INFO;

describe('AppState across a dropped server connection', () => {
  it('tells the user, and on return reloads the project and the jobs', async () => {
    const api = new FakeApi()
      .reply('app.info', INFO)
      .reply('project.current', null)
      .reply('project.recent', [])
      .reply('job.list', []);
    const app = new AppState(api, theme);
    const stop = app.start();
    await flush();
    const before = { project: api.callsOf('project.current').length, jobs: api.callsOf('job.list').length };
    api.emit('connection.dropped', null);
    expect(app.toasts.items.map((t) => t.title)).toContain('Lost the connection to the Causeway server');
    expect(api.callsOf('job.list').length).toBe(before.jobs); // nothing to ask while it is gone
    api.emit('connection.restored', null);
    await flush();
    expect(api.callsOf('project.current').length).toBe(before.project + 1);
    expect(api.callsOf('job.list').length).toBe(before.jobs + 1);
    expect(app.toasts.items.map((t) => t.message)).toContain('Reconnected to the Causeway server.');
    stop();
    expect(api.listenerCount('connection.restored')).toBe(0);
  });
});
