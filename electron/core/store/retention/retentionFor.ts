/** Which retention settings apply to a history: a site given by hand, else the newest session's, else the defaults. */
import type Database from 'better-sqlite3';
import type { RetentionSettings, SiteRetention } from '../../../common/retention';
import { resolveRetention } from './settings';

export interface ResolvedRetention {
  settings: RetentionSettings;
  /** Where they came from, for messages: a file, `session N`, or `defaults`. */
  from: string;
}

export function retentionOf(
  db: Database.Database,
  site?: { retention?: SiteRetention },
  file?: string,
): ResolvedRetention {
  if (site) return { settings: resolveRetention(site), from: file ?? 'the site' };
  const row = db.prepare('SELECT id, site FROM sessions WHERE site IS NOT NULL ORDER BY id DESC LIMIT 1').get() as
    { id: number; site: string } | undefined;
  if (row) {
    const kept = JSON.parse(row.site) as { retention?: SiteRetention };
    if (kept.retention) return { settings: resolveRetention(kept), from: `the site of session ${row.id}` };
  }
  return { settings: resolveRetention(), from: 'defaults' };
}
