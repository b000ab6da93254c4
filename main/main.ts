/**
 * Electron main process: hosts the engine in-process, serves the renderer on a private scheme and
 * opens the window. No domain logic lives here.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, net, protocol, safeStorage, shell } from 'electron';
import { createEngine, type Engine } from '../engine/engine.js';
import { rendererDir } from '../engine/paths.js';
import { APP_ORIGIN, handleAppProtocol, registerAppScheme } from './app-protocol.js';
import { forwardApprovalEvents, forwardJobEvents, forwardTopologyEvents, registerIpc } from './ipc.js';
import { keychainKey } from './keychain-key.js';

const here = path.dirname(fileURLToPath(import.meta.url));
let engine: Engine | undefined;

registerAppScheme(protocol);

function dataDirectory(): string {
  const flag = process.argv.find((arg) => arg.startsWith('--data='));
  return path.resolve(flag?.slice('--data='.length) ?? process.env.NIMBUS_DATA_DIR ?? app.getPath('userData'));
}

function createWindow(current: Engine): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    title: 'Nimbus Desktop',
    show: false,
    webPreferences: {
      preload: path.join(here, '..', 'preload', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  const stopForwarding = forwardJobEvents(current, window.webContents);
  window.on('closed', stopForwarding);
  window.on('closed', forwardApprovalEvents(current, window.webContents));
  window.on('closed', forwardTopologyEvents(current, window.webContents));
  window.once('ready-to-show', () => window.show());
  // Links to the outside open in the system browser; the window never navigates away from the app.
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(APP_ORIGIN)) event.preventDefault();
  });
  void window.loadURL(APP_ORIGIN);
  return window;
}

app
  .whenReady()
  .then(async () => {
    const dataDir = dataDirectory();
    engine = await createEngine({
      dataDir,
      secretKey: keychainKey(safeStorage, dataDir),
      recoverOnStart: true,
      pollIntervalMs: 5000,
      serverLink: true,
    });
    await engine.ready;
    handleAppProtocol(protocol, net, rendererDir());
    registerIpc(ipcMain, engine);
    createWindow(engine);
    app.on('activate', () => {
      if (engine && BrowserWindow.getAllWindows().length === 0) createWindow(engine);
    });
  })
  .catch((error: unknown) => {
    console.error('Nimbus could not start:', error);
    app.exit(1);
  });

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let disposing = false;
app.on('will-quit', (event) => {
  if (!engine || disposing) return;
  disposing = true;
  event.preventDefault();
  void engine.dispose().finally(() => app.exit(0));
});
