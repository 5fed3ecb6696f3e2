/**
 * Electron composition root: app lifecycle, one secure window, and the API contract served over IPC by the headless
 * core (electron/core/app/TwinscopeService). No application logic lives here.
 */
import { app, BrowserWindow, ipcMain, session, shell, type IpcMainInvokeEvent } from 'electron';
import { join } from 'node:path';
import { API_CALLS, API_EVENTS } from '../common/api';
import { callChannel, eventChannel } from '../common/ipcChannels';
import { TwinscopeService } from '../core/app/TwinscopeService';
import { defaultSite } from '../core/twin/site/defaultSite';
import { notifyAlerts } from './notifications';

const devServerUrl = process.env.ELECTRON_RENDERER_URL;
/** `--demo`: virtual devices feed the twin, recorded apart from real history (demo.db). */
const demo = process.argv.includes('--demo');
let service: TwinscopeService | undefined;
let window: BrowserWindow | undefined;

/** Only our own renderer may call the core (Electron security checklist: validate the sender of every message). */
function trustedSender(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return devServerUrl ? url.startsWith(devServerUrl) : url.startsWith('file://');
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'Twinscope',
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  if (devServerUrl) void win.loadURL(devServerUrl);
  else void win.loadFile(join(__dirname, '../renderer/index.html'));
  return win;
}

function serveApi(core: TwinscopeService): void {
  for (const name of API_CALLS) {
    ipcMain.handle(callChannel(name), async (event, arg: unknown) => {
      if (!trustedSender(event)) throw new Error('untrusted sender');
      const handler = core.handlers[name] as (a: unknown) => unknown;
      return handler(arg);
    });
  }
  for (const name of API_EVENTS) {
    core.on(name, (payload) => window?.webContents.send(eventChannel(name), payload));
  }
}

app.whenReady().then(() => {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': ["default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'"],
      },
    });
  });
  service = new TwinscopeService(join(app.getPath('userData'), demo ? 'demo.db' : 'history.db'), defaultSite());
  serveApi(service);
  if (demo) void service.handlers['sources.connect']({ kind: 'demo' });
  service.on('frame', notifyAlerts);
  window = createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) window = createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', (e) => {
  if (!service) return;
  // Commit what is pending before the process ends.
  e.preventDefault();
  const closing = service;
  service = undefined;
  void closing.close().finally(() => app.quit());
});
