/**
 * Importing a .twinrec, whichever carrier the page has. In the desktop app the core opens its own file dialog (the
 * main process's) and imports the path it gives; in browser mode the page cannot hand over a path, so it asks the
 * browser's file picker and uploads the file (POST /imports, the cookie carries the token). Either way the caller
 * gets the import's result, or null when nothing was chosen. Call it straight from a click: the picker needs it.
 */
import type { ImportResult, TwinscopeApi } from '../../../electron/common/api';

export const IMPORTS_PATH = '/imports';
export const FILE_NAME_HEADER = 'X-Twinscope-File-Name';

export interface ImportHooks {
  /** The file is on its way to the server (browser mode only): its name and size. */
  onUpload?: (name: string, bytes: number) => void;
}

export async function importRecording(api: TwinscopeApi, hooks: ImportHooks = {}): Promise<ImportResult | null> {
  if (window.twinscope) {
    const r = await api.call('sessions.import', { from: 'dialog' });
    return !r.ok && r.code === 'cancelled' ? null : r;
  }
  const file = await pickFile();
  if (!file) return null;
  hooks.onUpload?.(file.name, file.size);
  return upload(file);
}

/** The browser's file picker, for one .twinrec; null when it was closed without a choice. */
function pickFile(): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.twinrec';
    input.hidden = true;
    const done = (f: File | null): void => {
      input.remove();
      resolve(f);
    };
    input.addEventListener('change', () => done(input.files?.[0] ?? null), { once: true });
    input.addEventListener('cancel', () => done(null), { once: true });
    document.body.append(input);
    input.click();
  });
}

async function upload(file: File): Promise<ImportResult> {
  try {
    const res = await fetch(IMPORTS_PATH, {
      method: 'POST',
      body: file,
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/octet-stream', [FILE_NAME_HEADER]: encodeURIComponent(file.name) },
    });
    if (res.headers.get('Content-Type')?.startsWith('application/json')) return (await res.json()) as ImportResult;
    return { ok: false, code: 'failed', error: `the server refused the upload (${res.status}): ${await res.text()}` };
  } catch (e) {
    return { ok: false, code: 'failed', error: `the upload of ${file.name} failed: ${(e as Error).message}` };
  }
}
