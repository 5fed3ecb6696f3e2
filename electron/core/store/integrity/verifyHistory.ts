/** Verifies every session of a history that has records or integrity data (or one session), oldest first. */
import type Database from 'better-sqlite3';
import type { SessionIntegrity } from '../../../common/integrity';
import { ChainReader } from './ChainReader';
import { verifySession } from './verifySession';

/** Sessions with a row, records or a chain: a chain whose session row was deleted is checked (and fails) too. */
export function sessionsToVerify(db: Database.Database): number[] {
  return db
    .prepare(
      `SELECT id FROM sessions UNION SELECT DISTINCT session FROM session_chain
        UNION SELECT DISTINCT session FROM session_seals ORDER BY 1`,
    )
    .pluck()
    .all() as number[];
}

export function verifyHistory(db: Database.Database, session?: number): SessionIntegrity[] {
  const reader = new ChainReader(db);
  const ids = session === undefined ? sessionsToVerify(db) : [session];
  return ids.map((id) => verifySession(db, id, reader));
}
