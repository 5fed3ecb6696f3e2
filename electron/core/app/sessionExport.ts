/**
 * Exporting a session from the app: written into the `exports` folder beside the history (the desktop app shows
 * where; browser mode offers it as a download from there too), with `progress` events on the way. One export at a
 * time; a file of the same name is replaced only once the new one is complete.
 */
import { statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import pkg from '../../../package.json';
import type { Result } from '../../common/api';
import type { SessionExport, SessionExportFormat, TaskProgress } from '../../common/replay';
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
      const r = await exportTwinrec(this.dbPath, session, path, {
        twinscope: `twinscope ${pkg.version}`,
        onProgress: progress,
      });
      return {
        ok: true,
        value: {
          session,
          format,
          name: basename(path),
          path,
          bytes: statSync(path).size,
          records: r.records,
          note: r.partial
            ? `only what is sealed (${r.partial.leftOut} later records left out: ${r.partial.reason})`
            : r.integrity.summary,
        },
      };
    } catch (e) {
      if (e instanceof ExportRefusedError) return { ok: false, code: 'refused', error: e.message };
      return { ok: false, code: 'failed', error: `the export failed: ${(e as Error).message}` };
    } finally {
      this.busy = false;
    }
  }
}
