/** Browser mode: a session the app exported, downloaded from the exports folder (GET /exports/NAME, names it wrote). */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { EXPORT_NAME, exportsFolder } from '../app/sessionExport';

export const EXPORTS_PATH = '/exports/';

/** Serves an export; false when the path is not one (the caller answers 404). */
export function serveExport(dbPath: string, urlPath: string, res: ServerResponse): boolean {
  if (!urlPath.startsWith(EXPORTS_PATH)) return false;
  const name = urlPath.slice(EXPORTS_PATH.length);
  // Only the names the app writes: nothing else in the folder, and no path of any kind.
  if (!EXPORT_NAME.test(name)) return false;
  const file = join(exportsFolder(dbPath), name);
  if (!existsSync(file) || !statSync(file).isFile()) return false;
  res.writeHead(200, {
    'Content-Type': 'application/octet-stream',
    'Content-Length': statSync(file).size,
    'Content-Disposition': `attachment; filename="${name}"`,
    'Cache-Control': 'no-store',
  });
  createReadStream(file).pipe(res);
  return true;
}
