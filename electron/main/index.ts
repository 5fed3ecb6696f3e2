/**
 * Electron composition root: app lifecycle, one secure window, and the API contract served over IPC by the headless
 * core (electron/core/app/TwinscopeService). No application logic lives here. Follows Electron's security checklist:
 * context isolation, sandbox, no node integration, a strict CSP, navigation and new windows refused, permission
 * requests denied, every IPC sender checked against the app's own page.
 */
import { app, BrowserWindow, dialog, ipcMain, screen, session, shell, type IpcMainInvokeEvent } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serveIpc, subscribeWindow } from '../core/app/ipcCarrier';
import { TwinscopeService } from '../core/app/TwinscopeService';
import { defaultSite, siteInForce } from '../core/twin/site/defaultSite';
import { installMenu } from './menu';
import { notifyAlerts } from './notifications';
import { loadBounds, rememberBounds } from './windowState';

const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const pageUrl = devServerUrl ?? pathToFileURL(join(__dirname, '../renderer/index.html')).href;
/** `--demo`: virtual devices feed the twin, recorded apart from real history (demo.db). */
const demo = process.argv.includes('--demo');
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
let service: TwinscopeService | undefined;
let window: BrowserWindow | undefined;

/** Only our own page, in our own window's top frame, may call the core. Not any file:// URL. */
function trustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!frame || !window || frame !== window.webContents.mainFrame) return false;
  const url = new URL(frame.url);
  url.hash = '';
  url.search = '';
  return devServerUrl ? frame.url.startsWith(devServerUrl) : url.href === pageUrl;
}

/** The open-file dialog behind the sessions panel's Import…: it gives the core a path, and that is all. */
async function chooseRecording(): Promise<string | undefined> {
  const options: Electron.OpenDialogOptions = {
    title: 'Import a recording',
    filters: [{ name: 'Twinscope recording', extensions: ['twinrec'] }],
    properties: ['openFile'],
  };
  const r = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return r.canceled ? undefined : r.filePaths[0];
}

function createWindow(core: TwinscopeService): BrowserWindow {
  const stateFile = join(app.getPath('userData'), 'window.json');
  const win = new BrowserWindow({
    ...loadBounds(
      stateFile,
      screen.getAllDisplays().map((d) => d.workArea),
    ),
    minWidth: 960,
    minHeight: 600,
    title: 'Twinscope',
    backgroundColor: '#101418',
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    },
  });
  rememberBounds(win, stateFile);
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.on('will-redirect', (e) => e.preventDefault());
  win.webContents.on('will-attach-webview', (e) => e.preventDefault());
  subscribeWindow(win.webContents, core);
  void win.loadURL(pageUrl);
  return win;
}

function secureSession(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('web-contents-created', (_e, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (e) => e.preventDefault());
  });
  app.whenReady().then(async () => {
    secureSession();
    installMenu();
    // Placing a device from the app keeps the site in site.json beside the history, and the next start uses it. A
    // copy that no longer reads as a site (edited by hand) is named, and the built-in site runs instead.
    const data = app.getPath('userData');
    const site = await siteInForce(undefined, data).catch((e: Error) => {
      dialog.showErrorBox('Twinscope: the site file is invalid', `${e.message}\n\nThe built-in site is used instead.`);
      return { site: defaultSite() };
    });
    const core = new TwinscopeService(join(app.getPath('userData'), demo ? 'demo.db' : 'history.db'), site, {
      chooseImportFile: chooseRecording,
    });
    service = core;
    serveIpc(ipcMain, core, trustedSender);
    if (demo) void core.dispatch('sources.connect', { kind: 'demo' });
    core.on('frame', notifyAlerts);
    window = createWindow(core);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) window = createWindow(core);
    });
  });
}

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
