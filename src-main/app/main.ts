// Electron main: a supervisor only. It owns windows, security and IPC; computation runs in
// utility processes through the same Backend the server and CLI use.
import { app, BrowserWindow, dialog, ipcMain, utilityProcess } from 'electron';
import { join } from 'node:path';
import { METHOD_NAMES, eventChannel, methodChannel } from '#shared/contracts/api.ts';
import { dispatch } from '../ipc/dispatch.ts';
import { createHandlers, type PickFileKind } from '../ipc/handlers.ts';
import { Backend } from '../services/backend.ts';
import { installNetworkGuard } from '../services/network-guard.ts';
import { appVersion, demoDir } from '../services/paths.ts';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './protocol.ts';
import { hardenSession, isTrustedSender } from './security.ts';
import { utilityLauncher } from './utility-launcher.ts';

installNetworkGuard();
registerAppScheme();
app.enableSandbox();

const here = import.meta.dirname;
/** What the import wizard reads (issue 3), by extension; "All files" for anything named differently. */
const DATA_FILTERS = [
  {
    name: 'Expression data',
    extensions: [
      'csv',
      'tsv',
      'txt',
      'gz',
      'arrow',
      'feather',
      'parquet',
      'gct',
      'gctx',
      'h5ad',
      'h5',
      'hdf5',
      'mtx',
    ],
  },
  { name: 'Networks and drug–target tables', extensions: ['tsv', 'txt', 'gz', 'sif', 'graphml', 'xml'] },
  { name: 'All files', extensions: ['*'] },
];
const SHEET_FILTERS = [
  { name: 'Sample sheets', extensions: ['csv', 'tsv', 'txt'] },
  { name: 'All files', extensions: ['*'] },
];
const FILTERS = {
  matrix: DATA_FILTERS,
  sheet: SHEET_FILTERS,
  model: [
    { name: 'ONNX models', extensions: ['onnx'] },
    { name: 'All files', extensions: ['*'] },
  ],
  'model-card': [
    { name: 'Model cards (JSON)', extensions: ['json'] },
    { name: 'All files', extensions: ['*'] },
  ],
} satisfies Record<PickFileKind, unknown>;
let mainWindow: BrowserWindow | null = null;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1360,
    height: 880,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Causeway',
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

void app.whenReady().then(() => {
  hardenSession();
  serveRenderer(join(here, '../renderer'));
  const backend = new Backend({
    version: appVersion(),
    dataDir: app.getPath('userData'),
    demoDir: demoDir(),
    launchComputeWorker: utilityLauncher(utilityProcess, join(here, 'compute.worker.js')),
    prewarmWorkers: 1,
  });
  const handlers = createHandlers(backend, {
    host: 'desktop',
    pickFolder: async (title) => {
      const options = {
        title,
        properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[],
      };
      const r = mainWindow
        ? await dialog.showOpenDialog(mainWindow, options)
        : await dialog.showOpenDialog(options);
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    pickFile: async (title, kind) => {
      const options = {
        title,
        properties: ['openFile'] as 'openFile'[],
        filters: FILTERS[kind],
      };
      const r = mainWindow
        ? await dialog.showOpenDialog(mainWindow, options)
        : await dialog.showOpenDialog(options);
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
  });
  for (const method of METHOD_NAMES) {
    ipcMain.handle(methodChannel(method), (event, payload: unknown) => {
      if (!isTrustedSender(event.senderFrame)) {
        return { ok: false, error: { code: 'E_UNAUTHORIZED', message: 'Request from an untrusted frame.' } };
      }
      return dispatch(handlers, methodChannel(method), payload);
    });
  }
  backend.subscribe((event, payload) => {
    mainWindow?.webContents.send(eventChannel(event), payload);
  });
  mainWindow = createWindow();
  mainWindow.on('closed', () => (mainWindow = null));
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
  app.on('before-quit', () => backend.dispose());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
