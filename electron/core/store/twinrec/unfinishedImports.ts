/**
 * What an import into a live history left when its process died half-way. Such an import writes a session's records
 * a page at a time and its session row last, so what it leaves is records under a session id that has no row: never
 * shown, but the next session to take that id (the next recorder's, or the same file imported again) would inherit
 * them. They are found through the session indexes (a seek, not a scan) and removed before that can happen.
 */
import type Database from 'better-sqlite3';
import { deleteSessionRows, deleteSessionRowsNow } from '../SessionsEditor';

/** Tables an import writes whose primary key or an index starts with the session. */
const INDEXED_BY_SESSION = ['samples', 'device_events', 'engine_snapshots', 'alerts', 'session_chain', 'session_seals'];

function hasRow(db: Database.Database, session: number): boolean {
  return db.prepare('SELECT 1 FROM sessions WHERE id = ?').get(session) !== undefined;
}

/**
 * Session ids with records but no session row: those above the newest session (where a recorder numbers its next
 * one) and `also` (the id an import is about to use).
 */
export function unfinishedImports(db: Database.Database, also?: number): number[] {
  const newest = (db.prepare('SELECT coalesce(max(id), 0) FROM sessions').pluck().get() as number) ?? 0;
  const found = new Set<number>();
  for (const table of INDEXED_BY_SESSION) {
    const above = db.prepare(`SELECT min(session) FROM ${table} WHERE session > ?`).pluck();
    for (let after = newest; ;) {
      const s = above.get(after) as number | null;
      if (s === null) break;
      found.add(s);
      after = s;
    }
    if (also !== undefined && !hasRow(db, also)) {
      if (db.prepare(`SELECT 1 FROM ${table} WHERE session = ? LIMIT 1`).get(also)) found.add(also);
    }
  }
  return [...found].sort((a, b) => a - b);
}

/** Removes them, yielding between chunks (an import about to start, a recorder already at work). */
export async function removeUnfinishedImports(db: Database.Database, also?: number): Promise<number[]> {
  const ids = unfinishedImports(db, also);
  for (const id of ids) await deleteSessionRows(db, id);
  return ids;
}

/** Removes them at once: a recorder opening the history, before it numbers its session. */
export function removeUnfinishedImportsNow(db: Database.Database): number[] {
  const ids = unfinishedImports(db);
  for (const id of ids) deleteSessionRowsNow(db, id);
  return ids;
}
