/** The site (and rules) a recorded session ran with, as it was kept with the session. */
import type Database from 'better-sqlite3';
import type { SiteSpec } from '../../common/site';
import { parseSite } from '../twin/site/loadSite';

/**
 * The session's own site; `fallback` (the app's) for sessions recorded before sites were kept, or whose kept site no
 * longer validates. Undefined when there is no such session.
 */
export function sessionSite(db: Database.Database, session: number, fallback: SiteSpec): SiteSpec | undefined {
  const row = db.prepare('SELECT site FROM sessions WHERE id = ?').get(session) as { site: string | null } | undefined;
  if (!row) return undefined;
  if (row.site === null) return fallback;
  const r = parseSite(JSON.parse(row.site) as unknown);
  return r.ok ? r.site : fallback;
}
