/**
 * Retention and the integrity chain. The chain (table `session_chain(session, block, first_arrival, last_arrival,
 * digest, prints, pruned_at)`) seals a session's records in blocks of consecutive arrival positions; retention may
 * remove raw records only in whole blocks and says which blocks it pruned, so verification knows those are
 * downsampled, not tampered with. In a history without that table both functions are the identity / nothing.
 */
import type Database from 'better-sqlite3';

function hasChain(db: Database.Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'session_chain'").get() !== undefined;
}

/**
 * The last arrival position <= `upTo` that ends a block of `session` (so a pruned range ends on a block boundary),
 * or `after` when no whole block fits after it. Without a chain (or for a session that has none) every position is a
 * boundary.
 */
export function wholeBlocksUpTo(db: Database.Database, session: number, after: number, upTo: number): number {
  if (!hasChain(db)) return upTo;
  // A session recorded before sessions were chained has no blocks: nothing to keep whole.
  const chained = db.prepare('SELECT 1 FROM session_chain WHERE session = ? LIMIT 1').get(session) !== undefined;
  if (!chained) return upTo;
  const end = db
    .prepare('SELECT max(last_arrival) FROM session_chain WHERE session = ? AND last_arrival > ? AND last_arrival <= ?')
    .pluck()
    .get(session, after, upTo) as number | null;
  return end ?? after;
}

/** Marks the blocks of `session` within arrival positions first..last as pruned at host time `t`. */
export function markPruned(db: Database.Database, session: number, first: number, last: number, t: number): void {
  if (!hasChain(db)) return;
  db.prepare(
    'UPDATE session_chain SET pruned_at = ? WHERE session = ? AND first_arrival >= ? AND last_arrival <= ?',
  ).run(t, session, first, last);
}
