/**
 * Retention and the integrity chain. The chain (table `session_chain(session, block, first_arrival, last_arrival,
 * digest, prints, pruned_at, kept)`) seals a session's records in blocks of consecutive arrival positions; retention may
 * remove raw records only in whole blocks and says which blocks it pruned, so verification knows those are
 * downsampled, not tampered with. In a history without that table both functions are the identity / nothing.
 */
import type Database from 'better-sqlite3';
import { keptPrints } from '../integrity/chain';

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

interface BlockPrints {
  session: number;
  block: number;
  first: number;
  last: number;
  prints: Buffer;
}

/**
 * Marks the blocks of `session` within arrival positions first..last as pruned at host time `t`, keeping only the
 * prints of the records still stored in them (chain.ts keptPrints). Runs after the block's records were removed, in
 * the same transaction.
 */
export function markPruned(db: Database.Database, session: number, first: number, last: number, t: number): void {
  if (!hasChain(db)) return;
  const blocks = db
    .prepare(
      `SELECT session, block, first_arrival AS first, last_arrival AS last, prints FROM session_chain
       WHERE session = ? AND first_arrival >= ? AND last_arrival <= ? AND kept = 0`,
    )
    .all(session, first, last) as BlockPrints[];
  keepPrints(db, blocks, t);
}

/**
 * Blocks pruned before kept prints existed (migration 11) still hold every print: up to `limit` of them get the
 * kept form. Returns how many; retention runs it in steps until none is left.
 */
export function keepPrunedPrints(db: Database.Database, limit: number): number {
  if (!hasChain(db)) return 0;
  const blocks = db
    .prepare(
      `SELECT session, block, first_arrival AS first, last_arrival AS last, prints FROM session_chain
       WHERE pruned_at IS NOT NULL AND kept = 0 LIMIT ?`,
    )
    .all(limit) as BlockPrints[];
  keepPrints(db, blocks, null);
  return blocks.length;
}

/** Gives blocks the kept form of their prints (marking them pruned at `t` unless they were already). */
function keepPrints(db: Database.Database, blocks: readonly BlockPrints[], t: number | null): void {
  if (blocks.length === 0) return;
  // Arrival positions of a block where a record is still stored, ascending.
  const stored = db
    .prepare(
      `SELECT arrival FROM samples WHERE session = @session AND arrival BETWEEN @first AND @last
       UNION SELECT arrival FROM device_events WHERE session = @session AND arrival BETWEEN @first AND @last
       ORDER BY arrival`,
    )
    .pluck();
  const update = db.prepare(
    'UPDATE session_chain SET pruned_at = coalesce(pruned_at, ?), prints = ?, kept = 1 WHERE session = ? AND block = ?',
  );
  for (const b of blocks) {
    const arrivals = stored.all({ session: b.session, first: b.first, last: b.last }) as number[];
    update.run(t, keptPrints(b.prints, b.first, arrivals), b.session, b.block);
  }
}
