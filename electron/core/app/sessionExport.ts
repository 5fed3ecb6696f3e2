/**
 * Exporting a session from the app: written into the `exports` folder beside the history (the desktop app shows
 * where; browser mode offers it as a download from there too), with `progress` events on the way. One export at a
 * time; a file of the same name is replaced only once the new one is complete.
 */
import { createWriteStream, statSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { basename, dirname, join } from 'node:path';
import pkg from '../../../package.json';
import type { Result } from '../../common/api';
import type { SessionExport, SessionExportFormat, TaskProgress } from '../../common/replay';
import { exportSamples } from '../store/export/exportSamples';
import { exportSessionMcap } from '../store/export/mcapExport';
import { exportSessionNdjson } from '../store/export/sessionNdjson';
import { requireSession } from '../store/export/sessionRecords';
import { HistoryReader } from '../store/HistoryReader';
import { openDatabase } from '../store/openDatabase';
import { exportTwinrec, ExportRefusedError } from '../store/twinrec/exportTwinrec';

/** Names the app writes into its exports folder, and the only names browser mode serves from it. */
export const EXPORT_NAME = /^session-\d+\.(twinrec|mcap|ndjson|csv)$/;

export function exportsFolder(dbPath: string): string {
  return join(dirname(dbPath), 'exports');
}

export class SessionExporter {
  private busy = false;

  constructor(
    private readonly dbPath: string,
    private readonly onProgress: (p: TaskProgress) => void,
  ) {}

  async run(session: number, format: SessionExportFormat): Promise<Result<SessionExport>> {
    if (this.busy) return { ok: false, code: 'busy', error: 'another export is under way; try again when it is done' };
    this.busy = true;
    try {
      const folder = exportsFolder(this.dbPath);
      await mkdir(folder, { recursive: true });
      const path = join(folder, `session-${session}.${format}`);
      const progress = (done: number, total: number): void => this.onProgress({ task: 'export', session, done, total });
      const done = (records: number, note: string): Result<SessionExport> => ({
        ok: true,
        value: { session, format, name: basename(path), path, bytes: statSync(path).size, records, note },
      });
      if (format !== 'twinrec') {
        const records = await this.plain(session, format, path, progress);
        return done(records, format === 'csv' ? 'samples only' : 'samples, events and alert changes');
      }
      const r = await exportTwinrec(this.dbPath, session, path, {
        twinscope: `twinscope ${pkg.version}`,
        onProgress: progress,
      });
      const partial = r.partial;
      return done(
        r.records,
        partial
          ? `only what is sealed (${partial.leftOut} later records left out: ${partial.reason})`
          : r.integrity.summary,
      );
    } catch (e) {
      if (e instanceof ExportRefusedError || e instanceof SessionMissing)
        return { ok: false, code: 'refused', error: e.message };
      return { ok: false, code: 'failed', error: `the export failed: ${(e as Error).message}` };
    } finally {
      this.busy = false;
    }
  }

  /** MCAP, NDJSON or CSV of one session: written beside the target, renamed into place once complete. */
  private async plain(
    session: number,
    format: Exclude<SessionExportFormat, 'twinrec'>,
    path: string,
    progress: (done: number, total: number) => void,
  ): Promise<number> {
    const db = openDatabase(this.dbPath, { readonly: true });
    const partial = `${path}.partial`;
    try {
      try {
        requireSession(db, session, this.dbPath);
      } catch (e) {
        throw new SessionMissing((e as Error).message);
      }
      const out = createWriteStream(partial);
      const told = (p: { done: number; total: number }): void => progress(p.done, p.total);
      let n: number;
      if (format === 'mcap') n = (await exportSessionMcap(db, session, {}, out, told)).messages;
      else if (format === 'ndjson') n = await exportSessionNdjson(db, session, {}, out, told);
      else n = await exportSamples(new HistoryReader(db), { session }, 'csv', out, told);
      out.end();
      await finished(out);
      await rename(partial, path);
      return n;
    } finally {
      db.close();
      await rm(partial, { force: true });
    }
  }
}

class SessionMissing extends Error {}
