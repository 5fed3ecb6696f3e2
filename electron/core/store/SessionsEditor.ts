/**
 * What a user changes about their recordings: a session's name and notes, and deleting a session with everything
 * recorded in it. Deleting works in bounded transactions, yielding between them, so a live recorder sharing the
 * connection goes on committing while a week-long session is removed.
 */
import type Database from 'better-sqlite3';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/** Rows removed per transaction: small enough that a live batch never waits long for the write lock. */
const DELETE_CHUNK = 20_000;

/**
 * Every table holding a session's rows, children before the session itself. Tables a database does not have (one
 * made before they existed) are skipped.
 */
const SESSION_TABLES = [
  'samples',
  'device_events',
  'alert_events',
  'alerts',
  'engine_snapshots',
  'snapshot_dicts',
  'session_chain',
  'session_seals',
  'samples_1m',
  'samples_1h',
  'minute_folds',
  'session_retention',
] as const;

export type SessionEditError = { code: 'no-session'; message: string };

export interface SessionPatch {
  /** An empty string clears it. */
  name?: string;
  notes?: string;
}

function missing(id: number): SessionEditError {
  return { code: 'no-session', message: `there is no session ${id}` };
}

function exists(db: Database.Database, id: number): boolean {
  return db.prepare('SELECT 1 FROM sessions WHERE id = ?').get(id) !== undefined;
}

/** Names or annotates a session; `null` when it was changed, else why not. */
export function updateSession(db: Database.Database, id: number, patch: SessionPatch): SessionEditError | null {
  if (!exists(db, id)) return missing(id);
  const clean = (s: string): string | null => (s.trim() === '' ? null : s.trim());
  db.transaction(() => {
    if (patch.name !== undefined) db.prepare('UPDATE sessions SET name = ? WHERE id = ?').run(clean(patch.name), id);
    if (patch.notes !== undefined) db.prepare('UPDATE sessions SET notes = ? WHERE id = ?').run(clean(patch.notes), id);
  })();
  return null;
}

export interface DeleteProgress {
  table: string;
  deleted: number;
}

/**
 * Deletes a session and everything recorded in it, in chunks. Returns how many rows went from each table. The
 * devices' lifetime counters (received, missing, ...) are history totals and stay as they are.
 */
export async function deleteSession(
  db: Database.Database,
  id: number,
  onProgress?: (p: DeleteProgress) => void,
): Promise<{ ok: true; deleted: Record<string, number> } | { ok: false; error: SessionEditError }> {
  if (!exists(db, id)) return { ok: false, error: missing(id) };
  const deleted = await deleteSessionRows(db, id, onProgress);
  db.prepare('DELETE FROM sessions WHERE id = ?').run(id);
  return { ok: true, deleted };
}

/**
 * Deletes what a session recorded, but not its row: what an import that failed half-way wrote (its session row is
 * written last). Yields between chunks, as deleteSession does.
 */
export async function deleteSessionRows(
  db: Database.Database,
  id: number,
  onProgress?: (p: DeleteProgress) => void,
): Promise<Record<string, number>> {
  const steps = deleteSteps(db, id, onProgress);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await yieldToEventLoop();
  }
}

/** deleteSessionRows without yielding, for start-up (before anything else uses the connection). */
export function deleteSessionRowsNow(db: Database.Database, id: number): Record<string, number> {
  const steps = deleteSteps(db, id);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** The deletion, a chunk per step: each statement commits by itself, and the generator pauses between them. */
function* deleteSteps(
  db: Database.Database,
  id: number,
  onProgress?: (p: DeleteProgress) => void,
): Generator<void, Record<string, number>> {
  const present = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
  const deleted: Record<string, number> = {};
  for (const table of SESSION_TABLES) {
    if (!present.has(table)) continue;
    deleted[table] = 0;
    // Tables without rowid (alerts, the chain) are keyed by session first and small: one statement.
    const withoutRowid = isWithoutRowid(db, table);
    const stmt = db.prepare(
      withoutRowid
        ? `DELETE FROM ${table} WHERE session = ?`
        : `DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE session = ? LIMIT ${DELETE_CHUNK})`,
    );
    for (;;) {
      const n = stmt.run(id).changes;
      deleted[table] += n;
      onProgress?.({ table, deleted: deleted[table] });
      if (withoutRowid || n < DELETE_CHUNK) break;
      yield;
    }
  }
  return deleted;
}

function isWithoutRowid(db: Database.Database, table: string): boolean {
  const sql = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(table);
  return typeof sql === 'string' && /WITHOUT\s+ROWID/i.test(sql);
}
