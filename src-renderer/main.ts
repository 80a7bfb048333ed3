import './lib/zod-config.ts';
import './app/theme.css';
import './app/layout.css';
import { mount } from 'svelte';
import App from './app/App.svelte';
import { api } from './ipc/client.ts';
import { AppState } from './state/app.svelte.ts';
import { browserThemeEnv } from './state/theme.svelte.ts';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element.');

const app = new AppState(api(), browserThemeEnv());
mount(App, { target, props: { app } });
