/**
 * Importing a .twinrec from the app, into the history the live recorder writes (see store/twinrec/importLive): the
 * desktop app's main process lends its open-file dialog (`chooseFile`), browser mode uploads the file into the
 * uploads folder beside the history first (server/importUploads). One import at a time, with `progress` events; an
 * uploaded file is removed once its import is over, whatever the outcome.
 */
import type Database from 'better-sqlite3';
import { rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ImportResult } from '../../common/api';
import type { SessionImportSource, TaskProgress } from '../../common/replay';
import { importIntoLive } from '../store/twinrec/importLive';
import { ImportRefusedError } from '../store/twinrec/importTwinrec';

/** The desktop app's open-file dialog: the chosen path, or undefined when the user cancelled. */
export type ChooseFile = () => Promise<string | undefined>;

export function uploadsFolder(dbPath: string): string {
  return join(dirname(dbPath), 'uploads');
}

/** An upload's file and its sidecars (a WAL-mode file opened for reading may leave them). */
export async function removeUpload(path: string): Promise<void> {
  await Promise.all(['', '-wal', '-shm', '-journal'].map((s) => rm(`${path}${s}`, { force: true })));
}

interface Located {
  path: string;
  /** What to call it in messages: the user's own name for it. */
  name: string;
  upload: boolean;
}

export class SessionImporter {
  private running: Promise<ImportResult> | undefined;
  private abort: AbortController | undefined;

  constructor(
    private readonly dbPath: string,
    private readonly db: () => Database.Database,
    private readonly onProgress: (p: TaskProgress) => void,
    private readonly chooseFile?: ChooseFile,
  ) {}

  async run(source: SessionImportSource): Promise<ImportResult> {
    if (this.running) {
      if (source.from === 'upload') await removeUpload(join(uploadsFolder(this.dbPath), source.upload));
      return { ok: false, code: 'busy', error: 'another import is under way; try again when it is done' };
    }
    this.abort = new AbortController();
    this.running = this.importFrom(source, this.abort.signal);
    try {
      return await this.running;
    } finally {
      this.running = undefined;
      this.abort = undefined;
    }
  }

  /** Stops an import under way (the app is closing); what it wrote is removed before this resolves. */
  async cancel(): Promise<void> {
    this.abort?.abort();
    await this.running;
  }

  private async locate(source: SessionImportSource): Promise<Located | ImportResult> {
    if (source.from === 'upload') {
      const path = join(uploadsFolder(this.dbPath), source.upload);
      return { path, name: source.name ?? source.upload, upload: true };
    }
    if (!this.chooseFile)
      return {
        ok: false,
        code: 'no-dialog',
        error: 'this Twinscope has no file dialog (browser mode uploads the file instead)',
      };
    const path = await this.chooseFile();
    if (path === undefined) return { ok: false, code: 'cancelled', error: 'no file chosen; nothing imported' };
    return { path, name: basename(path), upload: false };
  }

  private async importFrom(source: SessionImportSource, signal: AbortSignal): Promise<ImportResult> {
    const where = await this.locate(source);
    if ('ok' in where) return where;
    // An upload's temporary name means nothing to the user: messages say the name they chose.
    const named = (message: string): string => (where.upload ? message.split(where.path).join(where.name) : message);
    let session = 0;
    // Said at once: checking a long recording's chain comes before the first page is copied.
    this.onProgress({ task: 'import', session, done: 0, total: 0 });
    try {
      const r = await importIntoLive(where.path, this.db(), {
        signal,
        onPlaced: (id) => (session = id),
        onProgress: (done, total) => this.onProgress({ task: 'import', session, done, total }),
      });
      return {
        ok: true,
        value: {
          session: r.session,
          file: where.name,
          records: r.records,
          sourceSession: r.header.sourceSession,
          summary: r.integrity.summary,
        },
      };
    } catch (e) {
      if (e instanceof ImportRefusedError) return { ok: false, code: e.code, error: named(e.message) };
      if (signal.aborted) return { ok: false, code: 'cancelled', error: 'the import was stopped; nothing imported' };
      const message = (e as Error).message;
      if (/ENOENT|no such file/.test(message) && where.upload)
        return {
          ok: false,
          code: 'no-upload',
          error: `no uploaded file ${source.from === 'upload' ? source.upload : ''}`,
        };
      return { ok: false, code: 'failed', error: named(`the import failed, nothing imported: ${message}`) };
    } finally {
      if (where.upload) await removeUpload(where.path);
    }
  }
}
